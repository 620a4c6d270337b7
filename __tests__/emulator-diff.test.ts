// The emulator's release chain over real HTTP on 127.0.0.1: image updates, image diffs
// (status, diff_info, reject, the image lock) and how imageversion/create accepts a diff.
// Timelines are walked with a manual clock; nothing sleeps.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli, parseFault } from '../emulator/cli-args.ts';
import {
  DEFAULT_DIFF_CHANGES,
  EMULATOR_ACCESS_KEY,
  EMULATOR_ASID,
  EMULATOR_GAME_ID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  basicAuthorization
} from '../emulator/index.ts';
import { startEmulator } from '../emulator/index.ts';
import type { Emulator, EmulatorOptions, ImageSpec } from '../emulator/index.ts';
import { T0, call, present, seconds, startClocked } from './helpers/emulator-http.ts';
import type { Reply } from './helpers/emulator-http.ts';

const ASID = String(EMULATOR_ASID);
const IMAGE = String(EMULATOR_IMAGE_ID);
// Time scale 60: a diff (60 emulated s) is Complete 1 s after create, an update (90 s) after 1.5 s.
const SCALE = 60;
const DIFF_END = 1000;
const UPDATE_END = 1500;

// Each test's emulator runs on a manual clock at T0, at time scale SCALE unless its options set one.
const start = (options: EmulatorOptions = {}): ReturnType<typeof startClocked> =>
  startClocked({ ...options, time: { scale: SCALE, ...options.time } });

const UPDATE_CREATE = '/cfp/v1/imageupdate/create';
const DIFF_CREATE = '/cfp/v1/imagediff/create';
const VERSION_CREATE = '/cfp/v1/imageversion/create';
const updateStatusPath = (id: number | string): string => `/cfp/v1/imageupdate/${id}/status`;
const diffStatusPath = (id: number | string): string => `/cfp/v1/imagediff/${id}/status`;
const rejectPath = (id: number | string): string => `/cfp/v1/imagediff/${id}/reject`;

const updateQuery = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  accountserviceid: ASID,
  imageid: IMAGE,
  machineid: '48213',
  desc: 'build 1.4.2',
  url: 'gs://builds-bucket/server/1.4.2/',
  ...extra
});
const diffQuery = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  accountserviceid: ASID,
  imageid: IMAGE,
  machineid: '48213',
  ...extra
});

const createUpdate = (e: Emulator, extra: Record<string, string | undefined> = {}): Promise<Reply> =>
  call(e, UPDATE_CREATE, updateQuery(extra));
const createDiff = (e: Emulator, extra: Record<string, string | undefined> = {}): Promise<Reply> => call(e, DIFF_CREATE, diffQuery(extra));
const diffStatus = (e: Emulator, id: number | string, extra: Record<string, string | undefined> = {}): Promise<Reply> =>
  call(e, diffStatusPath(id), { accountserviceid: ASID, ...extra });
const reject = (e: Emulator, id: number | string, extra: Record<string, string | undefined> = {}): Promise<Reply> =>
  call(e, rejectPath(id), { accountserviceid: ASID, reinstall: '0', ...extra });
const createVersion = (e: Emulator, diffid: number | string, extra: Record<string, string | undefined> = {}): Promise<Reply> =>
  call(e, VERSION_CREATE, { accountserviceid: ASID, diffid: String(diffid), restart: '0', ...extra });

const errorBody = (message: string) => ({
  success: false,
  error: true,
  error_code: expect.any(Number),
  error_message: message,
  messages: [],
  _debug: []
});

describe('release chain routes: auth, ASID and methods', () => {
  const routes: [string, string, Record<string, string | undefined>][] = [
    [ROUTE_NAMES.imageUpdateCreate, UPDATE_CREATE, updateQuery()],
    [ROUTE_NAMES.imageUpdateStatus, updateStatusPath(3001), { accountserviceid: ASID }],
    [ROUTE_NAMES.imageDiffCreate, DIFF_CREATE, diffQuery()],
    [ROUTE_NAMES.imageDiffStatus, diffStatusPath(5001), { accountserviceid: ASID }],
    [ROUTE_NAMES.imageDiffReject, rejectPath(5001), { accountserviceid: ASID, reinstall: '0' }]
  ];

  it.each(routes)('%s: 401 without or with wrong keys, 403 for another ASID, 405 for POST', async (route, path, query) => {
    const { emulator } = await start({ auth: { accountServiceIds: [EMULATOR_ASID, 999] } });
    expect(await call(emulator, path, query, { authorization: null })).toMatchObject({ status: 401, json: errorBody('Forbidden') });
    const wrong = basicAuthorization({ accessKey: EMULATOR_ACCESS_KEY, secretKey: 'nope' });
    expect(await call(emulator, path, query, { authorization: wrong })).toMatchObject({ status: 401, json: errorBody('Forbidden') });
    expect(await call(emulator, path, { ...query, accountserviceid: '4242' })).toMatchObject({ status: 403, json: errorBody('Forbidden') });
    expect((await call(emulator, path, { ...query, accountserviceid: undefined })).json.error_message).toContain('accountserviceid');
    expect((await call(emulator, path, query, { method: 'POST' })).status).toBe(405);
    expect(emulator.requests.every((request) => request.route === route)).toBe(true);
    expect(emulator.diffs.size + emulator.updates.size).toBe(0);
  });
});

describe('imageupdate/create and status', () => {
  it.each([
    ['imageid', { imageid: undefined }],
    ['imageid', { imageid: '0' }],
    ['imageid', { imageid: 'x' }],
    ['machineid', { machineid: undefined }],
    ['machineid', { machineid: '-1' }],
    ['desc', { desc: undefined }],
    ['desc', { desc: '  ' }],
    ['url', { url: 'not a url' }],
    ['url', { url: '' }]
  ] as [string, Record<string, string | undefined>][])('rejects a bad %s (%j) with 400 naming it', async (name, change) => {
    const { emulator } = await start();
    const reply = await createUpdate(emulator, change);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ success: false, error: true });
    expect(reply.json.error_message).toEqual(expect.stringContaining(name));
    expect(emulator.updates.size).toBe(0);
  });

  it("answers 404 for an unknown image or another ASID's image, 400 for an unknown machine", async () => {
    const other: ImageSpec = { ...EMULATOR_IMAGE, imageid: 88, accountserviceid: 999 };
    const { emulator } = await start({
      images: [EMULATOR_IMAGE, other],
      machineIds: [48213],
      auth: { accountServiceIds: [EMULATOR_ASID, 999] }
    });
    expect(await createUpdate(emulator, { imageid: '78' })).toMatchObject({ status: 404, json: errorBody('image 78 not found') });
    expect(await createUpdate(emulator, { imageid: '88' })).toMatchObject({ status: 404, json: errorBody('image 88 not found') });
    const machine = await createUpdate(emulator, { machineid: '5' });
    expect(machine).toMatchObject({ status: 400, json: errorBody('Invalid parameter machineid: machine 5 not found') });
    expect((await createUpdate(emulator, { imageid: '88', accountserviceid: '999' })).status).toBe(200);
  });

  it('runs an update job on the timeline and reports it by updateid', async () => {
    const { emulator, clock } = await start();
    const url = 's3://AKIA%3Akey@bucket/builds/1.4.2/';
    const created = await createUpdate(emulator, { url });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      success: true,
      updateid: 3001,
      jobstateid: 1,
      jobstatename: 'Created',
      jobprogress: 0,
      jobfailed: 0
    });
    expect(created.json.jobcreated).toBe(seconds(T0));
    expect(emulator.updates.get(3001)).toMatchObject({
      accountserviceid: EMULATOR_ASID,
      imageid: EMULATOR_IMAGE_ID,
      machineid: 48213,
      desc: 'build 1.4.2',
      url,
      createdAt: T0
    });
    const states: unknown[] = [];
    for (const at of [0, 150, 750, UPDATE_END - 1, UPDATE_END]) {
      clock.set(T0 + at);
      const reply = await call(emulator, updateStatusPath(3001), { accountserviceid: ASID });
      expect(reply.json.updateid).toBe(3001);
      states.push([reply.json.jobstateid, reply.json.jobprogress]);
    }
    expect(states).toEqual([
      [1, 0],
      [3, 0],
      [4, 41],
      [4, 99],
      [5, 100]
    ]);
    expect((await createUpdate(emulator)).json.updateid).toBe(3002);
  });

  it('answers 404 for an unknown update or one of another ASID', async () => {
    const { emulator } = await start({ auth: { accountServiceIds: [EMULATOR_ASID, 999] } });
    await createUpdate(emulator);
    expect(await call(emulator, updateStatusPath(3002), { accountserviceid: ASID })).toMatchObject({
      status: 404,
      json: errorBody('image update 3002 not found')
    });
    expect((await call(emulator, updateStatusPath(3001), { accountserviceid: '999' })).status).toBe(404);
    expect((await call(emulator, updateStatusPath('abc'), { accountserviceid: ASID })).json.error_message).toContain('updateid');
  });

  it('fails or squashes updates as planned, with an update-specific default error', async () => {
    const { emulator, clock } = await start({
      updates: { plans: [{ outcome: 'failed' }, { outcome: 'failed', error: 'no such bucket' }, { outcome: 'squashed' }] }
    });
    // One after the other: a running update locks the image against the next.
    for (let i = 0; i < 3; i += 1) {
      expect((await createUpdate(emulator, { machineid: String(100 + i) })).status).toBe(200);
      clock.advance(UPDATE_END);
    }
    const [a, b, c] = await Promise.all([3001, 3002, 3003].map((id) => call(emulator, updateStatusPath(id), { accountserviceid: ASID })));
    expect(a?.json).toMatchObject({ jobstateid: 6, jobfailed: 1 });
    expect(a?.json.joberror).toContain('machine 100');
    expect(b?.json).toMatchObject({ jobstateid: 6, jobfailed: 1, joberror: 'no such bucket' });
    expect(c?.json).toMatchObject({ jobstateid: 7, jobfailed: 0 });
    expect(present(c, 'the third update').json).not.toHaveProperty('joberror');
  });
});

describe('imagediff/create and status', () => {
  it.each([
    ['imageid', { imageid: undefined }],
    ['imageid', { imageid: '1.5' }],
    ['machineid', { machineid: undefined }],
    ['machineid', { machineid: '0' }],
    ['diffid', { diffid: 'abc' }],
    ['diffid', { diffid: '0' }]
  ] as [string, Record<string, string | undefined>][])('rejects a bad %s (%j) with 400 naming it', async (name, change) => {
    const { emulator } = await start();
    const reply = await createDiff(emulator, change);
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toEqual(expect.stringContaining(name));
    expect(emulator.diffs.size).toBe(0);
  });

  it('answers 404 for an unknown image and 400 for an unknown machine', async () => {
    const { emulator } = await start({ machineIds: [48213, 48214] });
    expect(await createDiff(emulator, { imageid: '78' })).toMatchObject({ status: 404, json: errorBody('image 78 not found') });
    expect((await createDiff(emulator, { machineid: '1' })).json).toEqual(errorBody('Invalid parameter machineid: machine 1 not found'));
    expect((await createDiff(emulator, { machineid: '48214' })).status).toBe(200);
  });

  it('hands out diff ids from 5001 and runs each diff on the timeline', async () => {
    const { emulator, clock } = await start();
    const created = await createDiff(emulator);
    expect(created).toMatchObject({
      status: 200,
      json: { success: true, diffid: 5001, jobstateid: 1, jobstatename: 'Created', jobfailed: 0 }
    });
    expect(emulator.diffs.get(5001)).toMatchObject({
      diffid: 5001,
      accountserviceid: EMULATOR_ASID,
      imageid: EMULATOR_IMAGE_ID,
      machineid: 48213,
      origin: 'created',
      decision: 'open',
      empty: false
    });
    expect(emulator.diffs.get(5001)?.job.endMs).toBe(T0 + DIFF_END);
    const seen: unknown[] = [];
    for (const at of [10, 40, 100, 500, DIFF_END - 1, DIFF_END, DIFF_END + 60_000]) {
      clock.set(T0 + at);
      const { json } = await diffStatus(emulator, 5001);
      seen.push([json.diffid, json.jobstateid, json.jobprogress, typeof json.jobstart]);
    }
    expect(seen).toEqual([
      [5001, 1, 0, 'undefined'],
      [5001, 2, 0, 'undefined'],
      [5001, 3, 0, 'undefined'],
      [5001, 4, 41, 'string'],
      [5001, 4, 99, 'string'],
      [5001, 5, 100, 'string'],
      [5001, 5, 100, 'string']
    ]);
  });

  it('starts at firstDiffId and skips ids the options name for other diffs', async () => {
    const images = [
      { ...EMULATOR_IMAGE, diffIds: [43] },
      { ...EMULATOR_IMAGE, imageid: 88 }
    ];
    const { emulator, clock } = await start({ diffs: { firstId: 40, knownIds: [41], emptyIds: [42], lockedBy: { 88: 44 } }, images });
    expect((await createDiff(emulator)).json.diffid).toBe(40);
    clock.advance(DIFF_END);
    await reject(emulator, 40);
    expect((await createDiff(emulator)).json.diffid).toBe(45);
  });

  it('reports the game, machine and image objects and the file maps with diff_info=1, the files once Complete', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    const early = await diffStatus(emulator, 5001, { diff_info: '1' });
    expect(early.json).toMatchObject({
      game: { gameid: EMULATOR_GAME_ID, name: 'Emulated Game' },
      machine: { machineid: 48213, name: 'machine-48213' },
      image: { imageid: EMULATOR_IMAGE_ID, name: `image ${EMULATOR_IMAGE_ID}` },
      added: {},
      modified: {},
      removed: {}
    });
    // The documented objects replace the bare ids.
    expect(early.json).not.toHaveProperty('imageid');
    expect(early.json).not.toHaveProperty('machineid');
    clock.advance(DIFF_END);
    const plain = await diffStatus(emulator, 5001, { diff_info: '0' });
    for (const field of ['added', 'modified', 'removed', 'game', 'machine', 'image']) expect(plain.json).not.toHaveProperty(field);
    const { json } = await diffStatus(emulator, 5001, { diff_info: '1' });
    for (const kind of ['added', 'modified', 'removed'] as const) {
      const map = json[kind] as Record<string, { size: number; md5: string }>;
      expect(Object.keys(map)).toEqual(DEFAULT_DIFF_CHANGES[kind]);
      for (const file of Object.values(map)) {
        expect(file).toEqual({ size: expect.any(Number), md5: expect.stringMatching(/^[0-9a-f]{32}$/) });
        expect(file.size).toBeGreaterThan(0);
      }
    }
    expect((await diffStatus(emulator, 5001, { diff_info: '1' })).json).toEqual(json);
  });

  it("names the diff's own image and game, with the image's name", async () => {
    const images: ImageSpec[] = [EMULATOR_IMAGE, { ...EMULATOR_IMAGE, imageid: 88, gameid: 9, name: 'Staging server' }];
    const { emulator } = await start({ images });
    await createDiff(emulator, { imageid: '88', machineid: '777' });
    const { json } = await diffStatus(emulator, 5001, { diff_info: '1' });
    expect(json).toMatchObject({
      game: { gameid: 9, name: 'game 9' },
      machine: { machineid: 777, name: 'machine-777' },
      image: { imageid: 88, name: 'Staging server' }
    });
  });

  it('reports the changes a plan gives, and none for an empty plan', async () => {
    const { emulator, clock } = await start({
      diffs: { plans: [{ changes: { added: ['a.pak'], removed: ['old/b.so'] } }, { empty: true }] },
      format: { numericStrings: true }
    });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const first = await diffStatus(emulator, 5001, { diff_info: '1' });
    expect(first.json).toMatchObject({
      diffid: '5001',
      game: { gameid: String(EMULATOR_GAME_ID) },
      machine: { machineid: '48213' },
      image: { imageid: IMAGE },
      modified: {}
    });
    expect(Object.keys(first.json.added as object)).toEqual(['a.pak']);
    expect(Object.keys(first.json.removed as object)).toEqual(['old/b.so']);
    expect((first.json.added as Record<string, { size: unknown }>)['a.pak']?.size).toEqual(expect.stringMatching(/^\d+$/));
    await createVersion(emulator, 5001);
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const second = await diffStatus(emulator, 5002, { diff_info: '1' });
    expect(second.json).toMatchObject({ jobstateid: '5', added: {}, modified: {}, removed: {} });
    expect(emulator.diffs.get(5002)?.empty).toBe(true);
  });

  it('writes empty maps as [] with format.emptyMapsAsLists', async () => {
    const { emulator, clock } = await start({ diffs: { plan: { empty: true } }, format: { emptyMapsAsLists: true } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect((await diffStatus(emulator, 5001, { diff_info: '1' })).json).toMatchObject({ added: [], modified: [], removed: [] });
  });

  it.each(['2', 'true', ''])('rejects diff_info=%j with 400 naming it', async (value) => {
    const { emulator } = await start();
    await createDiff(emulator);
    const reply = await diffStatus(emulator, 5001, { diff_info: value });
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toContain('diff_info');
  });

  it("answers 404 for an unknown diff and for another ASID's diff", async () => {
    const { emulator } = await start({ diffs: { knownIds: [7] }, auth: { accountServiceIds: [EMULATOR_ASID, 999] } });
    await createDiff(emulator);
    expect(await diffStatus(emulator, 8)).toMatchObject({ status: 404, json: errorBody('image diff 8 not found') });
    expect((await call(emulator, diffStatusPath(5001), { accountserviceid: '999' })).status).toBe(404);
    expect((await diffStatus(emulator, 'x')).json.error_message).toContain('diffid');
    // A diff made elsewhere is Complete, for every ASID.
    const elsewhere = await call(emulator, diffStatusPath(7), { accountserviceid: '999', diff_info: '1' });
    expect(elsewhere.json).toMatchObject({ diffid: 7, jobstateid: 5, image: { imageid: EMULATOR_IMAGE_ID } });
    // Where a diff made elsewhere was made is unknown: no machine object.
    expect(elsewhere.json).not.toHaveProperty('machine');
    expect(emulator.diffs.get(7)?.origin).toBe('elsewhere');
  });

  it('fails or squashes diffs as planned: jobfailed 1 and a joberror', async () => {
    const { emulator, clock } = await start({ diffs: { plans: [{ outcome: 'failed' }, { outcome: 'squashed' }] } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const failed = await diffStatus(emulator, 5001, { diff_info: '1' });
    expect(failed.json).toMatchObject({
      jobstateid: 6,
      jobstatename: 'Failed',
      jobfailed: 1,
      jobprogress: 40,
      added: {},
      modified: {},
      removed: {}
    });
    expect(failed.json.joberror).toContain('machine 48213');
    await reject(emulator, 5001);
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect((await diffStatus(emulator, 5002)).json).toMatchObject({ jobstateid: 7, jobfailed: 0 });
  });
});

describe('the image lock', () => {
  it('refuses a second diff while the first is open, with the exact API error', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    const second = await createDiff(emulator, { machineid: '48214' });
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text)).toEqual({
      success: false,
      error: true,
      error_code: 1,
      error_message: 'image locked by diffid: 5001',
      messages: [],
      _debug: []
    });
    clock.advance(DIFF_END);
    expect((await createDiff(emulator)).json.error_message).toBe('image locked by diffid: 5001');
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5001);
    expect(emulator.diffs.size).toBe(1);
  });

  it('sends the lock error with HTTP 200 under errorsWithHttp200', async () => {
    const { emulator } = await start({ format: { errorsWithHttp200: true } });
    await createDiff(emulator);
    const second = await createDiff(emulator);
    expect(second).toMatchObject({ status: 200, json: errorBody('image locked by diffid: 5001') });
  });

  it('unlocks when the diff is rejected', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect(await reject(emulator, 5001)).toMatchObject({ status: 200, json: { success: true, diffid: 5001 } });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
    expect(emulator.diffs.get(5001)).toMatchObject({ decision: 'rejected', reinstall: false });
    expect((await createDiff(emulator)).json).toMatchObject({ success: true, diffid: 5002 });
  });

  it('unlocks when a version is created from the diff', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const version = await createVersion(emulator, 5001);
    expect(version.json).toMatchObject({ success: true, imageversionid: 1001 });
    expect(emulator.diffs.get(5001)).toMatchObject({ decision: 'accepted', imageversionid: 1001 });
    expect(emulator.versions.get(1001)).toMatchObject({ diffid: 5001, imageid: EMULATOR_IMAGE_ID, full: undefined });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
    expect((await createDiff(emulator)).json.diffid).toBe(5002);
  });

  it("locks only the diff's own image", async () => {
    const second: ImageSpec = { ...EMULATOR_IMAGE, imageid: 88 };
    const { emulator, clock } = await start({ images: [EMULATOR_IMAGE, second] });
    await createDiff(emulator);
    expect((await createDiff(emulator, { imageid: '88' })).json.diffid).toBe(5002);
    expect((await createDiff(emulator, { imageid: '88' })).json.error_message).toBe('image locked by diffid: 5002');
    clock.advance(DIFF_END);
    await createVersion(emulator, 5002);
    // The version belongs to the image its diff was made for.
    expect(emulator.versions.get(1001)?.imageid).toBe(88);
    expect(emulator.imageLock(88)).toBeNull();
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5001);
  });

  it('starts locked by a diff with lockedBy; rejecting it unlocks', async () => {
    const { emulator } = await start({ diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 218595 } } });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(218595);
    expect((await createDiff(emulator)).json).toEqual(errorBody('image locked by diffid: 218595'));
    expect((await diffStatus(emulator, 218595)).json).toMatchObject({ diffid: 218595, jobstateid: 5 });
    expect(await reject(emulator, 218595)).toMatchObject({ status: 200, json: { success: true, diffid: 218595 } });
    expect((await createDiff(emulator)).json.diffid).toBe(5001);
  });

  it('starts locked with lockedBy; a version from that diff unlocks', async () => {
    const { emulator } = await start({ diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 4242 }, knownIds: [1] } });
    expect((await createVersion(emulator, 4242)).status).toBe(200);
    expect(emulator.diffs.get(4242)).toMatchObject({ origin: 'locked', decision: 'accepted', imageversionid: 1001 });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
    expect((await createDiff(emulator)).status).toBe(200);
  });

  it('refuses lockedBy entries that cannot exist', async () => {
    await expect(startEmulator({ diffs: { lockedBy: { 78: 1 } } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 0 } } })).rejects.toThrow(TypeError);
    const images = [EMULATOR_IMAGE, { ...EMULATOR_IMAGE, imageid: 88, diffIds: [9] }];
    await expect(startEmulator({ images, diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 9 } } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ images, diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 5, 88: 5 } } })).rejects.toThrow(TypeError);
  });

  it('treats an unfinished update of the image as a lock too', async () => {
    const { emulator, clock } = await start();
    await createUpdate(emulator);
    expect((await createDiff(emulator)).json).toEqual(errorBody('image locked by updateid: 3001'));
    clock.advance(UPDATE_END);
    expect((await createDiff(emulator)).json.diffid).toBe(5001);
  });

  it('leaves versions from diffs made elsewhere as they were: they neither need nor clear the lock', async () => {
    const { emulator } = await start();
    await createDiff(emulator);
    for (let i = 0; i < 2; i += 1) expect((await createVersion(emulator, 77)).status).toBe(200);
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5001);
    expect(emulator.diffs.get(77)).toMatchObject({ origin: 'elsewhere', decision: 'accepted', imageversionid: 1002 });
  });
});

describe('imagediff/{id}/reject', () => {
  it('refuses a second reject, and a reject after the diff was accepted', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(DIFF_END);
    await reject(emulator, 5001);
    expect(await reject(emulator, 5001)).toMatchObject({ status: 400, json: errorBody('image diff 5001 was already rejected') });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    await createVersion(emulator, 5002);
    expect(await reject(emulator, 5002)).toMatchObject({
      status: 400,
      json: errorBody('image diff 5002 was already accepted (image version 1001): it cannot be rejected')
    });
  });

  it('refuses a diff that has not finished', async () => {
    const { emulator } = await start();
    await createDiff(emulator);
    const reply = await reject(emulator, 5001);
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toBe('image diff 5001 has not finished (Created): only a complete or failed diff can be rejected');
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5001);
  });

  it("answers 404 for an unknown diff or another ASID's diff", async () => {
    const { emulator } = await start({ diffs: { knownIds: [] }, auth: { accountServiceIds: [EMULATOR_ASID, 999] } });
    expect(await reject(emulator, 6)).toMatchObject({ status: 404, json: errorBody('image diff 6 not found') });
    await createDiff(emulator);
    expect((await reject(emulator, 5001, { accountserviceid: '999' })).status).toBe(404);
  });

  it.each([undefined, 'true', '2'])('requires reinstall to be 1 or 0 (%j)', async (reinstall) => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const reply = await reject(emulator, 5001, { reinstall });
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toContain('reinstall');
    expect(emulator.diffs.get(5001)?.decision).toBe('open');
  });

  it('answers with the reinstall job for reinstall=1', async () => {
    const { emulator, clock } = await start({ diffs: { plan: { outcome: 'failed' } } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const reply = await reject(emulator, 5001, { reinstall: '1' });
    expect(reply.json).toMatchObject({ success: true, uninstalljobid: 7001, jobstateid: 1, jobfailed: 0 });
    expect(reply.json).not.toHaveProperty('diffid');
    expect(emulator.diffs.get(5001)).toMatchObject({ decision: 'rejected', reinstall: true });
  });

  it('rejects a diff made elsewhere, which then cannot become a version', async () => {
    const { emulator } = await start();
    expect((await reject(emulator, 31)).json).toEqual({ success: true, diffid: 31 });
    expect(await createVersion(emulator, 31)).toMatchObject({
      status: 400,
      json: errorBody('image diff 31 was rejected: make a new diff')
    });
  });
});

describe('imageversion/create from a diff made here', () => {
  it('refuses a diff that is not complete, then accepts it once it is', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(500);
    const early = await createVersion(emulator, 5001);
    expect(early.status).toBe(400);
    expect(early.json.error_message).toContain('diff 5001 is not complete');
    expect(emulator.versions.size).toBe(0);
    clock.advance(DIFF_END - 500);
    expect((await createVersion(emulator, 5001)).status).toBe(200);
    const again = await createVersion(emulator, 5001);
    expect(again).toMatchObject({ status: 400, json: errorBody('image diff 5001 was already accepted (image version 1001)') });
  });

  it('refuses a failed diff and a rejected one', async () => {
    const { emulator, clock } = await start({ diffs: { plan: { outcome: 'failed' } } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect((await createVersion(emulator, 5001)).json.error_message).toBe('image diff 5001 is not complete (Failed)');
    // A failed diff still holds the lock until it is rejected (or retried).
    expect((await createDiff(emulator)).json.error_message).toBe('image locked by diffid: 5001');
    await reject(emulator, 5001);
    expect((await createVersion(emulator, 5001)).json).toEqual(errorBody('image diff 5001 was rejected: make a new diff'));
  });

  it('refuses a diff made for another ASID as unknown', async () => {
    const { emulator, clock } = await start({ auth: { accountServiceIds: [EMULATOR_ASID, 999] } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const reply = await createVersion(emulator, 5001, { accountserviceid: '999' });
    expect(reply).toMatchObject({ status: 400, json: errorBody('Invalid parameter diffid: image diff 5001 not found') });
  });

  it('needs full=1 for a diff with no changes, and records the version as full', async () => {
    const { emulator, clock } = await start({ diffs: { plan: { empty: true } } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    for (const full of [undefined, '0']) {
      const reply = await createVersion(emulator, 5001, { full });
      expect(reply).toMatchObject({ status: 400, json: errorBody('image diff 5001 has no changes: a full image is required (full=1)') });
    }
    expect(emulator.latestVersionFull(EMULATOR_IMAGE_ID)).toBe(false);
    expect((await createVersion(emulator, 5001, { full: '1' })).status).toBe(200);
    expect(emulator.versions.get(1001)?.full).toBe(true);
    expect(emulator.latestVersionFull(EMULATOR_IMAGE_ID)).toBe(true);
  });

  it('refuses a diff with no changes after a full version, even with full=1; the diff must be rejected', async () => {
    const { emulator, clock } = await start({ diffs: { plans: [{}, { empty: true }] } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    await createVersion(emulator, 5001, { full: '1' });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const reply = await createVersion(emulator, 5002, { full: '1' });
    expect(reply).toMatchObject({
      status: 400,
      json: errorBody('image diff 5002 has no changes and the latest image version is full; reject the diff')
    });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5002);
    expect((await reject(emulator, 5002)).status).toBe(200);
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBeNull();
  });

  it("takes the latest version's full from images[].latestFull, per image", async () => {
    const other: ImageSpec = { ...EMULATOR_IMAGE, imageid: 88 };
    const { emulator, clock } = await start({ images: [{ ...EMULATOR_IMAGE, latestFull: true }, other], diffs: { plan: { empty: true } } });
    expect(emulator.latestVersionFull(EMULATOR_IMAGE_ID)).toBe(true);
    expect(emulator.latestVersionFull(88)).toBe(false);
    await createDiff(emulator);
    await createDiff(emulator, { imageid: '88' });
    clock.advance(DIFF_END);
    expect((await createVersion(emulator, 5001, { full: '1' })).json.error_message).toContain('reject the diff');
    expect((await createVersion(emulator, 5002, { full: '1' })).status).toBe(200);
  });

  it('makes a diff with changes after a full version a normal differential version', async () => {
    const { emulator, clock } = await start({ images: [{ ...EMULATOR_IMAGE, latestFull: true }] });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect((await createVersion(emulator, 5001)).status).toBe(200);
    expect(emulator.latestVersionFull(EMULATOR_IMAGE_ID)).toBe(false);
  });

  it('keeps emptyDiffIds for diffs made elsewhere: empty maps, full=1 needed, the id never handed out', async () => {
    const { emulator } = await start({ diffs: { emptyIds: [5001] } });
    expect((await createDiff(emulator)).json.diffid).toBe(5002);
    const status = await diffStatus(emulator, 5001, { diff_info: '1' });
    expect(status.json).toMatchObject({ jobstateid: 5, added: {}, modified: {}, removed: {} });
    expect((await createVersion(emulator, 5001)).json.error_message).toContain('full=1');
    expect((await createVersion(emulator, 5001, { full: '1' })).status).toBe(200);
    // A version from a diff made elsewhere leaves the image's lock alone.
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5002);
  });
});

describe('imagediff/create with diffid: retrying a finished diff', () => {
  it('runs a failed diff again under the same id, with the next plan', async () => {
    const { emulator, clock } = await start({ diffs: { plans: [{ outcome: 'failed' }] } });
    await createDiff(emulator);
    clock.advance(DIFF_END);
    const retried = await createDiff(emulator, { diffid: '5001', machineid: '48214' });
    expect(retried.json).toMatchObject({ success: true, diffid: 5001, jobstateid: 1 });
    expect(emulator.diffs.get(5001)).toMatchObject({ retries: 1, machineid: 48214, decision: 'open' });
    clock.advance(DIFF_END);
    expect((await diffStatus(emulator, 5001)).json.jobstateid).toBe(5);
    expect((await createVersion(emulator, 5001)).status).toBe(200);
  });

  it('refuses a diff that is running, belongs to another image, is unknown or was rejected', async () => {
    const { emulator, clock } = await start({ images: [EMULATOR_IMAGE, { ...EMULATOR_IMAGE, imageid: 88 }], diffs: { knownIds: [] } });
    await createDiff(emulator);
    expect((await createDiff(emulator, { diffid: '5001' })).json.error_message).toBe(
      'image diff 5001 has not finished (Created): only a complete or failed diff can be retried'
    );
    expect((await createDiff(emulator, { diffid: '5001', imageid: '88' })).json.error_message).toBe(
      'Invalid parameter diffid: image diff 5001 belongs to image 77'
    );
    expect((await createDiff(emulator, { diffid: '6' })).json.error_message).toBe('Invalid parameter diffid: image diff 6 not found');
    clock.advance(DIFF_END);
    await reject(emulator, 5001);
    expect((await createDiff(emulator, { diffid: '5001' })).json.error_message).toBe('image diff 5001 was already rejected');
  });

  it('still refuses a retry of one diff while another locks the image', async () => {
    const { emulator } = await start({ diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 900 } } });
    expect((await createDiff(emulator, { diffid: '901' })).json.error_message).toBe('image locked by diffid: 900');
    expect((await createDiff(emulator, { diffid: '900' })).json).toMatchObject({ success: true, diffid: 900 });
  });
});

describe('faults and recording on the new routes', () => {
  it('answers with an injected fault without creating the diff, then serves the next request', async () => {
    const { emulator } = await start();
    emulator.addFault({ route: ROUTE_NAMES.imageDiffCreate, request: 1, kind: 'respond', status: 503, headers: { 'retry-after': '2' } });
    const faulted = await createDiff(emulator);
    expect(faulted.status).toBe(503);
    expect(emulator.diffs.size).toBe(0);
    expect((await createDiff(emulator)).json.diffid).toBe(5001);
  });

  it('still creates the diff behind a reset connection, so the next create finds the image locked', async () => {
    const { emulator } = await start();
    emulator.addFault({ route: ROUTE_NAMES.imageDiffCreate, request: 1, kind: 'reset' });
    await expect(createDiff(emulator)).rejects.toThrow();
    await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageDiffCreate });
    expect(emulator.imageLock(EMULATOR_IMAGE_ID)).toBe(5001);
    expect((await createDiff(emulator)).json.error_message).toBe('image locked by diffid: 5001');
  });

  it('faults reject and status requests by route and number', async () => {
    const { emulator, clock } = await start();
    await createDiff(emulator);
    clock.advance(DIFF_END);
    emulator.addFault(parseFault('diff-status:2:502,body=html'));
    emulator.addFault(parseFault('reject:1:500,process=1'));
    emulator.addFault(parseFault('update-status:every:504'));
    expect((await diffStatus(emulator, 5001)).status).toBe(200);
    const html = await diffStatus(emulator, 5001);
    expect(html.status).toBe(502);
    expect(html.text).toContain('<html>');
    expect((await reject(emulator, 5001)).status).toBe(500);
    // process=1: the reject took effect behind the error.
    expect(emulator.diffs.get(5001)?.decision).toBe('rejected');
    await createUpdate(emulator);
    expect((await call(emulator, updateStatusPath(3001), { accountserviceid: ASID })).status).toBe(504);
  });

  it('records every request with its route name and per-route number', async () => {
    const { emulator, clock } = await start();
    await createUpdate(emulator);
    clock.advance(UPDATE_END);
    await call(emulator, updateStatusPath(3001), { accountserviceid: ASID });
    await createDiff(emulator);
    await diffStatus(emulator, 5001);
    clock.advance(DIFF_END);
    await diffStatus(emulator, 5001, { diff_info: '1' });
    await reject(emulator, 5001, { reinstall: '1' });
    const settled = await emulator.waitForRequests(2, { route: ROUTE_NAMES.imageDiffStatus });
    expect(settled.map((r) => [r.routeRequest, r.query.diff_info])).toEqual([
      [1, undefined],
      [2, '1']
    ]);
    expect(emulator.requests.map((r) => [r.route, r.status])).toEqual([
      [ROUTE_NAMES.imageUpdateCreate, 200],
      [ROUTE_NAMES.imageUpdateStatus, 200],
      [ROUTE_NAMES.imageDiffCreate, 200],
      [ROUTE_NAMES.imageDiffStatus, 200],
      [ROUTE_NAMES.imageDiffStatus, 200],
      [ROUTE_NAMES.imageDiffReject, 200]
    ]);
    expect(emulator.requestCount(ROUTE_NAMES.imageDiffStatus)).toBe(2);
    expect(JSON.parse(emulator.requests[5]?.responseBody ?? '')).toMatchObject({ uninstalljobid: 7001 });
  });

  it('queues diff and update plans at run time', async () => {
    const { emulator, clock } = await start();
    emulator.queueDiffJobs({ outcome: 'failed', error: 'disk full' });
    emulator.queueUpdateJobs({ durationSeconds: 0, outcome: 'squashed' });
    await createUpdate(emulator);
    await createDiff(emulator);
    clock.advance(DIFF_END);
    expect((await diffStatus(emulator, 5001)).json).toMatchObject({ jobstateid: 6, joberror: 'disk full' });
    expect((await call(emulator, updateStatusPath(3001), { accountserviceid: ASID })).json.jobstateid).toBe(7);
    expect(() => emulator.queueDiffJobs({ changes: { added: ['x', 'x'] } })).toThrow(TypeError);
    expect(() => emulator.queueDiffJobs({ changes: { added: [''] } })).toThrow(TypeError);
    expect(() => emulator.queueUpdateJobs({ durationSeconds: -1 })).toThrow(TypeError);
  });
});

describe('CLI flags for the release chain', () => {
  it('maps the diff, update and lock flags onto options', () => {
    const { options } = parseCli([
      '--diff-duration',
      '30',
      '--diff-fail',
      '--diff-empty',
      '--update-duration',
      '45',
      '--update-outcome',
      'squashed',
      '--locked-by',
      '218595',
      '--latest-full',
      '--machines',
      '48213,48214',
      '--first-diff-id',
      '900',
      '--first-update-id',
      '300',
      '--empty-maps-as-lists'
    ]);
    expect(options).toMatchObject({
      diffs: { plan: { durationSeconds: 30, outcome: 'failed', empty: true }, lockedBy: { [EMULATOR_IMAGE_ID]: 218595 }, firstId: 900 },
      updates: { plan: { durationSeconds: 45, outcome: 'squashed' }, firstId: 300 },
      images: [{ imageid: EMULATOR_IMAGE_ID, latestFull: true, fleets: EMULATOR_IMAGE.fleets }],
      machineIds: [48213, 48214],
      format: { emptyMapsAsLists: true }
    });
    expect(parseCli(['--update-fail']).options.updates?.plan).toEqual({ outcome: 'failed' });
  });

  it('leaves the new options out when no flag sets them', () => {
    const { options } = parseCli([]);
    for (const key of ['diffs', 'updates', 'images', 'machineIds']) {
      expect(options).not.toHaveProperty(key);
    }
  });

  it.each([
    [['--diff-outcome', 'done']],
    [['--diff-outcome', 'complete', '--diff-fail']],
    [['--locked-by', '0']],
    [['--machines', '1,a']],
    [['--diff-duration', '-1']]
  ])('rejects %j', (argv) => {
    expect(() => parseCli(argv)).toThrow(CliError);
  });

  it.each([
    ['update', ROUTE_NAMES.imageUpdateCreate],
    ['update-status', ROUTE_NAMES.imageUpdateStatus],
    ['diff', ROUTE_NAMES.imageDiffCreate],
    ['diff-status', ROUTE_NAMES.imageDiffStatus],
    ['reject', ROUTE_NAMES.imageDiffReject]
  ])('knows the fault alias %s', (alias, route) => {
    expect(parseFault(`${alias}:1:503`)).toMatchObject({ route, request: 1, kind: 'respond', status: 503 });
  });

  it('serves a chain started from CLI options: locked image, empty diffs, latest version full', async () => {
    const { options } = parseCli(['--port', '0', '--locked-by', '218595', '--latest-full', '--diff-empty']);
    // The CLI options carry their own time scale, so SCALE is not applied.
    const { emulator, clock } = await startClocked(options);
    expect((await createDiff(emulator)).json.error_message).toBe('image locked by diffid: 218595');
    await reject(emulator, 218595);
    await createDiff(emulator);
    clock.advance(6000); // 60 emulated s at the CLI's time scale 10
    expect((await createVersion(emulator, 5001, { full: '1' })).json.error_message).toContain('reject the diff');
  });
});
