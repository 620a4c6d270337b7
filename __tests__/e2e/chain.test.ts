// End to end: the release chain the action runs itself before the version (image update,
// image diff, empty-diff and lock handling) with the bundled action (dist/index.js) as a
// child process against the in-process emulator. Every scenario starts when this file
// loads and they all run at once; the tests only assert on what each one saw.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  DEFAULT_DIFF_CHANGES,
  EMULATOR_FIRST_DIFF_ID,
  EMULATOR_FIRST_UPDATE_ID,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  defaultDiffError,
  errorBody,
  type Emulator,
  type RecordedRequest
} from '../../emulator/index.ts';
import { expectNoLeaks as expectNoLeaksOf, failureOf, nth } from './helpers/assertions.ts';
import { buildUrlMasks } from './helpers/leaks.ts';
import { commands, RUN_CONTEXT, type ActionRun } from './helpers/run-action.ts';
import { allScenarios, DIFF_ID, FIRST_VERSION, scenario, type Case, type ScenarioResult, type ScenarioSetup } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const R = ROUTE_NAMES;
const IMAGE = String(EMULATOR_IMAGE_ID);
const MACHINE = '9001';
const DIFF = EMULATOR_FIRST_DIFF_ID;
const UPDATE = EMULATOR_FIRST_UPDATE_ID;
const LOCKING_DIFF = 218595;
const ASID_QUERY = { accountserviceid: '12345' };

/** The action makes the diff: no diffid, an image and a build machine. */
const MAKE_DIFF = { diffid: '', imageid: IMAGE, machineid: MACHINE };

/** A distinctive token inside a signed-looking build URL, so a leak is a plain substring search. */
const URL_TOKEN = 'e2eURLtok9Vb3Xq7Lm2Pz';
const UPDATE_URL =
  'https://builds.storage.example.net/space-game/v2.7.0/server.zip' +
  `?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=ci%40studio.iam.example%2F20260101%2Fauto&X-Goog-Signature=${URL_TOKEN}`;
/** The same kind of URL with a character that percent-encodes differently in a form query (%7E) than in encodeURIComponent (~). */
const TILDE_URL = `https://builds.storage.example.net/~ci/space-game/server.zip?sig=${URL_TOKEN}`;
/** What the runner sets for a tag push: the default description is the ref name and short commit. */
const TAG_ENV = { GITHUB_REF_NAME: 'v2.7.0' };
const DEFAULT_DESC = `v2.7.0 (${RUN_CONTEXT.GITHUB_SHA.slice(0, 7)})`;

/** Paths with markup, so the summary must escape them. */
const CHANGES = {
  added: ['Server/Content/Paks/patch_1_P.pak', 'Server/Maps/Arena<2>.umap'],
  modified: ['Server/version.txt'],
  removed: ['Server/Content/Movies/intro_old.mp4']
};

interface ChainResult extends ScenarioResult {
  /** Closed by now, but its state (diffs, updates, locks) is still there to read. */
  emulator: Emulator;
}

/** scenario() that also keeps the emulator, for its diffs, updates and image locks. */
function chain(setup: ScenarioSetup): Promise<ChainResult> {
  let emulator: Emulator | undefined;
  const promise = scenario({
    ...setup,
    during: async (running) => {
      emulator = running;
      return {};
    }
  }).then((result) => ({ ...result, emulator: emulator as Emulator }));
  promise.catch(() => {});
  return promise;
}

/** Routes in order, runs of the same route (status polls) collapsed to one entry. */
function routeSequence(requests: readonly RecordedRequest[]): (string | null)[] {
  return requests.map((r) => r.route).filter((route, i, all) => i === 0 || route !== all[i - 1]);
}

const on = (result: ScenarioResult, route: string): RecordedRequest[] => result.requests.filter((r) => r.route === route);

/** The shared leak check; the build URL's token is a secret too, and the URL's forms are masked. */
function expectNoLeaks(run: ActionRun, url?: string): void {
  expectNoLeaksOf(run, url === undefined ? {} : { secrets: [URL_TOKEN], extraMask: buildUrlMasks(url) });
}

function expectNoVersion(result: ChainResult): void {
  expect(on(result, R.imageVersionCreate)).toEqual([]);
  expect(result.versions).toEqual([]);
  expect(Object.keys(result.run.outputs)).not.toContain('imageversionid');
}

function expectChanges(run: ActionRun, added: number, modified: number, removed: number): void {
  expect(run.outputs).toMatchObject({ files_added: String(added), files_modified: String(modified), files_removed: String(removed) });
}

/** Every emulated duration over 60: a 60 s diff takes 1 s, a 90 s update 1.5 s. */
const FAST = 60;

const S = {
  // Each stage alone fits in wait_timeout; together they do not.
  timeoutInDiff: chain({
    emulator: { time: { scale: 1 }, updates: { plan: { durationSeconds: 1.5 } }, diffs: { plan: { durationSeconds: 3 } } },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, wait_timeout: '4', poll_interval: '1' },
    env: TAG_ENV
  }),
  timeoutInVersion: chain({
    emulator: {
      time: { scale: 1 },
      updates: { plan: { durationSeconds: 0.5 } },
      diffs: { plan: { durationSeconds: 0.5 } },
      versions: { plan: { durationSeconds: 4 } }
    },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, wait: 'true', wait_timeout: '5', poll_interval: '1' },
    env: TAG_ENV
  }),
  update: chain({
    emulator: { time: { scale: FAST } },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, poll_interval: '1' },
    env: TAG_ENV
  }),
  // The whole chain with the version's job waited for: update, diff, then 3 s of job.
  waited: chain({
    emulator: { time: { scale: FAST }, versions: { plan: { durationSeconds: 180 } } },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, wait: 'true', poll_interval: '1' },
    env: TAG_ENV
  }),
  updateDesc: chain({
    emulator: { time: { scale: FAST } },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL, update_desc: 'nightly #812', poll_interval: '1' },
    env: TAG_ENV
  }),
  // A server that quotes the URL back in its error, decoded.
  updateEchoDecoded: chain({
    emulator: {
      faults: {
        specs: [
          {
            route: R.imageUpdateCreate,
            kind: 'respond',
            status: 400,
            body: { kind: 'json', value: errorBody(`Invalid parameter url: ${UPDATE_URL} is not reachable`, 1) }
          }
        ]
      }
    },
    inputs: { ...MAKE_DIFF, update_url: UPDATE_URL }
  }),
  // A proxy that quotes the request target back: the URL as it travels in the query.
  updateEchoQuery: chain({
    emulator: {
      faults: {
        specs: [
          {
            route: R.imageUpdateCreate,
            kind: 'respond',
            status: 414,
            body: { kind: 'text', text: `URI too long: ${new URLSearchParams({ url: TILDE_URL }).toString()}` }
          }
        ]
      }
    },
    inputs: { ...MAKE_DIFF, update_url: TILDE_URL }
  }),
  diffOnly: chain({}),
  makeDiff: chain({
    emulator: { time: { scale: FAST }, diffs: { plan: { changes: CHANGES } } },
    inputs: { ...MAKE_DIFF, game_build: 'v2.7.0', poll_interval: '1' }
  }),
  emptyDeploy: chain({
    emulator: { time: { scale: FAST }, diffs: { plan: { empty: true } } },
    inputs: { ...MAKE_DIFF, poll_interval: '1' }
  }),
  emptySkip: chain({
    emulator: { time: { scale: FAST }, diffs: { plan: { empty: true } } },
    inputs: { ...MAKE_DIFF, on_no_changes: 'skip', poll_interval: '1' }
  }),
  emptyFail: chain({
    emulator: { time: { scale: FAST }, diffs: { plan: { empty: true } } },
    inputs: { ...MAKE_DIFF, on_no_changes: 'fail', poll_interval: '1' }
  }),
  changesSkip: chain({ emulator: { time: { scale: FAST } }, inputs: { ...MAKE_DIFF, on_no_changes: 'skip', poll_interval: '1' } }),
  autoEmpty: chain({ emulator: { diffs: { emptyIds: [DIFF_ID] } }, inputs: { full: 'auto' } }),
  autoChanges: chain({ inputs: { full: 'auto' } }),
  locked: chain({ emulator: { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } } }, inputs: MAKE_DIFF }),
  lockedReject: chain({
    emulator: { time: { scale: FAST }, diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } } },
    inputs: { ...MAKE_DIFF, reject_locking_diff: 'true', poll_interval: '1' }
  }),
  // Locked again after the reject (another run got in first): the retry happens once only.
  lockedTwice: chain({
    emulator: {
      diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } },
      faults: {
        specs: [
          {
            route: R.imageDiffCreate,
            request: 2,
            kind: 'respond',
            status: 400,
            body: { kind: 'json', value: errorBody(`image locked by diffid: ${LOCKING_DIFF + 1}`, 1) }
          }
        ]
      }
    },
    inputs: { ...MAKE_DIFF, reject_locking_diff: 'true' }
  }),
  diffFailed: chain({
    emulator: { time: { scale: FAST }, diffs: { plan: { outcome: 'failed' } } },
    inputs: { ...MAKE_DIFF, poll_interval: '1' }
  })
};

describe('a diff from elsewhere (diffid)', () => {
  test('one create, as before; outputs diffid and skipped=false, no file counts', async () => {
    const result = await S.diffOnly;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(commands(run, 'warning')).toEqual([]);
    expect(routeSequence(result.requests)).toEqual([R.imageVersionCreate]);
    expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF_ID), restart: '0', force: '0' });
    expect(run.outputs).toMatchObject({ diffid: String(DIFF_ID), skipped: 'false', imageversionid: String(FIRST_VERSION) });
    for (const name of ['files_added', 'files_modified', 'files_removed', 'updateid']) expect(Object.keys(run.outputs)).not.toContain(name);
    // One stage: no stage table.
    expect(run.summary).not.toContain('<h3>Stages</h3>');
    expectNoLeaks(run);
  });
});

describe('the action makes the diff (imageid + machineid)', () => {
  test('creates the diff, waits for it, then the version from that diffid', async () => {
    const result = await S.makeDiff;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(commands(run, 'warning')).toEqual([]);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
    const create = nth(on(result, R.imageDiffCreate), 0);
    expect(create.path).toBe('/cfp/v1/imagediff/create');
    expect(create.query).toEqual({ ...ASID_QUERY, imageid: IMAGE, machineid: MACHINE });
    const polls = on(result, R.imageDiffStatus);
    for (const poll of polls) {
      expect(poll.path).toBe(`/cfp/v1/imagediff/${DIFF}/status`);
      expect(poll.query).toEqual({ ...ASID_QUERY, diff_info: '1' });
    }
    // The version was asked for only once the diff answered Complete.
    expect(JSON.parse(polls.at(-1)?.responseBody ?? '{}')).toMatchObject({ jobstateid: 5 });
    expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF), restart: '0', force: '0', game_build: 'v2.7.0' });
    expect(result.versions).toHaveLength(1);
    expect(result.emulator.diffs.get(DIFF)).toMatchObject({ decision: 'accepted', imageversionid: FIRST_VERSION });
    expect(result.emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
  });

  test('outputs the diffid and what it changed; the log says so', async () => {
    const { run } = await S.makeDiff;
    expect(run.outputs).toMatchObject({ diffid: String(DIFF), skipped: 'false', imageversionid: String(FIRST_VERSION) });
    expectChanges(run, CHANGES.added.length, CHANGES.modified.length, CHANGES.removed.length);
    expect(run.lines).toContain(`Creating a diff of image ${IMAGE} against machine ${MACHINE}`);
    expect(run.lines).toContain(`Created image diff ${DIFF}: Created 0%`);
    expect(run.lines).toContain(`Diff ${DIFF}: 2 added, 1 modified, 1 removed`);
    expect(run.lines).toContain(`::group::Waiting for image diff ${DIFF}`);
  });

  test('summary: a stage table and the diff with its paths, escaped', async () => {
    const { run } = await S.makeDiff;
    expect(run.summary).toContain('<h3>Stages</h3>');
    expect(run.summary).toContain('<tr><th>Stage</th><th>State</th><th align="right">Took</th></tr>');
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image diff</td><td>Complete</td><td align="right">\\d+s</td></tr>`));
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image version</td><td>Created 0%</td><td align="right">\\d+s</td></tr>`));
    expect(run.summary).toContain(`<tr><td>Diff</td><td align="right">${DIFF}</td></tr>`);
    expect(run.summary).toContain('<h3>Diff</h3>');
    expect(run.summary).toContain('2 added, 1 modified, 1 removed');
    expect(run.summary).toContain(
      '<pre>+ Server/Content/Paks/patch_1_P.pak\n+ Server/Maps/Arena&lt;2&gt;.umap\n~ Server/version.txt\n- Server/Content/Movies/intro_old.mp4</pre>'
    );
    expectNoLeaks(run);
  });
});

describe('the build pulled from a URL (update_url)', () => {
  test('imageupdate/create first, waits, then the diff, then the version', async () => {
    const result = await S.update;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(commands(run, 'warning')).toEqual([]);
    expect(routeSequence(result.requests)).toEqual([
      R.imageUpdateCreate,
      R.imageUpdateStatus,
      R.imageDiffCreate,
      R.imageDiffStatus,
      R.imageInstallStatus,
      R.imageVersionCreate
    ]);
    const create = nth(on(result, R.imageUpdateCreate), 0);
    expect(create.path).toBe('/cfp/v1/imageupdate/create');
    expect(create.query).toEqual({ ...ASID_QUERY, imageid: IMAGE, machineid: MACHINE, desc: DEFAULT_DESC, url: UPDATE_URL });
    for (const poll of on(result, R.imageUpdateStatus)) {
      expect(poll.path).toBe(`/cfp/v1/imageupdate/${UPDATE}/status`);
      expect(poll.query).toEqual(ASID_QUERY);
    }
    expect(JSON.parse(on(result, R.imageUpdateStatus).at(-1)?.responseBody ?? '{}')).toMatchObject({ jobstateid: 5 });
    expect(nth(result.creates, 0).query).toMatchObject({ diffid: String(DIFF) });
    expect(result.emulator.updates.get(UPDATE)).toMatchObject({
      imageid: EMULATOR_IMAGE_ID,
      machineid: Number(MACHINE),
      desc: DEFAULT_DESC,
      url: UPDATE_URL
    });
  });

  test('outputs updateid, diffid and the file counts; a row per stage', async () => {
    const { run } = await S.update;
    expect(run.outputs).toMatchObject({
      updateid: String(UPDATE),
      diffid: String(DIFF),
      skipped: 'false',
      imageversionid: String(FIRST_VERSION)
    });
    expectChanges(run, DEFAULT_DIFF_CHANGES.added.length, DEFAULT_DIFF_CHANGES.modified.length, DEFAULT_DIFF_CHANGES.removed.length);
    expect(run.lines).toContain(`Pulling the build onto machine ${MACHINE} for image ${IMAGE} (image update "${DEFAULT_DESC}")`);
    expect(run.summary).toContain(`<tr><td>Image update</td><td align="right">${UPDATE}</td></tr>`);
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image update</td><td>Complete</td><td align="right">\\d+s</td></tr>`));
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image diff</td><td>Complete</td>`));
  });

  test("the version wait's progress lines count its own time, as its final line does", async () => {
    const { run } = await S.waited;
    expect(run.code).toBe(0);
    const final = run.lines.map((line) => /^Image version \d+: job Complete after (\d+)s; /.exec(line)).find((m) => m !== null);
    const took = Number(final?.[1]);
    const brackets = run.lines.flatMap((line) => {
      const m = /^\[(\d+)s\] /.exec(line);
      return m ? [Number(m[1])] : [];
    });
    expect(brackets.length).toBeGreaterThan(0);
    // The update and the diff before it took seconds too: counted from the first wait, the last bracket would be past `took`.
    expect(brackets.at(-1)).toBeLessThanOrEqual(took);
    expect(brackets.at(-1)).toBeGreaterThanOrEqual(took - 1);
    expectNoLeaks(run, UPDATE_URL);
  });

  test('update_desc, when given, is the description', async () => {
    const result = await S.updateDesc;
    expect(result.run.code).toBe(0);
    expect(nth(on(result, R.imageUpdateCreate), 0).query['desc']).toBe('nightly #812');
    expectNoLeaks(result.run, UPDATE_URL);
  });

  test("the URL's token appears only on ::add-mask:: lines, debug lines included", async () => {
    const { run } = await S.update;
    const masks = commands(run, 'add-mask');
    expect(masks).toContain(UPDATE_URL);
    expect(masks).toContain(encodeURIComponent(UPDATE_URL));
    // The request line is logged at debug level with the URL left out.
    expect(commands(run, 'debug')).toContainEqual(expect.stringMatching(/^GET \/cfp\/v1\/imageupdate\/create\?.*&url=\*\*\* → HTTP 200/));
    expectNoLeaks(run, UPDATE_URL);
  });

  test('a server quoting the URL back: scrubbed from the failure', async () => {
    const result = await S.updateEchoDecoded;
    expect(result.run.code).toBe(1);
    expect(failureOf(result.run)).toContain('Invalid parameter url: *** is not reachable');
    expect(routeSequence(result.requests)).toEqual([R.imageUpdateCreate]);
    expectNoVersion(result);
    expectNoLeaks(result.run, UPDATE_URL);
  });

  test('a proxy quoting the request target back: fails at once, nothing repeated', async () => {
    const result = await S.updateEchoQuery;
    expect(result.run.code).toBe(1);
    expect(failureOf(result.run)).toMatch(
      /^Could not start the image update: Clanforge answered HTTP 414 URI Too Long \(not JSON, text\/plain: "URI too long: url=/
    );
    expect(routeSequence(result.requests)).toEqual([R.imageUpdateCreate]);
    expectNoVersion(result);
    expectNoLeaks(result.run, TILDE_URL);
  });

  // The query carries the URL form-encoded (URLSearchParams writes ~ as %7E): that form
  // is masked and scrubbed too.
  test('a proxy quoting the request target back: the token is scrubbed from the failure', async () => {
    expect(failureOf((await S.updateEchoQuery).run)).not.toContain(URL_TOKEN);
  });
});

describe('a diff with no changes', () => {
  test('on_no_changes deploy (default): a full version (full=1)', async () => {
    const result = await S.emptyDeploy;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
    expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF), restart: '0', force: '0', full: '1' });
    expect(nth(result.versions, 0)).toMatchObject({ diffid: DIFF, full: true });
    expect(run.outputs).toMatchObject({ diffid: String(DIFF), skipped: 'false', imageversionid: String(FIRST_VERSION) });
    expectChanges(run, 0, 0, 0);
    expect(run.lines).toContain(`Diff ${DIFF} has no changes: creating a full version (full=1).`);
    expectNoLeaks(run);
  });

  test('on_no_changes skip: rejects it (reinstall=0), creates nothing, succeeds with skipped=true', async () => {
    const result = await S.emptySkip;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(commands(run, 'error')).toEqual([]);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus, R.imageDiffReject]);
    const reject = nth(on(result, R.imageDiffReject), 0);
    expect(reject.path).toBe(`/cfp/v1/imagediff/${DIFF}/reject`);
    expect(reject.query).toEqual({ ...ASID_QUERY, reinstall: '0' });
    expect(reject.status).toBe(200);
    expectNoVersion(result);
    expect(run.outputs).toMatchObject({ diffid: String(DIFF), skipped: 'true' });
    expectChanges(run, 0, 0, 0);
    expect(result.emulator.diffs.get(DIFF)).toMatchObject({ decision: 'rejected', reinstall: false });
    expect(result.emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
    expect(run.summary).toContain('⏭️ No changes: the empty diff was rejected and no version was created (on_no_changes: skip)');
    expectNoLeaks(run);
  });

  test('on_no_changes fail: rejects it and fails, creates nothing', async () => {
    const result = await S.emptyFail;
    const { run } = result;
    expect(run.code).toBe(1);
    expect(failureOf(run)).toBe(`Diff ${DIFF} has no changes, so it was rejected and no image version was created (on_no_changes: fail).`);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus, R.imageDiffReject]);
    expect(nth(on(result, R.imageDiffReject), 0).query).toEqual({ ...ASID_QUERY, reinstall: '0' });
    expectNoVersion(result);
    expect(result.emulator.diffs.get(DIFF)).toMatchObject({ decision: 'rejected' });
    expectNoLeaks(run);
  });

  test('on_no_changes skip with changes: deploys as usual, rejects nothing', async () => {
    const result = await S.changesSkip;
    expect(result.run.code).toBe(0);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
    expect(nth(result.creates, 0).query).not.toHaveProperty('full');
    expect(result.run.outputs).toMatchObject({ skipped: 'false', imageversionid: String(FIRST_VERSION) });
    expectNoLeaks(result.run);
  });
});

describe('full: auto with a given diffid', () => {
  test('an empty diff: reads it, then full=1', async () => {
    const result = await S.autoEmpty;
    expect(result.run.code).toBe(0);
    // The diff's status names its image (diff_info): the installs before the create are read as the outcome check's baseline.
    expect(routeSequence(result.requests)).toEqual([R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
    const read = nth(on(result, R.imageDiffStatus), 0);
    expect(read.path).toBe(`/cfp/v1/imagediff/${DIFF_ID}/status`);
    expect(read.query).toEqual({ ...ASID_QUERY, diff_info: '1' });
    expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF_ID), restart: '0', force: '0', full: '1' });
    expect(result.run.outputs).toMatchObject({ diffid: String(DIFF_ID), skipped: 'false' });
    expectChanges(result.run, 0, 0, 0);
    expectNoLeaks(result.run);
  });

  test('a diff with changes: full left out', async () => {
    const result = await S.autoChanges;
    expect(result.run.code).toBe(0);
    // The diff's status names its image (diff_info): the installs before the create are read as the outcome check's baseline.
    expect(routeSequence(result.requests)).toEqual([R.imageDiffStatus, R.imageInstallStatus, R.imageVersionCreate]);
    expect(nth(result.creates, 0).query).toEqual({ ...ASID_QUERY, diffid: String(DIFF_ID), restart: '0', force: '0' });
    expectChanges(result.run, DEFAULT_DIFF_CHANGES.added.length, DEFAULT_DIFF_CHANGES.modified.length, DEFAULT_DIFF_CHANGES.removed.length);
    expectNoLeaks(result.run);
  });
});

describe('an image locked by an earlier diff', () => {
  test('reject_locking_diff false: fails naming the diff and the remedy; one diff create, no reject', async () => {
    const result = await S.locked;
    const { run } = result;
    expect(run.code).toBe(1);
    const message = failureOf(run);
    expect(message).toContain(
      `Could not create the image diff: image ${IMAGE} is locked by diff ${LOCKING_DIFF}, which was neither accepted nor rejected.`
    );
    expect(message).toContain(
      `Reject it (GET /cfp/v1/imagediff/${LOCKING_DIFF}/reject?accountserviceid=12345&reinstall=0) or create a version from it`
    );
    expect(message).toContain('set reject_locking_diff: true');
    // The summary: the lock as the headline, the error once, then what to do next.
    expect(run.summary).toContain(
      `<p>❌ Could not create the image diff: image ${IMAGE} is locked by diff ${LOCKING_DIFF}, which was neither accepted nor rejected.</p>`
    );
    expect(run.summary).toContain(
      `which was neither accepted nor rejected.</pre>\n<p><b>What to do next:</b> Reject it (GET /cfp/v1/imagediff/${LOCKING_DIFF}/reject?accountserviceid=12345&amp;reinstall=0)`
    );
    expect(run.summary.split('set reject_locking_diff: true')).toHaveLength(2);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate]);
    expect(on(result, R.imageDiffCreate)).toHaveLength(1);
    expect(nth(on(result, R.imageDiffCreate), 0).status).toBe(400);
    expect(result.emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(LOCKING_DIFF);
    expect(result.emulator.diffs.get(LOCKING_DIFF)?.decision).toBe('open');
    expectNoVersion(result);
    expectNoLeaks(run);
  });

  test('reject_locking_diff true: rejects that diff once, loudly, makes the diff again and succeeds', async () => {
    const result = await S.lockedReject;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(routeSequence(result.requests)).toEqual([
      R.imageDiffCreate,
      R.imageDiffReject,
      R.imageDiffCreate,
      R.imageDiffStatus,
      R.imageInstallStatus,
      R.imageVersionCreate
    ]);
    expect(on(result, R.imageDiffCreate).map((r) => r.status)).toEqual([400, 200]);
    const rejects = on(result, R.imageDiffReject);
    expect(rejects).toHaveLength(1);
    expect(nth(rejects, 0).path).toBe(`/cfp/v1/imagediff/${LOCKING_DIFF}/reject`);
    expect(nth(rejects, 0).query).toEqual({ ...ASID_QUERY, reinstall: '0' });
    expect(commands(run, 'warning')).toEqual([
      `Image ${IMAGE} is locked by diff ${LOCKING_DIFF}. reject_locking_diff is true: REJECTING DIFF ${LOCKING_DIFF} (reinstall=0) and creating the diff again, once.`
    ]);
    expect(run.lines).toContain(`Rejected diff ${LOCKING_DIFF}.`);
    expect(result.emulator.diffs.get(LOCKING_DIFF)).toMatchObject({ decision: 'rejected', reinstall: false });
    expect(nth(result.creates, 0).query).toMatchObject({ diffid: String(DIFF) });
    expect(run.outputs).toMatchObject({ diffid: String(DIFF), imageversionid: String(FIRST_VERSION) });
    expectNoLeaks(run);
  });

  test('locked again after the reject: fails, no second reject', async () => {
    const result = await S.lockedTwice;
    const { run } = result;
    expect(run.code).toBe(1);
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffReject, R.imageDiffCreate]);
    expect(failureOf(run)).toContain(`image locked by diffid: ${LOCKING_DIFF + 1}`);
    expectNoVersion(result);
    expectNoLeaks(run);
  });
});

describe('a diff that fails', () => {
  test("exit 1 with the diff's joberror, no version create", async () => {
    const result = await S.diffFailed;
    const { run } = result;
    expect(run.code).toBe(1);
    expect(failureOf(run)).toBe(
      `Image diff ${DIFF} failed (job Failed 40%):\n${defaultDiffError(Number(MACHINE))}\nNo image version was created. Diff ${DIFF} may still lock the image: reject it (GET /cfp/v1/imagediff/${DIFF}/reject?accountserviceid=12345&reinstall=0) before the next run.`
    );
    expect(routeSequence(result.requests)).toEqual([R.imageDiffCreate, R.imageDiffStatus]);
    expectNoVersion(result);
    expect(run.outputs).toMatchObject({ diffid: String(DIFF) });
    // A single stage gets no stage table; the summary carries the diff and the message.
    expect(run.summary).toContain(`<tr><td>Diff</td><td align="right">${DIFF}</td></tr>`);
    expect(run.summary).toContain(`<pre>Image diff ${DIFF} failed (job Failed 40%):\n`);
    expectNoLeaks(run);
  });
});

describe('one wait_timeout across the stages', () => {
  test('runs out in the diff stage after the update took its share', async () => {
    const result = await S.timeoutInDiff;
    const { run } = result;
    expect(run.code).toBe(1);
    expect(failureOf(run)).toMatch(
      new RegExp(
        `^Timed out after waiting 4s \\(wait_timeout\\) for image diff ${DIFF}: last state \\w+ \\d+%\\. It goes on in Clanforge; no image version was created\\. ` +
          // The diff the action made stays open: it locks the image until rejected.
          `Diff ${DIFF} may still lock the image: reject it \\(GET /cfp/v1/imagediff/${DIFF}/reject\\?accountserviceid=\\d+&reinstall=0\\) before the next run\\.$`
      )
    );
    expect(run.lines).toContain(`Started image update ${UPDATE}: Created 0%`);
    expect(run.lines).toContain(`Image update ${UPDATE}: Complete 100%`);
    expect(run.lines).toContain(`Created image diff ${DIFF}: Created 0%`);
    expect(routeSequence(result.requests)).toEqual([R.imageUpdateCreate, R.imageUpdateStatus, R.imageDiffCreate, R.imageDiffStatus]);
    expectNoVersion(result);
    expect(run.outputs).toMatchObject({ updateid: String(UPDATE), diffid: String(DIFF) });
    expect(run.summary).toContain('⏱️ Timed out');
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image update</td><td>Complete</td>`));
    expect(run.summary).toMatch(new RegExp(`<tr><td>Image diff</td><td>(Created|Pending|Queued|Running) \\d+%</td>`));
    // Ends on the deadline, not a stage's worth of time later.
    expect(run.exitedAtEpoch - run.startedAtEpoch).toBeGreaterThanOrEqual(4_000);
    expect(run.exitedAtEpoch - run.startedAtEpoch).toBeLessThan(12_000);
    expectNoLeaks(run, UPDATE_URL);
  });

  // The headline names the stage that ran out of time.
  test('the summary headline does not blame a version job that was never created', async () => {
    expect((await S.timeoutInDiff).run.summary).not.toContain('Timed out waiting for the image version job');
  });

  test('runs out in the version job after the update and the diff took their share', async () => {
    const result = await S.timeoutInVersion;
    const { run } = result;
    expect(run.code).toBe(1);
    expect(failureOf(run)).toMatch(
      new RegExp(`^Timed out after waiting 5s \\(wait_timeout\\) for image version ${FIRST_VERSION}: last state `)
    );
    for (const line of [
      `Started image update ${UPDATE}: Created 0%`,
      `Created image diff ${DIFF}: Created 0%`,
      `Created image version ${FIRST_VERSION}: Created 0%`
    ]) {
      expect(run.lines).toContain(line);
    }
    expect(routeSequence(result.requests)).toEqual([
      R.imageUpdateCreate,
      R.imageUpdateStatus,
      R.imageDiffCreate,
      R.imageDiffStatus,
      R.imageInstallStatus,
      R.imageVersionCreate,
      R.imageVersionStatus
    ]);
    expect(result.versions).toHaveLength(1);
    expect(run.outputs).toMatchObject({ updateid: String(UPDATE), diffid: String(DIFF), imageversionid: String(FIRST_VERSION) });
    for (const stage of ['Image update', 'Image diff', 'Image version']) expect(run.summary).toContain(`<tr><td>${stage}</td>`);
    expectNoLeaks(run, UPDATE_URL);
  });
});

describe('inputs that do not fit together: exit 1 before any request', () => {
  // `url`: the build URL given, whose token must not leak either.
  const cases: (Case<ChainResult> & { message: string; url?: string })[] = [
    {
      name: 'diffid with machineid',
      result: chain({ inputs: { machineid: MACHINE } }),
      message:
        "Invalid input: input 'machineid' is not used with 'diffid': give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)"
    },
    {
      name: 'diffid with update_url',
      result: chain({ inputs: { update_url: UPDATE_URL } }),
      url: UPDATE_URL,
      message:
        "Invalid input: input 'update_url' is not used with 'diffid': the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid"
    },
    {
      name: 'neither diffid nor imageid/machineid',
      result: chain({ inputs: { diffid: '' } }),
      message:
        "Invalid input: input 'diffid' is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid"
    },
    {
      name: 'imageid without machineid',
      result: chain({ inputs: { diffid: '', imageid: IMAGE } }),
      message:
        "Invalid input: input 'machineid' is required when 'diffid' is not given: the action makes the diff from imageid and machineid (positive integers)"
    }
  ].map((row) => ({
    ...row,
    check: (result: ChainResult) => {
      expect(result.run.code).toBe(1);
      expect(failureOf(result.run)).toBe(row.message);
      expect(result.requests).toEqual([]);
      expect(result.run.outputWrites).toEqual([]);
      expectNoLeaks(result.run, row.url);
    }
  }));

  test.each(cases)('$name', async ({ result, check }) => {
    await check(await result);
  });
});
