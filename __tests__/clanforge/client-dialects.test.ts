// The client in both dialects, on a scripted transport: the Authorization value, the ASID
// left out with a token alone, the moved-hosting sentence, and the lock errors.
import { describe, expect, it } from '@jest/globals';
import { MOVED_HOSTING_HINT, MOVED_HOSTING_TOKEN_HINT } from '../../src/clanforge/client/answers.ts';
import { ClanforgeClient } from '../../src/clanforge/client/client.ts';
import { ImageLockedError, UpdateLockedError } from '../../src/clanforge/errors.ts';
import { TransportError, type HttpRequest, type HttpResponse, type Transport } from '../../src/clanforge/http/transport.ts';
import type { Credentials } from '../../src/settings/credentials.ts';
import { CREATE_PARAMS } from '../helpers/fixtures.ts';
import { scriptedTransport } from '../helpers/scripted-transport.ts';
import { redactorOf } from '../helpers/redactor.ts';

const KEYS: Credentials = { kind: 'keys', accessKey: 'AK-dialect-1', secretKey: 'SK-dialect-2' };
const TOKEN: Credentials = { kind: 'token', token: 'tok-dialect-3' };

function scripted(answer: (request: HttpRequest) => HttpResponse | Error) {
  const requests: HttpRequest[] = [];
  const send = scriptedTransport(async (request) => {
    requests.push(request);
    const next = answer(request);
    if (next instanceof Error) throw next;
    return next;
  });
  return { send, requests };
}

const json = (status: number, body: unknown) => ({
  status,
  statusText: '',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body)
});

function client(credentials: Credentials, accountServiceId: number | undefined, transport: Transport, apiUrl = 'https://api.test') {
  return new ClanforgeClient({
    apiUrl: new URL(apiUrl),
    credentials,
    accountServiceId,
    transport,
    userAgent: 'test/1',
    sleep: async () => undefined,
    log: { debug: () => undefined, warning: () => undefined },
    redact: redactorOf(credentials),
    now: () => 0
  });
}

describe('ClanforgeClient in both dialects', () => {
  it('sends Bearer and no accountserviceid with a token alone; Basic and the ASID with keys', async () => {
    const t = scripted(() => json(200, { jobstateid: 4 }));
    await client(TOKEN, undefined, t.send).versions.status(1001);
    await client(KEYS, 12345, t.send).versions.status(1001);
    await client(TOKEN, 777, t.send).versions.status(1001);
    expect(t.requests.map((r) => [r.headers['Authorization'], r.url.search])).toEqual([
      ['Bearer tok-dialect-3', ''],
      [`Basic ${Buffer.from('AK-dialect-1:SK-dialect-2').toString('base64')}`, '?accountserviceid=12345'],
      // The successor lists accountserviceid on no v1 image call: the token scopes the account.
      ['Bearer tok-dialect-3', '']
    ]);
  });

  it('imageupdate/create leaves url out when none is given; desc is always sent', async () => {
    const t = scripted(() => json(200, { updateid: 3001, jobstateid: 1 }));
    await client(TOKEN, undefined, t.send).updates.create({ imageId: 77, machineId: 9, desc: 'v1 abc1234', url: undefined });
    expect(Object.fromEntries(t.requests[0]!.url.searchParams)).toEqual({ imageid: '77', machineid: '9', desc: 'v1 abc1234' });
  });

  it('redacts the token from what the server echoes; a 401 names the token', async () => {
    const t = scripted(() => json(401, { success: false, error_message: 'bad token tok-dialect-3' }));
    const error = (await client(TOKEN, undefined, t.send)
      .versions.status(1)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('bad token ***');
    expect(error.message).toContain(
      'Check token (a Multiplay API token, sent as Authorization: Bearer), and that api_url is the API that issued it.'
    );
  });

  it.each([
    ['401 to keys on the default host', KEYS, 'https://api.multiplay.co.uk', json(401, { error_message: 'Forbidden' }), true],
    ['410 to keys on the default host', KEYS, 'https://api.multiplay.co.uk', json(410, { error_message: 'Gone' }), true],
    [
      'the default host not resolved',
      KEYS,
      'https://api.multiplay.co.uk',
      new TransportError('getaddrinfo ENOTFOUND api.multiplay.co.uk', { sent: false, code: 'ENOTFOUND' }),
      true
    ],
    ['401 to keys on another host', KEYS, 'https://api.test', json(401, { error_message: 'Forbidden' }), false],
    [
      'the default host not resolved, with a token',
      TOKEN,
      'https://api.multiplay.co.uk',
      new TransportError('getaddrinfo ENOTFOUND api.multiplay.co.uk', { sent: false, code: 'ENOTFOUND' }),
      true
    ],
    [
      'another host not resolved, with a token',
      TOKEN,
      'https://api.test',
      new TransportError('getaddrinfo ENOTFOUND api.test', { sent: false, code: 'ENOTFOUND' }),
      false
    ],
    ['401 to a token on the default host', TOKEN, 'https://api.multiplay.co.uk', json(401, { error_message: 'Unauthorized' }), false],
    ['403 to keys on the default host', KEYS, 'https://api.multiplay.co.uk', json(403, { error_message: 'Forbidden' }), false]
  ] as const)('%s: the moved-hosting sentence %s', async (_name, credentials, apiUrl, reply, said) => {
    const t = scripted(() => reply);
    const error = (await client(credentials, 12345, t.send, apiUrl)
      .versions.status(1)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    // One sentence, at most once, worded for what the step holds: keys or a token.
    const [hint, other] =
      credentials === TOKEN ? [MOVED_HOSTING_TOKEN_HINT, MOVED_HOSTING_HINT] : [MOVED_HOSTING_HINT, MOVED_HOSTING_TOKEN_HINT];
    expect(error.message.split(hint).length - 1).toBe(said ? 1 : 0);
    expect(error.message).not.toContain(other);
  });

  it('the moved-hosting sentence also on the create when the default host is not resolved, nothing sent', async () => {
    const t = scripted(() => new TransportError('getaddrinfo ENOTFOUND api.multiplay.co.uk', { sent: false, code: 'ENOTFOUND' }));
    const params = { ...CREATE_PARAMS, diffId: 1 };
    const error = (await client(KEYS, 12345, t.send, 'https://api.multiplay.co.uk')
      .versions.create(params, { imageId: undefined, gameId: undefined })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(MOVED_HOSTING_HINT);
    expect(error.message).toContain('No image version was created; the step can be re-run.');
  });

  it('names the lock: a diff (ImageLockedError) or an image update (UpdateLockedError)', async () => {
    const byDiff = scripted(() => json(400, { success: false, error_message: 'image locked by diffid: 218595' }));
    const byUpdate = scripted(() => json(200, { success: false, error: true, error_message: 'image locked by updateid: 3999' }));
    const update = { imageId: 77, machineId: 9, desc: 'd', url: undefined };
    const diff = (await client(KEYS, 12345, byDiff.send)
      .updates.create(update)
      .catch((e: unknown) => e)) as ImageLockedError;
    const upd = (await client(TOKEN, undefined, byUpdate.send)
      .updates.create(update)
      .catch((e: unknown) => e)) as UpdateLockedError;
    expect(diff).toBeInstanceOf(ImageLockedError);
    expect(diff.lockingDiffId).toBe(218595);
    expect(upd).toBeInstanceOf(UpdateLockedError);
    expect(upd.lockingUpdateId).toBe(3999);
    expect(upd.message).toContain(
      'Wait for update 3999 to end (GET /cfp/v1/imageupdate/3999/status), then re-run. The action does nothing about an update it did not start.'
    );
  });
});
