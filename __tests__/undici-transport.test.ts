import { afterEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyAgent } from 'undici';
import { TransportError } from '../src/http.ts';
import { recovering, undiciTransport } from '../src/undici-transport.ts';

let proxy: http.Server | undefined;
let agent: ProxyAgent | undefined;

/** A loopback proxy whose CONNECT handling the test decides. */
async function startProxy(onConnect: (req: http.IncomingMessage, socket: import('node:stream').Duplex) => void): Promise<{ url: string; connects: () => number }> {
  let connects = 0;
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    connects++;
    onConnect(req, socket);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, connects: () => connects };
}

afterEach(async () => {
  await agent?.close().catch(() => undefined);
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  proxy = agent = undefined;
});

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('undiciTransport behind a proxy', () => {
  it('says nothing was sent when the proxy refuses the tunnel', async () => {
    const p = await startProxy((_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'));
    agent = new ProxyAgent(p.url);
    const error = await failure(undiciTransport(agent)({ url: new URL('https://api.multiplay.invalid/cfp/v1/imageversion/create'), headers: {}, timeoutMs: 5000 }));
    expect(error.sent).toBe(false);
    expect(error.message).toMatch(/Proxy response \(403\)/);
    expect(p.connects()).toBe(1);
  });

  it('ends at the deadline when the proxy keeps dropping the tunnel, and stops the stuck agent', async () => {
    const p = await startProxy((_req, socket) => socket.destroy());
    const agents: ProxyAgent[] = [];
    const transport = recovering(() => {
      const a = new ProxyAgent(p.url);
      agents.push(a);
      return a;
    });
    const error = await failure(transport({ url: new URL('https://api.multiplay.invalid/x'), headers: {}, timeoutMs: 300 }));
    expect(error.timedOut).toBe(true);
    expect(error.sent).toBe(true);
    // The stuck agent was destroyed and replaced: no more tunnel attempts after a moment.
    expect(agents).toHaveLength(2);
    agent = agents[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settled = p.connects();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(p.connects()).toBe(settled);
  });
});
