// The emulator's v2 image status route (the rollout of a completed image version to the
// image's machines) over real HTTP on 127.0.0.1, walked with a manual clock.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli, parseFault } from '../emulator/cli-args.ts';
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_ASID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  ROUTE_NAMES,
  basicAuthorization,
  manualClock,
  startEmulator
} from '../emulator/index.ts';
import type { Emulator, EmulatorOptions, ImageSpec } from '../emulator/index.ts';
import { T0, call, present, start, timed } from './helpers/emulator-http.ts';
import type { Reply } from './helpers/emulator-http.ts';

// 600 emulated s jobs and 300 emulated s rollouts at time scale 60: the job is Complete
// 10 s after create, then 40 machines finish one every 125 ms until 5 s later.
const JOB_END = T0 + 10_000;
const ROLLOUT_END = JOB_END + 5000;
const MACHINES = 40;
const STEP = 5000 / MACHINES;

const PROD = present(EMULATOR_IMAGE.fleets[0], 'the Production fleet');
const STAGING = present(EMULATOR_IMAGE.fleets[1], 'the Staging fleet');
const PROD_EU = present(PROD.regions[0], 'Production Europe').regionid;
const STAGING_NA = present(STAGING.regions[1], 'Staging North America').regionid;

const rolloutPath = (opts: { asid?: number | string; image?: number | string; detail?: string | undefined } = {}): string => {
  const path = `/cfp/v2/project/${opts.asid ?? EMULATOR_ASID}/image/${opts.image ?? EMULATOR_IMAGE_ID}/status`;
  return opts.detail === undefined ? path : `${path}?detail=${opts.detail}`;
};

const rollout = (emulator: Emulator, opts: Parameters<typeof rolloutPath>[0] = {}): Promise<Reply> => call(emulator, rolloutPath(opts));

const create = (emulator: Emulator, diffid = 1): Promise<Reply> =>
  call(emulator, `/cfp/v1/imageversion/create?accountserviceid=${EMULATOR_ASID}&diffid=${diffid}&restart=0`);

const totals = (json: Record<string, unknown>): [unknown, unknown, unknown] => [
  json.pending_machines,
  json.failed_machines,
  json.completed_machines
];

const errorShape = { success: false, error: true, messages: [], _debug: [] };

/** Region counts of a map-form detail answer, by regionid. */
function regionCounts(json: Record<string, unknown>): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  const fleets = json.fleets as Record<
    string,
    { regions: Record<string, { pending_machines: number; failed_machines: number; completed_machines: number }> }
  >;
  for (const fleet of Object.values(fleets)) {
    for (const [id, region] of Object.entries(fleet.regions)) {
      out[id] = [region.pending_machines, region.failed_machines, region.completed_machines];
    }
  }
  return out;
}

/** Fleets and regions add up to the totals in a map-form answer. */
function expectConsistent(json: Record<string, unknown>): void {
  type Counts = { pending_machines: number; failed_machines: number; completed_machines: number };
  const fleets = json.fleets as Record<string, Record<string, unknown> & { regions: Record<string, Counts> }>;
  const sum = { pending_machines: 0, failed_machines: 0, completed_machines: 0 };
  for (const fleet of Object.values(fleets)) {
    const fleetSum = { pending_machines: 0, failed_machines: 0, completed_machines: 0 };
    for (const region of Object.values(fleet.regions)) {
      for (const key of Object.keys(fleetSum) as (keyof typeof fleetSum)[]) fleetSum[key] += region[key];
    }
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) {
      expect(fleet[key]).toBe(fleetSum[key]);
      sum[key] += fleetSum[key];
    }
  }
  expect(json).toMatchObject(sum);
}

describe('image status route: auth, parameters, unknown images', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong secret', basicAuthorization({ accessKey: EMULATOR_ACCESS_KEY, secretKey: 'nope' })]
  ])('answers 401 Forbidden for %s', async (_name, authorization) => {
    const emulator = await start();
    const reply = await call(emulator, rolloutPath({ detail: 'true' }), {}, { authorization });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.json).toEqual({ ...errorShape, error_code: expect.any(Number), error_message: 'Forbidden' });
  });

  it('answers 403 for an ASID in the path the keys cannot use, and 400 for a malformed one', async () => {
    const emulator = await start({ auth: { accountServiceIds: [12345, 777] } });
    const denied = await rollout(emulator, { asid: 999 });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ ...errorShape, error_code: expect.any(Number), error_message: 'Forbidden' });
    expect((await rollout(emulator, { asid: 777 })).status).toBe(200);
    const malformed = await rollout(emulator, { asid: '12x' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error_message).toContain('accountserviceid');
  });

  it('checks auth before the ASID and the ASID before the image', async () => {
    const emulator = await start();
    expect((await call(emulator, rolloutPath({ asid: 999, image: 4242 }), {}, { authorization: null })).status).toBe(401);
    expect((await rollout(emulator, { asid: 999, image: 4242 })).status).toBe(403);
  });

  it.each(['1', '0', 'TRUE', 'yes', ''])('rejects detail=%j with 400 naming detail', async (detail) => {
    const emulator = await start();
    const reply = await rollout(emulator, { detail });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ ...errorShape, error_code: 1 });
    expect(reply.json.error_message).toEqual(expect.stringContaining('detail'));
  });

  it('rejects a repeated detail', async () => {
    const emulator = await start();
    const reply = await call(emulator, `${rolloutPath()}?detail=true&detail=false`);
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toContain('detail');
  });

  it('answers 404 for an unknown image, 400 for a malformed id, and 405 for other methods', async () => {
    const emulator = await start();
    const unknown = await rollout(emulator, { image: 4242, detail: 'true' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ...errorShape, error_code: expect.any(Number) });
    expect(unknown.json.error_message).toContain('4242');
    const malformed = await rollout(emulator, { image: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error_message).toContain('imageid');
    const post = await fetch(`${emulator.url}${rolloutPath()}`, { method: 'POST', headers: { authorization: emulator.authorization } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    await post.arrayBuffer();
  });

  it('hides an image owned by another ASID behind 404', async () => {
    const emulator = await start({
      auth: { accountServiceIds: [12345, 777] },
      images: [{ ...EMULATOR_IMAGE, accountserviceid: 777 }]
    });
    expect((await rollout(emulator, { asid: 12345 })).status).toBe(404);
    expect((await rollout(emulator, { asid: 777 })).status).toBe(200);
  });

  it('sends errors with HTTP 200 when configured', async () => {
    const emulator = await start({ format: { errorsWithHttp200: true } });
    const reply = await rollout(emulator, { detail: 'maybe' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ success: false, error: true });
  });

  it('serves under a path prefix', async () => {
    const emulator = await start({ pathPrefix: '/proxy' });
    expect((await rollout(emulator)).json).toMatchObject({ success: true, completed_machines: MACHINES });
  });
});

describe('image status route: rollout timeline', () => {
  it('reports the image at rest before any version completed, with totals always and fleets only with detail=true', async () => {
    const emulator = await start();
    for (const detail of [undefined, 'false']) {
      const reply = await rollout(emulator, { detail });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(reply.json).toEqual({ success: true, pending_machines: 0, failed_machines: 0, completed_machines: MACHINES });
    }
    const detailed = await rollout(emulator, { detail: 'true' });
    const region = (r: (typeof PROD.regions)[number]) => [
      r.regionid,
      { name: r.name, pending_machines: 0, failed_machines: 0, completed_machines: r.machines }
    ];
    expect(detailed.json).toEqual({
      success: true,
      pending_machines: 0,
      failed_machines: 0,
      completed_machines: MACHINES,
      fleets: {
        [PROD.fleetid]: {
          name: 'Production',
          pending_machines: 0,
          failed_machines: 0,
          completed_machines: 26,
          regions: Object.fromEntries(PROD.regions.map(region))
        },
        [STAGING.fleetid]: {
          name: 'Staging',
          pending_machines: 0,
          failed_machines: 0,
          completed_machines: 14,
          regions: Object.fromEntries(STAGING.regions.map(region))
        }
      }
    });
  });

  it('turns every machine pending when the job completes, then completes them over the duration', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock));
    await create(emulator);
    clock.set(JOB_END - 1);
    // The job still runs: machines keep what they have.
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);

    clock.set(JOB_END);
    const job = await call(emulator, `/cfp/v1/imageversion/1001/status?accountserviceid=${EMULATOR_ASID}`);
    expect(job.json.jobstateid).toBe(5);
    const first = await rollout(emulator, { detail: 'true' });
    expect(totals(first.json)).toEqual([MACHINES, 0, 0]);
    expectConsistent(first.json);

    const completed: number[] = [];
    for (let at = JOB_END; at < ROLLOUT_END; at += 500) {
      clock.set(at);
      const { json } = await rollout(emulator, { detail: 'true' });
      expectConsistent(json);
      expect((json.pending_machines as number) + (json.completed_machines as number)).toBe(MACHINES);
      expect(json.failed_machines).toBe(0);
      // Evenly spaced: the k-th machine is done k × 125 ms after the start.
      expect(json.completed_machines).toBe(Math.floor((at - JOB_END) / STEP));
      completed.push(json.completed_machines as number);
    }
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    clock.set(ROLLOUT_END - 1);
    expect(totals((await rollout(emulator)).json)).toEqual([1, 0, MACHINES - 1]);
    clock.set(ROLLOUT_END);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);

    const version = emulator.versions.get(1001)!;
    expect(version.imageid).toBe(EMULATOR_IMAGE_ID);
    expect([version.rollout?.startMs, version.rollout?.endMs]).toEqual([JOB_END, ROLLOUT_END]);
    expect(emulator.imageRollout(EMULATOR_IMAGE_ID, JOB_END + 2 * STEP)).toMatchObject({ pending: 38, completed: 2 });
    expect(emulator.imageRollout(EMULATOR_IMAGE_ID)).toMatchObject({ pending: 0, failed: 0, completed: MACHINES });
  });

  it('ends some machines failed, as a whole-image count or by region', async () => {
    const clock = manualClock(T0);
    const emulator = await start(
      timed(clock, {
        rollouts: { plans: [{ failedMachines: 3 }, { failedMachines: { [PROD_EU]: 2, [STAGING_NA]: 6 } }] }
      })
    );
    await create(emulator);
    clock.set(JOB_END);
    expect(totals((await rollout(emulator)).json)).toEqual([MACHINES, 0, 0]);
    clock.set(ROLLOUT_END);
    const whole = await rollout(emulator, { detail: 'true' });
    expect(totals(whole.json)).toEqual([0, 3, 37]);
    expectConsistent(whole.json);

    await create(emulator);
    const secondEnd = ROLLOUT_END + 10_000 + 5000;
    clock.set(secondEnd - 1);
    const mid = (await rollout(emulator)).json;
    expect(mid.pending_machines).toBe(1);
    clock.set(secondEnd);
    const byRegion = await rollout(emulator, { detail: 'true' });
    expect(totals(byRegion.json)).toEqual([0, 8, 32]);
    const regions = regionCounts(byRegion.json);
    expect(regions[PROD_EU]).toEqual([0, 2, 12]);
    expect(regions[STAGING_NA]).toEqual([0, 6, 0]);
    expect(Object.values(regions).reduce((n, [, failed]) => n + failed, 0)).toBe(8);
  });

  it('can leave a rollout stuck: machines pending forever', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { rollouts: { plan: { durationSeconds: 300, outcome: 'stuck' } } }));
    await create(emulator);
    for (const at of [JOB_END, ROLLOUT_END, ROLLOUT_END + 86_400_000]) {
      clock.set(at);
      expect(totals((await rollout(emulator)).json)).toEqual([MACHINES, 0, 0]);
    }
    expect(emulator.versions.get(1001)?.rollout?.endMs).toBeNull();
  });

  it('can leave only some machines stuck, next to failed ones', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock));
    emulator.queueRollouts({ outcome: 'stuck', stuckMachines: 5, failedMachines: 1 });
    await create(emulator);
    clock.set(ROLLOUT_END + 3_600_000);
    const { json } = await rollout(emulator, { detail: 'true' });
    expect(totals(json)).toEqual([5, 1, 34]);
    expectConsistent(json);
  });

  it('keeps showing the previous state until the rollout delay has passed', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { rollouts: { plan: { durationSeconds: 300, delaySeconds: 120 } } }));
    await create(emulator);
    const start2 = JOB_END + 2000;
    clock.set(start2 - 1);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);
    clock.set(start2);
    expect(totals((await rollout(emulator)).json)).toEqual([MACHINES, 0, 0]);
    clock.set(start2 + 5000);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);
  });

  it('rolls nothing out for a failed or squashed job', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { versions: { plans: [{ outcome: 'failed' }, { outcome: 'squashed' }] } }));
    await create(emulator);
    await create(emulator);
    clock.set(ROLLOUT_END);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);
    expect(emulator.versions.get(1001)?.rollout).toBeNull();
    expect(emulator.versions.get(1002)?.rollout).toBeNull();
  });

  it('restarts the rollout for a newer version, with its own plan', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timed(clock, { rollouts: { plans: [{ failedMachines: 4 }] } }));
    await create(emulator);
    clock.set(ROLLOUT_END);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 4, 36]);
    await create(emulator);
    const secondJobEnd = ROLLOUT_END + 10_000;
    clock.set(secondJobEnd - 1);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 4, 36]);
    clock.set(secondJobEnd);
    expect(totals((await rollout(emulator)).json)).toEqual([MACHINES, 0, 0]);
    clock.set(secondJobEnd + 5000);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);
  });

  it('is deterministic per seed', async () => {
    const midway = async (seed: number): Promise<Record<string, unknown>> => {
      const clock = manualClock(T0);
      const emulator = await start(timed(clock, { rollouts: { plan: { durationSeconds: 300, seed, failedMachines: 7 } } }));
      await create(emulator);
      clock.set(JOB_END + 2500);
      return (await rollout(emulator, { detail: 'true' })).json;
    };
    const [a, b, other] = [await midway(1), await midway(1), await midway(2)];
    expect(a).toEqual(b);
    // Timing is the same whatever the seed (half the machines done); where they are is not.
    for (const json of [a, other]) {
      expect(json.pending_machines).toBe(MACHINES / 2);
      expect((json.failed_machines as number) + (json.completed_machines as number)).toBe(MACHINES / 2);
    }
    expect(a.fleets).not.toEqual(other.fleets);
  });

  it('rolls versions out to the image their diff belongs to', async () => {
    const clock = manualClock(T0);
    const second: ImageSpec = {
      imageid: 88,
      diffIds: [5],
      fleets: [{ fleetid: 'f-88', name: 'Test', regions: [{ regionid: 'r-88', name: 'Asia', machines: 3 }] }]
    };
    // One plan for both images: each version takes the counts of its own image's regions.
    const failedMachines = { 'r-88': 1, [PROD_EU]: 2 };
    const emulator = await start(
      timed(clock, {
        images: [EMULATOR_IMAGE, second],
        rollouts: { plan: { durationSeconds: 300, failedMachines } }
      })
    );
    await create(emulator, 5);
    clock.set(JOB_END);
    expect(totals((await rollout(emulator, { image: 88 })).json)).toEqual([3, 0, 0]);
    expect(totals((await rollout(emulator)).json)).toEqual([0, 0, MACHINES]);
    expect(emulator.versions.get(1001)?.imageid).toBe(88);
    clock.set(ROLLOUT_END);
    expect(totals((await rollout(emulator, { image: 88 })).json)).toEqual([0, 1, 2]);
    await create(emulator, 6);
    expect(emulator.versions.get(1002)?.imageid).toBe(EMULATOR_IMAGE_ID);
    clock.set(ROLLOUT_END + 15_000);
    const main = await rollout(emulator, { detail: 'true' });
    expect(totals(main.json)).toEqual([0, 2, 38]);
    expect(regionCounts(main.json)[PROD_EU]).toEqual([0, 2, 12]);
    expect(totals((await rollout(emulator, { image: 88 })).json)).toEqual([0, 1, 2]);
  });
});

describe('image status route: wire forms', () => {
  it('sends fleets and regions as lists when configured', async () => {
    const clock = manualClock(T0);
    const options = timed(clock, { rollouts: { plan: { durationSeconds: 300, failedMachines: 5 } } });
    const mapped = await start(options);
    const listed = await start({ ...options, format: { fleetsAsList: true } });
    for (const emulator of [mapped, listed]) await create(emulator);
    clock.set(JOB_END + 1800);
    const map = (await rollout(mapped, { detail: 'true' })).json;
    const list = (await rollout(listed, { detail: 'true' })).json;
    expect(totals(list)).toEqual(totals(map));
    expect(Array.isArray(list.fleets)).toBe(true);
    const fleets = list.fleets as (Record<string, unknown> & { regions: Record<string, unknown>[] })[];
    expect(fleets.map((f) => f.fleetid)).toEqual([PROD.fleetid, STAGING.fleetid]);
    // Same content as the map form, with the ids moved inside.
    const asMap = Object.fromEntries(
      fleets.map(({ fleetid, regions, ...rest }) => [
        fleetid,
        { ...rest, regions: Object.fromEntries(regions.map(({ regionid, ...r }) => [regionid, r])) }
      ])
    );
    expect(asMap).toEqual(map.fleets);
    expect(fleets[0]?.regions[0]).toEqual({
      regionid: PROD_EU,
      name: 'Europe',
      pending_machines: expect.any(Number),
      failed_machines: expect.any(Number),
      completed_machines: expect.any(Number)
    });
    expect((await rollout(listed)).json).not.toHaveProperty('fleets');
  });

  it('sends machine counts as numeric strings with numericStrings', async () => {
    const emulator = await start({ format: { numericStrings: true } });
    const { json } = await rollout(emulator, { detail: 'true' });
    expect(totals(json)).toEqual(['0', '0', '40']);
    const fleet = (json.fleets as Record<string, Record<string, unknown>>)[PROD.fleetid];
    expect(fleet?.completed_machines).toBe('26');
  });
});

describe('image status route: faults and recording', () => {
  it('answers with injected faults and then recovers', async () => {
    const emulator = await start({
      faults: {
        specs: [
          { route: ROUTE_NAMES.imageRollout, request: 1, kind: 'respond', status: 503, headers: { 'retry-after': '2' } },
          { route: ROUTE_NAMES.imageRollout, request: 2, kind: 'respond', status: 502, body: { kind: 'html' } },
          { route: ROUTE_NAMES.imageRollout, request: 3, kind: 'respond', status: 200, body: { kind: 'json', value: { success: true } } }
        ]
      }
    });
    const busy = await rollout(emulator);
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '2']);
    expect(busy.json).toMatchObject({ success: false, error: true, error_message: 'Service Unavailable' });
    const proxy = await rollout(emulator);
    expect([proxy.status, proxy.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect((await rollout(emulator)).json).toEqual({ success: true });
    expect((await rollout(emulator)).json).toMatchObject({ success: true, completed_machines: MACHINES });
    // The other routes are untouched.
    expect((await create(emulator)).status).toBe(200);
    expect(emulator.requests.map((r) => [r.route, r.routeRequest, r.status, r.fault])).toEqual([
      [ROUTE_NAMES.imageRollout, 1, 503, 'respond'],
      [ROUTE_NAMES.imageRollout, 2, 502, 'respond'],
      [ROUTE_NAMES.imageRollout, 3, 200, 'respond'],
      [ROUTE_NAMES.imageRollout, 4, 200, null],
      [ROUTE_NAMES.imageVersionCreate, 1, 200, null]
    ]);
  });

  it('resets and hangs like on any route', async () => {
    const emulator = await start();
    emulator.addFault({ route: ROUTE_NAMES.imageRollout, request: 1, kind: 'reset' });
    emulator.addFault({ route: ROUTE_NAMES.imageRollout, request: 2, kind: 'hang' });
    await expect(rollout(emulator)).rejects.toThrow();
    const hung = rollout(emulator);
    const recorded = await emulator.waitForRequests(2, { route: ROUTE_NAMES.imageRollout });
    expect(recorded.map((r) => r.status)).toEqual(['reset', 'hung']);
    await emulator.close();
    await expect(hung).rejects.toThrow();
  });

  it('records the route, path, query and answer', async () => {
    const clock = manualClock(T0);
    const emulator = await start({ time: { clock } });
    const waited = emulator.waitForRequests(1, { route: ROUTE_NAMES.imageRollout });
    await rollout(emulator, { detail: 'true' });
    const request = present((await waited)[0], 'the recorded request');
    expect(request).toMatchObject({
      seq: 1,
      method: 'GET',
      path: rolloutPath(),
      url: rolloutPath({ detail: 'true' }),
      route: 'image.rollout',
      routeRequest: 1,
      query: { detail: 'true' },
      time: T0,
      status: 200,
      fault: null
    });
    expect(request.headers.authorization).toBe(emulator.authorization);
    expect(JSON.parse(request.responseBody ?? '')).toMatchObject({ success: true, completed_machines: MACHINES });
    expect(emulator.requestCount(ROUTE_NAMES.imageRollout)).toBe(1);
  });
});

describe('image status route: configuration', () => {
  it.each<[string, EmulatorOptions]>([
    ['more failed machines than the image has', { rollouts: { plan: { failedMachines: 41 } } }],
    ['failed machines in an unknown region', { rollouts: { plan: { failedMachines: { nowhere: 1 } } } }],
    ['more failed machines than a region has', { rollouts: { plan: { failedMachines: { [STAGING_NA]: 7 } } } }],
    ['failed and stuck machines beyond the image', { rollouts: { plans: [{ outcome: 'stuck', failedMachines: 30, stuckMachines: 11 }] } }],
    ['a negative duration', { rollouts: { plan: { durationSeconds: -1 } } }],
    ['an unknown outcome', { rollouts: { plan: { outcome: 'later' as 'stuck' } } }],
    ['a fractional seed', { rollouts: { plan: { seed: 1.5 } } }],
    ['no images', { images: [] }],
    ['a region id used twice', { images: [{ imageid: 1, fleets: [PROD, { ...STAGING, regions: PROD.regions }] }] }],
    [
      'a negative machine count',
      { images: [{ imageid: 1, fleets: [{ fleetid: 'f', name: 'F', regions: [{ regionid: 'r', name: 'R', machines: -1 }] }] }] }
    ],
    [
      'a diff in two images',
      {
        images: [
          { ...EMULATOR_IMAGE, diffIds: [3] },
          { imageid: 2, diffIds: [3], fleets: [] }
        ]
      }
    ]
  ])('rejects %s at start', async (_name, options) => {
    await expect(startEmulator(options)).rejects.toThrow(TypeError);
  });

  it('rejects a bad queued plan at once', async () => {
    const emulator = await start();
    expect(() => emulator.queueRollouts({ failedMachines: -1 })).toThrow(TypeError);
    expect(() => emulator.imageRollout(4242)).toThrow(TypeError);
  });

  it('keeps its own copy of the images', async () => {
    const images = [structuredClone(EMULATOR_IMAGE)];
    const emulator = await start({ images });
    (present(images[0]?.fleets[0]?.regions[0], 'a region') as { machines: number }).machines = 1000;
    expect((await rollout(emulator)).json.completed_machines).toBe(MACHINES);
    expect(emulator.images[0]).toEqual(EMULATOR_IMAGE);
  });
});

describe('image status route: CLI flags', () => {
  it('maps the rollout flags onto options', () => {
    const settings = parseCli([
      '--rollout-duration',
      '120',
      '--rollout-delay',
      '15',
      '--rollout-failed',
      '2',
      '--rollout-stuck',
      '--fleets-as-list'
    ]);
    expect(settings.options.rollouts?.plan).toEqual({ durationSeconds: 120, delaySeconds: 15, failedMachines: 2, outcome: 'stuck' });
    expect(settings.options.format).toEqual({ fleetsAsList: true });
  });

  it('leaves rollout options out without the flags', () => {
    const settings = parseCli([]);
    expect(settings.options.rollouts).toBeUndefined();
    expect(settings.options.format).toEqual({});
  });

  it('knows rollout as a fault route', () => {
    expect(parseFault('rollout:2-3:503,retry-after=1')).toMatchObject({
      route: ROUTE_NAMES.imageRollout,
      request: [2, 3],
      kind: 'respond',
      status: 503
    });
  });

  it.each([[['--rollout-duration', '-5']], [['--rollout-failed', '1.5']], [['--rollout-delay', 'soon']], [['--rollout-stuck=yes']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseCli(argv)).toThrow(CliError);
    }
  );
});
