// End to end: text that would act on the runner, sent by the emulator in answer fields of
// every endpoint (and given as inputs), through the bundled action (dist/index.js) as a
// child process. stdout is split and GITHUB_OUTPUT parsed the way the runner does it.
// Every scenario starts when this file loads; the tests only assert on what each one saw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { EMULATOR_IMAGE_ID, ROUTE_NAMES as R, errorBody, type AnswerFieldSpec, type EmulatorOptions } from '../../emulator/index.ts';
import { PAYLOADS, PAYLOAD_MARKER } from '../helpers/payloads.ts';
import { expectNoLeaks, failureOf } from './helpers/assertions.ts';
import { commands, ROOT, type ActionRun } from './helpers/run-action.ts';
import {
  ACCESS_KEY,
  BASIC_TOKEN,
  FIRST_VERSION,
  SECRETS,
  SECRET_KEY,
  TWO_SECOND_JOB,
  allScenarios,
  scenario,
  type ScenarioResult
} from './helpers/scenario.ts';

afterAll(() => allScenarios());

const DECLARED_OUTPUTS = Object.keys((parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { outputs: object }).outputs);
const IMAGE = String(EMULATOR_IMAGE_ID);
const MAKE_DIFF = { diffid: '', imageid: IMAGE, machineid: '9' };
const WAIT = { wait: 'true', poll_interval: '1' };
/** A build URL with no credentials of its own: its masks are the URL's forms only. */
const UPDATE_URL = 'https://builds.example.net/space-game/server.zip';
/** A job of 600 emulated s over one real second. */
const ONE_SECOND_JOB = 600;

const field = (route: string, fields: Record<string, unknown>): AnswerFieldSpec => ({ route, fields });

interface Place {
  inputs?: (payload: string) => Record<string, string>;
  emulator: (payload: string) => EmulatorOptions;
  /** Exit code of the step. */
  code: 0 | 1;
  /** The outputs that carry the payload as it came (newlines and all). */
  outputs?: string[];
  inSummary: boolean;
  /** The workflow command (or 'log' for a plain line) that shows the payload. */
  shownBy: 'log' | 'error' | 'warning' | 'debug';
}

const PLACES: Record<string, Place> = {
  'jobstatename of the create answer': {
    emulator: (p) => ({ faults: { answerFields: [field(R.imageVersionCreate, { jobstatename: p })] } }),
    code: 0,
    outputs: ['jobstatename'],
    inSummary: true,
    shownBy: 'log'
  },
  'jobstatename of every status answer while waiting': {
    inputs: () => WAIT,
    emulator: (p) => ({ time: { scale: TWO_SECOND_JOB }, faults: { answerFields: [field(R.imageVersionStatus, { jobstatename: p })] } }),
    code: 0,
    outputs: ['jobstatename'],
    inSummary: true,
    shownBy: 'log'
  },
  'joberror and jobstatename of a failed job': {
    inputs: () => WAIT,
    emulator: (p) => ({
      time: { scale: TWO_SECOND_JOB },
      versions: { plan: { outcome: 'failed' } },
      faults: { answerFields: [field(R.imageVersionStatus, { joberror: p, jobstatename: p })] }
    }),
    code: 1,
    outputs: ['joberror', 'jobstatename'],
    inSummary: true,
    shownBy: 'error'
  },
  'a create answer that already says Failed (wait: false)': {
    emulator: (p) => ({
      faults: { answerFields: [field(R.imageVersionCreate, { jobstateid: 6, jobfailed: 1, jobstatename: p, joberror: p })] }
    }),
    code: 1,
    outputs: ['joberror', 'jobstatename'],
    inSummary: true,
    shownBy: 'error'
  },
  'update and diff state names and the changed paths': {
    inputs: () => ({ ...MAKE_DIFF, update_url: UPDATE_URL, poll_interval: '1' }),
    emulator: (p) => ({
      time: { scale: 120 },
      faults: {
        answerFields: [
          field(R.imageUpdateCreate, { jobstatename: p }),
          field(R.imageUpdateStatus, { jobstatename: p }),
          field(R.imageDiffCreate, { jobstatename: p }),
          field(R.imageDiffStatus, {
            jobstatename: p,
            added: { [p]: { size: 1 }, 'Server/ok.pak': { size: 2 } },
            modified: [p],
            removed: {}
          })
        ]
      }
    }),
    code: 0,
    inSummary: true,
    shownBy: 'log'
  },
  'error_message of a refused create': {
    emulator: (p) => ({
      faults: { specs: [{ route: R.imageVersionCreate, kind: 'respond', status: 400, body: { kind: 'json', value: errorBody(p, 1) } }] }
    }),
    code: 1,
    inSummary: true,
    shownBy: 'error'
  },
  'HTML page of a proxy in front of a status read': {
    inputs: () => WAIT,
    emulator: (p) => ({
      time: { scale: ONE_SECOND_JOB },
      faults: {
        specs: [
          {
            route: R.imageVersionStatus,
            request: 1,
            kind: 'respond',
            status: 502,
            body: { kind: 'html', html: `<html><body><h1>${p}</h1></body></html>` }
          }
        ]
      }
    }),
    code: 0,
    inSummary: false,
    shownBy: 'warning'
  },
  'game_build and update_desc inputs echoed in the log': {
    inputs: (p) => ({ ...MAKE_DIFF, update_url: UPDATE_URL, update_desc: `nightly ${p}`, game_build: p, poll_interval: '1' }),
    emulator: () => ({ time: { scale: 120 } }),
    code: 0,
    inSummary: false,
    shownBy: 'log'
  },
  'fleet and region names of a rollout that times out': {
    inputs: () => ({ ...WAIT, wait_for: 'rollout', imageid: IMAGE, wait_timeout: '4' }),
    emulator: (p) => ({
      time: { scale: ONE_SECOND_JOB },
      rollouts: { plan: { outcome: 'stuck' } },
      faults: {
        answerFields: [
          field(R.imageRollout, {
            fleets: {
              f1: {
                name: p,
                pending_machines: 3,
                failed_machines: 0,
                completed_machines: 1,
                regions: { r1: { name: p, pending_machines: 3, failed_machines: 0, completed_machines: 1 } }
              }
            }
          })
        ]
      }
    }),
    code: 1,
    inSummary: true,
    shownBy: 'error'
  }
};

const RUNS = Object.entries(PLACES).flatMap(([name, place]) =>
  Object.entries(PAYLOADS).map(([variant, payload]) => ({
    name,
    variant,
    payload,
    place,
    result: scenario({ emulator: place.emulator(payload), inputs: place.inputs?.(payload) ?? {} })
  }))
);

/** Keys, token and the Basic header echoed by a server that should not. */
const ECHO = `storage said: denied for ${ACCESS_KEY}:${SECRET_KEY} (Authorization: Basic ${BASIC_TOKEN})\n::add-mask::x`;
const S = {
  echoFailed: scenario({
    inputs: WAIT,
    emulator: {
      time: { scale: TWO_SECOND_JOB },
      versions: { plan: { outcome: 'failed' } },
      faults: {
        answerFields: [
          field(R.imageVersionCreate, { jobstatename: ECHO }),
          field(R.imageVersionStatus, { joberror: ECHO, jobstatename: ECHO })
        ]
      }
    }
  }),
  echoCreateFailed: scenario({
    emulator: {
      faults: { answerFields: [field(R.imageVersionCreate, { jobstateid: 6, jobfailed: 1, joberror: ECHO, jobstatename: ECHO })] }
    }
  }),
  echoDiff: scenario({
    inputs: { ...MAKE_DIFF, poll_interval: '1' },
    emulator: { time: { scale: 120 }, faults: { answerFields: [field(R.imageDiffStatus, { jobstatename: ECHO, added: { [ECHO]: {} } })] } }
  }),
  squashedCreate: scenario({
    emulator: { faults: { answerFields: [field(R.imageVersionCreate, { jobstateid: 7, jobstatename: 'Squashed' })] } }
  })
};

/** The build URL's masks: the URL's forms only (it carries no credentials of its own). */
const isUpdateUrlMask = (mask: string): boolean => mask.includes(UPDATE_URL) || mask === encodeURIComponent(UPDATE_URL);

/** What the runner would do with this stdout is only what the action meant. */
function expectOnlyOwnCommands(run: ActionRun): void {
  for (const line of run.lines) {
    // The runner trims leading blanks before it looks for `::`.
    if (/^\s*::/.test(line)) expect(line).toMatch(/^::(add-mask|debug|notice|warning|error|group|endgroup)::/);
    expect(line).not.toMatch(/^\s*::(set-output|stop-commands|add-mask::x)/);
  }
  expect(run.stdout).not.toContain('##[');
  expect(run.stderr).toBe('');
  // Masks: the action's own secrets only, all before anything else is said.
  const masks = commands(run, 'add-mask');
  expect(masks.slice(0, SECRETS.length)).toEqual([...SECRETS]);
  for (const mask of masks.slice(SECRETS.length)) expect(isUpdateUrlMask(mask)).toBe(true);
  const firstOther = run.lines.findIndex((line) => !line.startsWith('::add-mask::'));
  expect(run.lines.slice(firstOther).filter((line) => line.startsWith('::add-mask::'))).toEqual([]);
}

function expectOutputsAsDeclared(result: ScenarioResult): void {
  const { run } = result;
  for (const [name] of run.outputWrites) expect(DECLARED_OUTPUTS).toContain(name);
  if (result.creates.length > 0 && run.outputs['imageversionid'] !== undefined) {
    expect(run.outputWrites.filter(([name]) => name === 'imageversionid').map(([, v]) => v)).toEqual(
      run.outputWrites.filter(([name]) => name === 'imageversionid').map(() => String(FIRST_VERSION))
    );
  }
}

describe('outside text through dist/index.js', () => {
  test.each(RUNS.map((r) => [r.name, r.variant, r] as const))(
    "%s, payload %s: no command but the action's own, outputs intact",
    async (_name, _variant, r) => {
      const result = await r.result;
      const { run } = result;
      expect(run.code).toBe(r.place.code);
      expectOnlyOwnCommands(run);
      expectOutputsAsDeclared(result);
      expectNoLeaks(run, { extraMask: isUpdateUrlMask });
      // The payload reached the sink this case is about.
      const shown = r.place.shownBy === 'log' ? run.lines.filter((line) => !line.startsWith('::')) : commands(run, r.place.shownBy);
      expect(shown.some((text) => text.includes(PAYLOAD_MARKER))).toBe(true);
      if (r.place.shownBy === 'log') {
        // A line break from outside is shown as ⏎; the lines around it are the action's.
        if (r.payload.includes('\n') || r.payload.includes('\r'))
          expect(shown.some((line) => line.includes(`Running⏎::${PAYLOAD_MARKER}::x`))).toBe(true);
      }
      if (r.place.code === 1) expect(failureOf(run)).not.toBe('');
      for (const name of r.place.outputs ?? []) expect(run.outputs[name]).toBe(r.payload);
      if (r.place.inSummary) expect(run.summary).toContain(PAYLOAD_MARKER);
      expect(run.summary).not.toContain('<img');
      expect(run.summary).not.toContain('<h1>');
    }
  );
});

describe('keys a server echoes in job fields', () => {
  test.each([
    ['joberror and jobstatename of a failed job', S.echoFailed],
    ['a create answer that already failed', S.echoCreateFailed],
    ['a diff state name and changed path', S.echoDiff]
  ] as const)('%s: *** everywhere but the ::add-mask:: lines', async (_name, pending) => {
    const result = await pending;
    const { run } = result;
    expectOnlyOwnCommands(run);
    expectNoLeaks(run);
    const said = [...run.lines.filter((line) => !line.startsWith('::add-mask::')), run.summary, ...run.outputWrites.flat()].join('\n');
    expect(said).toContain('denied for ***:***');
    expect(said).toContain('Basic ***');
  });

  test('the echoed keys are redacted in the outputs too, whose newlines stay', async () => {
    const { run } = await S.echoCreateFailed;
    expect(run.code).toBe(1);
    expect(run.outputs['joberror']).toBe('storage said: denied for ***:*** (Authorization: Basic ***)\n::add-mask::x');
    expect(run.outputs['jobstatename']).toBe(run.outputs['joberror']);
  });
});

describe('a create answer that already reports the end of the job, with wait: false', () => {
  test('Failed: exit 1, no ✅, the outputs show the state; one create', async () => {
    const result = await S.echoCreateFailed;
    expect(result.creates).toHaveLength(1);
    expect(result.statuses).toHaveLength(0);
    expect(failureOf(result.run)).toMatch(new RegExp(`^Image version ${FIRST_VERSION} failed already in the create answer`));
    expect(result.run.outputs).toMatchObject({ imageversionid: String(FIRST_VERSION), jobstateid: '6', jobfailed: '1' });
    expect(result.run.summary).toContain(`<p>❌ Image version ${FIRST_VERSION}: the install job failed</p>`);
    expect(result.run.summary).not.toContain('✅');
  });

  test('Squashed: exit 1 with the squashed headline', async () => {
    const { run, creates } = await S.squashedCreate;
    expect(run.code).toBe(1);
    expect(creates).toHaveLength(1);
    expect(failureOf(run)).toMatch(new RegExp(`^Image version ${FIRST_VERSION} was squashed \\(already in the create answer\\)`));
    expect(run.summary).toContain(`<p>❌ Image version ${FIRST_VERSION}: the install job was squashed (a newer job superseded it)</p>`);
    expectNoLeaks(run);
  });
});
