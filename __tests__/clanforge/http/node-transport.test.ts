import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { nodeTransport } from '../../../src/clanforge/http/node-transport.ts';
import { AnswerTooLarge, MAX_BODY_BYTES, withinCeiling } from '../../../src/clanforge/http/read-answer.ts';
import { TransportError, proxyConfigured, proxyInUse, tlsProblemOf, withoutCredentials } from '../../../src/clanforge/http/transport.ts';
import { makeTlsFixtures, type TlsFixtures } from '../../e2e/helpers/tls-fixtures.ts';
import { endlessAnswer } from '../../helpers/endless-answer.ts';

let server: http.Server | https.Server | undefined;

async function listen(handler: http.RequestListener): Promise<URL> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/path?x=1`);
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('nodeTransport on a real loopback server', () => {
  it('sends the headers and returns status, headers and body', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const url = await listen((req, res) => {
      seen = req.headers;
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'retry-after': '3' }).end('{"ok":true}');
    });
    const response = await nodeTransport({ url, headers: { Authorization: 'Basic eDp5', Accept: 'application/json' }, timeoutMs: 5000 });
    expect(response).toEqual({
      status: 201,
      statusText: 'Made',
      headers: expect.objectContaining({ 'content-type': 'application/json', 'retry-after': '3' }),
      body: '{"ok":true}'
    });
    expect(seen['authorization']).toBe('Basic eDp5');
  });

  it('reuses keep-alive sockets without piling up listeners', async () => {
    const url = await listen((_req, res) => res.end('{}'));
    for (let i = 0; i < 15; i++) await nodeTransport({ url, headers: {}, timeoutMs: 5000 });
    // The idle socket the 15 requests shared: one 'connect' listener at most, not one per request.
    const idle = Object.values(http.globalAgent.freeSockets).flat();
    expect(idle.length).toBeGreaterThan(0);
    for (const socket of idle) expect(socket?.listenerCount('connect')).toBeLessThanOrEqual(1);
  });

  it('says a refused connection sent nothing', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await failure(nodeTransport({ url, headers: {}, timeoutMs: 5000 }));
    expect(error.sent).toBe(false);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('says a reset after the request was read may have been processed', async () => {
    let received = 0;
    const url = await listen((req) => {
      received++;
      req.socket.destroy();
    });
    const error = await failure(nodeTransport({ url, headers: {}, timeoutMs: 5000 }));
    expect(received).toBe(1);
    expect(error.sent).toBe(true);
  });

  it('gives up on a server that never answers, as sent', async () => {
    const url = await listen(() => undefined);
    const error = await failure(nodeTransport({ url, headers: {}, timeoutMs: 200 }));
    expect(error.timedOut).toBe(true);
    expect(error.sent).toBe(true);
    expect(error.message).toBe('no answer within 0 s');
  });

  it('fails when the answer is cut mid-body', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(nodeTransport({ url, headers: {}, timeoutMs: 5000 }));
    expect(error.sent).toBe(true);
  });

  it('stops at an abort signal', async () => {
    const url = await listen(() => undefined);
    const controller = new AbortController();
    const pending = nodeTransport({ url, headers: {}, timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.aborted).toBe(true);
  });
});

describe('proxyConfigured', () => {
  it('looks at the variable for the scheme', () => {
    expect(proxyConfigured(new URL('https://a'), { HTTPS_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured(new URL('https://a'), { https_proxy: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured(new URL('https://a'), { HTTP_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured(new URL('http://a'), { HTTPS_PROXY: 'http://proxy:3128' })).toBe(false);
    expect(proxyConfigured(new URL('http://127.0.0.1'), { HTTP_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured(new URL('https://a'), {})).toBe(false);
  });
});

describe('nodeTransport: TLS', () => {
  let fx: TlsFixtures;
  let requests = 0;
  beforeAll(() => {
    fx = makeTlsFixtures();
  });
  afterAll(() => fx.remove());

  async function listenTls(
    options: https.ServerOptions | undefined,
    handler: http.RequestListener = (_req, res) => res.end('{}')
  ): Promise<URL> {
    requests = 0;
    const counted: http.RequestListener = (req, res) => {
      requests++;
      handler(req, res);
    };
    server = options ? https.createServer(options, counted) : http.createServer(counted);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/cfp/v1/imageversion/create`);
  }

  /** One request through the global agent (as the action sends it), trusting `ca` on top of the defaults when given. */
  function get(url: URL, ca?: string): Promise<unknown> {
    const options = https.globalAgent.options;
    const saved = options.ca;
    if (ca) options.ca = ca;
    return nodeTransport({ url, headers: {}, timeoutMs: 5000 }).finally(() => {
      options.ca = saved;
    });
  }

  it.each([
    [
      'an untrusted root behind an intermediate',
      (f: TlsFixtures) => ({ key: f.leafKey, cert: f.leaf + f.intermediate }),
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      /certificate authority this runner trusts/
    ],
    [
      'a missing intermediate',
      (f: TlsFixtures) => ({ key: f.leafKey, cert: f.leaf }),
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      /certificate authority this runner trusts/
    ],
    [
      'an untrusted self-signed root in the chain',
      (f: TlsFixtures) => ({ key: f.leafKey, cert: f.leaf + f.intermediate + f.ca }),
      'SELF_SIGNED_CERT_IN_CHAIN',
      /self-signed root/
    ],
    [
      'a self-signed certificate',
      (f: TlsFixtures) => ({ key: f.selfSignedKey, cert: f.selfSigned }),
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      /self-signed certificate/
    ]
  ])('a chain with %s is "not sent", and no request arrives', async (_, options, code, problem) => {
    const url = await listenTls(options(fx));
    const error = await failure(get(url));
    expect(error).toMatchObject({ sent: false, code });
    expect(error.tlsProblem).toMatch(problem);
    expect(error.tlsProblem).toContain(code);
    expect(requests).toBe(0);
  });

  it('a certificate for another host is "not sent", even with the CA trusted', async () => {
    const url = await listenTls({ key: fx.otherHostKey, cert: fx.otherHost + fx.intermediate });
    const error = await failure(get(url, fx.ca));
    expect(error).toMatchObject({ sent: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(error.tlsProblem).toMatch(/not valid for this host name/);
    expect(requests).toBe(0);
  });

  it('an https URL on a plain-HTTP server is "not sent", and says so', async () => {
    const url = await listenTls(undefined);
    const error = await failure(get(url));
    expect(error.sent).toBe(false);
    expect(error.tlsProblem).toMatch(/did not answer in TLS.*plain-HTTP/);
    expect(requests).toBe(0);
  });

  it('with the CA trusted, the request goes through; a reset after it arrived counts as sent', async () => {
    const url = await listenTls({ key: fx.leafKey, cert: fx.leaf + fx.intermediate }, (req, res) => {
      if (req.url?.includes('reset')) req.socket.destroy();
      else res.end('{"ok":true}');
    });
    expect(await get(url, fx.ca)).toMatchObject({ status: 200, body: '{"ok":true}' });
    const error = await failure(get(new URL(`${url.href}?reset=1`), fx.ca));
    expect(error.sent).toBe(true);
    expect(error.tlsProblem).toBeUndefined();
    expect(requests).toBe(2);
  });
});

describe('nodeTransport: an answer over its ceiling', () => {
  async function refused(promise: Promise<unknown>): Promise<AnswerTooLarge> {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLarge);
    return error as AnswerTooLarge;
  }

  it('refuses a declared Content-Length over 1 MiB without reading it', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': String(MAX_BODY_BYTES + 1) });
      res.write('{');
    });
    const error = await refused(nodeTransport({ url, headers: {}, timeoutMs: 5000 }));
    expect(error).toMatchObject({ limit: MAX_BODY_BYTES, seen: `Content-Length ${MAX_BODY_BYTES + 1}` });
    expect(error.message).toBe(`the answer is larger than 1 MiB (Content-Length ${MAX_BODY_BYTES + 1}); it was not read`);
  });

  it('stops reading a chunked answer once it passes 1 MiB, and ends the connection', async () => {
    const answer = endlessAnswer();
    const url = await listen(answer.handler);
    const error = await refused(nodeTransport({ url, headers: {}, timeoutMs: 10_000 }));
    expect(error.seen).toBe(`more than ${MAX_BODY_BYTES} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer.closed()).toBe(true);
    // Socket buffers hold a few MiB at most: the rest was never sent.
    expect(answer.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('reads an answer of exactly 1 MiB', async () => {
    const body = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
    const url = await listen((_req, res) => res.end(body));
    expect((await nodeTransport({ url, headers: {}, timeoutMs: 5000 })).body).toHaveLength(MAX_BODY_BYTES);
  });

  it("streams to a reader within the reader's own ceiling, far above 1 MiB", async () => {
    const answer = endlessAnswer();
    const url = await listen(answer.handler);
    let seen = 0;
    const error = await refused(
      nodeTransport({ url, headers: {}, timeoutMs: 10_000 }, async (a) => {
        for await (const chunk of withinCeiling(a.body, 64 << 20)) seen += chunk.byteLength;
      })
    );
    expect(error.limit).toBe(64 << 20);
    expect(seen).toBeGreaterThan(60 << 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer.closed()).toBe(true);
  });

  it('keeps its deadline while the reader reads', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200);
      res.write('{"slow":');
    });
    const error = await failure(
      nodeTransport({ url, headers: {}, timeoutMs: 300 }, async (a) => {
        for await (const chunk of a.body) void chunk;
      })
    );
    expect(error).toMatchObject({ sent: true, timedOut: true });
  });
});

describe('proxyInUse', () => {
  const api = new URL('https://api.multiplay.co.uk/cfp');
  it('names the proxy a request goes through and the variable it came from, credentials apart', () => {
    expect(proxyInUse(api, { HTTPS_PROXY: 'http://user:pa55@proxy.corp:3128' })).toEqual({
      uri: 'http://user:pa55@proxy.corp:3128',
      shown: 'http://proxy.corp:3128',
      variable: 'HTTPS_PROXY'
    });
    expect(proxyInUse(api, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })).toEqual({
      uri: 'http://a:1',
      shown: 'http://a:1',
      variable: 'https_proxy'
    });
    expect(proxyInUse(api, { HTTP_PROXY: 'http://c:3' })).toEqual({ uri: 'http://c:3', shown: 'http://c:3', variable: 'HTTP_PROXY' });
    expect(proxyInUse(new URL('http://127.0.0.1:8080'), { HTTPS_PROXY: 'http://b:2', http_proxy: 'http://d:4' })).toEqual({
      uri: 'http://d:4',
      shown: 'http://d:4',
      variable: 'http_proxy'
    });
    expect(proxyInUse(api, {})).toBeUndefined();
  });

  it('follows NO_PROXY as curl and undici read it', () => {
    const env = { HTTPS_PROXY: 'http://p:1' };
    expect(proxyInUse(api, { ...env, NO_PROXY: 'multiplay.co.uk' })).toBeUndefined();
    expect(proxyInUse(api, { ...env, NO_PROXY: '.co.uk' })).toBeUndefined();
    expect(proxyInUse(api, { ...env, no_proxy: '*' })).toBeUndefined();
    expect(proxyInUse(api, { ...env, NO_PROXY: 'api.multiplay.co.uk:8443' })).toEqual({
      uri: 'http://p:1',
      shown: 'http://p:1',
      variable: 'HTTPS_PROXY'
    });
    expect(proxyInUse(api, { ...env, NO_PROXY: 'example.com, other.test' })).toEqual({
      uri: 'http://p:1',
      shown: 'http://p:1',
      variable: 'HTTPS_PROXY'
    });
  });

  it('never shows a password, even in an unreadable proxy URL', () => {
    expect(withoutCredentials('http://u:secret@proxy:3128/')).toBe('http://proxy:3128');
    expect(withoutCredentials('u:secret@proxy:3128 oops')).not.toContain('secret');
  });
});

describe('tlsProblemOf', () => {
  it.each([
    ['CERT_HAS_EXPIRED', /expired/],
    ['CERT_NOT_YET_VALID', /not valid yet/],
    ['CERT_REVOKED', /revoked/],
    ['UNABLE_TO_GET_ISSUER_CERT', /certificate authority/],
    ['CERT_SIGNATURE_FAILURE', /could not be verified/],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', /handshake failed/]
  ])('describes %s', (code, text) => expect(tlsProblemOf(code, '')).toMatch(text));

  it('recognises a plain-HTTP answer by its OpenSSL message', () => {
    expect(tlsProblemOf('EPROTO', 'write EPROTO ...:wrong version number:...')).toMatch(/plain-HTTP/);
  });

  it('is silent on errors that are not about TLS', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', undefined]) expect(tlsProblemOf(code, 'socket hang up')).toBeUndefined();
  });
});
