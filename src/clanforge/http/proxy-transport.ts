/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy
 * (EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY); unit tests use
 * it with a MockAgent. Loaded on demand: undici costs ~120 ms at start.
 */
import { subscribe } from 'node:diagnostics_channel';
import { EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import {
  CONNECT_FAILURE_CODES,
  MAX_BODY_BYTES,
  NOT_SENT_CODES,
  TransportError,
  declaredTooLarge,
  describeNetworkError,
  propertyOf,
  proxyInUse,
  tlsProblemOf,
  tooLargeError,
  type HttpResponse,
  type ProxyInUse,
  type Transport
} from './transport.ts';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Connection-level failures that, behind a proxy, can only be about reaching the proxy. */
const PROXY_CONNECT_CODES = CONNECT_FAILURE_CODES;

/**
 * Errors undici raised while connecting (TCP, proxy tunnel, TLS handshake), before any
 * request was written: undici publishes each on this channel, and rejects the waiting
 * requests with the same object.
 */
const connectErrors = new WeakSet<object>();
subscribe('undici:client:connectError', (message) => {
  const error = propertyOf(message, 'error');
  if (error !== null && typeof error === 'object') connectErrors.add(error);
});

export function undiciTransport(dispatcher: Dispatcher, proxy?: (url: URL) => ProxyInUse | undefined): Transport {
  return async (request): Promise<HttpResponse> => {
    const deadline = AbortSignal.timeout(request.timeoutMs);
    const via = proxy?.(request.url);
    let response: Dispatcher.ResponseData;
    try {
      response = await Promise.race([
        undiciRequest(request.url, {
          method: 'GET',
          headers: request.headers,
          dispatcher,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
          // An overall deadline: a proxy that keeps dropping the tunnel makes the agent
          // reconnect forever, and no per-phase timeout ends that.
          signal: signal(request.signal, deadline)
        }),
        expired(deadline)
      ]);
    } catch (error) {
      throw toTransportError(error, request.signal, deadline, via);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const declared = declaredTooLarge(headers['content-length']);
    if (declared) {
      response.body.destroy();
      throw tooLargeError(declared);
    }
    let body: Buffer;
    try {
      body = await readCapped(response.body);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      // The answer had started: the request was certainly received.
      throw new TransportError(describeNetworkError(error), { sent: true, code: codeOf(error), cause: error });
    }
    return { status: response.statusCode, statusText: '', headers, body: body.toString('utf8') };
  };
}

/** The body, read while it stays within MAX_BODY_BYTES; a larger one is dropped unread. */
async function readCapped(body: Dispatcher.ResponseData['body']): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw tooLargeError(`more than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function codeOf(error: unknown): string | undefined {
  const code = propertyOf(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Rejects at the deadline even when the dispatcher ignores the abort (a reconnect loop). */
function expired(deadline: AbortSignal): Promise<never> {
  return new Promise((_, reject) => deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }));
}

function signal(cancel: AbortSignal | undefined, deadline: AbortSignal): AbortSignal {
  return cancel ? AbortSignal.any([cancel, deadline]) : deadline;
}

function toTransportError(
  error: unknown,
  cancel: AbortSignal | undefined,
  deadline: AbortSignal,
  via: ProxyInUse | undefined
): TransportError {
  const code = codeOf(error);
  const through = via ? ` (through the proxy ${via.shown}, from ${via.variable})` : '';
  if (cancel?.aborted) return new TransportError('request aborted', { sent: true, aborted: true, cause: error });
  if (deadline.aborted)
    return new TransportError(`no answer in time${through}`, { sent: true, timedOut: true, code: 'ETIMEDOUT', cause: error });
  const message = describeNetworkError(error);
  // The proxy refused the tunnel: nothing reached Clanforge.
  if (code === 'UND_ERR_ABORTED' && /proxy response/i.test(message)) {
    return new TransportError(`${message}${through}`, { sent: false, code, cause: error });
  }
  // A TLS failure with the proxy wraps the original error.
  const inner = code === 'UND_ERR_PRX_TLS' ? propertyOf(error, 'cause') : undefined;
  const tlsCode = codeOf(inner) ?? code;
  const tlsProblem = tlsProblemOf(tlsCode, inner !== undefined ? describeNetworkError(inner) : message);
  if (via && PROXY_CONNECT_CODES.has(code ?? '')) {
    return new TransportError(`could not connect to the proxy ${via.shown} (from ${via.variable}): ${message}`, {
      sent: false,
      code,
      cause: error
    });
  }
  // undici does not say whether bytes left; a failure while connecting proves they did not.
  const beforeSending =
    (error !== null && typeof error === 'object' && connectErrors.has(error)) ||
    NOT_SENT_CODES.has(tlsCode ?? '') ||
    tlsProblem !== undefined;
  return new TransportError(`${message}${through}`, {
    sent: !beforeSending,
    code: tlsCode,
    timedOut: TIMEOUT_CODES.has(code ?? ''),
    tlsProblem,
    cause: error
  });
}

/** The transport for runners behind a proxy; errors name the proxy and the variable it came from. */
export function proxyTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  return recovering(
    () => new EnvHttpProxyAgent(),
    (url) => proxyInUse(url, env)
  );
}

/**
 * A transport that replaces its dispatcher after a timed-out request: a dispatcher
 * stuck reconnecting to a proxy that drops every tunnel would otherwise keep
 * spinning, and keep the process alive, after the step has given up on it.
 */
export function recovering(create: () => Dispatcher, proxy?: (url: URL) => ProxyInUse | undefined): Transport {
  let dispatcher = create();
  return async (request) => {
    try {
      return await undiciTransport(dispatcher, proxy)(request);
    } catch (error) {
      if (error instanceof TransportError && error.timedOut) {
        const stuck = dispatcher;
        dispatcher = create();
        await stuck.destroy().catch(() => undefined);
      }
      throw error;
    }
  };
}
