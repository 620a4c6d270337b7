import { afterEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransportError, nodeTransport, proxyConfigured } from '../src/http.ts';

let server: http.Server | undefined;

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
    expect(response).toEqual({ status: 201, statusText: 'Made', headers: expect.objectContaining({ 'content-type': 'application/json', 'retry-after': '3' }), body: '{"ok":true}' });
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
