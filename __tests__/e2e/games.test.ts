// End to end: the image's game. image/options takes gameid and imageid together or neither,
// so before it can ask what locks an image the action needs the image's game: input gameid,
// else the game a diff's status names (diff_info=1), else image/options with neither
// parameter (one game: that one; several: each game's pair in turn until one lists the
// image). Against the strict emulator, which answers 400 to any parameter the docs do not
// list and to half of the pair, with one game and with several: the dry run's lock read,
// the outcome check after a create whose answer was lost, a given diff read for full: auto,
// and an image update whose answer names no updateid. Every scenario starts when this file loads.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  EMULATOR_ASID,
  EMULATOR_FIRST_DIFF_ID,
  EMULATOR_FIRST_UPDATE_ID,
  EMULATOR_GAME_ID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  type EmulatorOptions,
  type ImageSpec,
  type RecordedRequest
} from '../../emulator/index.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { buildUrlMasks } from './helpers/leaks.ts';
import { commands, type ActionRun } from './helpers/run-action.ts';
import { allScenarios, CREATE, DIFF_ID, scenario, type Case, type ScenarioResult, type ScenarioSetup } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const R = ROUTE_NAMES;
const STATE_CHANGING: readonly string[] = [R.imageVersionCreate, R.imageDiffCreate, R.imageDiffReject, R.imageUpdateCreate];
const SAFE_READS: readonly string[] = [R.imageInstallStatus, R.imageOptions, R.imageDiffStatus, R.imageVersionStatus, R.imageRollout];
const ASID = `accountserviceid=${EMULATOR_ASID}`;
const LOCKING_DIFF = 218595;

/** Two games: image 77 in game 501 (the first), image 78 in game 502 (the second). */
const FIRST_GAME = EMULATOR_GAME_ID;
const SECOND_GAME = 502;
const IMAGE = EMULATOR_IMAGE_ID;
const OTHER_IMAGE = 78;
const TWO_GAMES: ImageSpec[] = [
  { ...EMULATOR_IMAGE, imageid: IMAGE, gameid: FIRST_GAME },
  { ...EMULATOR_IMAGE, imageid: OTHER_IMAGE, gameid: SECOND_GAME }
];
/** The action makes the diff: no diffid, an image and a build machine. */
const makeDiff = (imageid: number): Record<string, string> => ({ diffid: '', imageid: String(imageid), machineid: '9001' });
/** Jobs of 60 emulated seconds take 0.2 s. */
const FAST: EmulatorOptions['time'] = { scale: 300 };
/** The not-created verdict needs the check's whole minute, in real time, and more. */
const MINUTE_AND_MORE = 120_000;

/** A distinctive token inside a signed-looking build URL, so a leak is a plain substring search. */
const URL_TOKEN = 'e2eGamesURLtok3Rw8Zq5Jn';
const UPDATE_URL = `https://builds.storage.example.net/space-game/v2.7.0/server.zip?X-Goog-Signature=${URL_TOKEN}`;

const on = (result: ScenarioResult, route: string): RecordedRequest[] => result.requests.filter((r) => r.route === route);
const queryOf = (request: RecordedRequest): string => request.url.split('?')[1] ?? '';
/** The JSON answer a request got; {} when none was sent. */
const bodyOf = (request: RecordedRequest | undefined): Record<string, unknown> =>
  JSON.parse(request?.responseBody ?? '{}') as Record<string, unknown>;
/** The query of every image/options request, in order. */
const optionsQueries = (result: ScenarioResult): string[] => on(result, R.imageOptions).map(queryOf);
const pairQuery = (gameid: number, imageid: number): string => `${ASID}&gameid=${gameid}&imageid=${imageid}`;
const stateChanging = (result: ScenarioResult): RecordedRequest[] =>
  result.requests.filter((r) => r.route !== null && STATE_CHANGING.includes(r.route));

/**
 * Every request went to a documented route with documented parameters: the strict emulator
 * answers 400 to an unknown parameter and to gameid or imageid given without the other.
 */
function expectDocumentedRequests(result: ScenarioResult): void {
  expect(result.requests.filter((r) => r.route === null).map((r) => r.url)).toEqual([]);
  expect(result.requests.filter((r) => r.status === 400).map((r) => `${r.url}: ${r.responseBody ?? ''}`)).toEqual([]);
  for (const request of on(result, R.imageOptions)) expect('gameid' in request.query).toBe('imageid' in request.query);
}

/** A dry run: no state-changing request, nothing made, dry_run true, no version id. */
function expectDryRunSafe(dry: ScenarioResult): void {
  expect(stateChanging(dry)).toEqual([]);
  expect(dry.versions).toEqual([]);
  expect(dry.run.outputs['dry_run']).toBe('true');
  expect(Object.keys(dry.run.outputs)).not.toContain('imageversionid');
  expectNoLeaks(dry.run);
}

/** One create, whatever happened; every request after it a safe read. */
function expectCreateNeverRepeated(result: ScenarioResult): void {
  expect(result.creates).toHaveLength(1);
  const after = result.requests.slice(result.requests.findIndex((r) => r.route === CREATE) + 1);
  expect(after.filter((r) => !SAFE_READS.includes(r.route ?? '')).map((r) => r.url)).toEqual([]);
}

const dryRun = (setup: ScenarioSetup & { inputs: Record<string, string> }): Promise<ScenarioResult> =>
  scenario({ ...setup, inputs: { ...setup.inputs, dry_run: 'true' } });

interface Pair {
  dry: ScenarioResult;
  real: ScenarioResult;
}

/** The same setup as a dry run and as a real run, each on its own emulator. */
function pair(setup: ScenarioSetup & { inputs: Record<string, string> }): Promise<Pair> {
  const promise = Promise.all([dryRun(setup), scenario(setup)]).then(([dry, real]) => ({ dry, real }));
  promise.catch(() => {});
  return promise;
}

/** The plan's request lines (`  1. GET /cfp/v1/…`). */
const plannedLines = (run: ActionRun): string[] => run.lines.filter((line) => /^ {2}\d+\. GET \//.test(line));

describe('a dry run with imageid and machineid reads what locks the image, with the pair', () => {
  const rows: Case<ScenarioResult>[] = [
    {
      name: 'one game, not locked: image/options with neither parameter names the game, then the pair says not locked',
      result: dryRun({ emulator: { time: FAST }, inputs: makeDiff(IMAGE) }),
      check: (dry) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageOptions, R.imageOptions]);
        expect(optionsQueries(dry)).toEqual([ASID, pairQuery(FIRST_GAME, IMAGE)]);
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: not locked`);
        expect(commands(dry.run, 'warning')).toEqual([]);
        expect(plannedLines(dry.run)).toEqual([
          `  1. GET /cfp/v1/imagediff/create?${ASID}&imageid=${IMAGE}&machineid=9001`,
          `  2. GET /cfp/v1/imageversion/create?${ASID}&diffid=<diffid from request 1>&restart=0&force=0`
        ]);
      }
    },
    {
      name: 'several games, no input gameid, the image in the second game: neither parameter, then each pair until the one that lists it',
      result: dryRun({ emulator: { images: TWO_GAMES }, inputs: makeDiff(OTHER_IMAGE) }),
      check: (dry) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        // The answer that lists the image names its lock: no further read.
        expect(optionsQueries(dry)).toEqual([ASID, pairQuery(FIRST_GAME, OTHER_IMAGE), pairQuery(SECOND_GAME, OTHER_IMAGE)]);
        expect(dry.requests.map((r) => r.route)).toEqual([R.imageOptions, R.imageOptions, R.imageOptions]);
        expect(dry.run.lines).toContain(`Read: image ${OTHER_IMAGE}: not locked`);
        expect(commands(dry.run, 'warning')).toEqual([]);
        expect(nth(plannedLines(dry.run), 0)).toBe(`  1. GET /cfp/v1/imagediff/create?${ASID}&imageid=${OTHER_IMAGE}&machineid=9001`);
      }
    },
    {
      name: 'several games, input gameid: only the pair, no read with neither parameter',
      result: dryRun({ emulator: { images: TWO_GAMES }, inputs: { ...makeDiff(OTHER_IMAGE), gameid: String(SECOND_GAME) } }),
      check: (dry) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        expect(optionsQueries(dry)).toEqual([pairQuery(SECOND_GAME, OTHER_IMAGE)]);
        expect(dry.requests).toHaveLength(1);
        expect(dry.run.lines).toContain(`Read: image ${OTHER_IMAGE}: not locked`);
        expect(commands(dry.run, 'warning')).toEqual([]);
      }
    },
    {
      name: "several games, none of those image/options lists is the image's: a warning naming input gameid, the lock not checked, the dry run still succeeds",
      result: dryRun({
        emulator: {
          images: [...TWO_GAMES, { ...EMULATOR_IMAGE, imageid: 79, gameid: 503 }],
          // The account's games as the first answer lists them: the image's own game (501) is not among them.
          faults: {
            answerFields: [
              {
                route: R.imageOptions,
                request: 1,
                fields: {
                  games: [
                    { gameid: SECOND_GAME, name: 'game 502' },
                    { gameid: 503, name: 'game 503' }
                  ]
                }
              }
            ]
          }
        },
        inputs: makeDiff(IMAGE)
      }),
      check: (dry) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        // At most one read per game listed, then it gives up.
        expect(optionsQueries(dry)).toEqual([ASID, pairQuery(SECOND_GAME, IMAGE), pairQuery(503, IMAGE)]);
        const warnings = commands(dry.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toMatch(new RegExp(`^Dry run: the lock on image ${IMAGE} was not checked`));
        expect(nth(warnings, 0)).toContain('none of the account');
        expect(nth(warnings, 0)).toContain('give input gameid');
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: lock not checked (the game of the image is not known)`);
        expect(dry.run.summary).toContain('lock not checked');
        // The plan is still the real run's.
        expect(plannedLines(dry.run)).toHaveLength(2);
        expect(commands(dry.run, 'error')).toEqual([]);
      }
    },
    {
      name: "a wrong input gameid: the pair's answer does not list the image, so its lock is not checked (never read as free), naming input gameid",
      result: dryRun({ emulator: { images: TWO_GAMES }, inputs: { ...makeDiff(IMAGE), gameid: String(SECOND_GAME) } }),
      check: (dry) => {
        expect(dry.run.code).toBe(0);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        expect(optionsQueries(dry)).toEqual([pairQuery(SECOND_GAME, IMAGE)]);
        const warnings = commands(dry.run, 'warning');
        expect(warnings).toEqual([
          `Dry run: the lock on image ${IMAGE} was not checked: image/options for game ${SECOND_GAME} (input gameid) does not list image ${IMAGE}; give input gameid (the id of the game the image belongs to, as GET /cfp/v1/image/options lists it).`
        ]);
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: lock not checked (game ${SECOND_GAME} does not list it)`);
        expect(dry.run.lines).not.toContain(`Read: image ${IMAGE}: not locked`);
        // A dry run creates nothing, and no notice says it did.
        expect(commands(dry.run, 'notice')).toEqual([]);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe("a dry run of a locked image fails with the real run's message", () => {
  const rows: Case<Pair>[] = [
    {
      name: 'one game, locked by a diff (reject_locking_diff: false)',
      result: pair({ emulator: { diffs: { lockedBy: { [IMAGE]: LOCKING_DIFF } } }, inputs: makeDiff(IMAGE) }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        expect(optionsQueries(dry)).toEqual([ASID, pairQuery(FIRST_GAME, IMAGE)]);
        expect(dry.run.lines).toContain(`Read: image ${IMAGE}: locked by diff ${LOCKING_DIFF}`);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain(`image ${IMAGE} is locked by diff ${LOCKING_DIFF}`);
        // The real run met the lock on the diff creation (its one 400), and made nothing.
        expect(stateChanging(real).map((r) => r.route)).toEqual([R.imageDiffCreate]);
        expect(real.requests.filter((r) => r.status === 400).map((r) => [r.route, bodyOf(r)['error_message']])).toEqual([
          [R.imageDiffCreate, `image locked by diffid: ${LOCKING_DIFF}`]
        ]);
        expect(real.versions).toEqual([]);
        expectNoLeaks(real.run);
      }
    },
    {
      name: 'several games, the image in the second game locked by a diff: the lock comes from the pair that lists it',
      result: pair({
        emulator: { images: TWO_GAMES, diffs: { lockedBy: { [OTHER_IMAGE]: LOCKING_DIFF } } },
        inputs: makeDiff(OTHER_IMAGE)
      }),
      check: ({ dry, real }) => {
        expect(dry.run.code).toBe(1);
        expect(real.run.code).toBe(1);
        expectDryRunSafe(dry);
        expectDocumentedRequests(dry);
        expect(optionsQueries(dry)).toEqual([ASID, pairQuery(FIRST_GAME, OTHER_IMAGE), pairQuery(SECOND_GAME, OTHER_IMAGE)]);
        expect(dry.run.lines).toContain(`Read: image ${OTHER_IMAGE}: locked by diff ${LOCKING_DIFF}`);
        expect(failureOf(dry.run)).toBe(failureOf(real.run));
        expect(failureOf(dry.run)).toContain(`image ${OTHER_IMAGE} is locked by diff ${LOCKING_DIFF}`);
        expectNoLeaks(real.run);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

/** The failure of a create reset before it was processed: nothing was made; the check's whole minute says so. */
function expectNotCreated(result: ScenarioResult, diffId: number, imageId: number, pairQueryText: string): void {
  expect(result.run.code).toBe(1);
  expect(result.run.killed).toBe(false);
  expectCreateNeverRepeated(result);
  expect(nth(result.creates, 0).status).toBe('reset');
  expect(result.versions).toHaveLength(0);
  const message = failureOf(result.run);
  expect(message.startsWith('The image version was not created: safe to re-run.')).toBe(true);
  expect(message).toContain(`Diff ${diffId} still locks image ${imageId} 60 s later`);
  expect(result.run.outputs).not.toHaveProperty('imageversionid');
  // The lock read each round, with the pair, over the whole minute; the verdict well within 75 s of the create.
  const checks = on(result, R.imageOptions).filter((r) => r.time > nth(result.creates, 0).time);
  expect(checks.length).toBeGreaterThanOrEqual(6);
  for (const check of checks) expect(queryOf(check)).toBe(pairQueryText);
  expect((checks.at(-1)?.time ?? 0) - nth(checks, 0).time).toBeGreaterThanOrEqual(59_000);
  expect(result.run.exitedAtEpoch - nth(result.creates, 0).time).toBeLessThan(75_000);
  expectDocumentedRequests(result);
  expectNoLeaks(result.run);
}

describe('after a create whose answer was lost: the game is found, the check reaches a verdict', () => {
  const rows: Case[] = [
    {
      name: 'the action made the diff (one game), reset before processing: not created, safe to re-run; one create',
      result: scenario({
        emulator: { time: FAST, faults: { specs: [{ route: CREATE, kind: 'reset', process: false }] } },
        inputs: { ...makeDiff(IMAGE), poll_interval: '1' },
        killAfterMs: MINUTE_AND_MORE
      }),
      check: (result) => {
        // The diff the action made locks the image: its status named the game, so no read without the pair.
        expect(result.run.outputs['diffid']).toBe(String(EMULATOR_FIRST_DIFF_ID));
        expect(on(result, R.imageDiffStatus).every((r) => r.query['diff_info'] === '1')).toBe(true);
        expect(optionsQueries(result).every((q) => q === pairQuery(FIRST_GAME, IMAGE))).toBe(true);
        expectNotCreated(result, EMULATOR_FIRST_DIFF_ID, IMAGE, pairQuery(FIRST_GAME, IMAGE));
      }
    },
    {
      name: 'the action made the diff (one game), processed then the answer lost, wait: true: created, reported, waited for to Complete; one create',
      result: scenario({
        emulator: { time: FAST, faults: { specs: [{ route: CREATE, kind: 'lost' }] } },
        inputs: { ...makeDiff(IMAGE), wait: 'true', poll_interval: '1' }
      }),
      check: (result) => {
        expect(result.run.code).toBe(0);
        expectCreateNeverRepeated(result);
        expect(nth(result.creates, 0).status).toBe('reset');
        expect(result.versions).toHaveLength(1);
        const version = nth(result.versions, 0);
        expect(version.diffid).toBe(EMULATOR_FIRST_DIFF_ID);
        const id = String(version.imageversionid);
        expect(result.run.outputs).toMatchObject({ imageversionid: id, jobstateid: '5', diffid: String(EMULATOR_FIRST_DIFF_ID) });
        expect(commands(result.run, 'warning')).toContainEqual(
          expect.stringContaining(`The create went through after all: image version ${id} of image ${IMAGE}`)
        );
        // The wait followed the version found, to its end.
        const polls = on(result, R.imageVersionStatus);
        expect(polls.length).toBeGreaterThan(0);
        expect(polls.every((r) => r.path === `/cfp/v1/imageversion/${id}/status`)).toBe(true);
        expect(bodyOf(polls.at(-1))).toMatchObject({ jobstateid: 5 });
        expect(optionsQueries(result).length).toBeGreaterThan(0);
        expect(optionsQueries(result).every((q) => q === pairQuery(FIRST_GAME, IMAGE))).toBe(true);
        expectDocumentedRequests(result);
        expectNoLeaks(result.run);
      }
    },
    {
      name: "diffid alone, several games, processed then the answer lost: the diff's status names image and game; created",
      result: scenario({
        emulator: {
          time: FAST,
          images: TWO_GAMES,
          diffs: { lockedBy: { [OTHER_IMAGE]: DIFF_ID } },
          faults: { specs: [{ route: CREATE, kind: 'lost' }] }
        },
        inputs: { poll_interval: '1' }
      }),
      check: (result) => {
        expect(result.run.code).toBe(0);
        expectCreateNeverRepeated(result);
        expect(result.versions).toHaveLength(1);
        const version = nth(result.versions, 0);
        expect(version.imageid).toBe(OTHER_IMAGE);
        const id = String(version.imageversionid);
        expect(result.run.outputs['imageversionid']).toBe(id);
        expect(commands(result.run, 'warning')).toContainEqual(
          expect.stringContaining(`The create went through after all: image version ${id} of image ${OTHER_IMAGE}`)
        );
        // After the create: the diff's status with diff_info, then the pair of its image and game, never a read without it.
        const createdAt = result.requests.findIndex((r) => r.route === CREATE);
        const statusAt = result.requests.findIndex((r) => r.route === R.imageDiffStatus);
        expect(statusAt).toBeGreaterThan(createdAt);
        expect(queryOf(nth(result.requests, statusAt))).toBe(`${ASID}&diff_info=1`);
        expect(optionsQueries(result).length).toBeGreaterThan(0);
        expect(optionsQueries(result).every((q) => q === pairQuery(SECOND_GAME, OTHER_IMAGE))).toBe(true);
        expectDocumentedRequests(result);
        expectNoLeaks(result.run);
      }
    },
    {
      name: "diffid alone, several games, reset before processing: the diff's status names image and game; not created, safe to re-run",
      result: scenario({
        emulator: {
          images: TWO_GAMES,
          diffs: { lockedBy: { [OTHER_IMAGE]: DIFF_ID } },
          faults: { specs: [{ route: CREATE, kind: 'reset', process: false }] }
        },
        inputs: {},
        killAfterMs: MINUTE_AND_MORE
      }),
      check: (result) => {
        const statuses = on(result, R.imageDiffStatus);
        expect(statuses.length).toBeGreaterThan(0);
        expect(statuses.every((r) => queryOf(r) === `${ASID}&diff_info=1`)).toBe(true);
        expect(optionsQueries(result).every((q) => q === pairQuery(SECOND_GAME, OTHER_IMAGE))).toBe(true);
        expectNotCreated(result, DIFF_ID, OTHER_IMAGE, pairQuery(SECOND_GAME, OTHER_IMAGE));
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result), MINUTE_AND_MORE);
});

describe('a given diff on an account with several games', () => {
  const rows: Case[] = [
    {
      name: 'full: auto, a real run: reads the diff, creates the version; no image/options read, every request documented',
      result: scenario({
        emulator: { images: [TWO_GAMES[0] as ImageSpec, { ...(TWO_GAMES[1] as ImageSpec), diffIds: [DIFF_ID] }] },
        inputs: { full: 'auto' }
      }),
      check: (result) => {
        expect(result.run.code).toBe(0);
        // The diff's status, the installs listed before the create (what the outcome check would compare with), the create.
        expect(result.requests.map((r) => r.route)).toEqual([R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
        expect(queryOf(nth(result.requests, 0))).toBe(`${ASID}&diff_info=1`);
        expect(on(result, R.imageOptions)).toEqual([]);
        expectDocumentedRequests(result);
        // The diff has changes: a differential version, full left out.
        expect(nth(result.creates, 0).query).not.toHaveProperty('full');
        expect(result.versions).toHaveLength(1);
        expect(nth(result.versions, 0).imageid).toBe(OTHER_IMAGE);
        expect(result.run.outputs['imageversionid']).toBe(String(nth(result.versions, 0).imageversionid));
        expect(Number(result.run.outputs['files_added'])).toBeGreaterThan(0);
        expect(commands(result.run, 'warning')).toEqual([]);
        expectNoLeaks(result.run);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

/** An image update whose imageupdate/create answer has no updateid (the docs allow it). */
function updateWithoutId(images: readonly ImageSpec[] | undefined, imageid: number): Promise<ScenarioResult> {
  return scenario({
    emulator: {
      // The update lasts 3 s, the diff 2 s.
      time: { scale: 30 },
      ...(images === undefined ? {} : { images }),
      faults: { answerFields: [{ route: R.imageUpdateCreate, fields: { updateid: undefined } }] }
    },
    inputs: { ...makeDiff(imageid), update_url: UPDATE_URL, poll_interval: '1' }
  });
}

function expectUpdateFollowed(result: ScenarioResult, imageid: number, optionsSeen: string[]): void {
  expect(result.run.code).toBe(0);
  const update = nth(on(result, R.imageUpdateCreate), 0);
  expect(update.status).toBe(200);
  expect(bodyOf(update)).not.toHaveProperty('updateid');
  // Found through image/options: the read with the pair names the running update.
  expect(optionsQueries(result)).toEqual(optionsSeen);
  const named = on(result, R.imageOptions).at(-1);
  expect(bodyOf(named)).toMatchObject({ updateid: EMULATOR_FIRST_UPDATE_ID });
  expect(result.run.lines).toContainEqual(
    expect.stringContaining(`image/options names image update ${EMULATOR_FIRST_UPDATE_ID} as locking image ${imageid}: following it.`)
  );
  // Followed to its end, then the diff and the version.
  const polls = on(result, R.imageUpdateStatus);
  expect(polls.length).toBeGreaterThan(0);
  expect(polls.every((r) => r.path === `/cfp/v1/imageupdate/${EMULATOR_FIRST_UPDATE_ID}/status`)).toBe(true);
  expect(bodyOf(polls.at(-1))).toMatchObject({ jobstateid: 5 });
  expect(stateChanging(result).map((r) => r.route)).toEqual([R.imageUpdateCreate, R.imageDiffCreate, R.imageVersionCreate]);
  expect(result.run.outputs['updateid']).toBe(String(EMULATOR_FIRST_UPDATE_ID));
  expect(result.versions).toHaveLength(1);
  expectDocumentedRequests(result);
  expectNoLeaks(result.run, { secrets: [URL_TOKEN], extraMask: buildUrlMasks(UPDATE_URL) });
}

describe('imageupdate/create answered without updateid: the running update is found through image/options and followed', () => {
  const rows: Case[] = [
    {
      name: 'one game: the game from image/options with neither parameter, the update from the pair',
      result: updateWithoutId(undefined, IMAGE),
      check: (result) => expectUpdateFollowed(result, IMAGE, [ASID, pairQuery(FIRST_GAME, IMAGE)])
    },
    {
      name: 'several games, the image in the second: each pair in turn; the one that lists the image names the update',
      result: updateWithoutId(TWO_GAMES, OTHER_IMAGE),
      check: (result) =>
        expectUpdateFollowed(result, OTHER_IMAGE, [ASID, pairQuery(FIRST_GAME, OTHER_IMAGE), pairQuery(SECOND_GAME, OTHER_IMAGE)])
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});
