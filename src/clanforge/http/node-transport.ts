/**
 * The default transport: node:http/node:https, taken with process.getBuiltinModule when
 * the first request is made (an ESM import of those built-ins costs start-up time; see
 * transport.ts).
 */
import type * as Http from 'node:http';
import {
  MAX_BODY_BYTES,
  NOT_SENT_CODES,
  TransportError,
  declaredTooLarge,
  describeNetworkError,
  tlsProblemOf,
  tooLargeError,
  type HttpResponse,
  type Transport
} from './transport.ts';

/** Whether the request counts as sent: the connection is up and the bytes were handed to the socket. */
interface Progress {
  ready: boolean;
  written: boolean;
}

/** Marks the connection ready (TLS done, for https) and the request written, as the socket reports them. */
function trackProgress(req: Http.ClientRequest, protocol: string, progress: Progress): void {
  req.on('socket', (socket) => {
    // A reused keep-alive socket is already connected (and its TLS set up).
    // Only a new socket is still connecting; listening on a reused one would pile up listeners.
    if (!socket.connecting) progress.ready = true;
    else
      socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        progress.ready = true;
      });
  });
  req.on('finish', () => {
    progress.written = true;
  });
}

/** A failed request: refused connections and TLS failures are never "sent", whatever the socket said. */
function requestError(error: NodeJS.ErrnoException, sent: boolean): TransportError {
  const message = describeNetworkError(error);
  const tlsProblem = tlsProblemOf(error.code, message);
  const wasSent = sent && !NOT_SENT_CODES.has(error.code ?? '') && tlsProblem === undefined;
  return new TransportError(message, { sent: wasSent, code: error.code, tlsProblem, cause: error });
}

function flatHeaders(raw: Http.IncomingHttpHeaders): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Reads the answer up to MAX_BODY_BYTES; a larger one fails without being kept. */
function readAnswer(res: Http.IncomingMessage, fail: (error: TransportError) => void, done: (response: HttpResponse) => void): void {
  const declared = declaredTooLarge(res.headers['content-length']);
  if (declared) {
    fail(tooLargeError(declared));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) fail(tooLargeError(`more than ${MAX_BODY_BYTES} bytes`));
    else chunks.push(chunk);
  });
  res.on('aborted', () => fail(new TransportError('connection closed while reading the answer', { sent: true, code: 'ECONNRESET' })));
  res.on('error', (error: NodeJS.ErrnoException) =>
    fail(new TransportError(describeNetworkError(error), { sent: true, code: error.code, cause: error }))
  );
  res.on('end', () =>
    done({
      status: res.statusCode ?? 0,
      statusText: res.statusMessage ?? '',
      headers: flatHeaders(res.headers),
      body: Buffer.concat(chunks).toString('utf8')
    })
  );
}

/**
 * GET over node:http/node:https with an overall deadline per request. The request
 * counts as sent once the connection is up (TLS handshake done, for https) and the
 * request has been handed to the socket: every failure before that is "not sent".
 */
export const nodeTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const mod: Pick<typeof Http, 'request'> = process.getBuiltinModule(request.url.protocol === 'https:' ? 'node:https' : 'node:http');
    const progress: Progress = { ready: false, written: false };
    const sent = (): boolean => progress.ready && progress.written;
    let settled = false;
    // The first outcome wins; a failure also ends the request.
    const settle = (outcome: { response: HttpResponse } | { error: TransportError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if ('response' in outcome) {
        resolve(outcome.response);
      } else {
        req.destroy();
        reject(outcome.error);
      }
    };
    const fail = (error: TransportError): void => settle({ error });
    const onAbort = (): void => fail(new TransportError('request aborted', { sent: sent(), aborted: true }));
    const timeout = `no answer within ${Math.round(request.timeoutMs / 1000)} s`;
    const timer = setTimeout(
      () => fail(new TransportError(timeout, { sent: sent(), timedOut: true, code: 'ETIMEDOUT' })),
      request.timeoutMs
    );

    const req = mod.request(request.url, { method: 'GET', headers: request.headers });
    trackProgress(req, request.url.protocol, progress);
    req.on('error', (error: NodeJS.ErrnoException) => fail(requestError(error, sent())));
    req.on('response', (res) => {
      // An answer proves the request arrived, whatever the socket events said.
      progress.ready = progress.written = true;
      readAnswer(res, fail, (response) => settle({ response }));
    });
    if (request.signal?.aborted) {
      onAbort();
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
