// The command line as a person or a CI job runs it: `node dist/cli.js …` as a child
// process with a clean environment (PATH and what the scenario sets, never the runner's
// variables unless a scenario adds them), against an emulator started in-process.
// Scenarios start when declared, as e2e/helpers/scenario.ts starts the action's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from '../../../emulator/index.ts';
import { watchChild } from '../../e2e/helpers/child-end.ts';
import { ROOT } from '../../e2e/helpers/run-action.ts';

export const CLI_ENTRY = join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The --summary file's text ('' when the run wrote none). */
  summary: string;
  /** Files a scenario asked to read back after the run (by name), '' when missing. */
  files: Record<string, string>;
  killed: boolean;
  /** performance.now() when the process exited. */
  exitedAt: number;
}

export interface CliScenario {
  emulator?: EmulatorOptions;
  /** Arguments; `{url}` is the emulator's URL, `{dir}` a fresh directory for the run, `{summary}` the summary file. */
  args: readonly string[];
  env?: Record<string, string>;
  /** Files in `{dir}` to read back after the run. */
  read?: readonly string[];
  killAfterMs?: number;
  /** Acts on the running command (sends it a signal); returns named instants (performance.now()). */
  during?: (emulator: Emulator, child: ChildProcess) => Promise<Record<string, number>>;
  /** Spawn options: arguments for node before the entry (a preload, for the version check). */
  nodeArgs?: readonly string[];
}

export interface CliResult {
  run: CliRun;
  requests: RecordedRequest[];
  emulator: { url: string; versions: number };
  marks: Record<string, number>;
}

/** Resolves once the command's stderr has a line matching `pattern`. */
export function waitForStderr(child: ChildProcess, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer | string): void => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return;
      done();
      resolve(line);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no stderr line matching ${String(pattern)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
    };
    child.stderr?.on('data', onData);
  });
}

const started: Promise<unknown>[] = [];

/** Starts a scenario now (see the top of the file). */
export function cliScenario(setup: CliScenario): Promise<CliResult> {
  const promise = runCliScenario(setup);
  promise.catch(() => {});
  started.push(promise);
  return promise;
}

export function allCliScenarios(): Promise<unknown> {
  return Promise.allSettled(started);
}

async function runCliScenario(setup: CliScenario): Promise<CliResult> {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run npm run package`);
  const emulator = await startEmulator(setup.emulator);
  const dir = await mkdtemp(join(tmpdir(), 'cf-cli-'));
  try {
    const summaryFile = join(dir, 'summary.md');
    const args = setup.args.map((arg) =>
      arg.replaceAll('{url}', emulator.url).replaceAll('{dir}', dir).replaceAll('{summary}', summaryFile)
    );
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    for (const [name, value] of Object.entries(setup.env ?? {})) env[name] = value.replaceAll('{dir}', dir);
    const child = spawn(process.execPath, [...(setup.nodeArgs ?? []), CLI_ENTRY, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const closed = watchChild(child, setup.killAfterMs ?? 20_000);
    let marks: Record<string, number> = {};
    if (setup.during) {
      try {
        marks = await setup.during(emulator, child);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    }
    const { code, signal, stdout, stderr, killed, exitedAt } = await closed;
    const readBack = async (path: string): Promise<string> => (existsSync(path) ? readFile(path, 'utf8') : '');
    const files: Record<string, string> = {};
    for (const name of setup.read ?? []) files[name] = await readBack(join(dir, name));
    return {
      run: { code, signal, stdout, stderr, summary: await readBack(summaryFile), files, killed, exitedAt },
      requests: [...emulator.requests],
      emulator: { url: emulator.url, versions: emulator.versions.size },
      marks
    };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
