// End to end: a dry run's safe reads under faults. The dry run reads (a given diff's
// status, what locks the image) with the real run's retry rule: a 503 with Retry-After is
// asked again after it, within wait_timeout; a read that keeps failing runs into
// wait_timeout and fails saying what it was reading. Whatever happens, a dry run sends
// nothing that changes state. Every scenario starts when this file loads.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  EMULATOR_ASID,
  EMULATOR_GAME_ID,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  type FaultSpec,
  type RecordedRequest
} from '../../emulator/index.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { commands } from './helpers/run-action.ts';
import { allScenarios, DIFF_ID, scenario, type Case, type ScenarioResult, type ScenarioSetup } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const R = ROUTE_NAMES;
const STATE_CHANGING: readonly string[] = [R.imageVersionCreate, R.imageDiffCreate, R.imageDiffReject, R.imageUpdateCreate];
const ASID = `accountserviceid=${EMULATOR_ASID}`;
const IMAGE = EMULATOR_IMAGE_ID;
const PAIR = `${ASID}&gameid=${EMULATOR_GAME_ID}&imageid=${IMAGE}`;
/** The action makes the diff: no diffid, an image and a build machine. */
const MAKE_DIFF = { diffid: '', imageid: String(IMAGE), machineid: '9001' };
/** A given diff a run reads before the create. */
const READS_DIFF = { full: 'auto' };

const on = (result: ScenarioResult, route: string): RecordedRequest[] => result.requests.filter((r) => r.route === route);
const queryOf = (request: RecordedRequest): string => request.url.split('?')[1] ?? '';
const stateChanging = (result: ScenarioResult): RecordedRequest[] =>
  result.requests.filter((r) => r.route !== null && STATE_CHANGING.includes(r.route));

/** HTTP 503 with Retry-After: 1 on the given requests of a route (1-based, per route). */
function unavailable(route: string, request: FaultSpec['request']): FaultSpec {
  return { route, request, kind: 'respond', status: 503, headers: { 'retry-after': '1' } };
}

const dryRun = (setup: ScenarioSetup & { inputs: Record<string, string> }): Promise<ScenarioResult> =>
  scenario({ ...setup, inputs: { ...setup.inputs, dry_run: 'true' } });

/** A dry run: no state-changing request, nothing made, dry_run true, nothing leaked. */
function expectDryRunSafe(dry: ScenarioResult): void {
  expect(stateChanging(dry)).toEqual([]);
  expect(dry.versions).toEqual([]);
  expect(dry.run.outputs['dry_run']).toBe('true');
  expect(Object.keys(dry.run.outputs)).not.toContain('imageversionid');
  expectNoLeaks(dry.run);
}

/**
 * The read answered 503, then asked again, no sooner than its Retry-After (1 s) nor than the
 * wait the warning announced, then answered.
 */
function expectAskedAgain(first: RecordedRequest, second: RecordedRequest, warning: string): void {
  expect(first.status).toBe(503);
  expect(first.fault).toBe('respond');
  expect(second.status).toBe(200);
  expect(second.fault).toBeNull();
  expect(queryOf(second)).toBe(queryOf(first));
  const announced = Number(/; trying again in (\d+) s\./.exec(warning)?.[1]);
  expect(announced).toBeGreaterThanOrEqual(1);
  // The emulator stamps a request when it arrives: the wait started after the 503 was answered.
  expect(second.time - first.time).toBeGreaterThanOrEqual(announced * 1000 - 50);
}

describe('a dry run asks a safe read again after one 503 with Retry-After, as a real run does', () => {
  const diffStatus = (dryRunInput: boolean): Promise<ScenarioResult> =>
    scenario({
      emulator: { faults: { specs: [unavailable(R.imageDiffStatus, 1)] } },
      inputs: { ...READS_DIFF, ...(dryRunInput ? { dry_run: 'true' } : {}) }
    });
  const rows: Case<{ dry: ScenarioResult; real?: ScenarioResult }>[] = [
    {
      name: "a given diff with full: auto: the diff's status read twice; the dry run succeeds with the real run's warning",
      result: Promise.all([diffStatus(true), diffStatus(false)]).then(([dry, real]) => ({ dry, real })),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        const reads = on(dry, R.imageDiffStatus);
        expect(reads).toHaveLength(2);
        expect(reads.every((r) => r.path === `/cfp/v1/imagediff/${DIFF_ID}/status`)).toBe(true);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageDiffStatus, R.imageDiffStatus]);
        const warnings = commands(dry.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toMatch(/^Dry run: Could not read the diff status \(.*HTTP 503.*\); trying again in \d+ s\./);
        expectAskedAgain(nth(reads, 0), nth(reads, 1), nth(warnings, 0));
        expect(dry.run.lines.some((l) => /^Read: diff 4242: Complete 100%; \d+ added, \d+ modified, \d+ removed$/.test(l))).toBe(true);
        expect(dry.run.lines).toContain(`  1. GET /cfp/v1/imageversion/create?${ASID}&diffid=${DIFF_ID}&restart=0&force=0`);
        // The real run, same fault: the same two reads, the same warning, then its create.
        if (real === undefined) throw new Error('no real run');
        expect(real.run.code).toBe(0);
        expect(on(real, R.imageDiffStatus)).toHaveLength(2);
        expect(commands(real.run, 'warning')).toEqual([nth(warnings, 0).slice('Dry run: '.length)]);
        expect(real.creates).toHaveLength(1);
        expectNoLeaks(real.run);
      }
    },
    ...(
      [
        [1, 'with neither parameter (the game)', [ASID, ASID, PAIR]],
        [2, 'with the pair (the lock)', [ASID, PAIR, PAIR]]
      ] as const
    ).map(([request, which, queries]): Case<{ dry: ScenarioResult }> => ({
      name: `imageid and machineid: image/options ${which} answered 503 once; asked again, the lock read, the dry run succeeds`,
      result: dryRun({ emulator: { faults: { specs: [unavailable(R.imageOptions, request)] } }, inputs: MAKE_DIFF }).then((dry) => ({
        dry
      })),
      check: ({ dry }) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        const reads = on(dry, R.imageOptions);
        expect(reads.map(queryOf)).toEqual(queries);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageOptions, R.imageOptions, R.imageOptions]);
        const warnings = commands(dry.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toMatch(/^Dry run: Could not read the .*options.* \(.*HTTP 503.*\); trying again in \d+ s\./);
        expectAskedAgain(nth(reads, request - 1), nth(reads, request), nth(warnings, 0));
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: not locked`);
        expect(dry.run.lines.filter((l) => /^ {2}\d+\. GET \//.test(l))).toHaveLength(2);
      }
    }))
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe('a dry run whose safe read keeps failing runs into wait_timeout, changing nothing', () => {
  const rows: Case[] = [
    {
      name: "the given diff's status answered 503 every time: timed out reading the diff status",
      result: dryRun({
        emulator: { faults: { specs: [unavailable(R.imageDiffStatus, 'every')] } },
        inputs: { ...READS_DIFF, wait_timeout: '5' }
      }),
      check: (dry) => {
        expect(dry.run.code).toBe(1);
        expect(dry.run.killed).toBe(false);
        expectDryRunSafe(dry);
        const reads = on(dry, R.imageDiffStatus);
        expect(reads.length).toBeGreaterThanOrEqual(2);
        expect(reads.every((r) => r.status === 503)).toBe(true);
        expect(dry.requests.map((r) => r.route).every((route) => route === R.imageDiffStatus)).toBe(true);
        const message = failureOf(dry.run);
        expect(message).toMatch(/^Timed out after waiting 5\s?s \(wait_timeout\) reading the diff status\./);
        // Read over the whole wait_timeout, no longer than it allows (and the step's safety net).
        expect((reads.at(-1)?.time ?? 0) - nth(reads, 0).time).toBeGreaterThanOrEqual(3_000);
        expect(dry.run.outputs['dry_run']).toBe('true');
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});
