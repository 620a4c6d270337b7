import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_MAX_STRING_CHARS,
  HEAD_BYTES,
  JsonAnswerError,
  MAX_DEPTH,
  readJsonAnswer,
  type JsonAnswer,
  type JsonAnswerSpec,
  type MemberSink
} from '../../../src/clanforge/wire/streaming-json.ts';

const MB = 1 << 20;
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A seeded generator (mulberry32), so a failing document can be made again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** Random JSON text: nesting, whitespace, escapes of every kind, multi-byte and astral characters, numbers of every form. */
class DocumentGenerator {
  private readonly r: Random;
  /** Keys may be random strings of any length; false: short ones from a fixed set. */
  private readonly anyKeys: boolean;
  constructor(seed: number, anyKeys = true) {
    this.r = new Random(seed);
    this.anyKeys = anyKeys;
  }

  space(): string {
    return this.r.pick(['', '', '', ' ', '\n', '\t', '\r\n  ']);
  }

  number(): string {
    const r = this.r;
    let text = r.int(3) === 0 ? '-' : '';
    if (r.int(4) === 0) text += '0';
    else for (let k = 0, n = r.pick([1, 2, 5, 15, 16, 17, 25]); k < n; k++) text += String(k === 0 ? 1 + r.int(9) : r.int(10));
    if (r.int(3) === 0) {
      text += '.';
      for (let k = 0, n = 1 + r.int(20); k < n; k++) text += String(r.int(10));
    }
    if (r.int(4) === 0) {
      text += r.pick(['e', 'E']) + r.pick(['', '+', '-']);
      for (let k = 0, n = 1 + r.int(3); k < n; k++) text += String(r.int(10));
    }
    return text;
  }

  stringContent(maxPieces: number): string {
    const r = this.r;
    let text = '';
    for (let k = 0, n = r.int(maxPieces + 1); k < n; k++) {
      text += r.pick([
        'abc',
        'Server/Content/Paks/a.pak',
        ' ',
        'é',
        '€',
        '中文',
        '😀',
        '𝄞',
        '\\"',
        '\\\\',
        '\\/',
        '\\b',
        '\\f',
        '\\n',
        '\\r',
        '\\t',
        '\\u00e9',
        '\\u00E9',
        '\\u20aC',
        '\\u0000',
        '\\u001f',
        '\\ud83d\\ude00',
        '\\uD834\\uDD1E',
        '\\ud800',
        '\\uDFFF',
        "'",
        '\u007f'
      ]);
    }
    return text;
  }

  string(maxPieces = 6): string {
    return `"${this.stringContent(maxPieces)}"`;
  }

  key(): string {
    const keys = ['"a"', '"b"', '"md5"', '"x y"', '"é"', '"😀"', '"__proto__"', '"1"', '"10"', '""'];
    return this.anyKeys && this.r.int(10) === 0 ? this.string(2) : this.r.pick(keys);
  }

  value(depth: number): string {
    const r = this.r;
    const kind = depth >= 6 ? r.int(4) : r.int(7);
    switch (kind) {
      case 0:
        return this.string();
      case 1:
        return this.number();
      case 2:
        return r.pick(['true', 'false', 'null']);
      case 3:
        return r.int(2) === 0 ? this.number() : this.string(20);
      case 4:
      case 5:
        return this.object(depth + 1);
      default:
        return this.array(depth + 1);
    }
  }

  object(depth: number, keys: () => string = () => this.key()): string {
    const members: string[] = [];
    for (let k = 0, n = this.r.int(6); k < n; k++) {
      members.push(`${this.space()}${keys()}${this.space()}:${this.space()}${this.value(depth)}${this.space()}`);
    }
    return `{${members.join(',') || this.space()}}`;
  }

  array(depth: number): string {
    const items: string[] = [];
    for (let k = 0, n = this.r.int(6); k < n; k++) items.push(`${this.space()}${this.value(depth)}${this.space()}`);
    return `[${items.join(',') || this.space()}]`;
  }

  /** A top-level object whose keys may include the given member fields, each at most once. */
  answer(fields: readonly string[] = []): string {
    const unused = [...fields];
    return `${this.space()}${this.object(1, () => {
      if (unused.length > 0 && this.r.int(2) === 0) return JSON.stringify(unused.splice(this.r.int(unused.length), 1)[0]);
      return this.key();
    })}${this.space()}`;
  }
}

/** Splits bytes into chunks of random sizes (mostly small, sometimes large). */
function randomChunks(bytes: Uint8Array, r: Random): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = r.int(4) === 0 ? 1 + r.int(4096) : 1 + r.int(12);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** The same bytes in fresh chunks, as a stream would hand them over. */
async function* stream(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield Uint8Array.from(chunk);
}

function read(chunks: readonly Uint8Array[], spec: Partial<JsonAnswerSpec> = {}): Promise<JsonAnswer> {
  return readJsonAnswer(stream(chunks), { maxBytes: 64 * MB, ...spec });
}

async function failure(chunks: readonly Uint8Array[], spec: Partial<JsonAnswerSpec> = {}): Promise<JsonAnswerError> {
  try {
    await read(chunks, spec);
  } catch (error) {
    if (error instanceof JsonAnswerError) return error;
    throw error;
  }
  throw new Error('the answer was read without an error');
}

/** The answer as the transport decodes it, through JSON.parse. */
const parsed = (bytes: Uint8Array): unknown =>
  JSON.parse(
    Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
  );

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** A sink per field that logs [key, value]. */
function recorder(fields: readonly string[]): { members: Record<string, MemberSink>; log: Record<string, [string | number, unknown][]> } {
  const members: Record<string, MemberSink> = {};
  const log: Record<string, [string | number, unknown][]> = {};
  for (const field of fields) {
    const entries: [string | number, unknown][] = [];
    log[field] = entries;
    members[field] = (key, value) => entries.push([key, value]);
  }
  return { members, log };
}

/** Object.fromEntries, with `__proto__` as an own property as JSON.parse makes it. */
function objectOf(entries: readonly [string | number, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, String(key), { value, writable: true, enumerable: true, configurable: true });
  return object;
}

describe('readJsonAnswer agrees with JSON.parse', () => {
  it('on 400 random answers fed in random chunk sizes', async () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = new DocumentGenerator(seed).answer();
      const bytes = utf8(text);
      const answer = await read(randomChunks(bytes, new Random(seed * 31)));
      expect({ seed, body: answer.body }).toStrictEqual({ seed, body: parsed(bytes) });
      expect(answer.wrongShape).toBeUndefined();
      expect(answer.bytes).toBe(bytes.length);
      expect(answer.cutStrings).toBe(0);
    }
  });

  it('on small answers split at every byte boundary, and fed one byte at a time', async () => {
    for (let seed = 1000; seed < 1030; seed++) {
      const bytes = utf8(new DocumentGenerator(seed).answer());
      if (bytes.length > 400) continue;
      const expected = parsed(bytes);
      for (let cut = 1; cut < bytes.length; cut++) {
        const answer = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect({ seed, cut, body: answer.body }).toStrictEqual({ seed, cut, body: expected });
      }
      expect((await read(chunksOf(bytes, 1))).body).toStrictEqual(expected);
    }
  });

  it('on escapes, surrogate pairs and multi-byte characters split at every byte boundary', async () => {
    const text =
      '{"s":"a\\u00e9\\uD83D\\uDE00😀中\\n\\"\\\\\\/\\b\\f\\r\\t\\ud800x\\uDC00€","😀k":[-0,0.5e-3,1E+2,-12345678901234567890,9007199254740993]}';
    const bytes = utf8(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const answer = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(answer.body).toStrictEqual(JSON.parse(text));
    }
  });

  it('from a producer that refills one buffer for every chunk', async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const bytes = utf8(new DocumentGenerator(seed).answer());
      const size = 1 + (seed % 9);
      async function* refilled(): AsyncGenerator<Uint8Array> {
        const buffer = new Uint8Array(size);
        for (let at = 0; at < bytes.length; at += size) {
          const part = bytes.subarray(at, at + size);
          buffer.set(part);
          yield buffer.subarray(0, part.length);
          buffer.fill(0x7b);
        }
      }
      const answer = await readJsonAnswer(refilled(), { maxBytes: MB });
      expect({ seed, body: answer.body }).toStrictEqual({ seed, body: parsed(bytes) });
    }
  });

  it('on random numbers: the same doubles, -0 included', async () => {
    const gen = new DocumentGenerator(7);
    const numbers = Array.from({ length: 3000 }, () => gen.number());
    const text = `{"n":[${numbers.join(',')}]}`;
    const bytes = utf8(text);
    const answer = await read(randomChunks(bytes, new Random(8)));
    const got = answer.body?.['n'];
    const want = (JSON.parse(text) as { n: number[] }).n;
    expect(Array.isArray(got)).toBe(true);
    if (!Array.isArray(got)) return;
    expect(got).toHaveLength(want.length);
    want.forEach((value, k) => {
      if (!Object.is(got[k], value)) throw new Error(`${numbers[k]}: got ${String(got[k])}, JSON.parse ${value}`);
    });
  });

  it('on numbers thousands of digits long, wherever the chunks split', async () => {
    const r = new Random(3);
    const digits = (n: number): string => Array.from({ length: n }, (_, k) => String(k === 0 ? 1 + r.int(9) : r.int(10))).join('');
    const zeros = (n: number): string => '0'.repeat(n);
    // Midpoints between two adjacent doubles, written out exactly: 1 + 2^-53 and 5 × 2^-1075 (752 significant digits).
    const nearOne = `1.${(5n ** 53n).toString().padStart(53, '0')}`;
    const subnormal = `0.${(5n ** 1076n).toString().padStart(1075, '0')}`;
    const numbers = [
      digits(5000),
      `-${digits(6000)}.${digits(3000)}`,
      `0.${zeros(5000)}${digits(20)}`,
      `0.${zeros(5000)}1e5005`,
      `1${zeros(5000)}e-5000`,
      `1${zeros(5000)}`,
      `-0.${zeros(5000)}`,
      `1e${zeros(5000)}5`,
      `1.5e-${'9'.repeat(5000)}`,
      `2.5E+${'9'.repeat(20)}`,
      `${digits(3000)}e-3300`,
      // Exactly half-way (ties to even), and a hair above it, far past the digits that decide.
      nearOne,
      `${nearOne}${zeros(5000)}`,
      `${nearOne}${zeros(5000)}1`,
      `-${nearOne}${zeros(6000)}3${zeros(100)}`,
      subnormal,
      `${subnormal}${zeros(5000)}1`,
      `-${subnormal}${zeros(3000)}1${zeros(3000)}`
    ];
    for (const number of numbers) {
      const want = (JSON.parse(`[${number}]`) as number[])[0];
      for (const size of [97, 4096, 1 << 20]) {
        const answer = await read(chunksOf(utf8(`{"n":${number}}`), size));
        const got = answer.body?.['n'];
        if (!Object.is(got, want))
          throw new Error(
            `${number.slice(0, 60)}… (${number.length} characters, chunks of ${size}): got ${String(got)}, JSON.parse ${want}`
          );
      }
    }
    // The ties are real: a hair above the midpoint rounds the other way.
    expect(JSON.parse(nearOne)).not.toBe(JSON.parse(`${nearOne}${zeros(5000)}1`));
    expect(JSON.parse(subnormal)).not.toBe(JSON.parse(`${subnormal}${zeros(5000)}1`));
  });

  it('on invalid UTF-8 inside strings: U+FFFD as the transport decodes it, wherever the chunks split', async () => {
    const r = new Random(99);
    for (let round = 0; round < 200; round++) {
      const junk = Array.from({ length: 1 + r.int(6) }, () =>
        r.pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xf0, 0x9f, 0xf8, 0xff, 0x41])
      );
      const bytes = Buffer.concat([utf8('{"s":"x'), Buffer.from(junk), utf8('é\\n"}')]);
      const answer = await read(randomChunks(bytes, r));
      expect(answer.body).toStrictEqual(parsed(bytes));
    }
  });

  it('keeps the last of duplicate keys, and a __proto__ key as an own property', async () => {
    const text = '{"a":1,"b":{"x":1,"x":[2],"__proto__":{"p":1}},"a":2,"__proto__":null}';
    const answer = await read([utf8(text)]);
    expect(answer.body).toStrictEqual(JSON.parse(text));
    expect(answer.body?.['a']).toBe(2);
    expect(Object.getPrototypeOf(answer.body)).toBe(Object.prototype);
    expect(Object.keys(answer.body ?? {})).toEqual(['a', 'b', '__proto__']);
  });
});

describe('member sinks', () => {
  const FIELDS = ['added', 'modified', 'removed', 'installs'] as const;

  it('on 400 random answers: members reach their sink, everything else is the body JSON.parse gives', async () => {
    let streamedFields = 0;
    for (let seed = 5000; seed < 5400; seed++) {
      const bytes = utf8(new DocumentGenerator(seed).answer(FIELDS));
      const { members, log } = recorder(FIELDS);
      const answer = await read(randomChunks(bytes, new Random(seed)), { members });
      const whole = parsed(bytes) as Record<string, unknown>;
      const expectedBody = { ...whole };
      for (const field of FIELDS) {
        const value = whole[field];
        const entries = log[field] ?? [];
        if (isContainer(value)) {
          streamedFields++;
          delete expectedBody[field];
          expect(answer.streamed[field]).toBe(Array.isArray(value) ? 'array' : 'object');
          if (Array.isArray(value)) expect(entries).toStrictEqual(value.map((item, k) => [k, item]));
          else expect(objectOf(entries)).toStrictEqual(value);
        } else {
          expect(answer.streamed[field]).toBeUndefined();
          expect(entries).toEqual([]);
        }
      }
      expect({ seed, body: answer.body }).toStrictEqual({ seed, body: objectOf(Object.entries(expectedBody)) });
    }
    expect(streamedFields).toBeGreaterThan(200);
  });

  it('hands on each member in document order with its key, for an object and for an array', async () => {
    const text =
      '{"jobid":7,"added":{"b/2":{"size":2,"md5":"bb"},"a/1":{"size":1,"md5":"aa"},"10":null,"2":[1]},' +
      '"installs":[{"jobid":1},"x",[2],{"jobid":3}],"after":true}';
    const { members, log } = recorder(['added', 'installs']);
    const answer = await read(chunksOf(utf8(text), 5), { members });
    expect(log['added']).toStrictEqual([
      ['b/2', { size: 2, md5: 'bb' }],
      ['a/1', { size: 1, md5: 'aa' }],
      ['10', null],
      ['2', [1]]
    ]);
    expect(log['installs']).toStrictEqual([
      [0, { jobid: 1 }],
      [1, 'x'],
      [2, [2]],
      [3, { jobid: 3 }]
    ]);
    expect(answer.body).toStrictEqual({ jobid: 7, after: true });
    expect(answer.streamed).toEqual({ added: 'object', installs: 'array' });
  });

  it('keeps a member field that holds no container as an ordinary field, and calls no sink', async () => {
    const text = '{"added":null,"modified":0,"removed":"none","installs":false,"games":{}}';
    const { members, log } = recorder(['added', 'modified', 'removed', 'installs', 'games']);
    const answer = await read([utf8(text)], { members });
    expect(answer.body).toStrictEqual({ added: null, modified: 0, removed: 'none', installs: false });
    expect(answer.streamed).toEqual({ games: 'object' });
    expect(Object.values(log).flat()).toEqual([]);
  });

  it('streams only top-level fields: a nested field of the same name is built', async () => {
    const { members, log } = recorder(['added']);
    const answer = await read([utf8('{"diff":{"added":{"a":1}},"list":[{"added":[1]}]}')], { members });
    expect(answer.body).toStrictEqual({ diff: { added: { a: 1 } }, list: [{ added: [1] }] });
    expect(log['added']).toEqual([]);
  });

  it('a repeated member field: the last one says whether it is in the body or streamed', async () => {
    const first = recorder(['added']);
    const a = await read([utf8('{"added":{"a":1},"added":null}')], { members: first.members });
    expect(a.body).toStrictEqual({ added: null });
    expect(a.streamed).toEqual({});
    expect(first.log['added']).toEqual([['a', 1]]);

    const second = recorder(['added']);
    const b = await read([utf8('{"added":0,"x":1,"added":[5]}')], { members: second.members });
    expect(b.body).toStrictEqual({ x: 1 });
    expect(b.streamed).toEqual({ added: 'array' });
    expect(second.log['added']).toEqual([[0, 5]]);
  });

  it('does not take sinks from the prototype of the members record', async () => {
    const text = '{"constructor":{"a":1},"toString":[1]}';
    const answer = await read([utf8(text)], { members: {} });
    expect(JSON.stringify(answer.body)).toBe(text);
    expect(answer.streamed).toEqual({});
  });

  it("stops on a sink's error and does not read on", async () => {
    let pulled = 0;
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield utf8('{"added":{"a":1,');
        for (;;) {
          pulled++;
          yield utf8('"b":2,');
        }
      } finally {
        closed = true;
      }
    }
    const boom = new Error('sink refused');
    const reading = readJsonAnswer(source(), {
      maxBytes: MB,
      members: {
        added: (key) => {
          if (key === 'b') throw boom;
        }
      }
    });
    await expect(reading).rejects.toBe(boom);
    expect(pulled).toBe(1);
    expect(closed).toBe(true);
  });
});

describe('cutting long strings', () => {
  /** What a string becomes: at most `max` units (never half a surrogate pair), then '…'. */
  function cut(text: string, max: number): string {
    if (text.length <= max) return text;
    let kept = text.slice(0, max);
    const last = kept.charCodeAt(kept.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
    return `${kept}…`;
  }

  function cutAll(value: unknown, max: number): unknown {
    if (typeof value === 'string') return cut(value, max);
    if (Array.isArray(value)) return value.map((item) => cutAll(item, max));
    if (isContainer(value)) return objectOf(Object.entries(value).map(([k, v]) => [cut(k, max), cutAll(v, max)]));
    return value;
  }

  function countLong(value: unknown, max: number): number {
    if (typeof value === 'string') return value.length > max ? 1 : 0;
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countLong(item, max), 0);
    if (isContainer(value)) return Object.values(value).reduce((sum: number, item) => sum + countLong(item, max), 0);
    return 0;
  }

  it('cuts strings longer than maxStringChars while they stream, in random answers and chunks', async () => {
    let cuts = 0;
    for (let seed = 9000; seed < 9300; seed++) {
      const r = new Random(seed);
      const max = 3 + r.int(20);
      const bytes = utf8(new DocumentGenerator(seed, false).answer());
      const answer = await read(randomChunks(bytes, r), { maxStringChars: max });
      const whole = parsed(bytes);
      expect({ seed, max, body: answer.body }).toStrictEqual({ seed, max, body: cutAll(whole, max) });
      // Strings the last of duplicate keys replaced were cut too, and count.
      expect(answer.cutStrings).toBeGreaterThanOrEqual(countLong(whole, max));
      cuts += answer.cutStrings;
    }
    expect(cuts).toBeGreaterThan(100);
  });

  it('keeps a string of exactly the limit, cuts one unit more, and never keeps half a surrogate pair', async () => {
    const answer = await read([utf8('{"exact":"abcde","over":"abcdef","pair":"abcd😀x","esc":"abcd\\ud83d\\ude00"}')], {
      maxStringChars: 5
    });
    expect(answer.body).toStrictEqual({ exact: 'abcde', over: 'abcde…', pair: 'abcd…', esc: 'abcd…' });
    expect(answer.cutStrings).toBe(3);
  });

  it('cuts keys and the members handed to a sink too', async () => {
    const { members, log } = recorder(['added']);
    const answer = await read([utf8('{"abcdefgh":1,"added":{"path/to/file":"0123456789"}}')], { members, maxStringChars: 6 });
    expect(answer.body).toStrictEqual({ 'abcdef…': 1 });
    expect(log['added']).toEqual([['path/t…', '012345…']]);
  });

  it('cuts at 64 Ki units by default: a 5 MB string comes back short', async () => {
    const long = 'x'.repeat(5 * MB);
    const answer = await read(chunksOf(utf8(`{"error_message":"${long}","ok":1}`), 64 * 1024));
    const kept = answer.body?.['error_message'];
    expect(kept).toBe(`${long.slice(0, DEFAULT_MAX_STRING_CHARS)}…`);
    expect(answer.body?.['ok']).toBe(1);
  });
});

describe('answers that are not an object', () => {
  it.each([
    ['[1,{"a":[2]},"x"]', 'an array'],
    [' []', 'an array'],
    ['"text"', 'a string'],
    ['-12.5e3', 'a number'],
    ['0', 'a number'],
    ['true', 'a boolean'],
    ['false ', 'a boolean'],
    ['null', 'null']
  ] as const)('%s is described as %s, not built', async (text, shape) => {
    const { members, log } = recorder(['added']);
    const answer = await read(chunksOf(utf8(text), 1), { members });
    expect(answer.wrongShape).toBe(shape);
    expect(answer.body).toBeUndefined();
    expect(answer.streamed).toEqual({});
    expect(log['added']).toEqual([]);
  });

  it('still validates them', async () => {
    for (const text of ['[1,]', '[1 2]', '"a\\x"', '01', '1.', 'nul', 'true false', '[{"a":}]', '[]]']) {
      expect((await failure([utf8(text)])).reason).toBe('invalid');
    }
  });

  it('reads a 10 MB top-level array without keeping it', async () => {
    const item = '{"path":"Server/Content/a.pak","size":123456,"md5":"0123456789abcdef0123456789abcdef"},';
    const text = `[${item.repeat(Math.ceil((10 * MB) / item.length))}null]`;
    const answer = await read(chunksOf(utf8(text), 64 * 1024));
    expect(answer.wrongShape).toBe('an array');
    expect(answer.bytes).toBe(text.length);
  });
});

describe('errors', () => {
  it.each([
    ['{"a":1,}', 7, 'expected a key'],
    ['{"a" 1}', 5, "expected ':'"],
    ['{"a":1 "b":2}', 7, "expected ',' or '}'"],
    ['{"a":[1}', 7, "expected ',' or ']'"],
    ['{} x', 3, 'after the end of the JSON value'],
    ['{}{}', 2, 'after the end of the JSON value'],
    ['{"a":01}', 6, 'leading zero'],
    ['{"a":-}', 6, 'in a number'],
    ['{"a":1.}', 7, 'in a number'],
    ['{"a":1e}', 7, 'in a number'],
    ['{"a":.5}', 5, 'expected a value'],
    ['{"a":+1}', 5, 'expected a value'],
    ['{"a":1.2.3}', 8, "misplaced '.'"],
    ['{"a":tru}', 8, "in 'true'"],
    ['{"a":nul1}', 8, "in 'null'"],
    ['{"a":"\\x"}', 7, 'invalid escape'],
    ['{"a":"\\u12G4"}', 10, '\\u escape'],
    ['{"a":"x\ty"}', 7, 'control character'],
    ['{a:1}', 1, 'expected a key'],
    ["{'a':1}", 1, 'expected a key'],
    ['{"a":1', 6, 'ends before its JSON value does'],
    ['{"a":"x', 7, 'ends before its JSON value does'],
    ['{"a":12', 7, 'ends before its JSON value does'],
    ['', 0, 'the answer is empty'],
    ['   ', 3, 'ends before its JSON value does'],
    ['<html>', 0, "expected a value, found '<'"]
  ])('%j is invalid at byte %d (%s)', async (text, offset, words) => {
    for (const chunks of [[utf8(text)], chunksOf(utf8(text), 1)]) {
      const error = await failure(chunks);
      expect(error.reason).toBe('invalid');
      expect(error.offset).toBe(offset);
      expect(error.limit).toBeUndefined();
      expect(error.message).toContain(words);
      expect(error.message).toContain(String(offset));
    }
    expect(() => JSON.parse(text)).toThrow();
  });

  it('rejects an invalid answer wherever the fault is: a control byte inserted at every position, at that byte', async () => {
    const text = '{"job":{"id":-12.5e+3,"ok":true,"no":false,"nil":null},"s":"é\\u00e9😀\\n","list":[0,[],{}],"added":{"a":{"size":1}}}';
    const bytes = utf8(text);
    const { members } = recorder(['added']);
    for (const bom of [false, true]) {
      for (let at = 0; at <= bytes.length; at++) {
        const broken = Buffer.concat([
          bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
          bytes.subarray(0, at),
          Buffer.from([0x01]),
          bytes.subarray(at)
        ]);
        expect(() => JSON.parse(broken.toString('utf8'))).toThrow();
        const error = await failure(randomChunks(broken, new Random(at)), { members });
        expect({ at, reason: error.reason, offset: error.offset }).toEqual({ at, reason: 'invalid', offset: at + (bom ? 3 : 0) });
      }
    }
  });

  it('rejects every raw control character inside a string, and takes DEL and the rest as they are', async () => {
    for (let c = 0; c < 0x20; c++) {
      const bytes = Buffer.concat([utf8('{"s":"ab'), Buffer.from([c]), utf8('"}')]);
      expect(await failure([bytes])).toMatchObject({ reason: 'invalid', offset: 8 });
    }
    expect((await read([utf8('{"s":"a\u007f ~"}')])).body).toStrictEqual({ s: 'a\u007f ~' });
  });

  it('rejects an answer cut short at every position, at its end', async () => {
    const bytes = utf8('{"job":{"id":-12.5e+3,"ok":true},"s":"é\\u00e9😀","list":[0,[],{}]}');
    for (let end = 0; end < bytes.length; end++) {
      const error = await failure(chunksOf(bytes.subarray(0, end), 3));
      expect({ end, reason: error.reason, offset: error.offset }).toEqual({ end, reason: 'invalid', offset: end });
    }
  });

  it(`accepts ${MAX_DEPTH} levels of nesting and rejects one more as too-deep, at the byte that opens it`, async () => {
    const deepest = `{"a":${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}}`;
    const answer = await read([utf8(deepest)]);
    expect(answer.body).toStrictEqual(JSON.parse(deepest));

    const tooDeep = `{"a":${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}}`;
    const error = await failure(chunksOf(utf8(tooDeep), 7));
    expect(error.reason).toBe('too-deep');
    expect(error.offset).toBe(5 + MAX_DEPTH - 1);
    expect(error.limit).toBe(MAX_DEPTH);
    expect(error.message).toContain(String(MAX_DEPTH));
  });

  it('meets a million open brackets with too-deep, not a stack overflow', async () => {
    const error = await failure([utf8('['.repeat(1_000_000))]);
    expect(error.reason).toBe('too-deep');
    expect(error.offset).toBe(MAX_DEPTH);
  });

  it('too-deep counts levels inside a streamed field too', async () => {
    const { members } = recorder(['added']);
    const error = await failure([utf8(`{"added":${'['.repeat(MAX_DEPTH)}`)], { members });
    expect(error.reason).toBe('too-deep');
    expect(error.offset).toBe(9 + MAX_DEPTH - 1);
  });

  it('reads an answer of exactly maxBytes, and rejects one byte more as too-large', async () => {
    const bytes = utf8('{"a":[1,2,3]}');
    expect((await read(chunksOf(bytes, 4), { maxBytes: bytes.length })).body).toStrictEqual({ a: [1, 2, 3] });
    const error = await failure(chunksOf(bytes, 4), { maxBytes: bytes.length - 1 });
    expect(error.reason).toBe('too-large');
    expect(error.limit).toBe(bytes.length - 1);
    expect(error.offset).toBe(bytes.length);
    expect(error.message).toContain(`larger than ${bytes.length - 1} bytes`);
    expect(error.message).toContain(`${bytes.length} bytes read`);
  });

  it('stops pulling an endless answer as soon as it passes maxBytes, and closes the stream', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          pulled++;
          yield pulled === 1 ? utf8('{"added":[') : utf8('1,2,3,4,5,');
        }
      } finally {
        closed = true;
      }
    }
    const { members } = recorder(['added']);
    const reading = readJsonAnswer(endless(), { maxBytes: 1000, members });
    const error = await reading.then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(JsonAnswerError);
    // 100 chunks of 10 bytes are within the ceiling; the 101st passes it.
    expect(error).toMatchObject({ reason: 'too-large', limit: 1000, offset: 1010 });
    expect(pulled).toBe(101);
    expect(closed).toBe(true);
  });

  it('refuses a ceiling or a string limit that is not a number >= 0, before reading', async () => {
    let pulled = 0;
    const source = (): Iterable<Uint8Array> => ({
      *[Symbol.iterator]() {
        pulled++;
        yield utf8('{}');
      }
    });
    await expect(readJsonAnswer(source(), { maxBytes: Number.NaN })).rejects.toThrow(RangeError);
    await expect(readJsonAnswer(source(), { maxBytes: -1 })).rejects.toThrow(RangeError);
    await expect(readJsonAnswer(source(), { maxBytes: MB, maxStringChars: Number.NaN })).rejects.toThrow(RangeError);
    expect(pulled).toBe(0);
    expect((await readJsonAnswer(source(), { maxBytes: Number.POSITIVE_INFINITY })).body).toEqual({});
  });

  it('carries the head of the text read', async () => {
    const error = await failure([utf8('\uFEFF<html><body>Bad gateway</body></html>')]);
    expect(error.head).toBe('<html><body>Bad gateway</body></html>');
    expect(error.offset).toBe(3);
  });
});

describe('byte-order mark and head', () => {
  it('skips a UTF-8 byte-order mark, wherever the chunks split it', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"a":"é"}')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const answer = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(answer.body).toStrictEqual({ a: 'é' });
      expect(answer.head).toBe('{"a":"é"}');
      expect(answer.bytes).toBe(bytes.length);
    }
    expect((await read(chunksOf(bytes, 1))).body).toStrictEqual({ a: 'é' });
  });

  it('takes a byte-order mark only at the start', async () => {
    const error = await failure([utf8(' \uFEFF{}')]);
    expect(error).toMatchObject({ reason: 'invalid', offset: 1 });
    expect((await failure([Buffer.from([0xef, 0xbb, 0xbf])])).message).toContain('empty');
    expect((await failure([Buffer.from([0xef, 0xbb])])).reason).toBe('invalid');
  });

  it(`keeps the first ${HEAD_BYTES} bytes as head, never half a character`, async () => {
    const text = `{"s":"x${'€'.repeat(400)}"}`;
    const answer = await read(chunksOf(utf8(text), 7));
    // '{"s":"x' is 7 bytes, then 3 bytes a character: 97 whole ones fit in 300 bytes, the 98th does not.
    expect(answer.head).toBe(`{"s":"x${'€'.repeat(97)}`);
    expect((await read([utf8('{"short":1}')])).head).toBe('{"short":1}');
  });
});

describe('a large answer', () => {
  it('hands on 200 000 members of a 22 MB answer, one by one, as they stream in', async () => {
    const member = (k: number): string =>
      `"Server/Content/Paks/dir${k % 97}/asset_${k}.uasset":{"size":${512 + k},"md5":"${'0123456789abcdef'.repeat(2)}"}`;
    async function* answer(): AsyncGenerator<Uint8Array> {
      yield utf8('{"success":true,"added":{');
      for (let k = 0; k < 200_000; k += 1000) {
        const part: string[] = [];
        for (let j = k; j < k + 1000; j++) part.push(member(j));
        yield utf8(`${k === 0 ? '' : ','}${part.join(',')}`);
      }
      yield utf8('},"jobstateid":5}');
    }
    let count = 0;
    let sizes = 0;
    const result = await readJsonAnswer(answer(), {
      maxBytes: 64 * MB,
      members: {
        added: (_key, value) => {
          count++;
          sizes += isContainer(value) && 'size' in value && typeof value.size === 'number' ? value.size : 0;
        }
      }
    });
    expect(count).toBe(200_000);
    expect(sizes).toBe(200_000 * 512 + (199_999 * 200_000) / 2);
    expect(result.body).toStrictEqual({ success: true, jobstateid: 5 });
    expect(result.streamed).toEqual({ added: 'object' });
  });
});
