// JSON written out in pieces: a route can put a LazyJson in a top-level field of its
// answer (a diff's file maps, the install rows) and the server writes it piece by piece
// as the socket takes it, so an answer of any size is never held whole. Bodies without
// one are written with JSON.stringify as before.

/** A JSON value made when the answer is written, as the pieces of its text. */
export class LazyJson {
  readonly #pieces: () => Iterable<string>;

  constructor(pieces: () => Iterable<string>) {
    this.#pieces = pieces;
  }

  pieces(): Iterable<string> {
    return this.#pieces();
  }
}

/** A JSON array of the items, in order (null for an item JSON cannot hold, as JSON.stringify does). */
export function lazyArray(items: () => Iterable<unknown>): LazyJson {
  return new LazyJson(function* () {
    let first = true;
    yield '[';
    for (const item of items()) {
      yield `${first ? '' : ','}${JSON.stringify(item) ?? 'null'}`;
      first = false;
    }
    yield ']';
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof LazyJson);

/** Whether writing the body takes more than JSON.stringify: a top-level field is a LazyJson. */
export function isLazy(body: unknown): boolean {
  return body instanceof LazyJson || (isPlainObject(body) && Object.values(body).some((value) => value instanceof LazyJson));
}

/** The JSON text of the body, in pieces; LazyJson fields (top level only) are made as they are written. */
export function* jsonPieces(body: unknown): Generator<string> {
  if (body instanceof LazyJson) {
    yield* body.pieces();
    return;
  }
  if (!isLazy(body) || !isPlainObject(body)) {
    yield JSON.stringify(body) ?? 'null';
    return;
  }
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(body)) {
    const head = `${first ? '' : ','}${JSON.stringify(key)}:`;
    if (value instanceof LazyJson) {
      yield head;
      yield* value.pieces();
    } else {
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      yield head + text;
    }
    first = false;
  }
  yield '}';
}
