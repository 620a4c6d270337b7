/**
 * The default transport: node:http/node:https, taken with process.getBuiltinModule when
 * the first request is made (an ESM import of those built-ins costs start-up time; see
 * transport.ts).
 */
import type * as Http from 'node:http';
import { bufferedText } from './read-answer.ts';
import {
  NOT_SENT_CODES,
  TransportError,
  describeNetworkError,
  tlsProblemOf,
  type AnswerReader,
  type HttpRequest,
  type HttpResponse
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

/** The body's chunks; a connection that breaks while they arrive is a TransportError (the request was sent). */
async function* chunksOf(res: Http.IncomingMessage): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of res) if (chunk instanceof Uint8Array) yield chunk;
  } catch (error) {
    if (error instanceof TransportError) throw error;
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'ECONNRESET';
    throw new TransportError(describeNetworkError(error), { sent: true, code, cause: error });
  }
  // An answer cut short without an error event: the connection closed before its end.
  if (!res.complete) throw new TransportError('connection closed while reading the answer', { sent: true, code: 'ECONNRESET' });
}

/**
 * GET over node:http/node:https with an overall deadline per request, covering the
 * reading of the answer. The request counts as sent once the connection is up (TLS
 * handshake done, for https) and the request has been handed to the socket: every
 * failure before that is "not sent".
 */
function nodeTransport(request: HttpRequest): Promise<HttpResponse>;
function nodeTransport<T>(request: HttpRequest, read: AnswerReader<T>): Promise<T>;
function nodeTransport(request: HttpRequest, read: AnswerReader<unknown> = bufferedText()): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const mod: Pick<typeof Http, 'request'> = process.getBuiltinModule(request.url.protocol === 'https:' ? 'node:https' : 'node:http');
    const progress: Progress = { ready: false, written: false };
    const sent = (): boolean => progress.ready && progress.written;
    let settled = false;
    let answered: Http.IncomingMessage | undefined;
    // The first outcome wins; a failure, or a reader done before the body's end, ends the request.
    const settle = (outcome: { value: unknown } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if ('value' in outcome) {
        if (answered !== undefined && !answered.complete) req.destroy();
        resolve(outcome.value);
      } else {
        req.destroy();
        reject(outcome.error);
      }
    };
    const fail = (error: unknown): void => settle({ error });
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
      answered = res;
      const answer = {
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: flatHeaders(res.headers),
        body: chunksOf(res)
      };
      read(answer).then(
        (value) => settle({ value }),
        (error: unknown) => fail(error)
      );
    });
    if (request.signal?.aborted) {
      onAbort();
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

export { nodeTransport };
