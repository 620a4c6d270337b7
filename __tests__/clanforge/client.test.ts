import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MockAgent } from 'undici';
import { hintFor, parseRetryAfter } from '../../src/clanforge/client/answers.ts';
import { ClanforgeClient } from '../../src/clanforge/client/client.ts';
import type { ClientOptions } from '../../src/clanforge/client/core.ts';
import { ClanforgeError, OutcomeUnknownError } from '../../src/clanforge/errors.ts';
import { undiciTransport } from '../../src/clanforge/http/proxy-transport.ts';
import { createQuery, endpoint } from '../../src/clanforge/requests.ts';
import { authorizationValue } from '../../src/settings/credentials.ts';
import { excerpt } from '../../src/clanforge/wire/body.ts';
import { CREATE_PARAMS as PARAMS } from '../helpers/fixtures.ts';
import { redactorOf } from '../helpers/redactor.ts';

const ORIGIN = 'https://api.test';
/** The image a create is for, unknown: the advice names neither id. */
const NO_IMAGE = { imageId: undefined, gameId: undefined };
const ACCESS = 'access-key-123';
const SECRET = 'secret-key-456';
const TOKEN = authorizationValue({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }).slice('Basic '.length);

interface Seen {
  path: string;
  headers: Record<string, string>;
}

let agent: MockAgent;
let seen: Seen[];
let sleeps: number[];
let warnings: string[];

function client(apiUrl = ORIGIN, extra: Partial<ClientOptions> = {}): ClanforgeClient {
  return new ClanforgeClient({
    apiUrl: new URL(apiUrl),
    credentials: { kind: 'keys', accessKey: ACCESS, secretKey: SECRET },
    accountServiceId: 12345,
    transport: undiciTransport(agent),
    userAgent: 'test-agent/1',
    sleep: async (ms) => void sleeps.push(ms),
    log: { debug: () => undefined, warning: (m) => void warnings.push(m) },
    now: () => 1_000_000,
    redact: redactorOf({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }),
    ...extra
  });
}

/** What a default client's imageversion/{id}/status rejects with. */
function statusFailure(imageVersionId: number): Promise<unknown> {
  return client()
    .versions.status(imageVersionId)
    .catch((e: unknown) => e);
}

/** What a default client's imageversion/create with PARAMS rejects with. */
function createFailure(): Promise<unknown> {
  return client()
    .versions.create(PARAMS, NO_IMAGE)
    .catch((e: unknown) => e);
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { error: Error };

/** Answers requests whose path starts with prefix, one reply each, recording them. */
function answer(prefix: string, ...replies: Reply[]): void {
  const pool = agent.get(ORIGIN);
  for (const reply of replies) {
    const interceptor = pool.intercept({ path: (p: string) => p.startsWith(prefix), method: 'GET' });
    if ('error' in reply) {
      // replyWithError records nothing itself; count the attempt here.
      seen.push({ path: `${prefix} (error)`, headers: {} });
      interceptor.replyWithError(reply.error);
      continue;
    }
    interceptor.reply((opts) => {
      seen.push({ path: opts.path, headers: opts.headers as Record<string, string> });
      const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      return { statusCode: reply.status, data, responseOptions: { headers: { 'content-type': 'application/json', ...reply.headers } } };
    });
  }
}

function networkError(code: string): Error {
  return Object.assign(new Error(`${code} (simulated)`), { code });
}

const CREATED = {
  success: true,
  imageversionid: 9001,
  jobstateid: 1,
  jobstatename: 'Created',
  jobprogress: 0,
  jobfailed: 0,
  jobcreated: 1764558000,
  jobupdated: 1764558000
};

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  seen = [];
  sleeps = [];
  warnings = [];
});

afterEach(async () => {
  await agent.close();
});

describe('request building', () => {
  it('sends restart and force always, the rest only when given', () => {
    expect(createQuery(12345, PARAMS).toString()).toBe('accountserviceid=12345&diffid=678&restart=0&force=0');
    const all = createQuery(1, {
      diffId: 2,
      restart: true,
      full: true,
      gameBuild: 'v1.0 beta+1&x',
      force: true,
      installAt: 1796094000,
      disableTimeout: 30,
      disablePercentage: '97.5'
    });
    expect(Object.fromEntries(all)).toEqual({
      accountserviceid: '1',
      diffid: '2',
      restart: '1',
      force: '1',
      full: '1',
      game_build: 'v1.0 beta+1&x',
      install_at: '1796094000',
      disable_timeout: '30',
      disable_percentage: '97.5'
    });
    expect(all.toString()).toContain('game_build=v1.0+beta%2B1%26x');
    expect(createQuery(1, { ...PARAMS, full: false }).get('full')).toBe('0');
  });

  it('keeps a path prefix of api_url', () => {
    expect(endpoint(new URL('https://gw.example.com/clanforge'), 'v1/imageversion/create', new URLSearchParams('a=1')).href).toBe(
      'https://gw.example.com/clanforge/cfp/v1/imageversion/create?a=1'
    );
    expect(endpoint(new URL('http://127.0.0.1:8080/'), 'v1/imageversion/5/status', new URLSearchParams()).href).toBe(
      'http://127.0.0.1:8080/cfp/v1/imageversion/5/status'
    );
  });

  it('sends the documented headers', async () => {
    answer('/cfp/v1/imageversion/create', { status: 200, body: CREATED });
    await client().versions.create(PARAMS, NO_IMAGE);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe('/cfp/v1/imageversion/create?accountserviceid=12345&diffid=678&restart=0&force=0');
    expect(seen[0]?.headers).toMatchObject({
      Authorization: `Basic ${Buffer.from(`${ACCESS}:${SECRET}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': 'test-agent/1'
    });
  });
});

describe('createImageVersion', () => {
  it('parses the id and job fields, also as numeric strings', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 200,
      body: {
        success: true,
        imageversionid: '9001',
        jobstateid: '3',
        jobstatename: 'Queued',
        jobprogress: '0',
        jobfailed: '0',
        jobcreated: '1764558000',
        jobstart: '1764558060',
        joberror: null
      }
    });
    const result = await client().versions.create(PARAMS, NO_IMAGE);
    expect(result.imageVersionId).toBe(9001);
    expect(result.job).toEqual({
      stateId: 3,
      stateName: 'Queued',
      progress: 0,
      failed: 0,
      error: undefined,
      created: 1764558000,
      updated: undefined,
      eta: undefined,
      start: 1764558060
    });
  });

  it('retries 429 and 503, honouring Retry-After up to 120 s', async () => {
    answer(
      '/cfp/v1/imageversion/create',
      { status: 429, body: { success: false, error: true, error_message: 'Too many requests' }, headers: { 'retry-after': '3' } },
      { status: 503, body: '', headers: { 'retry-after': '120' } },
      { status: 200, body: CREATED }
    );
    const result = await client().versions.create(PARAMS, NO_IMAGE);
    expect(result.imageVersionId).toBe(9001);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([3000, 120_000]);
    expect(warnings[0]).toMatch(/HTTP 429.*not processed.*attempt 2 of 3/);
    expect(warnings[1]).toMatch(/Trying again in 120 s \(attempt 3 of 3\)/);
  });

  it.each([
    ['seconds', '600', 600],
    ['an HTTP date', new Date(1_000_000 + 301_000).toUTCString(), 301]
  ])('gives up at once when Retry-After (%s) asks for more than 120 s, saying how long', async (_, header, seconds) => {
    answer('/cfp/v1/imageversion/create', { status: 503, body: '', headers: { 'retry-after': header } }, { status: 200, body: CREATED });
    const error = (await createFailure()) as ClanforgeError;
    expect(error).toBeInstanceOf(ClanforgeError);
    expect(error.message).toBe(
      `Clanforge answered HTTP 503: the request was not processed, and the server asked to wait ${seconds} s before trying again (Retry-After), ` +
        `longer than the 120 s the action waits before repeating a create request. No image version was created; re-run the step in ${seconds} s or later.`
    );
    expect(error.retryAfterMs).toBe(seconds * 1000);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('names the request with the right article: an image update request', async () => {
    answer('/cfp/v1/imageupdate/create', { status: 429, body: '', headers: { 'retry-after': '600' } });
    const error = (await client()
      .updates.create({ imageId: 77, machineId: 9, desc: 'd', url: undefined })
      .catch((e: unknown) => e)) as ClanforgeError;
    expect(error.message).toBe(
      'Clanforge answered HTTP 429: the request was not processed, and the server asked to wait 600 s before trying again (Retry-After), ' +
        'longer than the 120 s the action waits before repeating an image update request. No image update was started; re-run the step in 600 s or later.'
    );
  });

  it('honours a Retry-After within wait_timeout and under 120 s, and gives up at once beyond wait_timeout, naming it', async () => {
    const budget = { waitBudgetMs: 60_000 };
    answer('/cfp/v1/imageversion/create', { status: 503, body: '', headers: { 'retry-after': '60' } }, { status: 200, body: CREATED });
    expect((await client(ORIGIN, budget).versions.create(PARAMS, NO_IMAGE)).imageVersionId).toBe(9001);
    expect(sleeps).toEqual([60_000]);

    seen = [];
    sleeps = [];
    answer('/cfp/v1/imageversion/create', { status: 503, body: '', headers: { 'retry-after': '61' } });
    const error = (await client(ORIGIN, budget)
      .versions.create(PARAMS, NO_IMAGE)
      .catch((e: unknown) => e)) as ClanforgeError;
    expect(error.message).toBe(
      'Clanforge answered HTTP 503: the request was not processed, and the server asked to wait 61 s before trying again (Retry-After), ' +
        'longer than wait_timeout (60 s), the most the action waits before repeating a create request. ' +
        'No image version was created; re-run the step in 61 s or later, or with a wait_timeout of 61 s or more.'
    );
    expect(error.retryAfterMs).toBe(61_000);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    // Beyond 120 s, the fixed bound is the one that applies, whatever wait_timeout says.
    answer('/cfp/v1/imageversion/create', { status: 503, body: '', headers: { 'retry-after': '300' } });
    const long = (await client(ORIGIN, budget)
      .versions.create(PARAMS, NO_IMAGE)
      .catch((e: unknown) => e)) as ClanforgeError;
    expect(long.message).toContain(
      'wait 300 s before trying again (Retry-After), longer than the 120 s the action waits before repeating a create request.'
    );
    expect(long.message).toMatch(/re-run the step in 300 s or later\.$/);
  });

  it('gives up after 3 attempts of 503 and says nothing was created', async () => {
    answer('/cfp/v1/imageversion/create', { status: 503 }, { status: 503 }, { status: 503 });
    const error = await createFailure();
    expect(error).toBeInstanceOf(ClanforgeError);
    expect((error as Error).message).toMatch(/HTTP 503 to 3 attempts.*No image version was created/);
    expect(seen).toHaveLength(3);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])(
    'retries a connection that failed before sending (%s)',
    async (code) => {
      answer('/cfp/v1/imageversion/create', { error: networkError(code) }, { status: 200, body: CREATED });
      expect((await client().versions.create(PARAMS, NO_IMAGE)).imageVersionId).toBe(9001);
      expect(seen).toHaveLength(2);
      expect(sleeps).toEqual([1000]);
    }
  );

  it('fails after 3 refused connections, saying nothing was created', async () => {
    answer(
      '/cfp/v1/imageversion/create',
      { error: networkError('ECONNREFUSED') },
      { error: networkError('ECONNREFUSED') },
      { error: networkError('ECONNREFUSED') }
    );
    const error = await createFailure();
    expect((error as Error).message).toMatch(
      /Could not connect to Clanforge at https:\/\/api.test after 3 attempts.*No image version was created/
    );
    expect(seen).toHaveLength(3);
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'EPIPE'])(
    'never repeats a create that may have been received (%s)',
    async (code) => {
      answer('/cfp/v1/imageversion/create', { error: networkError(code) }, { status: 200, body: CREATED });
      const error = await createFailure();
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect((error as Error).message).toMatch(
        /reached Clanforge but no answer came back.*not repeated.*diff 678.*image\/options\?accountserviceid=12345/s
      );
      expect(seen).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  );

  it.each([500, 502, 504])('treats HTTP %i as an unknown outcome, never retried', async (status) => {
    answer(
      '/cfp/v1/imageversion/create',
      {
        status,
        body: '<html><head><title>Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
        headers: { 'content-type': 'text/html' }
      },
      { status: 200, body: CREATED }
    );
    const error = await createFailure();
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toContain(
      `HTTP ${status} (not JSON, text/html: "Bad Gateway 502 Bad Gateway nginx") to the create request`
    );
    expect(seen).toHaveLength(1);
  });

  it('reports an error body sent with HTTP 200, with the lock hint', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 200,
      body: { success: false, error: true, error_code: 1, error_message: 'image locked by diffid: 218595', messages: [], _debug: [] }
    });
    const error = await createFailure();
    expect(error).toBeInstanceOf(ClanforgeError);
    expect((error as Error).message).toBe(
      'Could not create the image version: Clanforge answered HTTP 200: image locked by diffid: 218595\n' +
        'Reject it (GET /cfp/v1/imagediff/218595/reject?accountserviceid=12345&reinstall=0) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.'
    );
    expect(seen).toHaveLength(1);
  });

  it('explains 401 Forbidden', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 401,
      body: { success: false, error: true, error_code: 0, error_message: 'Forbidden' }
    });
    const error = await createFailure();
    expect((error as Error).message).toBe(
      'Could not create the image version: Clanforge answered HTTP 401: Forbidden\n' +
        'Check access_key and secret_key (Clanforge dashboard → Auth Keys) and that these keys have access to accountserviceid 12345.'
    );
  });

  it('takes the message from `error` when it is a string, else the status line', async () => {
    answer(
      '/cfp/v1/imageversion/create',
      { status: 400, body: { error: 'diffid is not complete' } },
      { status: 404, body: { success: false } }
    );
    expect(((await createFailure()) as Error).message).toBe(
      'Could not create the image version: Clanforge answered HTTP 400: diffid is not complete'
    );
    expect(((await createFailure()) as Error).message).toBe(
      'Could not create the image version: Clanforge answered HTTP 404: the request failed (no error message given)'
    );
  });

  it('treats a 2xx it cannot read as an unknown outcome', async () => {
    answer('/cfp/v1/imageversion/create', { status: 200, body: 'OK' }, { status: 200, body: { success: true } });
    const first = await createFailure();
    expect(first).toBeInstanceOf(OutcomeUnknownError);
    expect((first as Error).message).toMatch(
      /^Clanforge answered HTTP 200 with a body that is not JSON \(not JSON, application\/json: "OK"\)/
    );
    const second = await createFailure();
    expect((second as Error).message).toMatch(/^Clanforge answered HTTP 200 with no imageversionid/);
    expect(seen).toHaveLength(2);
  });

  it('never puts the keys or the token in an error, even when the server echoes them', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 400,
      body: { success: false, error_message: `bad header Basic ${TOKEN} for ${ACCESS}/${SECRET}` }
    });
    const error = (await createFailure()) as Error;
    expect(error.message).toBe('Could not create the image version: Clanforge answered HTTP 400: bad header Basic *** for ***/***');
  });
});

describe('getImageVersionStatus', () => {
  it('parses a job with missing optional fields', async () => {
    answer('/cfp/v1/imageversion/9001/status', {
      status: 200,
      body: { jobstateid: 4, jobprogress: 40, jobeta: 1764558600, jobstart: '1764558060' }
    });
    const job = await client().versions.status(9001);
    expect(seen[0]?.path).toBe('/cfp/v1/imageversion/9001/status?accountserviceid=12345');
    expect(job).toMatchObject({ stateId: 4, stateName: 'Running', progress: 40, eta: 1764558600, start: 1764558060, error: undefined });
  });

  it.each([
    [{ status: 500, body: { success: false, error_message: 'db' } }, 'status request answered HTTP 500: db'],
    [{ status: 502, body: '<h1>Bad Gateway</h1>' }, 'status request answered HTTP 502 (not JSON, application/json: "Bad Gateway")'],
    [{ status: 429, body: '', headers: { 'retry-after': '7' } }, 'status request answered HTTP 429 (empty body, application/json)']
  ] as [Reply, string][])('marks %o as transient', async (reply, message) => {
    answer('/cfp/v1/imageversion/9001/status', reply);
    const error = (await statusFailure(9001)) as ClanforgeError;
    expect(error).toBeInstanceOf(ClanforgeError);
    expect(error.transient).toBe(true);
    expect(error.message).toBe(message);
    if ('status' in reply && reply.status === 429) expect(error.retryAfterMs).toBe(7000);
  });

  it('a complete 2xx answer that is not JSON fails for good: asking again gets the same', async () => {
    answer('/cfp/v1/imageversion/9001/status', { status: 200, body: '<html>captive</html>' });
    const error = (await statusFailure(9001)) as ClanforgeError;
    expect(error.transient).toBe(false);
    expect(error.happened).toBe(
      'Could not read the status of image version 9001: Clanforge answered HTTP 200 with a body the action cannot read (not JSON, application/json: "captive").'
    );
    expect(error.remedy).toBe(
      "A complete answer that is not the API's JSON does not change when asked again: check that api_url (https://api.test) reaches the API, not a proxy or another service."
    );
  });

  it('marks network errors as transient', async () => {
    answer('/cfp/v1/imageversion/9001/status', { error: networkError('ECONNRESET') });
    const error = (await statusFailure(9001)) as ClanforgeError;
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/^status request failed: .*ECONNRESET/);
  });

  it.each([
    [401, { success: false, error: true, error_message: 'Forbidden' }, /HTTP 401: Forbidden\nCheck access_key/],
    [403, { success: false, error: true, error_message: 'Forbidden' }, /HTTP 403: Forbidden/],
    [
      404,
      { success: false, error: true, error_message: 'Not found' },
      /image version 9001 \(not found for accountserviceid 12345\): Clanforge answered HTTP 404: Not found/
    ],
    [200, { success: false, error: true, error_message: 'Forbidden' }, /HTTP 200: Forbidden/]
  ])('fails at once on HTTP %i %o', async (status, body, pattern) => {
    answer('/cfp/v1/imageversion/9001/status', { status, body });
    const error = (await statusFailure(9001)) as ClanforgeError;
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(pattern);
  });
});

describe('helpers', () => {
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('makes short single-line excerpts', () => {
    expect(excerpt('<style>x{}</style><b>a</b>\n\n b\u0007')).toBe('a b');
    expect(excerpt('x'.repeat(300))).toHaveLength(201);
  });

  it('hints at allocations', () => {
    expect(hintFor('image has active allocations', 400, 1, undefined)).toMatch(/force: true/);
    expect(hintFor('something else', 400, 1, undefined)).toBeUndefined();
  });
});

describe('image update and diff requests', () => {
  function logged(): { client: ClanforgeClient; debug: string[] } {
    const debug: string[] = [];
    const c = client(ORIGIN, {
      log: { debug: (m) => void debug.push(m), warning: (m) => void warnings.push(m) },
      redact: redactorOf({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }, 'https://bucket.example.com/b.zip?sig=SIGNATURE')
    });
    return { client: c, debug };
  }

  it('starts an image update, never logging the URL', async () => {
    answer('/cfp/v1/imageupdate/create', { status: 200, body: { success: true, updateid: '31', jobstateid: 1 } });
    const { client: c, debug } = logged();
    const result = await c.updates.create({
      imageId: 77,
      machineId: 9,
      desc: 'v1 (abc)',
      url: 'https://bucket.example.com/b.zip?sig=SIGNATURE'
    });
    expect(result.updateId).toBe(31);
    expect(seen[0]?.path).toBe(
      '/cfp/v1/imageupdate/create?accountserviceid=12345&imageid=77&machineid=9&desc=v1+%28abc%29&url=https%3A%2F%2Fbucket.example.com%2Fb.zip%3Fsig%3DSIGNATURE'
    );
    expect(debug).toEqual([
      'GET /cfp/v1/imageupdate/create?accountserviceid=12345&imageid=77&machineid=9&desc=v1+%28abc%29&url=*** → HTTP 200 in 0 ms'
    ]);
  });

  it("sends free text (desc, game_build) through the run's redaction: a secret in it never reaches Clanforge", async () => {
    answer('/cfp/v1/imageupdate/create', { status: 200, body: { success: true, updateid: 31, jobstateid: 1 } });
    answer('/cfp/v1/imageversion/create', { status: 200, body: CREATED });
    const c = client();
    await c.updates.create({ imageId: 77, machineId: 9, desc: `built with ${SECRET}`, url: undefined });
    await c.versions.create({ ...PARAMS, gameBuild: `v1 ${ACCESS}` }, NO_IMAGE);
    expect(seen.map((r) => new URL(r.path, ORIGIN).searchParams.get(r.path.includes('imageupdate') ? 'desc' : 'game_build'))).toEqual([
      'built with ***',
      'v1 ***'
    ]);
    expect(seen.map((r) => r.path).join('\n')).not.toContain(SECRET);
  });

  it('redacts the update URL from error messages', async () => {
    answer('/cfp/v1/imageupdate/create', {
      status: 400,
      body: { success: false, error_message: 'cannot fetch https://bucket.example.com/b.zip?sig=SIGNATURE' }
    });
    const error = (await logged()
      .client.updates.create({ imageId: 77, machineId: 9, desc: 'd', url: 'https://bucket.example.com/b.zip?sig=SIGNATURE' })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Could not start the image update: Clanforge answered HTTP 400: cannot fetch ***');
  });

  it('never repeats a diff create that may have been received', async () => {
    answer('/cfp/v1/imagediff/create', { error: networkError('ECONNRESET') }, { status: 200, body: { success: true, diffid: 5001 } });
    const error = await client()
      .diffs.create({ imageId: 77, machineId: 9 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toMatch(
      /^The diff request reached Clanforge but no answer came back .*GET \/cfp\/v1\/image\/options\?accountserviceid=12345&gameid=\{gameid\}&imageid=77 names the diff/
    );
    expect(seen).toHaveLength(1);
  });

  it('retries a diff create that was surely not processed', async () => {
    answer(
      '/cfp/v1/imagediff/create',
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 200, body: { success: true, diffid: 5001, jobstateid: 2 } }
    );
    expect((await client().diffs.create({ imageId: 77, machineId: 9 })).diffId).toBe(5001);
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('reads the diff status with diff_info, as maps or lists', async () => {
    answer(
      '/cfp/v1/imagediff/5001/status',
      { status: 200, body: { jobstateid: 5, added: { 'a.bin': { size: 1 } }, modified: {}, removed: { 'old.pak': {} } } },
      { status: 200, body: { jobstateid: 5, added: ['x'], modified: [{ path: 'y' }], removed: [] } },
      { status: 200, body: { jobstateid: 4 } }
    );
    const first = await client().diffs.status(5001);
    expect(seen[0]?.path).toBe('/cfp/v1/imagediff/5001/status?accountserviceid=12345&diff_info=1');
    const list = (...paths: string[]) => ({ count: paths.length, first: paths });
    expect(first).toEqual({
      job: expect.objectContaining({ stateId: 5 }),
      changes: { added: list('a.bin'), modified: list(), removed: list('old.pak') },
      imageId: undefined,
      gameId: undefined
    });
    expect((await client().diffs.status(5001)).changes).toEqual({ added: list('x'), modified: list('y'), removed: list() });
    expect((await client().diffs.status(5001)).changes).toBeUndefined();
  });

  it('rejects a diff with reinstall=0, and never twice on an unknown outcome', async () => {
    answer('/cfp/v1/imagediff/218595/reject', { status: 200, body: { success: true } }, { status: 502, body: '' });
    await client().diffs.reject(218595);
    expect(seen[0]?.path).toBe('/cfp/v1/imagediff/218595/reject?accountserviceid=12345&reinstall=0');
    const error = await client()
      .diffs.reject(218595)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(seen).toHaveLength(2);
  });

  it('reads the image update status', async () => {
    answer('/cfp/v1/imageupdate/31/status', { status: 404, body: { success: false, error_message: 'Not found' } });
    const error = (await client()
      .updates.status(31)
      .catch((e: unknown) => e)) as ClanforgeError;
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(
      /^Could not read the status of image update 31 \(not found for accountserviceid 12345\): Clanforge answered HTTP 404: Not found/
    );
  });

  it('reads the rollout status from the v2 path', async () => {
    answer('/cfp/v2/project/12345/image/77/status', {
      status: 200,
      body: {
        pending_machines: '2',
        failed_machines: 0,
        completed_machines: 38,
        fleets: [
          {
            fleetid: 'f1',
            name: 'EU',
            pending_machines: 2,
            completed_machines: 38,
            regions: [{ regionid: 'r1', name: 'eu-west', pending_machines: 2, completed_machines: 38 }]
          }
        ]
      }
    });
    const rollout = await client().images.rollout(12345, 77);
    expect(seen[0]?.path).toBe('/cfp/v2/project/12345/image/77/status?detail=true');
    expect(rollout).toEqual({
      pending: 2,
      failed: 0,
      completed: 38,
      fleets: [
        {
          id: 'f1',
          name: 'EU',
          pending: 2,
          failed: 0,
          completed: 38,
          regions: [{ id: 'r1', name: 'eu-west', pending: 2, failed: 0, completed: 38 }]
        }
      ]
    });
  });
});

describe('cancel between attempts', () => {
  it('says nothing was created when cancelled while waiting to retry', async () => {
    answer('/cfp/v1/imageversion/create', { status: 503, headers: { 'retry-after': '10' } });
    const controller = new AbortController();
    const c = new ClanforgeClient({
      apiUrl: new URL(ORIGIN),
      credentials: { kind: 'keys', accessKey: ACCESS, secretKey: SECRET },
      accountServiceId: 12345,
      transport: undiciTransport(agent),
      userAgent: 'test-agent/1',
      redact: (text) => text,
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
      },
      log: { debug: () => undefined, warning: () => undefined }
    });
    const error = (await c.versions.create(PARAMS, NO_IMAGE).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ClanforgeError);
    expect(error.message).toBe('Cancelled before the create request was tried again: no image version was created.');
    expect(seen).toHaveLength(1);
  });
});

describe('reading answers (fault cases)', () => {
  it.each(['0', 'false', '', ' 0 ', 'FALSE', 'null'])(
    'a falsy-looking error %p next to success: true and an id is a success',
    async (error) => {
      answer('/cfp/v1/imageversion/create', { status: 200, body: { ...CREATED, imageversionid: 4242, error } });
      const result = await client().versions.create(PARAMS, NO_IMAGE);
      expect(result.imageVersionId).toBe(4242);
      expect(seen).toHaveLength(1);
    }
  );

  it('a status answer that says success: true is read even with an error_message; without success it is a failure', async () => {
    answer(
      '/cfp/v1/imageversion/4242/status',
      { status: 200, body: { success: true, error_message: 'machine 7 slow', jobstateid: 4, jobprogress: 30 } },
      { status: 200, body: { error_message: 'No rows in result set' } }
    );
    expect(await client().versions.status(4242)).toMatchObject({ stateId: 4, progress: 30 });
    const error = (await statusFailure(4242)) as ClanforgeError;
    expect(error.transient).toBe(false);
    expect(error.message).toBe('Could not read the status of image version 4242: Clanforge answered HTTP 200: No rows in result set');
  });

  it('a falsy-looking error on a status answer is not a failure either', async () => {
    answer('/cfp/v1/imageversion/4242/status', {
      status: 200,
      body: { success: true, error: '0', error_message: '', jobstateid: 4, jobprogress: 30 }
    });
    expect(await client().versions.status(4242)).toMatchObject({ stateId: 4, progress: 30 });
  });

  it.each([
    [{ success: false, imageversionid: 4242 }, 'the request failed (no error message given)'],
    [{ success: true, error: true, imageversionid: '4242' }, 'the request failed (no error message given)'],
    [{ success: true, imageversionid: 4242, error_message: 'install queue full' }, 'install queue full']
  ])('an answer read as a failure that carries an id says a version with that id may exist (%o)', async (body, said) => {
    answer('/cfp/v1/imageversion/create', { status: 200, body });
    const error = (await createFailure()) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toContain(`Could not create the image version: Clanforge answered HTTP 200: ${said}`);
    expect(error.message).toContain('The answer also carries imageversionid 4242: an image version with that id may exist');
    expect(error.message).toContain('/cfp/v1/imageversion/4242/status?accountserviceid=12345');
    expect(seen).toHaveLength(1);
  });

  it('an id in a failed diff or update answer is named too', async () => {
    answer('/cfp/v1/imagediff/create', { status: 400, body: { success: false, error_message: 'machine busy', diffid: 5001 } });
    const diff = (await client()
      .diffs.create({ imageId: 77, machineId: 9 })
      .catch((e: unknown) => e)) as Error;
    expect(diff).toBeInstanceOf(OutcomeUnknownError);
    expect(diff.message).toMatch(/HTTP 400: machine busy\nThe answer also carries diffid 5001: a diff with that id may exist/);
    answer('/cfp/v1/imageupdate/create', { status: 200, body: { success: false, updateid: 31 } });
    const update = (await client()
      .updates.create({ imageId: 77, machineId: 9, desc: 'd', url: 's3://b/f/' })
      .catch((e: unknown) => e)) as Error;
    expect(update.message).toContain('The answer also carries updateid 31: an image update with that id may have started');
  });

  it('a failure without an id stays a definite failure', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 200,
      body: { success: false, error: true, error_message: 'diff not complete', imageversionid: 0 }
    });
    const error = await createFailure();
    expect(error).toBeInstanceOf(ClanforgeError);
    expect((error as Error).message).toBe('Could not create the image version: Clanforge answered HTTP 200: diff not complete');
  });

  it.each([503, 429])('a busy HTTP %i that carries an id is never repeated: outcome unknown, naming the id', async (status) => {
    answer(
      '/cfp/v1/imageversion/create',
      { status, body: { success: false, imageversionid: 4242, error_message: 'busy' }, headers: { 'retry-after': '1' } },
      { status: 200, body: CREATED }
    );
    const error = (await createFailure()) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toContain(`Clanforge answered HTTP ${status}: busy to the create request.`);
    expect(error.message).toContain('the answer carries an id, so it was not taken as unprocessed');
    expect(error.message).toContain('The answer also carries imageversionid 4242: an image version with that id may exist');
    expect(error.message).toContain('It may or may not have created an image version, so it was not repeated');
    expect(error.message).not.toMatch(/No image version was created/);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a busy diff or update create that carries its id is not repeated either', async () => {
    answer('/cfp/v1/imagediff/create', { status: 503, body: { success: false, diffid: 5001 }, headers: { 'retry-after': '1' } });
    const diff = (await client()
      .diffs.create({ imageId: 77, machineId: 9 })
      .catch((e: unknown) => e)) as Error;
    expect(diff).toBeInstanceOf(OutcomeUnknownError);
    expect(diff.message).toContain('The answer also carries diffid 5001: a diff with that id may exist');
    answer('/cfp/v1/imageupdate/create', { status: 429, body: { success: false, updateid: 31 }, headers: { 'retry-after': '1' } });
    const update = (await client()
      .updates.create({ imageId: 77, machineId: 9, desc: 'd', url: 's3://b/f/' })
      .catch((e: unknown) => e)) as Error;
    expect(update).toBeInstanceOf(OutcomeUnknownError);
    expect(update.message).toContain('The answer also carries updateid 31: an image update with that id may have started');
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('an error string without success: true is still a failure', async () => {
    answer('/cfp/v1/imageversion/create', { status: 200, body: { error: 'diffid is not complete' } });
    const error = await createFailure();
    expect(error).toBeInstanceOf(ClanforgeError);
    expect((error as Error).message).toBe('Could not create the image version: Clanforge answered HTTP 200: diffid is not complete');
  });

  it.each([
    ['1e21', '{"success":true,"imageversionid":1e21}', '1e21'],
    ['4242.5', '{"success":true,"imageversionid":4242.5}', '4242.5'],
    ['"4242.5"', '{"success":true,"imageversionid":"4242.5"}', '"4242.5"'],
    ['2^53 + 1', '{"success":true,"imageversionid":9007199254740993}', '9007199254740993'],
    ['negative', '{"success":true,"imageversionid":-7}', '-7'],
    ['a word', '{"success":true,"imageversionid":"new"}', '"new"']
  ])(
    'an imageversionid that is not a safe positive integer (%s) is an error naming what came, never a rounded id',
    async (_, body, shown) => {
      answer('/cfp/v1/imageversion/create', { status: 200, body });
      const error = (await createFailure()) as Error;
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(error.message).toContain(
        `Clanforge answered HTTP 200 with imageversionid ${shown}, which is not a positive whole number the action can hold exactly (at most 9007199254740991)`
      );
      expect(error.message).toContain('It may or may not have created an image version, so it was not repeated');
      expect(error.message).not.toContain('9007199254740992');
      expect(seen).toHaveLength(1);
    }
  );

  it('checks diffid and updateid the same way', async () => {
    answer('/cfp/v1/imagediff/create', { status: 200, body: '{"success":true,"diffid":5001.5}' });
    expect(
      (
        (await client()
          .diffs.create({ imageId: 77, machineId: 9 })
          .catch((e: unknown) => e)) as Error
      ).message
    ).toMatch(/^Clanforge answered HTTP 200 with diffid 5001.5, which is not a positive whole number/);
    answer('/cfp/v1/imageupdate/create', { status: 200, body: '{"success":true,"updateid":1e300}' });
    expect(
      (
        (await client()
          .updates.create({ imageId: 77, machineId: 9, desc: 'd', url: 's3://b/f/' })
          .catch((e: unknown) => e)) as Error
      ).message
    ).toMatch(/^Clanforge answered HTTP 200 with updateid 1e300, which is not/);
  });

  it('accepts a UTF-8 byte-order mark before the JSON', async () => {
    answer('/cfp/v1/imageversion/create', { status: 200, body: `\uFEFF${JSON.stringify({ ...CREATED, imageversionid: 4242 })}` });
    expect((await client().versions.create(PARAMS, NO_IMAGE)).imageVersionId).toBe(4242);
    answer('/cfp/v1/imageversion/4242/status', { status: 200, body: `\uFEFF${JSON.stringify({ jobstateid: 5, jobprogress: 100 })}` });
    expect(await client().versions.status(4242)).toMatchObject({ stateId: 5 });
  });

  it.each([
    ['an array', '[{"success":true,"imageversionid":4242}]'],
    ['a string', '"ok"'],
    ['a number', '4242'],
    ['null', 'null']
  ])('calls %s body JSON of the wrong shape, not "not JSON"', async (shape, body) => {
    answer('/cfp/v1/imageversion/create', { status: 200, body });
    const error = (await createFailure()) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(
      new RegExp(`^Clanforge answered HTTP 200 with JSON of the wrong shape \\(${shape} where an object was expected`)
    );
    expect(error.message).not.toMatch(/not JSON/);
    answer('/cfp/v1/imageversion/4242/status', { status: 200, body });
    const status = (await statusFailure(4242)) as ClanforgeError;
    expect(status.transient).toBe(false);
    expect(status.message).toMatch(
      new RegExp(
        `^Could not read the status of image version 4242: Clanforge answered HTTP 200 with a body the action cannot read \\(JSON of the wrong shape: ${shape} where an object was expected`
      )
    );
  });

  it.each([300, 301, 302, 303, 304, 307, 308])(
    'HTTP %i to the create is an unknown outcome naming the Location, never followed',
    async (status) => {
      answer('/cfp/v1/imageversion/create', {
        status,
        body: '',
        headers: { location: `https://${ACCESS}:${SECRET}@elsewhere.test/done?id=4242&token=${TOKEN}` }
      });
      const error = (await createFailure()) as Error;
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(error.message).toMatch(
        new RegExp(
          `^Clanforge answered HTTP ${status} \\(Location: https://elsewhere.test/done\\?id=4242&token=\\*\\*\\*\\) to the create request\\.`
        )
      );
      expect(error.message).toContain('It may or may not have created an image version, so it was not repeated');
      expect(error.message).not.toMatch(/No image version was created/);
      for (const secret of [ACCESS, SECRET, TOKEN]) expect(error.message).not.toContain(secret);
      expect(seen).toHaveLength(1);
    }
  );

  it('a redirect to a create whose body carries an id says a version with that id may exist', async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 303,
      body: { success: true, imageversionid: 4242 },
      headers: { location: '/cfp/v1/imageversion/4242/status' }
    });
    const error = (await createFailure()) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(
      /^Clanforge answered HTTP 303 \(Location: https:\/\/api.test\/cfp\/v1\/imageversion\/4242\/status\) to the create request\./
    );
    expect(error.message).toContain(
      'does not follow redirects of calls that change state. The answer also carries imageversionid 4242: an image version with that id may exist'
    );
    expect(error.message).toContain('It may or may not have created an image version, so it was not repeated');
    expect(seen).toHaveLength(1);
  });

  it('a relative Location is shown against api_url; a missing one is said', async () => {
    answer(
      '/cfp/v1/imageversion/create',
      { status: 303, body: '', headers: { location: '/cfp/v1/imageversion/4242/status' } },
      { status: 302, body: '' }
    );
    expect(((await createFailure()) as Error).message).toMatch(
      /^Clanforge answered HTTP 303 \(Location: https:\/\/api.test\/cfp\/v1\/imageversion\/4242\/status\) to the create request/
    );
    expect(((await createFailure()) as Error).message).toMatch(/^Clanforge answered HTTP 302 \(no Location header\) to the create request/);
  });

  it('a redirect to a status request fails it with the Location, not followed', async () => {
    answer('/cfp/v1/imageversion/4242/status', { status: 302, body: '', headers: { location: 'https://login.test/sso' } });
    const error = (await statusFailure(4242)) as ClanforgeError;
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      'Could not read the status of image version 4242: Clanforge answered HTTP 302 (Location: https://login.test/sso) (redirects are not followed)'
    );
  });

  it("redacts what a server echoes with the run's one redaction, which it is given", async () => {
    answer('/cfp/v1/imageversion/create', {
      status: 403,
      body: { success: false, error_message: `bad key ${ACCESS} (run secret RUN-SECRET-9)` }
    });
    const c = client(ORIGIN, { redact: redactorOf({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }, 'RUN-SECRET-9') });
    const error = (await c.versions.create(PARAMS, NO_IMAGE).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('bad key *** (run secret ***)');
    expect(c.core.redact(`token ${TOKEN}`)).toBe('token ***');
  });

  it.each([
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID'
  ])(
    'a TLS failure (%s) is "not sent": nothing created, the certificate problem named, NODE_EXTRA_CA_CERTS advised, not retried',
    async (code) => {
      answer('/cfp/v1/imageversion/create', { error: networkError(code) }, { status: 200, body: CREATED });
      const error = (await createFailure()) as Error;
      expect(error).toBeInstanceOf(ClanforgeError);
      expect(error.message).toMatch(new RegExp(`^Could not connect to Clanforge at https://api.test: .*\\(${code}[):]`));
      expect(error.message).toContain(
        'The TLS handshake failed, so the create request was never sent: no image version was created, and the step is safe to re-run'
      );
      expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
      expect(error.message).not.toMatch(/reached Clanforge|may or may not/);
      expect(seen).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  );

  it.each([
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_WRONG_VERSION_NUMBER (simulated)'],
    ['EPROTO', 'write EPROTO 00000000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number']
  ])(
    'https to a plain-HTTP port (%s) is "not sent", says to check api_url\'s scheme and port, and gives no CA advice',
    async (code, said) => {
      answer('/cfp/v1/imageversion/create', { error: Object.assign(new Error(said), { code }) }, { status: 200, body: CREATED });
      const error = (await createFailure()) as Error;
      expect(error).toBeInstanceOf(ClanforgeError);
      expect(error.message).toMatch(/^Could not connect to Clanforge at https:\/\/api.test: the server did not answer in TLS \(/);
      expect(error.message).toContain("that port looks like a plain-HTTP one; check api_url's scheme and port.");
      expect(error.message).toContain(
        'The TLS handshake failed, so the create request was never sent: no image version was created, and the step is safe to re-run once api_url names the https:// address and port the API serves TLS on.'
      );
      expect(error.message).not.toMatch(/NODE_EXTRA_CA_CERTS|certificate is trusted|reached Clanforge|may or may not/);
      expect(seen).toHaveLength(1);
      expect(sleeps).toEqual([]);
      answer('/cfp/v1/imageversion/4242/status', { error: Object.assign(new Error(said), { code }) });
      const status = (await statusFailure(4242)) as ClanforgeError;
      expect(status.message).toMatch(/did not answer in TLS.*nothing was sent\.\)$/);
      expect(status.message).not.toContain('NODE_EXTRA_CA_CERTS');
    }
  );

  it('a TLS failure on a status request names the problem and stays retryable', async () => {
    answer('/cfp/v1/imageversion/4242/status', { error: networkError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY') });
    const error = (await statusFailure(4242)) as ClanforgeError;
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/certificate authority this runner trusts.*NODE_EXTRA_CA_CERTS/);
  });

  it('an answer over 1 MiB to a create is an unknown outcome; to a status request, a failure for good', async () => {
    const big = JSON.stringify({ ...CREATED, padding: 'x'.repeat(1 << 20) });
    answer('/cfp/v1/imageversion/create', { status: 200, body: big });
    const error = (await createFailure()) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(
      /^The create request was sent, but the answer was larger than 1 MiB and was not read \((Content-Length \d+|more than 1048576 bytes)\)\. It may/
    );
    // Said once: the transport's own sentence is not repeated inside the client's.
    expect(error.message.match(/1 MiB/g)).toHaveLength(1);
    expect(error.message).toContain('It may or may not have created an image version');
    answer('/cfp/v1/imageversion/4242/status', { status: 200, body: big });
    const status = (await statusFailure(4242)) as ClanforgeError;
    expect(status.transient).toBe(false);
    expect(status.happened).toMatch(
      /^Could not read the status of image version 4242: the answer is larger than 1 MiB \(more than 1048576 bytes\); it was not read, and asking again would get the same answer\./
    );
  });

  it('parses a job without jobstateid and drops an ETA in milliseconds', async () => {
    const etaMs = Date.now() + 600_000;
    answer('/cfp/v1/imageversion/4242/status', { status: 200, body: { jobstatename: 'Completed', jobprogress: 100, jobeta: etaMs } });
    const job = await client().versions.status(4242);
    expect(job).toMatchObject({ stateId: undefined, stateName: 'Completed', eta: undefined });
  });
});
