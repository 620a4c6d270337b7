import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import * as https from 'node:https';
import { connect, createServer, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Agent, MockAgent, ProxyAgent } from 'undici';
import { proxyTransport, recovering, undiciTransport, unusableProxy } from '../../../src/clanforge/http/proxy-transport.ts';
import { AnswerTooLarge, MAX_BODY_BYTES } from '../../../src/clanforge/http/read-answer.ts';
import { TransportError } from '../../../src/clanforge/http/transport.ts';
import { makeTlsFixtures, type TlsFixtures } from '../../e2e/helpers/tls-fixtures.ts';
import { endlessAnswer } from '../../helpers/endless-answer.ts';

let proxy: http.Server | undefined;
let agent: ProxyAgent | undefined;
/** Tunnel sockets: a server's closeAllConnections() no longer sees them once CONNECT took them. */
const tunnels = new Set<Duplex>();

/** A loopback proxy whose CONNECT handling the test decides. */
async function startProxy(
  onConnect: (req: http.IncomingMessage, socket: Duplex) => void
): Promise<{ url: string; connects: () => number }> {
  let connects = 0;
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    connects++;
    tunnels.add(socket);
    onConnect(req, socket);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, connects: () => connects };
}

/** A recovering transport through the proxy at `url`, keeping every agent it makes. */
function recordedRecovering(url: string, variable: string): { transport: ReturnType<typeof recovering>; agents: ProxyAgent[] } {
  const agents: ProxyAgent[] = [];
  const transport = recovering(
    () => {
      const a = new ProxyAgent(url);
      agents.push(a);
      return a;
    },
    () => ({ uri: url, shown: url, variable })
  );
  return { transport, agents };
}

afterEach(async () => {
  await agent?.close().catch(() => undefined);
  for (const socket of tunnels) socket.destroy();
  tunnels.clear();
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
    const error = await failure(
      undiciTransport(agent)({ url: new URL('https://api.multiplay.invalid/cfp/v1/imageversion/create'), headers: {}, timeoutMs: 5000 })
    );
    expect(error.sent).toBe(false);
    expect(error.message).toMatch(/Proxy response \(403\)/);
    expect(p.connects()).toBe(1);
  });

  it('a proxy that closes every CONNECT fails the request at once, "not sent", after a bounded number of tries', async () => {
    const p = await startProxy((_req, socket) => socket.destroy());
    const { transport, agents } = recordedRecovering(p.url, 'HTTPS_PROXY');
    const started = Date.now();
    const error = await failure(
      transport({
        url: new URL('https://127.0.0.1:9/cfp/v1/imageversion/create'),
        headers: {},
        timeoutMs: 5000
      })
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.sent).toBe(false);
    expect(error.timedOut).toBe(false);
    expect(error.message).toMatch(
      new RegExp(
        `^the connection to 127\\.0\\.0\\.1:9 through the proxy ${p.url.replace(/\./g, '\\.')} \\(from HTTPS_PROXY\\) broke before the request was sent: `
      )
    );
    // No reconnect loop: the agent was stopped after the first failed tunnel.
    expect(agents).toHaveLength(2);
    agent = agents[1];
    const tried = p.connects();
    expect(tried).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(p.connects()).toBe(tried);
  });

  it('a proxy that never answers the CONNECT is "not sent" at the deadline, naming the proxy, and the stuck agent is stopped', async () => {
    const p = await startProxy(() => undefined);
    const { transport, agents } = recordedRecovering(p.url, 'HTTP_PROXY');
    const error = await failure(transport({ url: new URL('https://api.multiplay.invalid/x'), headers: {}, timeoutMs: 300 }));
    expect(error).toMatchObject({ sent: false, timedOut: true, code: 'ETIMEDOUT' });
    expect(error.message).toBe(
      `no tunnel to api.multiplay.invalid opened through the proxy ${p.url} (from HTTP_PROXY) in time: the proxy never answered the CONNECT (or the TLS handshake through it never finished); nothing was sent`
    );
    expect(p.connects()).toBe(1);
    // The stuck agent was destroyed and replaced.
    expect(agents).toHaveLength(2);
    agent = agents[1];
  });
});

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('undiciTransport: a dead proxy', () => {
  it('names the proxy (without credentials) and the variable it came from, and sent nothing', async () => {
    const port = await deadPort();
    const names = ['http_proxy', 'https_proxy', 'no_proxy', 'NO_PROXY', 'HTTP_PROXY', 'HTTPS_PROXY'];
    const saved = names.map((name) => [name, process.env[name]] as const);
    for (const name of names) delete process.env[name];
    process.env['HTTPS_PROXY'] = `http://build:hunter2@127.0.0.1:${port}`;
    try {
      const transport = proxyTransport();
      const error = await failure(
        transport({ url: new URL('https://api.multiplay.invalid/cfp/v1/imageversion/create'), headers: {}, timeoutMs: 5000 })
      );
      expect(error.sent).toBe(false);
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toMatch(
        new RegExp(`^could not connect to the proxy http://127\\.0\\.0\\.1:${port} \\(from HTTPS_PROXY\\): .*ECONNREFUSED`)
      );
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('build:');
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('proxyTransport: routed by the proxy variables', () => {
  it('goes through the proxy HTTP_PROXY names, directly for a NO_PROXY host, and warns of nothing', async () => {
    const target = http.createServer((req, res) => res.end(JSON.stringify({ url: req.url })));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as AddressInfo).port;
    const tunnelled: string[] = [];
    // A tunnelling proxy: it opens the CONNECT it is asked for to the target.
    const { url: proxyUrl } = await startProxy((req, socket) => {
      tunnelled.push(req.url ?? '');
      const upstream = connect(port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const via = proxyTransport({ HTTP_PROXY: proxyUrl });
      const through = await via({ url: new URL(`http://127.0.0.1:${port}/a`), headers: {}, timeoutMs: 5000 });
      expect(JSON.parse(through.body)).toEqual({ url: '/a' });
      expect(tunnelled).toEqual([`127.0.0.1:${port}`]);
      const direct = proxyTransport({ HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' });
      const around = await direct({ url: new URL(`http://127.0.0.1:${port}/b`), headers: {}, timeoutMs: 5000 });
      expect(JSON.parse(around.body)).toEqual({ url: '/b' });
      expect(tunnelled).toHaveLength(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      target.closeAllConnections();
      await new Promise((resolve) => target.close(resolve));
    }
  });
});

describe('proxyTransport: a proxy URL without a scheme', () => {
  it('names the variable and the proxy without credentials, and sends nothing', async () => {
    const env = { HTTP_PROXY: 'build:hunter2@127.0.0.1:3128' };
    const expected =
      'the proxy 127.0.0.1:3128 (from HTTP_PROXY) is not a usable proxy URL: it must start with http:// or https:// (for example http://proxy.example:3128); nothing was sent';
    expect(unusableProxy(env)).toBe(expected);
    const error = await failure(proxyTransport(env)({ url: new URL('https://api.multiplay.invalid/x'), headers: {}, timeoutMs: 1000 }));
    expect(error).toMatchObject({ sent: false, message: expected });
    expect(error.message).not.toContain('hunter2');
    expect(unusableProxy({ https_proxy: 'socks5://127.0.0.1:1080', HTTPS_PROXY: 'http://127.0.0.1:1' })).toMatch(
      /^the proxy socks5:\/\/127\.0\.0\.1:1080 \(from https_proxy\)/
    );
    expect(unusableProxy({ HTTPS_PROXY: 'http://u:p@127.0.0.1:3128', HTTP_PROXY: '' })).toBeUndefined();
  });
});

describe('undiciTransport: TLS through a proxy tunnel', () => {
  let fx: TlsFixtures;
  let target: https.Server;
  let targetPort = 0;
  let requests = 0;
  beforeAll(async () => {
    fx = makeTlsFixtures();
    target = https.createServer({ key: fx.leafKey, cert: fx.leaf + fx.intermediate }, (_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetPort = (target.address() as AddressInfo).port;
  });
  afterAll(async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
    fx.remove();
  });

  /** A proxy that opens every tunnel to the TLS target. */
  async function tunnellingProxy(): Promise<string> {
    const p = await startProxy((_req, socket) => {
      const upstream = connect(targetPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      socket.on('close', () => upstream.destroy());
    });
    return p.url;
  }

  it('an untrusted certificate chain is "not sent", names the problem, and no request arrives', async () => {
    agent = new ProxyAgent(await tunnellingProxy());
    requests = 0;
    const error = await failure(
      undiciTransport(agent)({ url: new URL(`https://127.0.0.1:${targetPort}/cfp/v1/imageversion/create`), headers: {}, timeoutMs: 5000 })
    );
    expect(error).toMatchObject({ sent: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    expect(error.tlsProblem).toMatch(/certificate authority this runner trusts/);
    expect(requests).toBe(0);
  });

  it('with the CA trusted, the same tunnel carries the request', async () => {
    agent = new ProxyAgent({ uri: await tunnellingProxy(), requestTls: { ca: fx.ca } });
    requests = 0;
    const response = await undiciTransport(agent)({ url: new URL(`https://127.0.0.1:${targetPort}/x`), headers: {}, timeoutMs: 5000 });
    expect(response).toMatchObject({ status: 200, body: '{}' });
    expect(requests).toBe(1);
  });
});

describe('undiciTransport: body cap', () => {
  let server: http.Server | undefined;
  let direct: Agent | undefined;
  afterEach(async () => {
    await direct?.destroy().catch(() => undefined);
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = direct = undefined;
  });

  async function listen(handler: http.RequestListener): Promise<URL> {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    direct = new Agent();
    return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
  }

  async function refused(promise: Promise<unknown>): Promise<AnswerTooLarge> {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLarge);
    return error as AnswerTooLarge;
  }

  it('stops reading a 300 MB answer once it passes 1 MiB, instead of buffering it', async () => {
    const answer = endlessAnswer();
    const url = await listen(answer.handler);
    const error = await refused(undiciTransport(direct!)({ url, headers: {}, timeoutMs: 10_000 }));
    expect(error.seen).toBe(`more than ${MAX_BODY_BYTES} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer.closed()).toBe(true);
    expect(answer.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over 1 MiB at once', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': String(300 * 1024 * 1024) });
      res.write('{');
    });
    const error = await refused(undiciTransport(direct!)({ url, headers: {}, timeoutMs: 5000 }));
    expect(error.message).toBe(`the answer is larger than 1 MiB (Content-Length ${300 * 1024 * 1024}); it was not read`);
    expect(error.seen).toBe(`Content-Length ${300 * 1024 * 1024}`);
  });

  it('reads an answer of exactly 1 MiB, and a MockAgent answer over it is refused', async () => {
    const body = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
    const url = await listen((_req, res) => res.end(body));
    expect((await undiciTransport(direct!)({ url, headers: {}, timeoutMs: 5000 })).body).toHaveLength(MAX_BODY_BYTES);
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://api.test')
      .intercept({ path: '/big' })
      .reply(200, 'x'.repeat(MAX_BODY_BYTES + 1));
    await refused(undiciTransport(mock)({ url: new URL('https://api.test/big'), headers: {}, timeoutMs: 5000 }));
    await mock.close();
  });
});
