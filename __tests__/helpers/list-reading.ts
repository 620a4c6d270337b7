// Runs a list reading (src/clanforge/wire/list-reading.ts) over a JSON value as the client
// does: streamed through readJsonAnswer, in small chunks.
import type { ListReading } from '../../src/clanforge/wire/list-reading.ts';
import { readJsonAnswer } from '../../src/clanforge/wire/streaming-json.ts';

export async function readListing<T>(reading: ListReading<T>, value: unknown, chunkBytes = 7): Promise<T> {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) chunks.push(bytes.subarray(at, at + chunkBytes));
  const read = reading.start();
  const json = await readJsonAnswer(chunks, { maxBytes: reading.limit, members: read.members });
  if (json.body === undefined) throw new Error(`not an object: ${json.wrongShape ?? ''}`);
  return read.finish(json.body, json.streamed);
}
