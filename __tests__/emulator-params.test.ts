// Query parameters as the API reference documents them, per endpoint and per dialect: an
// undocumented parameter, a missing required one and half of a pair are 400 with the API's
// error body naming the parameter; lenient mode is the explicit opt-out.
import { describe, expect, it } from '@jest/globals';
import { parseCli } from '../emulator/cli-args.ts';
import { EMULATOR_ASID, EMULATOR_GAME_ID, EMULATOR_IMAGE_ID, startEmulator } from '../emulator/index.ts';
import type { AuthMode, Emulator, EmulatorOptions } from '../emulator/index.ts';
import { call, start } from './helpers/emulator-http.ts';

const ASID = String(EMULATOR_ASID);
const IMAGE = String(EMULATOR_IMAGE_ID);
const GAME = String(EMULATOR_GAME_ID);
const TOKEN_HINT = ' (the API token scopes the account)';

const apiError = (message: string) => ({
  success: false,
  error: true,
  error_code: 1,
  error_message: message,
  messages: [],
  _debug: []
});

type Query = Record<string, string | undefined>;

interface Endpoint {
  name: string;
  path: string;
  /** A documented query (without accountserviceid) the endpoint answers with 200. */
  query: Query;
  required: readonly string[];
  /** Whether accountserviceid goes in the query (v1) rather than the path (v2). */
  v1: boolean;
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'imageversion/create',
    path: '/cfp/v1/imageversion/create',
    query: {
      diffid: '42',
      restart: '0',
      full: '1',
      game_build: 'b1',
      force: '1',
      install_at: '1767225600',
      disable_timeout: '30',
      disable_percentage: '50'
    },
    required: ['diffid', 'restart'],
    v1: true
  },
  { name: 'imageversion/{id}/status', path: '/cfp/v1/imageversion/1001/status', query: {}, required: [], v1: true },
  {
    name: 'imagediff/create',
    path: '/cfp/v1/imagediff/create',
    query: { imageid: IMAGE, machineid: '48213', diffid: '31' },
    required: ['imageid', 'machineid'],
    v1: true
  },
  { name: 'imagediff/{id}/status', path: '/cfp/v1/imagediff/31/status', query: { diff_info: '1' }, required: [], v1: true },
  { name: 'imagediff/{id}/reject', path: '/cfp/v1/imagediff/31/reject', query: { reinstall: '0' }, required: ['reinstall'], v1: true },
  {
    name: 'imageupdate/create',
    path: '/cfp/v1/imageupdate/create',
    query: { imageid: IMAGE, machineid: '48213', desc: 'build 2', url: 's3://bucket/b/' },
    required: ['imageid', 'machineid', 'desc'],
    v1: true
  },
  { name: 'imageupdate/{id}/status', path: '/cfp/v1/imageupdate/3001/status', query: {}, required: [], v1: true },
  { name: 'image/options', path: '/cfp/v1/image/options', query: { gameid: GAME, imageid: IMAGE }, required: [], v1: true },
  { name: 'imageinstall/status', path: '/cfp/v1/imageinstall/status', query: {}, required: [], v1: true },
  {
    name: 'v2 image status',
    path: `/cfp/v2/project/${ASID}/image/${IMAGE}/status`,
    query: { detail: 'true' },
    required: [],
    v1: false
  }
];

/** An emulator holding version 1001 and a finished update 3001, so every endpoint above answers 200. */
async function prepared(mode: AuthMode, extra: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await start({ auth: { mode }, updates: { plan: { durationSeconds: 0 } }, ...extra });
  const asid = mode === 'basic' ? { accountserviceid: ASID } : {};
  expect((await call(emulator, '/cfp/v1/imageversion/create', { ...asid, diffid: '42', restart: '0' })).status).toBe(200);
  const update = await call(emulator, '/cfp/v1/imageupdate/create', {
    ...asid,
    imageid: IMAGE,
    machineid: '48213',
    desc: 'b',
    url: 's3://b/'
  });
  expect(update.status).toBe(200);
  return emulator;
}

/** What the emulator holds, to show a refused request changed nothing. */
const holdings = (emulator: Emulator): number[] => [emulator.versions.size, emulator.diffs.size, emulator.updates.size];

/** The endpoint's documented query in a dialect: Basic adds accountserviceid on v1 calls. */
const documented = (endpoint: Endpoint, mode: AuthMode): Query =>
  endpoint.v1 && mode === 'basic' ? { accountserviceid: ASID, ...endpoint.query } : { ...endpoint.query };

const DIALECTS: readonly AuthMode[] = ['basic', 'bearer'];
const CASES = DIALECTS.flatMap((mode) => ENDPOINTS.map((endpoint) => [endpoint.name, mode, endpoint] as const));

describe('strict parameters, per endpoint and dialect', () => {
  it.each(CASES)('%s (%s): answers the documented query', async (_name, mode, endpoint) => {
    const emulator = await prepared(mode);
    const reply = await call(emulator, endpoint.path, documented(endpoint, mode));
    expect(reply.json).toMatchObject({ success: true });
    expect(reply.status).toBe(200);
  });

  it.each(CASES)('%s (%s): refuses an undocumented parameter, naming it', async (_name, mode, endpoint) => {
    const emulator = await prepared(mode);
    const before = holdings(emulator);
    for (const name of ['bogus', 'gameversion_identifier', 'game_version', 'Diffid']) {
      const reply = await call(emulator, endpoint.path, { ...documented(endpoint, mode), [name]: '1' });
      expect(reply).toMatchObject({ status: 400, json: apiError(`Unknown parameter ${name}`) });
    }
    const two = await call(emulator, endpoint.path, { ...documented(endpoint, mode), zeta: '1', alpha: '' });
    expect(two).toMatchObject({ status: 400, json: apiError('Unknown parameters zeta, alpha') });
    expect(holdings(emulator)).toEqual(before);
  });

  it.each(CASES)('%s (%s): refuses a missing required parameter, naming it', async (_name, mode, endpoint) => {
    const emulator = await prepared(mode);
    const before = holdings(emulator);
    const required = endpoint.v1 && mode === 'basic' ? ['accountserviceid', ...endpoint.required] : endpoint.required;
    for (const name of required) {
      const reply = await call(emulator, endpoint.path, { ...documented(endpoint, mode), [name]: undefined });
      expect(reply).toMatchObject({ status: 400, json: apiError(`Missing required parameter ${name}`) });
    }
    expect(holdings(emulator)).toEqual(before);
  });

  it.each(CASES)('%s (%s): takes accountserviceid in the query only where the dialect documents it', async (_name, mode, endpoint) => {
    const emulator = await prepared(mode);
    const before = holdings(emulator);
    const reply = await call(emulator, endpoint.path, { ...endpoint.query, accountserviceid: ASID });
    if (endpoint.v1 && mode === 'basic') {
      expect(reply.status).toBe(200);
    } else {
      const hint = endpoint.v1 ? TOKEN_HINT : '';
      expect(reply).toMatchObject({ status: 400, json: apiError(`Unknown parameter accountserviceid${hint}`) });
      expect(holdings(emulator)).toEqual(before);
    }
  });

  it('checks names before values: an unknown parameter first, then a missing one, then half a pair', async () => {
    const emulator = await start();
    const path = '/cfp/v1/imageversion/create';
    expect((await call(emulator, path, { bogus: 'x', diffid: 'abc', disable_timeout: '5' })).json.error_message).toBe(
      'Unknown parameter bogus'
    );
    expect((await call(emulator, path, { accountserviceid: ASID, diffid: 'abc', disable_timeout: '5' })).json.error_message).toBe(
      'Missing required parameter restart'
    );
    expect(
      (await call(emulator, path, { accountserviceid: ASID, diffid: 'abc', restart: '0', disable_timeout: '5' })).json.error_message
    ).toBe('disable_timeout and disable_percentage must be given together');
    expect((await call(emulator, path, { accountserviceid: ASID, diffid: 'abc', restart: '0' })).json.error_message).toBe(
      'Invalid parameter diffid: "abc" is not a positive integer'
    );
  });

  it('checks auth before parameters', async () => {
    const emulator = await start();
    const reply = await call(emulator, '/cfp/v1/imageversion/create', { bogus: '1' }, { authorization: null });
    expect(reply).toMatchObject({ status: 401, json: { error_message: 'Forbidden' } });
  });
});

describe('pairs given together or not at all', () => {
  it.each([[{ disable_timeout: '30' }], [{ disable_percentage: '50' }], [{ disable_timeout: '30', disable_percentage: undefined }]])(
    'imageversion/create refuses half of disable_timeout and disable_percentage (%j), in lenient mode too',
    async (half) => {
      for (const params of ['strict', 'lenient'] as const) {
        const emulator = await start({ params });
        const reply = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: '42', restart: '0', ...half });
        expect(reply).toMatchObject({ status: 400, json: apiError('disable_timeout and disable_percentage must be given together') });
        expect(emulator.versions.size).toBe(0);
      }
    }
  );

  it.each(DIALECTS)('image/options refuses gameid or imageid alone (%s)', async (mode) => {
    const emulator = await start({ auth: { mode } });
    const asid = mode === 'basic' ? { accountserviceid: ASID } : {};
    for (const half of [{ gameid: GAME }, { imageid: IMAGE }]) {
      const reply = await call(emulator, '/cfp/v1/image/options', { ...asid, ...half });
      expect(reply).toMatchObject({ status: 400, json: apiError('gameid and imageid must be given together') });
    }
  });
});

describe('lenient mode (params: lenient, --lenient)', () => {
  it.each(CASES)('%s (%s): ignores an undocumented parameter', async (_name, mode, endpoint) => {
    const emulator = await prepared(mode, { params: 'lenient' });
    const reply = await call(emulator, endpoint.path, { ...documented(endpoint, mode), bogus: '1', gameversion_identifier: 'v' });
    expect(reply.status).toBe(200);
  });

  it('still refuses a missing required parameter', async () => {
    const emulator = await start({ params: 'lenient' });
    const reply = await call(emulator, '/cfp/v1/imagediff/create', { accountserviceid: ASID, imageid: IMAGE });
    expect(reply).toMatchObject({ status: 400, json: apiError('Missing required parameter machineid') });
  });

  it('takes accountserviceid in Bearer mode when the token covers it, 403 otherwise', async () => {
    const emulator = await start({ auth: { mode: 'bearer', accountServiceIds: [EMULATOR_ASID, 777] }, params: 'lenient' });
    const created = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: '777', diffid: '42', restart: '0' });
    expect(created.status).toBe(200);
    expect(emulator.versions.get(1001)?.accountserviceid).toBe(777);
    expect((await call(emulator, '/cfp/v1/imageversion/1001/status', { accountserviceid: '999' })).status).toBe(403);
  });

  it('answers image/options with imageid or gameid alone', async () => {
    const emulator = await start({ params: 'lenient' });
    for (const half of [{ gameid: GAME }, { imageid: IMAGE }]) {
      expect((await call(emulator, '/cfp/v1/image/options', { accountserviceid: ASID, ...half })).status).toBe(200);
    }
  });

  it('is off unless asked for, and refuses another value', async () => {
    expect(parseCli([]).options).not.toHaveProperty('params');
    expect(parseCli(['--lenient']).options.params).toBe('lenient');
    await expect(startEmulator({ params: 'loose' as 'lenient' })).rejects.toThrow(/params must be strict or lenient/);
  });
});
