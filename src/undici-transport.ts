/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy
 * (EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY); unit tests use
 * it with a MockAgent. Loaded on demand: undici costs ~120 ms at start.
 */
import { EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import { NOT_SENT_CODES, TransportError, describeNetworkError, type HttpResponse, type Transport } from './http.ts';

const MAX_BODY_BYTES = 1 << 20;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function undiciTransport(dispatcher: Dispatcher): Transport {
  return async (request): Promise<HttpResponse> => {
    const deadline = AbortSignal.timeout(request.timeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await Promise.race([undiciRequest(request.url, {
        method: 'GET',
        headers: request.headers,
        dispatcher,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        // An overall deadline: a proxy that keeps dropping the tunnel makes the agent
        // reconnect forever, and no per-phase timeout ends that.
        signal: signal(request.signal, deadline)
      }), expired(deadline)]);
    } catch (error) {
      throw toTransportError(error, request.signal, deadline);
    }
    try {
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return {
        status: response.statusCode,
        statusText: '',
        headers,
        body: bytes.subarray(0, MAX_BODY_BYTES).toString('utf8')
      };
    } catch (error) {
      // The answer had started: the request was certainly received.
      throw new TransportError(describeNetworkError(error), { sent: true, code: codeOf(error), cause: error });
    }
  };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Rejects at the deadline even when the dispatcher ignores the abort (a reconnect loop). */
function expired(deadline: AbortSignal): Promise<never> {
  return new Promise((_, reject) => deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }));
}

function signal(cancel: AbortSignal | undefined, deadline: AbortSignal): AbortSignal {
  return cancel ? AbortSignal.any([cancel, deadline]) : deadline;
}

function toTransportError(error: unknown, cancel: AbortSignal | undefined, deadline: AbortSignal): TransportError {
  const code = codeOf(error);
  if (cancel?.aborted) return new TransportError('request aborted', { sent: true, aborted: true, cause: error });
  if (deadline.aborted) return new TransportError('no answer in time', { sent: true, timedOut: true, code: 'ETIMEDOUT', cause: error });
  // The proxy refused the tunnel: nothing reached Clanforge.
  if (code === 'UND_ERR_ABORTED' && /proxy response/i.test(describeNetworkError(error))) {
    return new TransportError(describeNetworkError(error), { sent: false, code, cause: error });
  }
  // undici does not say whether bytes left; only a failed connection proves they did not.
  return new TransportError(describeNetworkError(error), {
    sent: !NOT_SENT_CODES.has(code ?? ''),
    code,
    timedOut: TIMEOUT_CODES.has(code ?? ''),
    cause: error
  });
}

/** The transport for runners behind a proxy. */
export function proxyTransport(): Transport {
  return recovering(() => new EnvHttpProxyAgent());
}

/**
 * A transport that replaces its dispatcher after a timed-out request: a dispatcher
 * stuck reconnecting to a proxy that drops every tunnel would otherwise keep
 * spinning, and keep the process alive, after the step has given up on it.
 */
export function recovering(create: () => Dispatcher): Transport {
  let dispatcher = create();
  return async (request) => {
    try {
      return await undiciTransport(dispatcher)(request);
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
