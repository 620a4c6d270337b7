// End to end: the dry run (dry_run: true) with the bundled action against the emulator.
// Each path runs twice on the same emulator setup, once as a dry run and once for real:
// the dry run sends no state-changing request at all, and the requests it prints are the
// ones the real run then sends. What a real run would refuse fails the dry run with the
// real run's message. Every scenario starts when this file loads.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  EMULATOR_ASID,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  startEmulator,
  type EmulatorOptions,
  type RecordedRequest
} from '../../emulator/index.ts';
import { startFakeGitHubApi, type RecordedRequest as GitHubRequest } from '../helpers/fake-github-api.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { buildUrlMasks } from './helpers/leaks.ts';
import { commands, runAction, RUNNER_GITHUB_TOKEN, type ActionRun } from './helpers/run-action.ts';
import {
  ACCESS_KEY,
  allScenarios,
  BASIC_TOKEN,
  DIFF_ID,
  scenario,
  SECRET_KEY,
  type Case,
  type ScenarioResult,
  type ScenarioSetup
} from './helpers/scenario.ts';

const R = ROUTE_NAMES;
const STATE_CHANGING: readonly string[] = [R.imageVersionCreate, R.imageDiffCreate, R.imageDiffReject, R.imageUpdateCreate];
const IMAGE = String(EMULATOR_IMAGE_ID);
const MAKE_DIFF = { diffid: '', imageid: IMAGE, machineid: '9001' };
const LOCKING_DIFF = 218595;
const URL_TOKEN = 'e2eDryURLtok5Kc8Wq1Zr';
const UPDATE_URL = `https://builds.storage.example.net/space-game/v2.7.0/server.zip?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${URL_TOKEN}`;
/** Jobs of 60 emulated seconds take 0.2 s. */
const FAST: EmulatorOptions = { time: { scale: 300 } };

const pending: Promise<unknown>[] = [];
afterAll(() => Promise.all([allScenarios(), Promise.allSettled(pending)]));

const stateChanging = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.route !== null && STATE_CHANGING.includes(r.route));

/** The requests the dry run printed: `  1. GET /cfp/v1/…?…` lines, in order. */
function plannedRequests(run: ActionRun): URL[] {
  return run.lines
    .map((line) => /^ {2}\d+\. GET (\/.+)$/.exec(line)?.[1])
    .filter((target) => target !== undefined)
    .map((target) => new URL(target, 'http://plan'));
}

/**
 * The plan is what the real run sent: same paths, same parameters in the same order, the
 * same values except `url` (*** in the plan) and ids only the real run learns (<…>).
 */
function expectPlanSent(dry: ActionRun, sent: readonly RecordedRequest[], updateUrl?: string): void {
  const plan = plannedRequests(dry);
  expect(plan.map((u) => u.pathname)).toEqual(sent.map((r) => new URL(r.url, 'http://sent').pathname));
  plan.forEach((planned, i) => {
    const real = new URL(nth(sent, i).url, 'http://sent');
    const plannedParams = [...planned.searchParams];
    const realParams = [...real.searchParams];
    expect(plannedParams.map((param) => param[0])).toEqual(realParams.map((param) => param[0]));
    plannedParams.forEach(([, value], j) => {
      const realValue = nth(realParams, j)[1];
      if (value === '***') expect(realValue).toBe(updateUrl);
      else if (/^<.+>$/.test(value)) expect(realValue).toMatch(/^\d+$/);
      else expect(realValue).toBe(value);
    });
  });
}

function expectDryRunSafe(dry: ScenarioResult, url?: string): void {
  expect(stateChanging(dry.requests)).toEqual([]);
  expect(dry.versions).toEqual([]);
  expect(dry.run.outputs['dry_run']).toBe('true');
  expect(Object.keys(dry.run.outputs)).not.toContain('imageversionid');
  expectNoLeaks(dry.run, url === undefined ? {} : { secrets: [URL_TOKEN], extraMask: buildUrlMasks(url) });
}

interface Pair {
  dry: ScenarioResult;
  real: ScenarioResult;
}

/** The same setup as a dry run and as a real run, each on its own emulator. */
function pair(setup: ScenarioSetup & { inputs?: Record<string, string> }): Promise<Pair> {
  const promise = Promise.all([scenario({ ...setup, inputs: { ...setup.inputs, dry_run: 'true' } }), scenario(setup)]).then(
    ([dry, real]) => ({ dry, real })
  );
  promise.catch(() => {});
  return promise;
}

describe('the plan is what a real run sends', () => {
  const rows: Case<Pair>[] = [
    {
      name: 'diff given, defaults: one create; only the diff status is read',
      result: pair({ inputs: { poll_interval: '1' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageDiffStatus]);
        expectPlanSent(dry.run, stateChanging(real.requests));
        expect(stateChanging(real.requests).map((r) => r.route)).toEqual([R.imageVersionCreate]);
        expect(dry.run.outputs['diffid']).toBe(String(DIFF_ID));
        expect(real.run.outputs['dry_run']).toBe('false');
      }
    },
    {
      name: 'diff given with every create parameter (full: auto, game_build with spaces and &, install_at, disable_*, restart, force, rollout)',
      result: pair({
        emulator: FAST,
        inputs: {
          full: 'auto',
          game_build: 'v2.7.0 beta & co/ü',
          install_at: '2026-12-01T03:00:00Z',
          disable_timeout: '30',
          disable_percentage: '97.5',
          restart: 'true',
          force: 'true',
          wait_for: 'rollout',
          imageid: IMAGE,
          poll_interval: '1'
        }
      }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(dry.requests.map((r) => r.route).sort()).toEqual([R.imageDiffStatus, R.imageOptions].sort());
        expectPlanSent(dry.run, stateChanging(real.requests));
        expect(nth(plannedRequests(dry.run), 0).searchParams.get('game_build')).toBe('v2.7.0 beta & co/ü');
        // What it read, in the log and the summary.
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: not locked`);
        expect(dry.run.lines.some((l) => /^Read: diff 4242: Complete 100%; \d+ added, \d+ modified, \d+ removed$/.test(l))).toBe(true);
        expect(dry.run.summary).toContain('not locked');
        expect(dry.run.summary).toContain('install_at=1796094000');
      }
    },
    {
      name: 'the action makes the diff: imagediff/create, then the create with the new diff id; the lock is read',
      result: pair({ emulator: FAST, inputs: { ...MAKE_DIFF, poll_interval: '1' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageOptions]);
        const sent = stateChanging(real.requests);
        expect(sent.map((r) => r.route)).toEqual([R.imageDiffCreate, R.imageVersionCreate]);
        expectPlanSent(dry.run, sent);
        expect(dry.run.lines).toContain(
          '  2. GET /cfp/v1/imageversion/create?accountserviceid=12345&diffid=<diffid from request 1>&restart=0&force=0'
        );
      }
    },
    {
      name: 'update_url: imageupdate/create (url as ***), imagediff/create, the create',
      result: pair({ emulator: FAST, inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, update_desc: 'nightly #812', poll_interval: '1' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry, UPDATE_URL);
        const sent = stateChanging(real.requests);
        expect(sent.map((r) => r.route)).toEqual([R.imageUpdateCreate, R.imageDiffCreate, R.imageVersionCreate]);
        expectPlanSent(dry.run, sent, UPDATE_URL);
        expect(dry.run.lines.some((l) => l.includes('&url=***'))).toBe(true);
        expect(dry.run.summary).toContain('url=***');
        expect(dry.run.summary).toContain('desc=nightly #812');
      }
    },
    {
      name: 'locked image with reject_locking_diff: true: the refused diff creation, the reject of the locking diff, the diff, the create',
      result: pair({
        emulator: { ...FAST, diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } } },
        inputs: { ...MAKE_DIFF, reject_locking_diff: 'true', poll_interval: '1' }
      }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: locked by diff ${LOCKING_DIFF}`);
        const sent = stateChanging(real.requests);
        // The real run tries the diff first, is refused for the lock, rejects, and tries once more.
        expect(sent.map((r) => r.route)).toEqual([R.imageDiffCreate, R.imageDiffReject, R.imageDiffCreate, R.imageVersionCreate]);
        expectPlanSent(dry.run, sent);
      }
    },
    {
      name: 'an empty diff with on_no_changes: skip: only the reject, and success',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { on_no_changes: 'skip' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        const sent = stateChanging(real.requests);
        expect(sent.map((r) => r.route)).toEqual([R.imageDiffReject]);
        expectPlanSent(dry.run, sent);
      }
    },
    {
      name: 'an empty diff with full: auto: the create with full=1',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { full: 'auto' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectPlanSent(dry.run, stateChanging(real.requests));
        expect(nth(plannedRequests(dry.run), 0).searchParams.get('full')).toBe('1');
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe("what a real run would refuse fails the dry run, with the real run's message", () => {
  const rows: Case<Pair>[] = [
    {
      name: 'image locked by a diff (reject_locking_diff: false)',
      result: pair({ emulator: { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } } }, inputs: MAKE_DIFF }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain(`locked by diff ${LOCKING_DIFF}`);
      }
    },
    {
      name: 'an empty diff with full: false (the real run warns so, then Clanforge refuses the create)',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { full: 'false', on_no_changes: 'deploy' } }),
      check: ({ dry }) => {
        expect(dry.run.code).toBe(1);
        expectDryRunSafe(dry);
        expect(failureOf(dry.run)).toBe(
          `Diff ${DIFF_ID} has no changes, but full is false: Clanforge refuses a differential version from an empty diff.`
        );
      }
    },
    {
      name: 'an empty diff with on_no_changes: fail: the plan holds the reject, the dry run fails',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { on_no_changes: 'fail' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expect(failureOf(dry.run)).toContain('on_no_changes: fail');
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));

  /** A diff made on the emulator before the step runs (so it can be Running or Failed), then the step. */
  async function madeDiff(
    diff: EmulatorOptions['diffs'],
    inputs: Record<string, string>
  ): Promise<{ run: ActionRun; requests: RecordedRequest[]; diffId: number }> {
    const emulator = await startEmulator({
      auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY },
      ...FAST,
      ...(diff ? { diffs: diff } : {})
    });
    try {
      const answer = await fetch(
        `${emulator.url}/cfp/v1/imagediff/create?accountserviceid=${EMULATOR_ASID}&imageid=${IMAGE}&machineid=9001`,
        { headers: { Authorization: `Basic ${BASIC_TOKEN}` } }
      );
      const diffId = ((await answer.json()) as { diffid: number }).diffid;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = emulator.requests.length;
      const run = await runAction({
        inputs: {
          access_key: ACCESS_KEY,
          secret_key: SECRET_KEY,
          accountserviceid: String(EMULATOR_ASID),
          diffid: String(diffId),
          api_url: emulator.url,
          poll_interval: '1',
          ...inputs
        }
      });
      return { run, requests: emulator.requests.slice(before), diffId };
    } finally {
      await emulator.close();
    }
  }

  const failedDiff = Promise.all([
    madeDiff({ plan: { outcome: 'failed' } }, { dry_run: 'true' }),
    // A real run that reads the diff (full: auto) fails on it the same way.
    madeDiff({ plan: { outcome: 'failed' } }, { full: 'auto' })
  ]);
  const runningDiff = madeDiff({ plan: { durationSeconds: 60 * 300 } }, { dry_run: 'true' });
  pending.push(failedDiff, runningDiff);

  test('a failed diff', async () => {
    const [dry, real] = await failedDiff;
    expect(dry.run.code).toBe(1);
    expect(stateChanging(dry.requests)).toEqual([]);
    expect(failureOf(dry.run)).toBe(failureOf(real.run));
    expect(failureOf(dry.run)).toContain(`Image diff ${dry.diffId} failed`);
    expectNoLeaks(dry.run);
  });

  test('a diff that is not complete yet', async () => {
    const dry = await runningDiff;
    expect(dry.run.code).toBe(1);
    expect(stateChanging(dry.requests)).toEqual([]);
    expect(failureOf(dry.run)).toMatch(new RegExp(`^Image diff ${dry.diffId} is not complete \\(job \\w+`));
    expectNoLeaks(dry.run);
  });
});

describe('a dry run with environment', () => {
  const result = (async (): Promise<{ dry: ScenarioResult; github: GitHubRequest[] }> => {
    const api = await startFakeGitHubApi({ token: RUNNER_GITHUB_TOKEN });
    try {
      const dry = await scenario({ inputs: { dry_run: 'true', environment: 'production' }, env: { GITHUB_API_URL: api.url } });
      return { dry, github: [...api.requests] };
    } finally {
      await api.close();
    }
  })();
  pending.push(result);

  test('records no deployment: no GitHub request; the token is still masked', async () => {
    const { dry, github } = await result;
    expect(dry.run.code).toBe(0);
    expect(github).toEqual([]);
    expect(stateChanging(dry.requests)).toEqual([]);
    expect(dry.run.outputs['deployment_id']).toBeUndefined();
    expect(dry.run.lines).toContain('environment is production: a dry run records no GitHub deployment.');
    expectNoLeaks(dry.run, { secrets: [RUNNER_GITHUB_TOKEN], extraMask: (mask) => mask === RUNNER_GITHUB_TOKEN });
    expect(commands(dry.run, 'add-mask')).toContain(RUNNER_GITHUB_TOKEN);
  });
});
