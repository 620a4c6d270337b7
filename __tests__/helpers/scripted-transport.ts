// A transport for unit tests that answers from a function instead of the network: the
// answer goes through the caller's reader as a real one would (the body in chunks), so
// buffered and streamed reads both see it.
import { bufferedText } from '../../src/clanforge/http/read-answer.ts';
import type { AnswerReader, HttpRequest, HttpResponse, Transport } from '../../src/clanforge/http/transport.ts';

/** The body in chunks of this size, so a streamed read meets chunk boundaries. */
const CHUNK = 16 * 1024;

async function* chunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

/** answer: the response to each request (or throws, as a transport failure would). */
export function scriptedTransport(answer: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>): Transport {
  function send(request: HttpRequest): Promise<HttpResponse>;
  function send<T>(request: HttpRequest, read: AnswerReader<T>): Promise<T>;
  async function send(request: HttpRequest, read: AnswerReader<unknown> = bufferedText()): Promise<unknown> {
    const response = await answer(request);
    return read({ status: response.status, statusText: response.statusText, headers: response.headers, body: chunks(response.body) });
  }
  return send;
}
