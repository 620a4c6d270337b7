// imageinstall/status and image/options, modelled on the versions, diffs, updates and
// locks; the lost-answer fault that makes a create's outcome unknown to the client; and
// imageupdate/create's locks, default URL and build URL schemes. Manual clock, no sleeping.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli, parseFault } from '../emulator/cli-args.ts';
import { banner } from '../emulator/cli-output.ts';
import {
  EMULATOR_ASID,
  EMULATOR_BUILD_MACHINE_ID,
  EMULATOR_GAME_ID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  manualClock
} from '../emulator/index.ts';
import type { Emulator, ImageSpec } from '../emulator/index.ts';
import { T0, call, seconds, start, startClocked, timed } from './helpers/emulator-http.ts';
import type { Reply } from './helpers/emulator-http.ts';

const ASID = String(EMULATOR_ASID);
const IMAGE = String(EMULATOR_IMAGE_ID);
const GAME = String(EMULATOR_GAME_ID);
const MACHINES = 40;
// Time scale 60: a version's job (600 emulated s) is Complete after 10 s, its rollout
// (300 emulated s) reaches the last machine 5 s later; diffs take 1 s, updates 1.5 s.
const JOB_END = T0 + 10_000;
const ROLLOUT_END = JOB_END + 5000;

const installs = async (e: Emulator, asid = ASID): Promise<Record<string, unknown>[]> => {
  const reply = await call(e, '/cfp/v1/imageinstall/status', { accountserviceid: asid });
  expect(reply.status).toBe(200);
  return reply.json.installs as Record<string, unknown>[];
};
const options = (e: Emulator, query: Record<string, string | undefined> = { gameid: GAME, imageid: IMAGE }): Promise<Reply> =>
  call(e, '/cfp/v1/image/options', { accountserviceid: ASID, ...query });
const createVersion = (e: Emulator, diffid: number | string = 42, extra: Record<string, string> = {}): Promise<Reply> =>
  call(e, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: String(diffid), restart: '0', ...extra });
const createDiff = (e: Emulator): Promise<Reply> =>
  call(e, '/cfp/v1/imagediff/create', { accountserviceid: ASID, imageid: IMAGE, machineid: '48213' });
const createUpdate = (e: Emulator, extra: Record<string, string | undefined> = {}): Promise<Reply> =>
  call(e, '/cfp/v1/imageupdate/create', {
    accountserviceid: ASID,
    imageid: IMAGE,
    machineid: '48213',
    desc: 'nightly',
    url: 's3://bucket/b/',
    ...extra
  });
const targets = (rows: Record<string, unknown>[]): unknown[] => [...new Set(rows.map((row) => row.target_imageversionid))];
const pendingMachines = async (e: Emulator): Promise<unknown> =>
  (await call(e, `/cfp/v2/project/${ASID}/image/${IMAGE}/status`)).json.pending_machines;

describe('imageinstall/status', () => {
  it('lists one install per machine for a new version, with the fields the docs name', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock));
    expect(await installs(emulator)).toEqual([]);
    await createVersion(emulator, 42, { restart: '1' });
    const rows = await installs(emulator);
    expect(rows).toHaveLength(MACHINES);
    expect(rows[0]).toEqual({
      jobid: 9001,
      jobstateid: 1,
      jobstatename: 'Created',
      jobprogress: 0,
      jobfailed: 0,
      jobcreated: seconds(T0),
      jobupdated: seconds(T0),
      mirroring: 0,
      mirror: null,
      restart: 1,
      location: 'Europe',
      machine: { machineid: 177_000, name: 'machine-177000' },
      image: { imageid: EMULATOR_IMAGE_ID, name: `image ${EMULATOR_IMAGE_ID}` },
      imagepath: `/images/${EMULATOR_IMAGE_ID}/versions/1001`,
      install_at: null,
      target_imageversionid: 1001
    });
    expect(new Set(rows.map((row) => row.jobid)).size).toBe(MACHINES);
    expect(new Set(rows.map((row) => (row.machine as { machineid: number }).machineid)).size).toBe(MACHINES);
  });

  it('follows the job, then the rollout: the rows left are the machines the v2 view counts as pending', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { rollouts: { plan: { durationSeconds: 300, delaySeconds: 60, failedMachines: 4 } } }));
    const installAt = seconds(T0) + 1;
    await createVersion(emulator, 42, { install_at: String(installAt) });
    clock.set(T0 + 2000);
    const waiting = await installs(emulator);
    expect(waiting.every((row) => row.jobstateid === 2 && row.install_at === installAt)).toBe(true);
    // install_at holds the job back a little, so take its instants from the emulator.
    const version = emulator.versions.get(1001);
    const rolloutStart = version?.rollout?.startMs ?? NaN;
    expect(rolloutStart - (version?.job.endMs ?? NaN)).toBe(1000);
    clock.set(rolloutStart - 500); // Complete; the rollout starts 1 s after the job's end
    expect((await installs(emulator)).map((row) => row.jobstateid)).toEqual(Array(MACHINES).fill(3));
    for (const at of [rolloutStart, rolloutStart + 1250, rolloutStart + 2500, rolloutStart + 4999]) {
      clock.set(at);
      const rows = await installs(emulator);
      expect(rows.every((row) => row.jobstateid === 4 && row.target_imageversionid === 1001)).toBe(true);
      expect(rows.every((row) => row.jobstart === String(seconds(rolloutStart)))).toBe(true);
      expect(rows.length).toBe(await pendingMachines(emulator));
    }
    clock.set(rolloutStart + 5000);
    expect(await installs(emulator)).toEqual([]);
    expect(emulator.imageRollout(EMULATOR_IMAGE_ID)).toMatchObject({ pending: 0, failed: 4 });
  });

  it('ends the installs with a failed or squashed job', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { versions: { plans: [{ outcome: 'failed' }, { outcome: 'squashed' }] } }));
    await createVersion(emulator, 42);
    await createVersion(emulator, 43);
    expect(targets(await installs(emulator))).toEqual([1001, 1002]);
    clock.set(JOB_END);
    expect(await installs(emulator)).toEqual([]);
  });

  it('keeps stuck machines listed, and lets a newer version squash what an older one left', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { rollouts: { plans: [{ outcome: 'stuck', stuckMachines: 3 }] } }));
    await createVersion(emulator, 42);
    clock.set(ROLLOUT_END + 60_000);
    const stuck = await installs(emulator);
    expect(stuck).toHaveLength(3);
    expect(stuck.every((row) => row.jobstateid === 4 && row.jobprogress === 0 && !('jobeta' in row))).toBe(true);
    await createVersion(emulator, 43);
    // Both versions' installs until the newer one starts rolling out.
    expect(targets(await installs(emulator))).toEqual([1001, 1002]);
    clock.set(ROLLOUT_END + 60_000 + 10_000);
    const rows = await installs(emulator);
    expect(targets(rows)).toEqual([1002]);
    expect(rows.length).toBe(await pendingMachines(emulator));
  });

  it("shows an ASID only its own installs; in Bearer mode the token's account, with no accountserviceid", async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { auth: { accountServiceIds: [EMULATOR_ASID, 777] } }));
    await createVersion(emulator, 42);
    expect(await installs(emulator, '777')).toEqual([]);
    expect(await installs(emulator)).toHaveLength(MACHINES);
    const bearer = await start(timed(clock, { auth: { mode: 'bearer', accountServiceIds: [EMULATOR_ASID, 777] } }));
    await call(bearer, '/cfp/v1/imageversion/create', { diffid: '42', restart: '0' });
    const reply = await call(bearer, '/cfp/v1/imageinstall/status');
    expect((reply.json.installs as unknown[]).length).toBe(MACHINES);
    expect((await call(bearer, '/cfp/v1/imageinstall/status', { accountserviceid: ASID })).status).toBe(400);
  });

  it('sends numbers as numeric strings when told', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { format: { numericStrings: true } }));
    await createVersion(emulator, 42, { install_at: String(seconds(T0) + 30) });
    const [row] = await installs(emulator);
    expect(row).toMatchObject({ jobid: '9001', target_imageversionid: '1001', restart: '0', install_at: String(seconds(T0) + 30) });
  });
});

describe('image/options', () => {
  // Two games: 501 (images 77 and 78) and 9 (image 88).
  const IMAGES: ImageSpec[] = [
    EMULATOR_IMAGE,
    { ...EMULATOR_IMAGE, imageid: 78, name: 'Test server', gameversionid: 4242, buildMachines: [48214] },
    { ...EMULATOR_IMAGE, imageid: 88, name: 'Staging server', gameid: 9, buildMachines: [48215, 48216] }
  ];
  const GAMES = [
    { gameid: EMULATOR_GAME_ID, name: 'Emulated Game' },
    { gameid: 9, name: 'game 9' }
  ];
  const IMAGE_77 = { imageid: EMULATOR_IMAGE_ID, name: `image ${EMULATOR_IMAGE_ID}`, gameversionid: 20_000 + EMULATOR_IMAGE_ID };
  const IMAGE_78 = { imageid: 78, name: 'Test server', gameversionid: 4242 };
  const IMAGE_88 = { imageid: 88, name: 'Staging server', gameversionid: 20_088 };
  const machine = (machineid: number) => ({ machineid, name: `machine-${machineid}` });

  it('without gameid and imageid: every game, every image (no gameid field) and the build machines', async () => {
    const emulator = await start({ images: IMAGES });
    const all = await options(emulator, {});
    expect(all.status).toBe(200);
    expect(all.json).toEqual({
      success: true,
      games: GAMES,
      images: [IMAGE_77, IMAGE_78, IMAGE_88],
      machines: [machine(EMULATOR_BUILD_MACHINE_ID), machine(48214), machine(48215), machine(48216)]
    });
    const configured = await start({ images: [EMULATOR_IMAGE], machineIds: [48213, 48214] });
    expect((await options(configured, {})).json.machines).toEqual([machine(48213), machine(48214)]);
  });

  it("with the pair: that game's images, the machines with the image installed, no lock on an image at rest", async () => {
    const emulator = await start({ images: IMAGES });
    const one = await options(emulator, { gameid: GAME, imageid: '78' });
    expect(one.json).toEqual({ success: true, games: GAMES, images: [IMAGE_77, IMAGE_78], machines: [machine(48214)] });
    const other = await options(emulator, { gameid: '9', imageid: '88' });
    expect(other.json).toEqual({ success: true, games: GAMES, images: [IMAGE_88], machines: [machine(48215), machine(48216)] });
    const defaults = await options(emulator);
    expect(defaults.json.machines).toEqual([machine(EMULATOR_BUILD_MACHINE_ID)]);
    for (const field of ['diffid', 'updateid', 'update_url']) expect(defaults.json).not.toHaveProperty(field);
  });

  it("with an image of another game: 200 listing that game's images without it, no lock fields, no machines", async () => {
    const { emulator, clock } = await startClocked({ images: IMAGES, diffs: { lockedBy: { 88: 218595 } } });
    await createUpdate(emulator);
    const wrong = await options(emulator, { gameid: '9', imageid: IMAGE });
    expect(wrong).toMatchObject({ status: 200, json: { success: true, games: GAMES, images: [IMAGE_88], machines: [] } });
    for (const field of ['diffid', 'updateid', 'update_url']) expect(wrong.json).not.toHaveProperty(field);
    const right = await options(emulator, { gameid: GAME, imageid: IMAGE });
    expect(right.json).toMatchObject({ updateid: 3001, images: [IMAGE_77, IMAGE_78] });
    // Asking each game in turn: only the image's own game lists it.
    const listing = [];
    for (const { gameid } of GAMES) {
      const reply = await options(emulator, { gameid: String(gameid), imageid: IMAGE });
      listing.push((reply.json.images as { imageid: number }[]).some((image) => image.imageid === EMULATOR_IMAGE_ID));
    }
    expect(listing).toEqual([true, false]);
    clock.advance(1);
    expect((await options(emulator, { gameid: '9', imageid: '88' })).json.diffid).toBe(218595);
  });

  it('answers 404 for an unknown game, and for an unknown or hidden image of a known game', async () => {
    const emulator = await start({
      images: [...IMAGES, { ...EMULATOR_IMAGE, imageid: 99, accountserviceid: 777 }],
      auth: { accountServiceIds: [EMULATOR_ASID, 777] }
    });
    expect(await options(emulator, { gameid: '4', imageid: IMAGE })).toMatchObject({
      status: 404,
      json: { error_message: 'game 4 not found' }
    });
    expect(await options(emulator, { gameid: GAME, imageid: '79' })).toMatchObject({
      status: 404,
      json: { error_message: 'image 79 not found' }
    });
    expect((await options(emulator, { gameid: GAME, imageid: '99' })).status).toBe(404);
    expect((await call(emulator, '/cfp/v1/image/options', { accountserviceid: '777', gameid: GAME, imageid: '99' })).status).toBe(200);
  });

  it('names the open diff that locks the image until a version is made from it or it is rejected', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock));
    const { diffid } = (await createDiff(emulator)).json;
    expect((await options(emulator)).json.diffid).toBe(diffid);
    clock.advance(1000);
    expect((await createVersion(emulator, diffid as number)).status).toBe(200);
    expect((await options(emulator)).json).not.toHaveProperty('diffid');
    const second = (await createDiff(emulator)).json.diffid as number;
    expect((await options(emulator)).json.diffid).toBe(second);
    clock.advance(1000);
    await call(emulator, `/cfp/v1/imagediff/${second}/reject`, { accountserviceid: ASID, reinstall: '0' });
    expect((await options(emulator)).json).not.toHaveProperty('diffid');
  });

  it('names a diff from before the emulator started (lockedBy) and a running update', async () => {
    const clock = manualClock(T0);
    const locked = await start(timed(clock, { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 218595 } } }));
    expect((await options(locked)).json.diffid).toBe(218595);
    const emulator = await start(timed(clock));
    await createUpdate(emulator);
    expect((await options(emulator)).json.updateid).toBe(3001);
    clock.advance(1500);
    expect((await options(emulator)).json).not.toHaveProperty('updateid');
  });

  it('gives the default update URL and the build machines when they are configured', async () => {
    const url = 's3://AKIA:secret@bucket/builds/';
    const emulator = await start({ images: [{ ...EMULATOR_IMAGE, updateUrl: url }], machineIds: [48213, 48214] });
    expect((await options(emulator)).json).toMatchObject({ update_url: url, machines: [machine(48213), machine(48214)] });
  });

  it('sends its numbers as numeric strings when told', async () => {
    const emulator = await start({ format: { numericStrings: true } });
    expect((await options(emulator)).json).toEqual({
      success: true,
      games: [{ gameid: GAME, name: 'Emulated Game' }],
      images: [{ imageid: IMAGE, name: `image ${IMAGE}`, gameversionid: String(20_000 + EMULATOR_IMAGE_ID) }],
      machines: [{ machineid: String(EMULATOR_BUILD_MACHINE_ID), name: `machine-${EMULATOR_BUILD_MACHINE_ID}` }]
    });
  });

  it('refuses build machines outside machineIds and bad image fields at start', async () => {
    await expect(start({ machineIds: [1], images: [{ ...EMULATOR_IMAGE, buildMachines: [2] }] })).rejects.toThrow(/buildMachines 2/);
    await expect(start({ images: [{ ...EMULATOR_IMAGE, buildMachines: [0] }] })).rejects.toThrow(TypeError);
    await expect(start({ images: [{ ...EMULATOR_IMAGE, gameversionid: 1.5 }] })).rejects.toThrow(/gameversionid/);
  });

  it('takes gameid and imageid together or neither; an unknown game or image is 404', async () => {
    const emulator = await start({ images: [EMULATOR_IMAGE, { ...EMULATOR_IMAGE, imageid: 88, gameid: 9 }] });
    for (const half of [{ imageid: IMAGE }, { gameid: GAME }, { imageid: IMAGE, gameid: undefined }]) {
      expect(await options(emulator, half)).toMatchObject({
        status: 400,
        json: { error_message: 'gameid and imageid must be given together' }
      });
    }
    expect((await options(emulator, { gameid: GAME, imageid: 'x' })).json.error_message).toContain('imageid');
    const versioned = await options(emulator, { gameid: GAME, imageid: IMAGE, gameversion_identifier: 'v1' });
    expect(versioned).toMatchObject({ status: 400, json: { error_message: 'Unknown parameter gameversion_identifier' } });
  });

  it('in lenient mode answers imageid alone as the pair with its game, and gameid alone with the build machines', async () => {
    const emulator = await start({ params: 'lenient', images: IMAGES });
    const alone = await options(emulator, { imageid: '88', gameversion_identifier: 'v1' });
    expect(alone.json).toEqual((await options(emulator, { gameid: '9', imageid: '88' })).json);
    const game = await options(emulator, { gameid: '9' });
    expect(game.json).toMatchObject({ images: [IMAGE_88], machines: (await options(emulator, {})).json.machines });
    expect(() => parseCli(['--strict-image-options'])).toThrow(CliError);
  });

  it('takes images and their games from --image ID[:GAMEID]', async () => {
    const settings = parseCli(['--port', '0', '--image', '77', '--image', '88:9', '--latest-full', '--locked-by', '5']);
    expect(settings.options.images).toEqual([
      { ...EMULATOR_IMAGE, latestFull: true },
      { ...EMULATOR_IMAGE, imageid: 88, gameid: 9 }
    ]);
    expect(settings.options.diffs?.lockedBy).toEqual({ 77: 5 });
    const emulator = await start(settings.options);
    expect((await options(emulator, {})).json.games).toEqual(GAMES);
    expect((await options(emulator, { gameid: '9', imageid: '88' })).json.images).toEqual([{ ...IMAGE_88, name: 'image 88' }]);
    const text = banner(emulator, settings.options, []);
    expect(text).toContain('images            77 (game 501), 88 (game 9)');
    expect(text).toContain(`image/options?accountserviceid=${ASID}&gameid=${GAME}&imageid=${IMAGE}`);
    expect(parseCli(['--image', '5:6']).options.diffs).toBeUndefined();
    for (const bad of ['x', '5:0', '5:6:7', '']) expect(() => parseCli(['--image', bad])).toThrow(CliError);
    expect(() => parseCli(['--image', '5', '--image', '5:2'])).toThrow(/given twice/);
  });
});

describe('a create whose answer is lost', () => {
  it('created: the version exists and its installs show up, while the client saw a reset', async () => {
    const clock = manualClock(T0);
    const emulator = await start(
      timed(clock, { faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, request: 1, kind: 'lost' }] } })
    );
    const diffid = (await createDiff(emulator)).json.diffid as number;
    clock.advance(1000);
    await expect(createVersion(emulator, diffid)).rejects.toThrow();
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageVersionCreate });
    expect(recorded).toMatchObject({ status: 'reset', fault: 'lost', responseBody: null });
    expect([...emulator.versions.keys()]).toEqual([1001]);
    expect(targets(await installs(emulator))).toEqual([1001]);
    expect((await options(emulator)).json).not.toHaveProperty('diffid');
  });

  it('not created: a reset before processing leaves the diff locking the image and no install', async () => {
    const clock = manualClock(T0);
    const emulator = await start(
      timed(clock, { faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, request: 1, kind: 'reset', process: false }] } })
    );
    const diffid = (await createDiff(emulator)).json.diffid as number;
    clock.advance(1000);
    await expect(createVersion(emulator, diffid)).rejects.toThrow();
    expect(emulator.versions.size).toBe(0);
    expect(await installs(emulator)).toEqual([]);
    expect((await options(emulator)).json.diffid).toBe(diffid);
  });

  it('unknown: created, but the installs were done before anyone looked, so neither read proves it', async () => {
    const clock = manualClock(T0);
    const emulator = await start({
      time: { clock },
      versions: { plan: { durationSeconds: 0 } },
      rollouts: { plan: { durationSeconds: 0 } },
      faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, kind: 'lost', after: 'timeout' }] }
    });
    const diffid = (await createDiff(emulator)).json.diffid as number;
    clock.advance(60_000);
    await expect(
      fetch(`${emulator.url}/cfp/v1/imageversion/create?accountserviceid=${ASID}&diffid=${diffid}&restart=0`, {
        headers: { authorization: emulator.authorization },
        signal: AbortSignal.timeout(200)
      })
    ).rejects.toThrow();
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageVersionCreate });
    expect(recorded?.status).toBe('hung');
    expect(emulator.versions.size).toBe(1);
    expect(await installs(emulator)).toEqual([]);
    expect((await options(emulator)).json).not.toHaveProperty('diffid');
  });

  it('works on the other state-changing routes too', async () => {
    const clock = manualClock(T0);
    const lost = (route: string): { route: string; kind: 'lost' } => ({ route, kind: 'lost' });
    const emulator = await start(
      timed(clock, {
        faults: { specs: [lost(ROUTE_NAMES.imageUpdateCreate), lost(ROUTE_NAMES.imageDiffCreate), lost(ROUTE_NAMES.imageDiffReject)] }
      })
    );
    await expect(createUpdate(emulator)).rejects.toThrow();
    expect(emulator.updates.size).toBe(1);
    clock.advance(1500);
    await expect(createDiff(emulator)).rejects.toThrow();
    expect((await options(emulator)).json.diffid).toBe(5001);
    clock.advance(1000);
    await expect(call(emulator, '/cfp/v1/imagediff/5001/reject', { accountserviceid: ASID, reinstall: '0' })).rejects.toThrow();
    expect(emulator.diffs.get(5001)?.decision).toBe('rejected');
  });

  it('is a CLI fault action: lost, lost=reset, lost=timeout', () => {
    expect(parseFault('create:1:lost')).toEqual({
      route: ROUTE_NAMES.imageVersionCreate,
      request: 1,
      kind: 'lost',
      after: 'reset',
      delayMs: undefined
    });
    expect(parseFault('update:every:lost=timeout')).toEqual({
      route: ROUTE_NAMES.imageUpdateCreate,
      request: 'every',
      kind: 'lost',
      after: 'timeout'
    });
    expect(parseFault('reject:2:lost,delay=50')).toMatchObject({ kind: 'lost', after: 'reset', delayMs: 50 });
    expect(parseFault('installs:1:503').route).toBe(ROUTE_NAMES.imageInstallStatus);
    expect(parseFault('options:1:503').route).toBe(ROUTE_NAMES.imageOptions);
    expect(() => parseFault('create:1:lost=later')).toThrow(CliError);
  });

  it('rejects a lost fault with an unknown after at start', async () => {
    await expect(start({ faults: { specs: [{ route: '*', kind: 'lost', after: 'later' as 'reset' }] } })).rejects.toThrow(TypeError);
  });
});

describe('imageupdate/create: locks, default URL, build URL schemes', () => {
  it('answers "image locked by diffid: N" while a diff is open, "locked by updateid: N" while an update runs', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock));
    await createDiff(emulator);
    expect((await createUpdate(emulator)).json).toMatchObject({ success: false, error_message: 'image locked by diffid: 5001' });
    clock.advance(1000);
    await call(emulator, '/cfp/v1/imagediff/5001/reject', { accountserviceid: ASID, reinstall: '0' });
    expect((await createUpdate(emulator)).status).toBe(200);
    const blocked = await createUpdate(emulator, { machineid: '48214' });
    expect(blocked).toMatchObject({ status: 400, json: { error_message: 'image locked by updateid: 3001' } });
    clock.advance(1500);
    expect((await createUpdate(emulator)).json.updateid).toBe(3002);
    expect(emulator.updates.size).toBe(2);
  });

  it('takes no url when the image has a default update URL, and needs one otherwise', async () => {
    const withDefault = await start({ images: [{ ...EMULATOR_IMAGE, updateUrl: 'steam://anonymous:@install/740/' }] });
    expect((await createUpdate(withDefault, { url: undefined })).status).toBe(200);
    expect(withDefault.updates.get(3001)).toMatchObject({ url: 'steam://anonymous:@install/740/', defaultUrl: true });
    const without = await start();
    const reply = await createUpdate(without, { url: undefined });
    expect(reply).toMatchObject({
      status: 400,
      json: { error_message: `Missing required parameter url: image ${EMULATOR_IMAGE_ID} has no default update URL` }
    });
    expect(without.updates.size).toBe(0);
    expect(parseCli(['--default-update-url', 'gs://b/f']).options.images).toEqual([{ ...EMULATOR_IMAGE, updateUrl: 'gs://b/f' }]);
    expect(() => parseCli(['--default-update-url', 'nope'])).toThrow(CliError);
  });

  it.each([
    's3://AKIA%2Fx:se%2Bcret@bucket/folder/?region=eu-west-1&handlers=10&requesttimeout=2m',
    'steam://builder:pa%40ss@install/740/?beta=rc&betapassword=x&guardcode=Q',
    'gs://bucket/folder?credentials=%7B%22type%22%3A%22service_account%22%7D',
    'cos://bucket.cos.example/folder/',
    'https://builds.example.com/server.zip',
    'http://builds.example.com/server.zip'
  ])('accepts the build URL %s', async (url) => {
    const emulator = await start();
    expect((await createUpdate(emulator, { url })).status).toBe(200);
    expect(emulator.updates.get(3001)).toMatchObject({ url, defaultUrl: false });
  });

  it.each([
    ['ftp://AKIA:secret-ftp@host/build.zip', 'scheme ftp:// is not supported (s3://, steam://, gs://, cos://, http://, https://)'],
    ['file:///tmp/secret-file', 'scheme file:// is not supported (s3://, steam://, gs://, cos://, http://, https://)'],
    ['bucket/secret-path', 'not an absolute URL (s3://, steam://, gs://, cos://, http://, https://)'],
    ['s3://AKIA:se/cret@bucket/', 'not an absolute URL (s3://, steam://, gs://, cos://, http://, https://)']
  ])('refuses %s naming the accepted schemes, without echoing the URL', async (url, message) => {
    const emulator = await start();
    const reply = await createUpdate(emulator, { url });
    expect(reply).toMatchObject({ status: 400, json: { error_message: `Invalid parameter url: ${message}` } });
    expect(reply.text).not.toContain('secret');
    expect(emulator.updates.size).toBe(0);
  });
});
