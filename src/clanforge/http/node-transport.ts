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

/**
 * GET over node:http/node:https with an overall deadline per request. The request
 * counts as sent once the connection is up (TLS handshake done, for https) and the
 * request has been handed to the socket: every failure before that is "not sent".
 */
export const nodeTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const mod: Pick<typeof Http, 'request'> = process.getBuiltinModule(request.url.protocol === 'https:' ? 'node:https' : 'node:http');
    let ready = false;
    let written = false;
    const sent = (): boolean => ready && written;
    let settled = false;
    const fail = (error: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(new TransportError('request aborted', { sent: sent(), aborted: true }));
    const timer = setTimeout(
      () =>
        fail(
          new TransportError(`no answer within ${Math.round(request.timeoutMs / 1000)} s`, {
            sent: sent(),
            timedOut: true,
            code: 'ETIMEDOUT'
          })
        ),
      request.timeoutMs
    );

    const req = mod.request(request.url, { method: 'GET', headers: request.headers });
    req.on('socket', (socket) => {
      // A reused keep-alive socket is already connected (and its TLS set up).
      // Only a new socket is still connecting; listening on a reused one would pile up listeners.
      if (!socket.connecting) ready = true;
      else
        socket.once(request.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          ready = true;
        });
    });
    // The request's bytes were handed to the socket.
    req.on('finish', () => {
      written = true;
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const message = describeNetworkError(error);
      const tlsProblem = tlsProblemOf(error.code, message);
      const wasSent = sent() && !NOT_SENT_CODES.has(error.code ?? '') && tlsProblem === undefined;
      fail(new TransportError(message, { sent: wasSent, code: error.code, tlsProblem, cause: error }));
    });
    req.on('response', (res) => {
      // An answer proves the request arrived, whatever the socket events said.
      ready = written = true;
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
