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
import { buildUrlMasks, findLeaks } from './helpers/leaks.ts';
import { commands, runAction, RUN_CONTEXT, RUNNER_GITHUB_TOKEN, type ActionRun } from './helpers/run-action.ts';
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
/** Distinctive, so a leak is found by a substring search. */
const TOKEN = 'e2eDryTOK-q7Lm2Xv9Rw4Tz';
const BEARER: EmulatorOptions['auth'] = { mode: 'bearer', token: TOKEN };
/** A token run: the keys and the ASID cleared, the token given. */
const TOKEN_INPUTS = { access_key: '', secret_key: '', accountserviceid: '', token: TOKEN };

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
 * same values except `url` (*** in the plan), ids only the real run learns (<…>), and
 * `differ`: parameters whose value is [planned, sent] (runs on emulators that gave different ids).
 */
function expectPlanSent(
  dry: ActionRun,
  sent: readonly RecordedRequest[],
  updateUrl?: string,
  differ: Record<string, [string, string]> = {}
): void {
  const plan = plannedRequests(dry);
  expect(plan.map((u) => u.pathname)).toEqual(sent.map((r) => new URL(r.url, 'http://sent').pathname));
  plan.forEach((planned, i) => {
    const real = new URL(nth(sent, i).url, 'http://sent');
    const plannedParams = [...planned.searchParams];
    const realParams = [...real.searchParams];
    expect(plannedParams.map((param) => param[0])).toEqual(realParams.map((param) => param[0]));
    plannedParams.forEach(([name, value], j) => {
      const realValue = nth(realParams, j)[1];
      const pairOfValues = differ[name];
      if (pairOfValues !== undefined) expect([value, realValue]).toEqual(pairOfValues);
      else if (value === '***') expect(realValue).toBe(updateUrl);
      else if (/^<.+>$/.test(value)) expect(realValue).toMatch(/^\d+$/);
      else expect(realValue).toBe(value);
    });
  });
}

/** url: the build URL given; token: the step authenticates with this token instead of the keys. */
function expectDryRunSafe(dry: ScenarioResult, secrets: { url?: string; token?: string } = {}): void {
  expect(stateChanging(dry.requests)).toEqual([]);
  expect(dry.versions).toEqual([]);
  expect(dry.run.outputs['dry_run']).toBe('true');
  expect(Object.keys(dry.run.outputs)).not.toContain('imageversionid');
  if (secrets.token !== undefined) expect(findLeaks(dry.run, { keys: [secrets.token] })).toEqual([]);
  else expectNoLeaks(dry.run, secrets.url === undefined ? {} : { secrets: [URL_TOKEN], extraMask: buildUrlMasks(secrets.url) });
}

/**
 * The dry run's summary follows the normal summary's rules: the headline a paragraph under
 * the heading; the run's fields in a table without a header row, Duration on the right, the
 * short ref, the short commit linked to its page; no link to the run the reader is on.
 */
function expectDryRunSummaryLayout(run: ActionRun, headline: string): void {
  const { GITHUB_REF, GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SERVER_URL } = RUN_CONTEXT;
  expect(run.summary).toContain(`<h2>Clanforge image version: dry run</h2>\n<p>${headline}</p>\n`);
  // The summary ends with that table; the run takes a few whole seconds.
  const table = /<table><tr><td>Duration<\/td><td align="right">\d+s<\/td><\/tr>(.*)<\/table>\n$/.exec(run.summary);
  expect(table?.[1]).toBe(
    `<tr><td>Ref</td><td>${GITHUB_REF.replace('refs/tags/', '')}</td></tr>` +
      `<tr><td>Commit</td><td><a href="${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/commit/${GITHUB_SHA}"><code>${GITHUB_SHA.slice(0, 7)}</code></a></td></tr>`
  );
  expect(run.summary).not.toContain('<th>Field</th>');
  expect(run.summary).not.toContain('Workflow run');
  expect(run.summary).not.toContain(`actions/runs/${GITHUB_RUN_ID}`);
  expect(run.summary).not.toContain(GITHUB_REF);
  // The full SHA only in the commit link.
  expect(run.summary.split(GITHUB_SHA)).toHaveLength(2);
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
        expectDryRunSummaryLayout(dry.run, '🧪 Dry run: the inputs are valid, only safe reads were made, and nothing was changed.');
        expect(dry.run.summary).toContain(
          '<table><tr><th align="right">#</th><th>Request</th><th>Parameters</th><th>Purpose</th></tr><tr><td align="right">1</td><td><code>GET /cfp/v1/imageversion/create</code></td>'
        );
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
        // The diff, whose status names the image's game (diff_info), then the image's lock (gameid and imageid together).
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageDiffStatus, R.imageOptions]);
        expect(nth(dry.requests, 1).url.split('?')[1]).toBe(`accountserviceid=${EMULATOR_ASID}&gameid=501&imageid=${IMAGE}`);
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
        // The image's game (image/options without parameters: one game), then its lock (gameid and imageid).
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageOptions, R.imageOptions]);
        expect(dry.requests.map((r) => r.url.split('?')[1])).toEqual([
          `accountserviceid=${EMULATOR_ASID}`,
          `accountserviceid=${EMULATOR_ASID}&gameid=501&imageid=${IMAGE}`
        ]);
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
        expectDryRunSafe(dry, { url: UPDATE_URL });
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
    },
    {
      name: 'a token (Bearer): the plan says Authorization: Bearer ***, and leaves accountserviceid out as the real run does',
      result: pair({ emulator: { ...FAST, auth: BEARER }, inputs: { ...MAKE_DIFF, ...TOKEN_INPUTS, wait: 'true', poll_interval: '1' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expect(real.run.code).toBe(0);
        expectDryRunSafe(dry, { token: TOKEN });
        const sent = stateChanging(real.requests);
        expect(sent.map((r) => r.route)).toEqual([R.imageDiffCreate, R.imageVersionCreate]);
        expectPlanSent(dry.run, sent);
        for (const planned of plannedRequests(dry.run)) expect(planned.searchParams.has('accountserviceid')).toBe(false);
        for (const request of real.requests) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
        expect(dry.run.lines).toContain(
          'A real run would send these 2 requests that change state, in order (each with Authorization: Bearer ***):'
        );
        expect(dry.run.summary).toContain('<code>Authorization: Bearer ***</code>');
        expect(dry.run.stdout + dry.run.summary).not.toContain('Basic');
      }
    },
    {
      name: 'the keys: the plan says Authorization: Basic ***',
      result: pair({ emulator: FAST, inputs: { ...MAKE_DIFF, poll_interval: '1' } }),
      check: ({ dry }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(dry.run.lines).toContain(
          'A real run would send these 2 requests that change state, in order (each with Authorization: Basic ***):'
        );
        expect(dry.run.summary).toContain('<code>Authorization: Basic ***</code>');
        expect(dry.run.stdout + dry.run.summary).not.toContain('Bearer');
      }
    },
    {
      // The real run knows the new diff is empty and full is false: it fails before the create Clanforge would refuse.
      name: 'the action makes the diff, full: false: the plan notes the failure a real run gives on an empty diff; the real run fails with it, sending no create',
      result: pair({
        emulator: { ...FAST, diffs: { plan: { empty: true } } },
        inputs: { ...MAKE_DIFF, full: 'false', poll_interval: '1' }
      }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expect(real.run.code).toBe(1);
        expect(stateChanging(real.requests).map((r) => r.route)).toEqual([R.imageDiffCreate]);
        const diffId = real.run.outputs['diffid'];
        const message = failureOf(real.run);
        expect(message).toBe(
          `Diff ${diffId} has no changes, but input 'full' is false: Clanforge refuses a differential version from an empty diff, so no image version was created (imageversion/create was not sent).\n` +
            'Set full: true or full: auto to create a full version from it, or on_no_changes: skip to create nothing.' +
            ` Diff ${diffId} may still lock the image: reject it (GET /cfp/v1/imagediff/${diffId}/reject?accountserviceid=${EMULATOR_ASID}&reinstall=0) before the next run.`
        );
        expect(commands(real.run, 'warning')).toEqual([]);
        expect(real.run.outputs['skipped']).toBe('false');
        // The dry run's note is that message, for the diff not made yet.
        const note = dry.run.lines.find((l) =>
          l.startsWith('Note: full is false: if the new diff has no changes, a real run fails before the create: ')
        );
        expect(note).toBe(
          `Note: full is false: if the new diff has no changes, a real run fails before the create: ${message.replaceAll(String(diffId), '{diffid}').replaceAll('\n', ' ')}`
        );
        expectNoLeaks(real.run);
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
        expectDryRunSummaryLayout(dry.run, '❌ The dry run found a problem a real run would hit. Nothing was changed.');
      }
    },
    {
      // Only the text after the common start is the dry run's own: Clanforge's wording cannot be known in advance.
      name: 'a given empty diff with full: false, on_no_changes: deploy (a real run does not read it; Clanforge refuses its create)',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { full: 'false', on_no_changes: 'deploy' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expect(real.creates).toHaveLength(1);
        expect(failureOf(real.run)).toMatch(/^Could not create the image version: Clanforge answered HTTP 400/);
        expect(failureOf(dry.run)).toMatch(
          new RegExp(
            `^Could not create the image version: diff ${DIFF_ID} has no changes and input 'full' is false: Clanforge refuses a differential version from an empty diff\\.`
          )
        );
        expect(failureOf(dry.run)).toContain('Set full: true or full: auto');
      }
    },

    {
      name: 'an empty diff with on_no_changes: fail: the plan holds the reject, the dry run fails',
      result: pair({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { on_no_changes: 'fail' } }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain('on_no_changes: fail');
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

interface Prepared {
  run: ActionRun;
  requests: RecordedRequest[];
  /** The id of what was made before the step: a diff (its diffid is the step's) or an image update. */
  madeId: number;
}

/**
 * A diff or an image update made on the emulator before the step runs (so the diff can be
 * Running or Failed, or the update can lock the image), then the step. With a diff, the
 * step is given its id; with an update, the step makes its own diff of the locked image.
 */
async function madeFirst(made: 'diff' | 'update', options: EmulatorOptions, inputs: Record<string, string>): Promise<Prepared> {
  const emulator = await startEmulator({ auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, ...FAST, ...options });
  try {
    const query = `accountserviceid=${EMULATOR_ASID}&imageid=${IMAGE}&machineid=9001`;
    const target =
      made === 'diff'
        ? `/cfp/v1/imagediff/create?${query}`
        : `/cfp/v1/imageupdate/create?${query}&desc=elsewhere&url=${encodeURIComponent('https://builds.example.net/b.zip')}`;
    const answer = await fetch(`${emulator.url}${target}`, { headers: { Authorization: `Basic ${BASIC_TOKEN}` } });
    const body = (await answer.json()) as { diffid?: number; updateid?: number };
    const madeId = Number(made === 'diff' ? body.diffid : body.updateid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = emulator.requests.length;
    const run = await runAction({
      inputs: {
        access_key: ACCESS_KEY,
        secret_key: SECRET_KEY,
        accountserviceid: String(EMULATOR_ASID),
        api_url: emulator.url,
        poll_interval: '1',
        ...(made === 'diff' ? { diffid: String(madeId) } : MAKE_DIFF),
        ...inputs
      }
    });
    return { run, requests: emulator.requests.slice(before), madeId };
  } finally {
    await emulator.close();
  }
}

/** The same preparation, then the step as a dry run (with dryInputs) and for real (with realInputs). */
function preparedPair(
  made: 'diff' | 'update',
  options: EmulatorOptions,
  dryInputs: Record<string, string>,
  realInputs: Record<string, string> = dryInputs
): Promise<{ dry: Prepared; real: Prepared }> {
  const promise = Promise.all([madeFirst(made, options, { ...dryInputs, dry_run: 'true' }), madeFirst(made, options, realInputs)]).then(
    ([dry, real]) => ({ dry, real })
  );
  promise.catch(() => {});
  pending.push(promise);
  return promise;
}

const FAILED_DIFF: EmulatorOptions = { diffs: { plan: { outcome: 'failed' } } };
const SQUASHED_DIFF: EmulatorOptions = { diffs: { plan: { outcome: 'squashed' } } };
/** A diff that outlives the step (60 s real). */
const LONG_DIFF: EmulatorOptions = { diffs: { plan: { durationSeconds: 60 * 300 } } };
/** A diff that runs for 13 s: the dry run, started half a second after it, reads it Running even on a loaded machine. */
const SLOW_DIFF: EmulatorOptions = { diffs: { plan: { durationSeconds: 13 * 300 } } };
/** An image update that outlives the step, so it locks the image. */
const LONG_UPDATE: EmulatorOptions = { updates: { plan: { durationSeconds: 60 * 300 } } };

/** Neither full: auto nor on_no_changes other than deploy: a real run sends the create without reading the diff. */
const UNREAD = {};
/** A real run reads the diff, waits for it to end, then decides. */
const READS_AUTO = { full: 'auto' };
const READS_SKIP = { on_no_changes: 'skip' };

function expectPreparedDrySafe(dry: Prepared, url?: string): void {
  expect(stateChanging(dry.requests)).toEqual([]);
  expect(dry.run.outputs['dry_run']).toBe('true');
  expectNoLeaks(dry.run, url === undefined ? {} : { extraMask: buildUrlMasks(url) });
}

describe('a given diff that is not complete, failed or was squashed: the dry run follows the real run', () => {
  const rows: Case<{ dry: Prepared; real: Prepared }>[] = [
    {
      name: "failed, full: auto (a real run reads it): the real run's message",
      result: preparedPair('diff', FAILED_DIFF, READS_AUTO),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectPreparedDrySafe(dry);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain(`Image diff ${dry.madeId} failed`);
        expect(stateChanging(real.requests)).toEqual([]);
      }
    },
    {
      name: "squashed, on_no_changes: skip (a real run reads it): the real run's message",
      result: preparedPair('diff', SQUASHED_DIFF, READS_SKIP),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expectPreparedDrySafe(dry);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain(`Image diff ${dry.madeId} was squashed`);
      }
    },
    ...(
      [
        ['failed', FAILED_DIFF, 'failed'],
        ['squashed', SQUASHED_DIFF, 'was squashed'],
        ['not complete', LONG_DIFF, 'is not complete']
      ] as const
    ).map(([name, options, said]): Case<{ dry: Prepared; real: Prepared }> => ({
      name: `${name}, not read by a real run (full not auto, on_no_changes: deploy): Clanforge refuses the create; the message starts as the real run's`,
      result: preparedPair('diff', options, UNREAD),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectPreparedDrySafe(dry);
        // The real run sends the create, and fails with Clanforge's answer to it.
        expect(stateChanging(real.requests).map((r) => r.route)).toEqual([R.imageVersionCreate]);
        const start = 'Could not create the image version: ';
        expect(failureOf(real.run).startsWith(`${start}Clanforge answered HTTP 400`)).toBe(true);
        expect(failureOf(dry.run)).toMatch(new RegExp(`^${start}image diff ${dry.madeId} ${said} \\(job \\w+`));
        expect(failureOf(dry.run)).toContain('Clanforge creates a version only from a completed diff');
      }
    })),
    {
      name: 'Running, full: auto (a real run waits for it): the plan notes the wait and succeeds; the real run waits, then sends that create',
      result: preparedPair('diff', SLOW_DIFF, READS_AUTO),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expect(real.run.code).toBe(0);
        expectPreparedDrySafe(dry);
        expect(dry.run.lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^Note: a real run waits for diff ${dry.madeId} to complete \\(now \\w+ \\d+%\\) before the create, within wait_timeout\\.$`
            )
          )
        );
        expect(dry.run.lines).toContain(
          'Note: full is auto: a real run adds full=1 to the create only if diff ' + dry.madeId + ' has no changes.'
        );
        // Its changes are not known yet: no files_* outputs.
        expect(dry.run.outputs['files_added']).toBeUndefined();
        const sent = stateChanging(real.requests);
        expect(sent.map((r) => r.route)).toEqual([R.imageVersionCreate]);
        // Only the diff id differs: each run has its own emulator.
        expectPlanSent(dry.run, sent, undefined, { diffid: [String(dry.madeId), String(real.madeId)] });
      }
    },
    {
      name: 'Running, on_no_changes: skip (a real run waits for it): the plan notes the wait and the reject it sends if the diff is empty',
      result: preparedPair('diff', LONG_DIFF, READS_SKIP, { ...READS_SKIP, wait_timeout: '3' }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectPreparedDrySafe(dry);
        expect(dry.run.lines).toContainEqual(
          expect.stringMatching(new RegExp(`^Note: a real run waits for diff ${dry.madeId} to complete`))
        );
        expect(dry.run.lines).toContain(
          `Note: on_no_changes is skip: if diff ${dry.madeId} has no changes, a real run rejects it (GET /cfp/v1/imagediff/${dry.madeId}/reject?accountserviceid=${EMULATOR_ASID}&reinstall=0) instead of the create.`
        );
        // The real run did wait (and ran out of time), sending nothing.
        expect(real.run.code).toBe(1);
        expect(failureOf(real.run)).toContain('Timed out');
        expect(stateChanging(real.requests)).toEqual([]);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe("an image locked by an image update: the real run's message", () => {
  const rows: Case<{ dry: Prepared; real: Prepared }>[] = [
    { name: 'on the diff creation', inputs: {} },
    { name: 'on the image update (update_url)', inputs: { update_url: 'https://builds.example.net/next.zip' } }
  ].map(({ name, inputs }): Case<{ dry: Prepared; real: Prepared }> => ({
    name,
    result: preparedPair('update', LONG_UPDATE, inputs),
    check: ({ dry, real }) => {
      expect(dry.run.code).toBe(1);
      expect(real.run.code).toBe(1);
      expectPreparedDrySafe(dry, inputs.update_url);
      expect(dry.run.lines).toContain(`Read: image ${IMAGE}: locked by update ${dry.madeId}`);
      expect(failureOf(dry.run)).toBe(failureOf(real.run));
      expect(failureOf(dry.run)).toContain(`is locked by image update ${dry.madeId}`);
    }
  }));
  test.each(rows)('$name', async ({ result, check }) => check(await result));
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
