// One end-to-end scenario: an emulator started in-process, the bundled action run
// against it as a child process, and what both sides saw. Scenarios start as soon as
// they are declared, so every scenario of a file runs at the same time (the runs
// mostly wait on job timelines, not on the CPU) and the tests only assert on them.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  EMULATOR_ASID,
  ROUTE_NAMES,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type ImageVersion,
  type RecordedRequest
} from '../../../emulator/index.ts';
import { startAction, type ActionRun } from './run-action.ts';

/** Distinctive keys, so any leak is found by a plain substring search. */
export const ACCESS_KEY = 'e2eAK-7Q2xW9mZ4pHv';
export const SECRET_KEY = 'e2eSK-Lr8vN3tY6cJ1hB5dKq0';
export const BASIC_TOKEN = Buffer.from(`${ACCESS_KEY}:${SECRET_KEY}`).toString('base64');
export const SECRETS = [ACCESS_KEY, SECRET_KEY, BASIC_TOKEN] as const;

export const DIFF_ID = 4242;
export const FIRST_VERSION = 1001;
export const CREATE = ROUTE_NAMES.imageVersionCreate;
export const STATUS = ROUTE_NAMES.imageVersionStatus;

/** Emulated seconds per real second that make the default 600 s job last 2 s. */
export const TWO_SECOND_JOB = 300;
/** A job that outlives any scenario (60 s real). */
export const LONG_JOB: EmulatorOptions = { time: { scale: 10 } };

export interface ScenarioSetup {
  /** Emulator options; the keys default to the distinctive ones above. */
  emulator?: EmulatorOptions;
  /** Inputs on top of the keys, ASID, diff and api_url (emulator URL). */
  inputs?: Record<string, string> | ((emulator: Emulator) => Record<string, string>);
  env?: Record<string, string>;
  /** The step's safety net (run-action.ts), for scenarios that outlast its default 20 s. */
  killAfterMs?: number;
  /** Acts on the running step (e.g. cancels it); returns named instants (performance.now()). */
  during?: (emulator: Emulator, child: ChildProcess) => Promise<Record<string, number>>;
}

export interface ScenarioResult {
  run: ActionRun;
  requests: RecordedRequest[];
  creates: RecordedRequest[];
  statuses: RecordedRequest[];
  versions: ImageVersion[];
  emulatorUrl: string;
  authorization: string;
  marks: Record<string, number>;
}

/**
 * One row of a scenario table: the scenario, started when the row is built (so a file's
 * rows run at once), beside the assertions on what it did. Run as
 * `test.each(rows)('$name', async ({ result, check }) => check(await result))`.
 */
export interface Case<R = ScenarioResult> {
  name: string;
  result: Promise<R>;
  check: (result: R) => void | Promise<void>;
}

const started: Promise<unknown>[] = [];

/** Starts a scenario now; the promise is marked handled so a failure surfaces in the tests that await it. */
export function scenario(setup: ScenarioSetup = {}): Promise<ScenarioResult> {
  const promise = runScenario(setup);
  promise.catch(() => {});
  started.push(promise);
  return promise;
}

/** For afterAll: nothing may outlive the file, even when a filter skipped the tests. */
export function allScenarios(): Promise<unknown> {
  return Promise.allSettled(started);
}

async function runScenario(setup: ScenarioSetup): Promise<ScenarioResult> {
  const emulator = await startEmulator({ auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, ...setup.emulator });
  try {
    const extra = typeof setup.inputs === 'function' ? setup.inputs(emulator) : (setup.inputs ?? {});
    const action = startAction({
      inputs: {
        access_key: ACCESS_KEY,
        secret_key: SECRET_KEY,
        accountserviceid: String(EMULATOR_ASID),
        diffid: String(DIFF_ID),
        api_url: emulator.url,
        ...extra
      },
      env: setup.env ?? {},
      ...(setup.killAfterMs !== undefined ? { killAfterMs: setup.killAfterMs } : {})
    });
    let marks: Record<string, number> = {};
    if (setup.during) {
      const child = await action.child;
      try {
        marks = await setup.during(emulator, child);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    }
    const run = await action.result;
    const requests = [...emulator.requests];
    return {
      run,
      requests,
      creates: requests.filter((r) => r.route === CREATE),
      statuses: requests.filter((r) => r.route === STATUS),
      versions: [...emulator.versions.values()],
      emulatorUrl: emulator.url,
      authorization: emulator.authorization,
      marks
    };
  } finally {
    await emulator.close();
  }
}

/** Resolves once the step's stdout has a line matching `pattern` (so a test acts on what the step did, not on a sleep). */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer | string): void => {
      buffer += chunk.toString();
      const line = buffer.split(/\r?\n/).find((l) => pattern.test(l));
      if (line === undefined) return;
      done();
      resolve(line);
    };
    const onClose = (): void => {
      done();
      reject(new Error(`the step ended without printing ${String(pattern)}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('close', onClose);
    };
    child.stdout?.on('data', onData);
    child.on('close', onClose);
  });
}

/**
 * A loopback address and port with nothing listening. 127.0.0.2, not 127.0.0.1: the
 * emulators started meanwhile bind 127.0.0.1 and could be handed the port just freed.
 */
export async function closedPort(): Promise<{ host: string; port: number }> {
  const host = '127.0.0.2';
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { host, port: address.port };
}

/** The job fields of the last answer (create or status) the emulator actually sent. */
export function lastJobBody(result: ScenarioResult): Record<string, unknown> {
  const answered = result.requests.filter((r) => (r.route === CREATE || r.route === STATUS) && r.status === 200 && r.responseBody !== null);
  const last = answered.at(-1);
  if (last === undefined) throw new Error('no job answer was sent');
  return JSON.parse(last.responseBody as string) as Record<string, unknown>;
}
