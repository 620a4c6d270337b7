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
    let response: Dispatcher.ResponseData;
    try {
      response = await undiciRequest(request.url, {
        method: 'GET',
        headers: request.headers,
        dispatcher,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        signal: request.signal
      });
    } catch (error) {
      throw toTransportError(error, request.signal);
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

function toTransportError(error: unknown, signal: AbortSignal | undefined): TransportError {
  const code = codeOf(error);
  if (signal?.aborted) return new TransportError('request aborted', { sent: true, aborted: true, cause: error });
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
  return undiciTransport(new EnvHttpProxyAgent());
}
