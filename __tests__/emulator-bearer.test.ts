// The emulator's Bearer mode (the successor's dialect): a token instead of keys, v1 calls
// without accountserviceid, the v2 rollout path still naming it; Basic stays the default.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli } from '../emulator/cli-args.ts';
import { banner } from '../emulator/cli-output.ts';
import {
  EMULATOR_ASID,
  EMULATOR_IMAGE_ID,
  EMULATOR_TOKEN,
  basicAuthorization,
  bearerAuthorization,
  errorBody,
  startEmulator
} from '../emulator/index.ts';
import { call, start } from './helpers/emulator-http.ts';

const CREATE = '/cfp/v1/imageversion/create';
const ROLLOUT = (asid: number): string => `/cfp/v2/project/${asid}/image/${EMULATOR_IMAGE_ID}/status`;
const createQuery = { diffid: '42', restart: '0' };

describe('emulator auth: Basic stays the default', () => {
  it('refuses a Bearer token in Basic mode as it refuses wrong keys', async () => {
    const emulator = await start();
    expect(emulator.authMode).toBe('basic');
    const reply = await call(
      emulator,
      CREATE,
      { ...createQuery, accountserviceid: String(EMULATOR_ASID) },
      { authorization: bearerAuthorization(EMULATOR_TOKEN) }
    );
    expect(reply).toMatchObject({ status: 401, json: errorBody('Forbidden', 2) });
    expect(reply.headers.get('www-authenticate')).toBeNull();
    // And accountserviceid stays required there.
    const missing = await call(emulator, CREATE, createQuery);
    expect(missing.status).toBe(400);
    expect(missing.json.error_message).toBe('Missing required parameter accountserviceid');
  });
});

describe('emulator auth: Bearer mode', () => {
  it("takes the token, and v1 calls without accountserviceid act on the token's first ASID", async () => {
    const emulator = await start({ auth: { mode: 'bearer', token: 'tok-123', accountServiceIds: [777, 12345] } });
    expect(emulator.authorization).toBe('Bearer tok-123');
    const created = await call(emulator, CREATE, createQuery);
    expect(created.status).toBe(200);
    expect(emulator.versions.get(1001)?.accountserviceid).toBe(777);
    // Status of a version of ASID 777 without naming it; naming it is not documented there.
    expect((await call(emulator, '/cfp/v1/imageversion/1001/status')).status).toBe(200);
    const named = await call(emulator, '/cfp/v1/imageversion/1001/status', { accountserviceid: '777' });
    expect(named).toMatchObject({
      status: 400,
      json: errorBody('Unknown parameter accountserviceid (the API token scopes the account)', 1)
    });
  });

  it('refuses accountserviceid on v1 calls, even one the token covers, and creates nothing', async () => {
    const emulator = await start({ auth: { mode: 'bearer', accountServiceIds: [12345, 777] } });
    for (const asid of ['12345', '777', '999']) {
      const reply = await call(emulator, CREATE, { ...createQuery, accountserviceid: asid });
      expect(reply).toMatchObject({
        status: 400,
        json: errorBody('Unknown parameter accountserviceid (the API token scopes the account)', 1)
      });
    }
    expect(emulator.versions.size).toBe(0);
  });

  it('in lenient mode accepts an ASID the token covers and answers 403 for one it does not', async () => {
    const emulator = await start({ auth: { mode: 'bearer', accountServiceIds: [12345, 777] }, params: 'lenient' });
    expect((await call(emulator, CREATE, { ...createQuery, accountserviceid: '777' })).status).toBe(200);
    expect(emulator.versions.get(1001)?.accountserviceid).toBe(777);
    const denied = await call(emulator, CREATE, { ...createQuery, accountserviceid: '999' });
    expect(denied).toMatchObject({ status: 403, json: errorBody('Forbidden', 2) });
    const malformed = await call(emulator, CREATE, { ...createQuery, accountserviceid: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error_message).toContain('accountserviceid');
    expect(emulator.versions.size).toBe(1);
  });

  it.each([
    ['no Authorization header', null, 'Unauthorized: no API token', 'Bearer realm="Multiplay API"'],
    ['a wrong token', bearerAuthorization('stolen'), 'Unauthorized: invalid or expired token', 'error="invalid_token"'],
    [
      'the Clanforge keys',
      basicAuthorization({ accessKey: 'emulator-access-key', secretKey: 'emulator-secret-key' }),
      'Unauthorized: expected Authorization: Bearer <token>',
      'error="invalid_request"'
    ],
    ['an empty Bearer', 'Bearer ', 'Unauthorized: expected Authorization: Bearer <token>', 'error="invalid_request"']
  ])('answers 401 for %s, with a challenge and nothing created', async (_name, authorization, message, challenge) => {
    const emulator = await start({ auth: { mode: 'bearer' } });
    const reply = await call(emulator, CREATE, createQuery, { authorization });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ success: false, error: true, error_code: 2, error_message: message, messages: [], _debug: [] });
    expect(reply.headers.get('www-authenticate')).toContain(challenge);
    expect(reply.text).not.toContain(EMULATOR_TOKEN);
    expect(emulator.versions.size).toBe(0);
  });

  it('still needs and checks the ASID in the v2 rollout path', async () => {
    const emulator = await start({ auth: { mode: 'bearer', accountServiceIds: [12345, 777] } });
    expect((await call(emulator, ROLLOUT(777))).status).toBe(200);
    expect((await call(emulator, ROLLOUT(999))).status).toBe(403);
    expect((await call(emulator, ROLLOUT(777), {}, { authorization: bearerAuthorization('nope') })).status).toBe(401);
  });

  it('sends API errors with HTTP 200 under errorsWithHttp200 in Bearer mode too', async () => {
    const emulator = await start({ auth: { mode: 'bearer' }, format: { errorsWithHttp200: true } });
    const bad = await call(emulator, CREATE, { restart: '0' });
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ success: false, error_message: 'Missing required parameter diffid' });
  });

  it('rejects a bad mode or token at start', async () => {
    await expect(startEmulator({ auth: { mode: 'digest' as 'basic' } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ auth: { mode: 'bearer', token: 'has space' } })).rejects.toThrow(/auth.token/);
    await expect(startEmulator({ auth: { mode: 'bearer', token: '' } })).rejects.toThrow(/auth.token/);
  });
});

describe('emulator auth: CLI', () => {
  it('maps --bearer and --token onto the auth options', () => {
    expect(parseCli(['--bearer']).options.auth).toEqual({ mode: 'bearer' });
    expect(parseCli(['--token', 'tok']).options.auth).toEqual({ mode: 'bearer', token: 'tok' });
    expect(parseCli([]).options.auth).toBeUndefined();
    expect(() => parseCli(['--token'])).toThrow(CliError);
  });

  it('prints the token and Bearer examples instead of the keys in Bearer mode', async () => {
    const settings = parseCli(['--token', 'tok-9', '--port', '0']);
    const emulator = await start(settings.options);
    const text = banner(emulator, settings.options, []);
    expect(text).toContain('token (Bearer)    tok-9');
    expect(text).toContain("curl -H 'Authorization: Bearer tok-9'");
    expect(text).toContain('      token: tok-9');
    expect(text).not.toContain('emulator-secret-key');
    // The printed curl line works: no accountserviceid needed.
    expect((await call(emulator, '/cfp/v1/imageinstall/status')).status).toBe(200);
  });
});
