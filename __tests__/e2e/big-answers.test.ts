// End to end: releases of real game builds, whose answers list files and installs by the
// ten thousand, with the bundled action (dist/index.js) as a child process against the
// in-process emulator. The diff's file lists are counted as they stream and only the
// first paths are kept; an answer over its ceiling is refused as it arrives, once.
// Every scenario starts when this file loads and they all run at once; the tests only
// assert on what each one saw.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  EMULATOR_FIRST_DIFF_ID,
  EMULATOR_ASID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  withMachinesPerRegion,
  type Emulator,
  type ImageDiff,
  type PathList,
  type RecordedRequest
} from '../../emulator/index.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { commands, type ActionRun } from './helpers/run-action.ts';
import {
  allScenarios,
  DIFF_ID,
  FIRST_VERSION,
  scenario,
  TWO_SECOND_JOB,
  type Case,
  type ScenarioResult,
  type ScenarioSetup
} from './helpers/scenario.ts';

afterAll(() => allScenarios());

const R = ROUTE_NAMES;
const IMAGE = String(EMULATOR_IMAGE_ID);
const MADE = EMULATOR_FIRST_DIFF_ID;
const ASID_QUERY = { accountserviceid: '12345' };
/** The action makes the diff: no diffid, an image and a build machine. */
const MAKE_DIFF = { diffid: '', imageid: IMAGE, machineid: '9001' };
/** The log and the summary list this many paths at most (src/clanforge/wire/diff.ts, MAX_LISTED_PATHS). */
const LISTED = 50;
/** The ceiling of an image-diff status answer (src/clanforge/wire/list-reading.ts, DIFF_STATUS_LIMIT). */
const DIFF_CEILING = 256 * 1024 * 1024;
/** Every emulated duration over 60: the made diff's 60 s job takes 1 s. */
const FAST = 60;
/** Big answers on a loaded machine: well past the default 20 s before the step is killed. */
const KILL_AFTER_MS = 90_000;

interface BigResult extends ScenarioResult {
  /** Closed by now; its diffs and versions are still there to read. */
  emulator: Emulator;
}

/** scenario() that also keeps the emulator, for what its diffs hold. */
function big(setup: ScenarioSetup): Promise<BigResult> {
  let emulator: Emulator | undefined;
  const promise = scenario({
    killAfterMs: KILL_AFTER_MS,
    ...setup,
    during: async (running) => {
      emulator = running;
      return {};
    }
  }).then((result) => ({ ...result, emulator: emulator as Emulator }));
  promise.catch(() => {});
  return promise;
}

const on = (result: ScenarioResult, route: string): RecordedRequest[] => result.requests.filter((r) => r.route === route);

/** Routes in order, runs of the same route (status polls) collapsed to one entry. */
function routeSequence(requests: readonly RecordedRequest[]): (string | null)[] {
  return requests.map((r) => r.route).filter((route, i, all) => i === 0 || route !== all[i - 1]);
}

function diffOf(result: BigResult, diffId: number): ImageDiff {
  const diff = result.emulator.diffs.get(diffId);
  if (diff === undefined) throw new Error(`the emulator knows no diff ${diffId}`);
  return diff;
}

/** What the log and the summary must list: the diff's first paths, added first, then modified, then removed. */
function firstLines(diff: ImageDiff): string[] {
  const first = (list: PathList, mark: string): string[] =>
    Array.from({ length: Math.min(list.length, LISTED) }, (_, i) => `${mark} ${list.at(i) ?? ''}`);
  const { added, modified, removed } = diff.changes;
  return [...first(added, '+'), ...first(modified, '~'), ...first(removed, '-')].slice(0, LISTED);
}

/** The numbers of the synthetic files (`…/file_012345.pak`) named anywhere in the step's log, outputs and summary. */
function filesNamed(run: ActionRun): number[] {
  const text = [run.stdout, run.stderr, run.summary, ...run.outputWrites.flat()].join('\n');
  return [...new Set([...text.matchAll(/file_(\d+)\.\w+/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/**
 * The diff's changes as the step reports them: the counts in the outputs, one log line
 * and the summary, the first paths in the log's group and in the summary, then how many
 * more; no path past the first ones anywhere, and a log that does not grow with the diff.
 */
function expectChangesReported(result: BigResult, diffId: number): void {
  const { run } = result;
  const diff = diffOf(result, diffId);
  const { added, modified, removed } = diff.changes;
  const total = added.length + modified.length + removed.length;
  expect(run.outputs).toMatchObject({
    files_added: String(added.length),
    files_modified: String(modified.length),
    files_removed: String(removed.length)
  });
  // Counts as a person reads them: 25,000 (en-US grouping).
  const n = (value: number): string => value.toLocaleString('en-US');
  const counts = `${n(added.length)} added, ${n(modified.length)} modified, ${n(removed.length)} removed`;
  expect(run.lines).toContain(`Diff ${diffId}: ${counts}`);
  const lines = firstLines(diff);
  expect(lines).toHaveLength(LISTED);
  const more = `… and ${n(total - LISTED)} more`;
  const group = run.lines.indexOf(`::group::Changed files (${n(total)})`);
  expect(group).toBeGreaterThan(-1);
  expect(run.lines.slice(group + 1, group + LISTED + 3)).toEqual([...lines, more, '::endgroup::']);
  expect(run.summary).toContain(`<h3>Diff</h3>\n<p>${counts}</p>\n<pre>${lines.join('\n')}\n${more}</pre>`);
  // The first LISTED files are numbered 0 to LISTED - 1 (diff-files.ts): those, and no other, are named.
  expect(filesNamed(run)).toEqual(Array.from({ length: LISTED }, (_, i) => i));
  expect(run.lines.length).toBeLessThan(150);
  expect(run.summary.length).toBeLessThan(20_000);
}

/**
 * The refusal of an image-diff status answer over its ceiling, as the step must word it; a diff
 * the action made stays open, so the message also says it may still lock the image.
 */
function refusal(result: ScenarioResult, diffId: number, seen: string): string {
  const made = result.requests.some((r) => r.route === R.imageDiffCreate);
  return (
    `Could not read the status of image diff ${diffId}: the answer is larger than 256 MiB (${seen}); it was not read, ` +
    'and asking again would get the same answer.\n' +
    `Clanforge does not send answers of this size for this request: check that api_url (${new URL(result.emulatorUrl).origin}) ` +
    'reaches the API, not a proxy or another service; if the account really holds that much, report it to Multiplay support.' +
    (made
      ? ` Diff ${diffId} may still lock the image: reject it (GET /cfp/v1/imagediff/${diffId}/reject?accountserviceid=${EMULATOR_ASID}&reinstall=0) before the next run.`
      : '')
  );
}

/** An image-diff status answer of `bytes` bytes of valid JSON, with Content-Length or chunked. */
function oversize(bytes: number, contentLength: boolean): NonNullable<ScenarioSetup['emulator']> {
  return {
    time: { scale: FAST },
    faults: { specs: [{ route: R.imageDiffStatus, kind: 'respond', status: 200, body: { kind: 'large', bytes, contentLength } }] }
  };
}

/** The refused stage ends the step: exit 1 with the message, the status read once, no version asked for. */
function expectRefused(result: BigResult, diffId: number, seen: string, routes: string[]): void {
  const { run } = result;
  expect(run.code).toBe(1);
  expect(failureOf(run)).toBe(refusal(result, diffId, seen));
  expect(commands(run, 'warning')).toEqual([]);
  expect(routeSequence(result.requests)).toEqual(routes);
  expect(on(result, R.imageDiffStatus)).toHaveLength(1);
  expect(on(result, R.imageVersionCreate)).toEqual([]);
  expect(result.versions).toEqual([]);
  expect(Object.keys(run.outputs)).not.toContain('imageversionid');
  expect(run.summary).toContain(`<pre>${refusal(result, diffId, seen).split('\n')[0]}</pre>`);
  expect(run.summary).toContain('<p><b>What to do next:</b> Clanforge does not send answers of this size for this request');
}

describe('a release with a huge diff', () => {
  const rows: Case<BigResult>[] = [
    {
      name: 'a made diff of 100 000 files, wait: true: the version is created and Complete; counts in the outputs, the first 50 paths listed',
      result: big({
        emulator: { time: { scale: FAST }, diffs: { plan: { files: 100_000 } }, versions: { plan: { durationSeconds: 120 } } },
        inputs: { ...MAKE_DIFF, wait: 'true', poll_interval: '1' }
      }),
      check: (result) => {
        const { run } = result;
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(commands(run, 'warning')).toEqual([]);
        // The split the emulator documents (a quarter added, a quarter removed): the outputs are checked against its lists.
        const { added, modified, removed } = diffOf(result, MADE).changes;
        expect([added.length, modified.length, removed.length]).toEqual([25_000, 50_000, 25_000]);
        // The answer really was big: every file with its size and checksum, about 12 MB.
        const read = on(result, R.imageDiffStatus).filter((r) => r.status === 200);
        expect(Math.max(...read.map((r) => r.responseBytes ?? 0))).toBeGreaterThan(12_000_000);
        expect(routeSequence(result.requests)).toEqual([
          R.imageDiffCreate,
          R.imageDiffStatus,
          R.imageInstallStatus,
          R.imageVersionCreate,
          R.imageVersionStatus
        ]);
        // A diff with changes: a differential version, no full parameter.
        expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(MADE), restart: '0', force: '0' });
        expect(nth(result.versions, 0)).toMatchObject({ imageversionid: FIRST_VERSION, diffid: MADE, full: undefined });
        expect(run.outputs).toMatchObject({
          diffid: String(MADE),
          imageversionid: String(FIRST_VERSION),
          jobstatename: 'Complete',
          jobstateid: '5',
          skipped: 'false'
        });
        expectChangesReported(result, MADE);
        expect(run.summary).toContain('… and 99,950 more</pre>');
        expectNoLeaks(run);
      }
    },
    {
      name: 'a given diff of 20 000 files with full: auto: read once, counted, a differential version (no full parameter)',
      result: big({
        emulator: { diffs: { findings: { [DIFF_ID]: { files: 20_000 } } } },
        inputs: { full: 'auto' }
      }),
      check: (result) => {
        const { run } = result;
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        const { added, modified, removed } = diffOf(result, DIFF_ID).changes;
        expect([added.length, modified.length, removed.length]).toEqual([5_000, 10_000, 5_000]);
        expect(routeSequence(result.requests)).toEqual([R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
        const read = nth(on(result, R.imageDiffStatus), 0);
        expect(on(result, R.imageDiffStatus)).toHaveLength(1);
        expect(read.query).toEqual({ ...ASID_QUERY, diff_info: '1' });
        expect(read.responseBytes).toBeGreaterThan(2_000_000);
        expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF_ID), restart: '0', force: '0' });
        expect(nth(result.versions, 0)).toMatchObject({ diffid: DIFF_ID, full: undefined });
        expect(run.outputs).toMatchObject({ diffid: String(DIFF_ID), imageversionid: String(FIRST_VERSION), skipped: 'false' });
        expectChangesReported(result, DIFF_ID);
        expect(run.summary).toContain('… and 19,950 more</pre>');
        expectNoLeaks(run);
      }
    }
  ];

  test.each(rows)('$name', async ({ result, check }) => {
    await check(await result);
  });
});

describe('an image-diff status answer over its 256 MiB ceiling: refused as it arrives, not asked again, nothing created', () => {
  const rows: Case<BigResult>[] = [
    {
      name: 'Content-Length one byte over: refused before the body is read',
      result: big({ emulator: oversize(DIFF_CEILING + 1, true), inputs: { ...MAKE_DIFF, wait: 'true', poll_interval: '1' } }),
      check: (result) => {
        expectRefused(result, MADE, `Content-Length ${DIFF_CEILING + 1}`, [R.imageDiffCreate, R.imageDiffStatus]);
        // The step left without reading it: the emulator could write no more than the socket buffers took.
        const read = nth(on(result, R.imageDiffStatus), 0);
        expect(read.status).toBe('aborted');
        expect(read.responseBytes).toBeLessThan(64 * 1024 * 1024);
        expect(result.run.outputs).toEqual({ dry_run: 'false', diffid: String(MADE) });
        expectNoLeaks(result.run);
      }
    },
    {
      // Streaming 256 MiB over loopback takes one to three seconds here: the exact boundary is worth it.
      name: 'chunked, one byte over: read up to the ceiling, refused at the byte past it',
      result: big({ emulator: oversize(DIFF_CEILING + 1, false), inputs: { ...MAKE_DIFF, wait: 'true', poll_interval: '1' } }),
      check: (result) => {
        expectRefused(result, MADE, `more than ${DIFF_CEILING} bytes`, [R.imageDiffCreate, R.imageDiffStatus]);
        // No Content-Length: only the bytes that came could tell, and all of them had to come.
        const read = nth(on(result, R.imageDiffStatus), 0);
        expect(read.responseHeaders['content-length']).toBeUndefined();
        expect(read.responseBytes).toBe(DIFF_CEILING + 1);
        expect(result.run.outputs).toEqual({ dry_run: 'false', diffid: String(MADE) });
        expectNoLeaks(result.run);
      }
    },
    {
      name: 'chunked, 1 GiB, a given diff with full: auto: the step stops reading soon after the ceiling, not at the end',
      result: big({ emulator: oversize(4 * DIFF_CEILING, false), inputs: { full: 'auto' } }),
      check: (result) => {
        expectRefused(result, DIFF_ID, `more than ${DIFF_CEILING} bytes`, [R.imageDiffStatus]);
        expect(result.run.lines).toContain(`Reading what diff ${DIFF_ID} changed`);
        const read = nth(on(result, R.imageDiffStatus), 0);
        expect(read.status).toBe('aborted');
        expect(read.responseBytes).toBeGreaterThan(DIFF_CEILING);
        expect(read.responseBytes).toBeLessThan(DIFF_CEILING + 64 * 1024 * 1024);
        expect(result.run.outputs).toEqual({ dry_run: 'false', diffid: String(DIFF_ID) });
        expectNoLeaks(result.run);
      }
    }
  ];

  test.each(rows)('$name', async ({ result, check }) => {
    await check(await result);
  });
});

describe('a rollout to thousands of machines', () => {
  const image = withMachinesPerRegion(EMULATOR_IMAGE, 2500);
  const machines = image.fleets.flatMap((f) => f.regions).reduce((sum, region) => sum + region.machines, 0);

  const rows: Case<BigResult>[] = [
    {
      // The machines turn pending 2 s after the job completes: until then only imageinstall/status,
      // a row per machine, shows that the version is still to be installed.
      name: 'wait_for: rollout on an image of 10 000 machines: waits out every install, completed_machines 10000',
      result: big({
        emulator: {
          images: [image],
          time: { scale: TWO_SECOND_JOB },
          // Machines pending for 5 s: a loaded machine reads 10 000 installs slowly, and the wait must still see them pending.
          rollouts: { plan: { delaySeconds: 2 * TWO_SECOND_JOB, durationSeconds: 5 * TWO_SECOND_JOB } }
        },
        inputs: { wait_for: 'rollout', imageid: IMAGE, poll_interval: '1' }
      }),
      check: (result) => {
        const { run } = result;
        expect(machines).toBe(10_000);
        // Counts in the log and the summary are grouped as a person reads them; outputs stay plain digits.
        const shown = '10,000';
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(commands(run, 'warning')).toEqual([]);
        expect(run.outputs).toMatchObject({
          imageversionid: String(FIRST_VERSION),
          jobstatename: 'Complete',
          rollout: 'complete',
          completed_machines: String(machines),
          pending_machines: '0',
          failed_machines: '0'
        });
        // A row per machine: an answer of several MB, read whole and counted.
        const installs = on(result, R.imageInstallStatus).filter((r) => r.status === 200);
        expect(Math.max(...installs.map((r) => r.responseBytes ?? 0))).toBeGreaterThan(machines * 350);
        expect(run.lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^\\[\\d+s\\] rollout: completed ${shown}/${shown}, pending 0, failed 0; ${shown} install\\(s\\) of image version ${FIRST_VERSION} still listed \\(imageinstall/status\\)$`
            )
          )
        );
        // So the wait did not end on the image view at rest: it saw the machines pending, then done.
        const rollouts = on(result, R.imageRollout).filter((r) => r.status === 200);
        const pending = rollouts.map((r) => Number((JSON.parse(r.responseBody ?? '{}') as Record<string, unknown>)['pending_machines']));
        expect(pending.some((p) => p > 0)).toBe(true);
        expect(pending.at(-1)).toBe(0);
        expect(run.lines).toContain(`Rollout of image ${IMAGE} complete: completed ${shown}/${shown}, pending 0, failed 0.`);
        expect(run.summary).toContain(`installed on every machine (${shown} machines)`);
        expect(run.lines.length).toBeLessThan(150);
        expectNoLeaks(run);
      }
    }
  ];

  test.each(rows)('$name', async ({ result, check }) => {
    await check(await result);
  });
});
