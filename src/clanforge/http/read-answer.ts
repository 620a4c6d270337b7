/**
 * Reading an answer within a ceiling. An answer larger than the ceiling of its kind is
 * refused while it arrives: by its Content-Length before any of the body is read, else as
 * soon as more bytes than the ceiling came; what arrived is dropped, and the transport
 * ends the connection. A refusal is not a network fault: the same request gets the same
 * answer, so asking again does not help (AnswerTooLarge is never transient).
 */
import type { AnswerReader, HttpAnswer, HttpResponse } from './transport.ts';

/** The answers that carry no list (job fields, ids, errors) are never larger than this. */
export const MAX_BODY_BYTES = 1 << 20;

/** `1 MiB`, `256 MiB`: a ceiling as people read it. */
export function describeBytes(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;
}

/** An answer over the ceiling of its kind: refused, not read to its end. */
export class AnswerTooLarge extends Error {
  /** The ceiling, in bytes. */
  readonly limit: number;
  /** What was seen: 'Content-Length 2624174' or 'more than 1048576 bytes'. */
  readonly seen: string;
  constructor(limit: number, seen: string) {
    super(`the answer is larger than ${describeBytes(limit)} (${seen}); it was not read`);
    this.name = 'AnswerTooLarge';
    this.limit = limit;
    this.seen = seen;
  }
}

/** Throws AnswerTooLarge when the answer declares a Content-Length over the ceiling. */
export function checkDeclaredSize(answer: Pick<HttpAnswer, 'headers'>, limit: number): void {
  const declared = answer.headers['content-length'];
  if (declared === undefined || !/^\s*\d+\s*$/.test(declared)) return;
  const n = Number(declared);
  if (n > limit) throw new AnswerTooLarge(limit, `Content-Length ${n}`);
}

/** The chunks of a body, stopping with AnswerTooLarge once more than `limit` bytes arrived. */
export async function* withinCeiling(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new AnswerTooLarge(limit, `more than ${limit} bytes`);
    yield chunk;
  }
}

/** A reader that buffers the body as text (UTF-8), within the ceiling. */
export function bufferedText(limit: number = MAX_BODY_BYTES): AnswerReader<HttpResponse> {
  return async (answer) => {
    checkDeclaredSize(answer, limit);
    const chunks: Uint8Array[] = [];
    for await (const chunk of withinCeiling(answer.body, limit)) chunks.push(chunk);
    return { status: answer.status, statusText: answer.statusText, headers: answer.headers, body: Buffer.concat(chunks).toString('utf8') };
  };
}
