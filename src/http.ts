/**
 * The HTTP transport: one GET, answered by status, headers and body text, or failed
 * with a TransportError that says whether the request can have reached the server.
 * That one bit decides whether a state-changing GET may be retried.
 *
 * The default transport uses node:http/node:https, taken with process.getBuiltinModule
 * when the first request is made: an ESM `import` of those built-ins evaluates all
 * their exports, including the lazy WebSocket getters that load Node's internal
 * undici (~60 ms at start), and createRequire costs a module-path lookup. The undici
 * package (~1.3 MB bundled, ~100 ms to load) is only loaded when a proxy is
 * configured; see undici-transport.ts.
 */
import type * as Http from 'node:http';

export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export class TransportError extends Error {
  /** false: the request surely never reached the server (e.g. connection refused, DNS failure). */
  readonly sent: boolean;
  readonly code: string | undefined;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  constructor(message: string, options: { sent: boolean; code?: string | undefined; timedOut?: boolean; aborted?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'TransportError';
    this.sent = options.sent;
    this.code = options.code;
    this.timedOut = options.timedOut ?? false;
    this.aborted = options.aborted ?? false;
  }
}

/** Error codes that mean no connection was made, so nothing was sent. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH',
  'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID'
]);

/** Bodies larger than this are not API answers; stop reading rather than buffer them. */
const MAX_BODY_BYTES = 1 << 20;

export function describeNetworkError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** GET over node:http/node:https with an overall deadline per request. */
export const nodeTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const mod: Pick<typeof Http, 'request'> = process.getBuiltinModule(request.url.protocol === 'https:' ? 'node:https' : 'node:http');
    let connected = false;
    let settled = false;
    const fail = (error: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = (): void =>
      fail(new TransportError('request aborted', { sent: connected, aborted: true }));
    const timer = setTimeout(
      () => fail(new TransportError(`no answer within ${Math.round(request.timeoutMs / 1000)} s`, { sent: connected, timedOut: true, code: 'ETIMEDOUT' })),
      request.timeoutMs
    );

    const req = mod.request(request.url, { method: 'GET', headers: request.headers });
    req.on('socket', (socket) => {
      // A reused keep-alive socket is already connected: count it as sent.
      // Only a new socket is still connecting; listening on a reused one would pile up listeners.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => {
        connected = true;
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const sent = connected && !NOT_SENT_CODES.has(error.code ?? '');
      fail(new TransportError(describeNetworkError(error), { sent, code: error.code, cause: error }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('aborted', () => fail(new TransportError('connection closed while reading the answer', { sent: true, code: 'ECONNRESET' })));
      res.on('error', (error: NodeJS.ErrnoException) =>
        fail(new TransportError(describeNetworkError(error), { sent: true, code: error.code, cause: error })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers,
          body: Buffer.concat(chunks).toString('utf8')
        });
      });
    });
    if (request.signal?.aborted) {
      onAbort();
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });

/** True when the environment names a proxy for this URL's scheme. */
export function proxyConfigured(url: URL, env: NodeJS.ProcessEnv): boolean {
  // Like undici's EnvHttpProxyAgent: https falls back to the HTTP proxy when no HTTPS one is set.
  const names = url.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  return names.some((name) => (env[name] ?? '') !== '');
}
