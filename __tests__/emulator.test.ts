// The Clanforge API emulator over real HTTP on 127.0.0.1. Job timelines are walked with
// a manual clock; faults are observed through recorded requests, never fixed sleeps.
import { describe, expect, it } from '@jest/globals';
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_ASID,
  EMULATOR_SECRET_KEY,
  ROUTE_NAMES,
  basicAuthorization,
  manualClock,
  startEmulator
} from '../emulator/index.ts';
import type { Clock, Emulator, EmulatorOptions, JobPlan } from '../emulator/index.ts';
import { T0, call, present, seconds, start } from './helpers/emulator-http.ts';
import type { Reply } from './helpers/emulator-http.ts';

const CREATE = '/cfp/v1/imageversion/create';
const statusPath = (id: number | string): string => `/cfp/v1/imageversion/${id}/status`;

const createQuery = (extra: Record<string, string> = {}): Record<string, string> => ({
  accountserviceid: String(EMULATOR_ASID),
  diffid: '77',
  restart: '0',
  ...extra
});

const create = (emulator: Emulator, extra: Record<string, string> = {}): Promise<Reply> => call(emulator, CREATE, createQuery(extra));

const status = (emulator: Emulator, id: number | string, asid = EMULATOR_ASID): Promise<Reply> =>
  call(emulator, statusPath(id), { accountserviceid: String(asid) });

const forbiddenBody = (code: unknown) => ({
  success: false,
  error: true,
  error_code: code,
  error_message: 'Forbidden',
  messages: [],
  _debug: []
});

describe('emulator: server and auth', () => {
  it('listens on 127.0.0.1 with an ephemeral port and the default keys', async () => {
    const emulator = await start();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.authorization).toBe(basicAuthorization({ accessKey: EMULATOR_ACCESS_KEY, secretKey: EMULATOR_SECRET_KEY }));
    expect((await create(emulator)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong secret', basicAuthorization({ accessKey: EMULATOR_ACCESS_KEY, secretKey: 'nope' })],
    ['a wrong access key', basicAuthorization({ accessKey: 'other', secretKey: EMULATOR_SECRET_KEY })],
    ['another scheme', 'Bearer abc'],
    ['malformed base64', 'Basic !!!not-base64'],
    ['no colon in the credentials', `Basic ${Buffer.from('justakey').toString('base64')}`]
  ])('answers 401 Forbidden for %s', async (_name, authorization) => {
    const emulator = await start();
    const reply = await call(emulator, CREATE, createQuery(), { authorization });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.json).toEqual(forbiddenBody(expect.any(Number)));
    expect(emulator.versions.size).toBe(0);
  });

  it('answers 403 Forbidden for an ASID the keys cannot use, on create and status', async () => {
    const emulator = await start({ auth: { accountServiceIds: [12345, 777] } });
    const denied = await create(emulator, { accountserviceid: '999' });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual(forbiddenBody(expect.any(Number)));
    expect((await create(emulator, { accountserviceid: '777' })).status).toBe(200);
    expect((await status(emulator, 1001, 999)).status).toBe(403);
  });

  it('uses configured keys', async () => {
    const emulator = await start({ auth: { accessKey: 'ak', secretKey: 's:e:c' } });
    expect((await create(emulator)).status).toBe(200);
    const old = basicAuthorization({ accessKey: EMULATOR_ACCESS_KEY, secretKey: EMULATOR_SECRET_KEY });
    expect((await call(emulator, CREATE, createQuery(), { authorization: old })).status).toBe(401);
  });

  it('answers 405 with Allow for methods other than GET, and 404 for unknown paths', async () => {
    const emulator = await start();
    const post = await call(emulator, CREATE, createQuery(), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(post.json).toMatchObject({ success: false, error: true, error_message: 'Method Not Allowed' });
    const unknown = await call(emulator, '/cfp/v1/imageversion/create/extra', createQuery());
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ success: false, error: true, messages: [], _debug: [] });
    expect(emulator.versions.size).toBe(0);
  });

  it('serves under a path prefix', async () => {
    const emulator = await start({ pathPrefix: '/proxy/' });
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/proxy`);
    expect((await create(emulator)).status).toBe(200);
    const outside = await fetch(`http://127.0.0.1:${emulator.port}${CREATE}?${new URLSearchParams(createQuery())}`, {
      headers: { authorization: emulator.authorization }
    });
    expect(outside.status).toBe(404);
    await outside.arrayBuffer();
    expect(emulator.requests.map((r) => [r.path, r.route])).toEqual([
      [CREATE, ROUTE_NAMES.imageVersionCreate],
      [CREATE, null]
    ]);
  });
});

describe('emulator: imageversion/create parameters', () => {
  it.each([
    ['diffid', { diffid: undefined }],
    ['diffid', { diffid: 'abc' }],
    ['diffid', { diffid: '0' }],
    ['diffid', { diffid: '-3' }],
    ['diffid', { diffid: '1.5' }],
    ['diffid', { diffid: '99999999999999999999' }],
    ['accountserviceid', { accountserviceid: undefined }],
    ['accountserviceid', { accountserviceid: '12345x' }],
    ['restart', { restart: undefined }],
    ['restart', { restart: 'true' }],
    ['restart', { restart: '2' }],
    ['full', { full: 'yes' }],
    ['full', { full: '' }],
    ['force', { force: 'true' }],
    ['install_at', { install_at: 'NOW()' }],
    ['install_at', { install_at: '1767225600.5' }],
    ['install_at', { install_at: '-1' }],
    ['disable_timeout', { disable_timeout: '0', disable_percentage: '50' }],
    ['disable_timeout', { disable_timeout: '1.5', disable_percentage: '50' }],
    ['disable_timeout', { disable_timeout: '30' }],
    ['disable_percentage', { disable_timeout: '30', disable_percentage: '100.01' }],
    ['disable_percentage', { disable_timeout: '30', disable_percentage: '50.125' }],
    ['disable_percentage', { disable_timeout: '30', disable_percentage: '-1' }],
    ['disable_percentage', { disable_timeout: '30', disable_percentage: 'half' }],
    ['disable_percentage', { disable_percentage: '50' }]
  ] as [string, Record<string, string | undefined>][])('rejects a bad %s (%j) with 400 naming it', async (name, change) => {
    const emulator = await start();
    const query = { ...createQuery(), ...change };
    for (const key of Object.keys(query)) if (query[key] === undefined) delete query[key];
    const reply = await call(emulator, CREATE, query as Record<string, string>);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ success: false, error: true, messages: [], _debug: [] });
    expect(reply.json.error_message).toEqual(expect.stringContaining(name));
    expect(emulator.versions.size).toBe(0);
  });

  it('rejects a repeated parameter', async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.url}${CREATE}?accountserviceid=12345&diffid=1&diffid=2&restart=1`, {
      headers: { authorization: emulator.authorization }
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_message: string }).error_message).toContain('diffid');
  });

  it('accepts every optional parameter in range and keeps them on the version', async () => {
    const emulator = await start();
    const reply = await create(emulator, {
      restart: '1',
      full: '1',
      force: '0',
      install_at: '1767225600',
      disable_timeout: '45',
      disable_percentage: '99.50',
      game_build: 'v1.2.3 build #45 (é)'
    });
    expect(reply.status).toBe(200);
    expect(reply.json.success).toBe(true);
    expect(emulator.versions.get(1001)).toMatchObject({
      accountserviceid: EMULATOR_ASID,
      diffid: 77,
      restart: true,
      full: true,
      force: false,
      installAt: 1767225600,
      disableTimeout: 45,
      disablePercentage: 99.5,
      gameBuild: 'v1.2.3 build #45 (é)'
    });
    for (const edge of ['0', '100', '100.00', '0.5']) {
      expect((await create(emulator, { disable_timeout: '1', disable_percentage: edge })).status).toBe(200);
    }
  });

  it('rejects an unknown diff when the known diffs are configured', async () => {
    const emulator = await start({ diffs: { knownIds: [5] } });
    const reply = await create(emulator, { diffid: '6' });
    expect(reply.status).toBe(400);
    expect(reply.json.error_message).toEqual(expect.stringContaining('diffid'));
    expect((await create(emulator, { diffid: '5' })).status).toBe(200);
  });

  it('requires full=1 for a diff without changes, and refuses it after a full version', async () => {
    const emulator = await start({ diffs: { emptyIds: [9] } });
    const differential = await create(emulator, { diffid: '9' });
    expect(differential.status).toBe(400);
    expect(differential.json.error_message).toContain('full=1');
    expect((await create(emulator, { diffid: '9', full: '1' })).status).toBe(200);
    const again = await create(emulator, { diffid: '9', full: '1' });
    expect(again.status).toBe(400);
    expect(again.json.error_message).toContain('reject the diff');
  });

  it('refuses while the image has active allocations unless force=1', async () => {
    const emulator = await start({ versions: { activeAllocations: 3 } });
    for (const force of [undefined, '0']) {
      const reply = await create(emulator, force === undefined ? {} : { force });
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ success: false, error: true, error_message: 'image has active allocations' });
    }
    expect(emulator.versions.size).toBe(0);
    expect((await create(emulator, { force: '1' })).status).toBe(200);
    emulator.setActiveAllocations(0);
    expect((await create(emulator)).status).toBe(200);
  });

  it('can send error bodies with HTTP 200', async () => {
    const emulator = await start({ format: { errorsWithHttp200: true } });
    const reply = await create(emulator, { restart: 'maybe' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ success: false, error: true, error_code: 1 });
    expect(reply.json.error_message).toContain('restart');
    expect((await call(emulator, CREATE, createQuery(), { authorization: null })).json).toEqual(forbiddenBody(2));
  });

  it('hands out increasing ids from the configured start', async () => {
    const emulator = await start({ versions: { firstId: 500 } });
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await create(emulator)).json.imageversionid);
    expect(ids).toEqual([500, 501, 502]);
  });
});

describe('emulator: imageversion status and job timeline', () => {
  // 600 emulated seconds at time scale 60: 10 s of real time, 0.2 s Created, 0.5 s
  // Pending, 0.8 s Queued, 8.5 s Running.
  const timeline = (clock: Clock, plan: JobPlan = {}): EmulatorOptions => ({
    time: { scale: 60, clock },
    versions: { plan: { durationSeconds: 600, ...plan } }
  });
  const RUN_FROM = T0 + 1500;
  const END = T0 + 10_000;

  it('walks Created, Pending, Queued, Running and Complete in wall-clock seconds', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timeline(clock));
    const created = await create(emulator);
    expect(created.json).toEqual({
      success: true,
      imageversionid: 1001,
      jobstateid: 1,
      jobstatename: 'Created',
      jobprogress: 0,
      jobfailed: 0,
      jobcreated: seconds(T0),
      jobupdated: seconds(T0)
    });

    clock.set(T0 + 300);
    expect((await status(emulator, 1001)).json).toMatchObject({ jobstateid: 2, jobstatename: 'Pending' });
    clock.set(T0 + 1000);
    const queued = await status(emulator, 1001);
    expect(queued.json).toMatchObject({ success: true, jobstateid: 3, jobstatename: 'Queued', jobprogress: 0 });
    expect(queued.json).not.toHaveProperty('jobeta');
    expect(queued.json).not.toHaveProperty('jobstart');
    expect(queued.json).not.toHaveProperty('joberror');

    const progress: number[] = [];
    for (let at = RUN_FROM; at < END; at += 850) {
      clock.set(at);
      const reply = await status(emulator, 1001);
      expect(reply.json).toMatchObject({
        jobstateid: 4,
        jobstatename: 'Running',
        jobstart: String(seconds(RUN_FROM)),
        jobeta: seconds(END),
        jobcreated: seconds(T0)
      });
      expect(reply.json.jobupdated as number).toBeLessThanOrEqual(seconds(at));
      progress.push(reply.json.jobprogress as number);
    }
    expect(progress[0]).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeGreaterThanOrEqual(85);
    expect(progress.at(-1)).toBeLessThan(100);

    clock.set(END);
    expect((await status(emulator, 1001)).json).toEqual({
      success: true,
      jobstateid: 5,
      jobstatename: 'Complete',
      jobprogress: 100,
      jobfailed: 0,
      jobcreated: seconds(T0),
      jobupdated: seconds(END),
      jobeta: seconds(END),
      jobstart: String(seconds(RUN_FROM))
    });
    expect(emulator.versions.get(1001)?.job.endMs).toBe(END);
  });

  it('ends Failed with jobfailed and a multi-line joberror', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timeline(clock, { outcome: 'failed' }));
    await create(emulator);
    clock.set(END - 1);
    expect((await status(emulator, 1001)).json).toMatchObject({ jobstateid: 4, jobfailed: 0 });
    clock.set(END);
    const failed = (await status(emulator, 1001)).json;
    expect(failed).toMatchObject({ jobstateid: 6, jobstatename: 'Failed', jobfailed: 1, jobprogress: 40 });
    expect(failed.joberror).toEqual(expect.stringContaining('\n'));
  });

  it('ends Squashed without ever running by default', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timeline(clock, { outcome: 'squashed' }));
    await create(emulator);
    clock.set(END - 1);
    expect((await status(emulator, 1001)).json).toMatchObject({ jobstateid: 3 });
    clock.set(END);
    const squashed = (await status(emulator, 1001)).json;
    expect(squashed).toMatchObject({ jobstateid: 7, jobstatename: 'Squashed', jobfailed: 0, jobprogress: 0 });
    expect(squashed).not.toHaveProperty('jobstart');
    expect(squashed).not.toHaveProperty('jobeta');
    expect(squashed).not.toHaveProperty('joberror');
  });

  it('consumes per-version plans in order, then the default, including ones queued later', async () => {
    const clock = manualClock(T0);
    const emulator = await start({
      time: { clock },
      versions: { plan: { durationSeconds: 0 }, plans: [{ outcome: 'failed', error: 'disk full' }, { outcome: 'squashed' }] }
    });
    emulator.queueJobs({ outcome: 'failed', failedValue: 3 });
    const states = [];
    for (let i = 0; i < 4; i += 1) {
      const { json } = await create(emulator);
      states.push([json.jobstateid, json.jobfailed, json.joberror]);
    }
    expect(states).toEqual([
      [6, 1, 'disk full'],
      [7, 0, undefined],
      [6, 3, expect.any(String)],
      [5, 0, undefined]
    ]);
  });

  it('can send numbers as numeric strings, say "Completed" and send null joberror', async () => {
    const clock = manualClock(T0);
    const emulator = await start({
      time: { clock },
      versions: { plan: { durationSeconds: 0 } },
      format: { numericStrings: true, completeName: 'Completed', noJobError: 'null' }
    });
    const { json } = await create(emulator);
    expect(json).toEqual({
      success: true,
      imageversionid: '1001',
      jobstateid: '5',
      jobstatename: 'Completed',
      jobprogress: '100',
      jobfailed: '0',
      joberror: null,
      jobcreated: String(seconds(T0)),
      jobupdated: String(seconds(T0)),
      jobeta: String(seconds(T0)),
      jobstart: String(seconds(T0))
    });
  });

  it.each([
    ['none', undefined],
    ['early', seconds(RUN_FROM + 8500 * 0.5)],
    ['late', seconds(RUN_FROM + 8500 * 2)]
  ] as const)('sends the %s ETA while running', async (eta, expected) => {
    const clock = manualClock(T0);
    const emulator = await start(timeline(clock, { eta }));
    await create(emulator);
    clock.set(RUN_FROM + 100);
    const { json } = await status(emulator, 1001);
    expect(json.jobstateid).toBe(4);
    expect(json.jobeta).toBe(expected);
  });

  it('keeps the job Pending until install_at', async () => {
    const clock = manualClock(T0);
    const emulator = await start(timeline(clock));
    const installAt = seconds(T0) + 60;
    await create(emulator, { install_at: String(installAt) });
    clock.set(installAt * 1000 - 1);
    expect((await status(emulator, 1001)).json.jobstateid).toBe(2);
    clock.set(installAt * 1000 + 900);
    expect((await status(emulator, 1001)).json).toMatchObject({ jobstateid: 4, jobstart: String(installAt) });
  });

  it('runs in real time, scaled', async () => {
    const emulator = await start({ time: { scale: 60_000 }, versions: { plan: { durationSeconds: 60 } } });
    const before = Date.now();
    const { json } = await create(emulator);
    expect(json.jobcreated as number).toBeGreaterThanOrEqual(seconds(before));
    expect(json.jobcreated as number).toBeLessThanOrEqual(seconds(Date.now()));
    const end = emulator.versions.get(1001)!.job.endMs;
    expect(end - emulator.versions.get(1001)!.createdAt).toBe(1);
  });

  it('answers 404 for an unknown or foreign version and 400 for a malformed id', async () => {
    const emulator = await start({ auth: { accountServiceIds: [12345, 777] } });
    await create(emulator);
    const unknown = await status(emulator, 4242);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ success: false, error: true, messages: [], _debug: [] });
    expect(unknown.json.error_message).toContain('4242');
    expect((await status(emulator, 1001, 777)).status).toBe(404);
    const malformed = await status(emulator, 'abc');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error_message).toContain('imageversionid');
    const noAsid = await call(emulator, statusPath(1001));
    expect(noAsid.status).toBe(400);
    expect(noAsid.json.error_message).toContain('accountserviceid');
  });
});

describe('emulator: faults', () => {
  it('answers a status request with 503 and Retry-After, then recovers', async () => {
    const emulator = await start({
      faults: {
        specs: [{ route: ROUTE_NAMES.imageVersionStatus, request: 2, kind: 'respond', status: 503, headers: { 'Retry-After': '7' } }]
      }
    });
    await create(emulator);
    const replies = [await status(emulator, 1001), await status(emulator, 1001), await status(emulator, 1001)];
    expect(replies.map((r) => r.status)).toEqual([200, 503, 200]);
    expect(replies[1]?.headers.get('retry-after')).toBe('7');
    expect(replies[1]?.json).toMatchObject({ success: false, error: true, error_message: 'Service Unavailable' });
    expect(emulator.requests.map((r) => [r.routeRequest, r.status, r.fault])).toEqual([
      [1, 200, null],
      [1, 200, null],
      [2, 503, 'respond'],
      [3, 200, null]
    ]);
  });

  it('answers with a proxy HTML page, an empty body or plain text', async () => {
    const emulator = await start({
      faults: {
        specs: [
          { route: '*', request: 1, kind: 'respond', status: 502, body: { kind: 'html' } },
          { route: '*', request: 2, kind: 'respond', status: 200, body: { kind: 'empty' } },
          { route: '*', request: 3, kind: 'respond', status: 500, body: { kind: 'text', text: 'upstream exploded' } },
          { route: '*', request: 4, kind: 'respond', status: 200, body: { kind: 'json', value: { surprise: true } } }
        ]
      }
    });
    const html = await create(emulator);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain('<h1>502 Bad Gateway</h1>');
    const empty = await create(emulator);
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
    expect(empty.headers.get('content-length')).toBe('0');
    const text = await create(emulator);
    expect([text.status, text.text, text.headers.get('content-type')]).toEqual([500, 'upstream exploded', 'text/plain; charset=utf-8']);
    expect((await create(emulator)).json).toEqual({ surprise: true });
    // The service never saw these requests.
    expect(emulator.versions.size).toBe(0);
  });

  it('can let a replaced answer still take effect', async () => {
    const emulator = await start({
      faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, kind: 'respond', status: 504, body: { kind: 'html' }, process: true }] }
    });
    expect((await create(emulator)).status).toBe(504);
    expect([...emulator.versions.keys()]).toEqual([1001]);
  });

  it('delays an answer', async () => {
    const emulator = await start({ faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, kind: 'delay', delayMs: 80 }] } });
    const before = performance.now();
    const reply = await create(emulator);
    expect(performance.now() - before).toBeGreaterThanOrEqual(75);
    expect(reply.status).toBe(200);
    expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'delay' });
  });

  it('resets the connection after reading a create, which still creates the version', async () => {
    const emulator = await start({ faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, request: 1, kind: 'reset' }] } });
    await expect(create(emulator)).rejects.toThrow();
    const [recorded] = await emulator.waitForRequests(1);
    expect(recorded).toMatchObject({ route: ROUTE_NAMES.imageVersionCreate, status: 'reset', fault: 'reset', responseBody: null });
    expect(recorded?.query).toMatchObject({ diffid: '77', restart: '0' });
    expect([...emulator.versions.keys()]).toEqual([1001]);
    expect((await create(emulator)).json.imageversionid).toBe(1002);
    expect(emulator.requestCount(ROUTE_NAMES.imageVersionCreate)).toBe(2);
  });

  it('can reset a create before it takes effect', async () => {
    const emulator = await start({ faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, kind: 'reset', process: false }] } });
    await expect(create(emulator)).rejects.toThrow();
    await emulator.waitForRequests(1);
    expect(emulator.versions.size).toBe(0);
  });

  it('holds a hung request until close()', async () => {
    const emulator = await start({ faults: { specs: [{ route: ROUTE_NAMES.imageVersionStatus, kind: 'hang' }] } });
    await create(emulator);
    const pending = status(emulator, 1001);
    const [, hung] = await emulator.waitForRequests(2);
    expect(hung).toMatchObject({ route: ROUTE_NAMES.imageVersionStatus, status: 'hung' });
    const before = performance.now();
    await emulator.close();
    await expect(pending).rejects.toThrow();
    expect(performance.now() - before).toBeLessThan(1000);
  });

  it('adds and removes faults at runtime, targeting the next request', async () => {
    const emulator = await start();
    await create(emulator);
    const remove = emulator.addFault({
      route: ROUTE_NAMES.imageVersionStatus,
      request: emulator.requestCount(ROUTE_NAMES.imageVersionStatus) + 1,
      kind: 'respond',
      status: 429
    });
    expect((await status(emulator, 1001)).status).toBe(429);
    expect((await status(emulator, 1001)).status).toBe(200);
    const every = emulator.addFault({ route: ROUTE_NAMES.imageVersionStatus, kind: 'respond', status: 500 });
    expect((await status(emulator, 1001)).status).toBe(500);
    every();
    remove();
    expect((await status(emulator, 1001)).status).toBe(200);
    emulator.addFault({ route: '*', kind: 'respond', status: 503 });
    emulator.clearFaults();
    expect((await status(emulator, 1001)).status).toBe(200);
  });

  it('rejects malformed faults and plans at once', async () => {
    await expect(startEmulator({ faults: { specs: [{ route: '*', kind: 'respond', status: 42 }] } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ faults: { specs: [{ route: '*', request: 0, kind: 'reset' }] } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ versions: { plan: { durationSeconds: -1 } } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ versions: { plans: [{ phases: { created: 0.6, pending: 0.6 } }] } })).rejects.toThrow(TypeError);
  });
});

describe('emulator: recording', () => {
  it('records method, path, route, query, headers, time, status and body', async () => {
    const clock = manualClock(T0);
    const emulator = await start({ time: { clock } });
    const seen: number[] = [];
    emulator.on('request', (request) => seen.push(request.seq));
    await create(emulator, { game_build: 'b 1' });
    clock.advance(2500);
    await status(emulator, 1001);
    expect(emulator.requests).toHaveLength(2);
    const [maybeFirst, second] = emulator.requests;
    const first = present(maybeFirst, 'the first request');
    expect(first).toMatchObject({
      seq: 1,
      method: 'GET',
      path: CREATE,
      route: ROUTE_NAMES.imageVersionCreate,
      routeRequest: 1,
      query: { accountserviceid: '12345', diffid: '77', restart: '0', game_build: 'b 1' },
      time: T0,
      status: 200,
      fault: null
    });
    expect(first.url).toContain('game_build=b+1');
    expect(first.headers.authorization).toBe(emulator.authorization);
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(JSON.parse(first.responseBody ?? '')).toMatchObject({ imageversionid: 1001 });
    expect(second).toMatchObject({ seq: 2, route: ROUTE_NAMES.imageVersionStatus, time: T0 + 2500, routeRequest: 1 });
    expect(seen).toEqual([1, 2]);
  });

  it('waits for requests on a route, and gives up after a timeout or on close', async () => {
    const emulator = await start();
    const statuses = emulator.waitForRequests(1, { route: ROUTE_NAMES.imageVersionStatus });
    await create(emulator);
    await status(emulator, 1001);
    expect((await statuses).map((r) => r.route)).toEqual([ROUTE_NAMES.imageVersionStatus]);
    await expect(emulator.waitForRequests(5, { timeoutMs: 20 })).rejects.toThrow(/waited 20 ms for 5 requests, saw 2/);
    const never = emulator.waitForRequests(10);
    await emulator.close();
    await expect(never).rejects.toThrow(/closed/);
    await emulator.close();
  });
});
