export const id = 236;
export const ids = [236];
export const modules = {

/***/ 3236:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JsonAnswerError: () => (/* binding */ JsonAnswerError),
/* harmony export */   readJsonAnswer: () => (/* binding */ readJsonAnswer)
/* harmony export */ });
/* unused harmony exports MAX_DEPTH, DEFAULT_MAX_STRING_CHARS, HEAD_BYTES */
/**
 * Reading a JSON answer from a byte stream in bounded memory, keeping only what the
 * caller asks for.
 *
 * Some answers list every file or machine (an image-diff status with 100 000 files is
 * about 13 MB). `readJsonAnswer` reads the body chunk by chunk and builds the top-level
 * object as JSON.parse would, except for the fields named in `members`: when such a
 * field holds an object or an array, each of its members is built on its own, handed
 * to the field's sink and dropped, so memory holds what is kept plus one member, never
 * the whole answer. Strings longer than `maxStringChars` are cut while they stream in.
 * Reading stops as soon as more than `maxBytes` bytes arrived; the rest of the stream is
 * not pulled (the caller destroys the connection).
 *
 * The tokenizer is this module's own: a byte-level state machine with an explicit stack
 * (no recursion a hostile answer could exhaust) and no dependency: 28 KB as ncc bundles
 * it, in a chunk of its own when imported lazily. @streamparser/json 0.0.26 was measured and not
 * taken: its tokenizer gathers each string whole before handing it on (a string cannot
 * be cut while it streams), rejects invalid UTF-8 that the transport decodes to U+FFFD,
 * and is slower. On a 13.1 MB diff-status answer of 100 000 files in 64 KiB chunks, a
 * first read in a fresh process (median of 5, a shared 2-CPU machine): this reader,
 * building every member and handing it on, 167 ms (78 MB/s); @streamparser/json's
 * tokenizer alone, building nothing, 377 ms (35 MB/s), its JSONParser with paths
 * 709 ms (18 MB/s); JSON.parse of the whole text 187 ms (70 MB/s). `npm run bench --
 * answer-read` measures time, peak RSS and live heap against JSON.parse.
 *
 * Semantics, as JSON.parse of the UTF-8-decoded text (`Buffer#toString('utf8')`, so
 * invalid UTF-8 inside strings reads as U+FFFD): same numbers, same strings, the last
 * of duplicate keys wins, `__proto__` is an own property. Differences, on purpose:
 * strings (keys too) longer than `maxStringChars` UTF-16 units are cut to that many
 * plus `…`; nesting deeper than MAX_DEPTH is an error; a top-level value that is not an
 * object is validated and described, never built. Memory holds what is kept, the member
 * being built, and at most one chunk's worth of text; a number thousands of digits long
 * is reduced as it streams to the digits that decide its double (the same one).
 *
 * Import it lazily, so it stays off the action's start-up path:
 *   const { readJsonAnswer } = await import('./wire/streaming-json.ts');
 *   const answer = await readJsonAnswer(response, { maxBytes, members: { added: (path, file) => … } });
 * A first read in a process costs a few milliseconds more than JSON.parse for a small
 * answer (its code is not compiled yet); for a large one it is as fast.
 */
/** Why an answer could not be read, as data: the reason, where, and the limit that was passed. */
class JsonAnswerError extends Error {
    reason;
    /** Byte offset from the start of the stream: of the fault, or (too-large) how many bytes had arrived. */
    offset;
    /** too-large: the byte ceiling; too-deep: the depth limit; invalid: undefined. */
    limit;
    /** The start of the text read, decoded (see JsonAnswer.head). */
    head;
    constructor(reason, message, offset, limit, head) {
        super(message);
        this.name = 'JsonAnswerError';
        this.reason = reason;
        this.offset = offset;
        this.limit = limit;
        this.head = head;
    }
}
/** Containers nested deeper than this are a 'too-deep' error (the top-level object is level 1). */
const MAX_DEPTH = 64;
const DEFAULT_MAX_STRING_CHARS = 64 * 1024;
/** How many bytes of the text `head` holds at most. */
const HEAD_BYTES = 300;
/**
 * Reads a JSON answer from `chunks`, handing the members of `spec.members` fields to
 * their sinks. Rejects with a JsonAnswerError (too-large, invalid, too-deep), or with
 * what a sink threw; either way the iterator is closed (`return()`) without reading on.
 */
async function readJsonAnswer(chunks, spec) {
    const reader = new AnswerReader(spec);
    for await (const chunk of chunks)
        reader.push(chunk);
    return reader.finish();
}
// Parser modes: what the next byte may be.
const VALUE = 0; // a value (after ':' or ',' in an array, or at the start)
const VALUE_OR_CLOSE = 1; // a value or ']' (after '[')
const KEY = 2; // a key (after ',' in an object)
const KEY_OR_CLOSE = 3; // a key or '}' (after '{')
const COLON = 4;
const AFTER = 5; // ',' or the container's closer, after a member
const STRING = 6;
const NUMBER = 7;
const LITERAL = 8;
const DONE = 9; // after the top-level value: whitespace only
// Container kinds.
const ROOT = 0; // below the top-level value
const TOP = 1; // the top-level object: built, its `members` fields streamed
const OBJ = 2;
const ARR = 3;
const STREAM_OBJ = 4; // a `members` field's object: each member to the sink
const STREAM_ARR = 5;
const SKIP_OBJ = 6; // validated, not built (inside a top-level value that is no object)
const SKIP_ARR = 7;
// Number grammar states.
const N_MINUS = 0; // after '-'
const N_ZERO = 1; // a leading 0
const N_INT = 2; // in integer digits
const N_DOT = 3; // after '.'
const N_FRAC = 4; // in fraction digits
const N_E = 5; // after 'e' / 'E'
const N_ESIGN = 6; // after the exponent's sign
const N_EXP = 7; // in exponent digits
/** A number whose text (across chunks) grows longer than this is reduced to a LongNumber as it streams. */
const NUMBER_TEXT_LIMIT = 4096;
/** Significant digits a LongNumber keeps: more than the 768 a double or a midpoint between two can have. */
const SIGNIFICANT_DIGITS = 1000;
/** Beyond this, an exponent's size makes no difference (the digits cannot move the point that far). */
const EXPONENT_CAP = 1e15;
/** Keys of up to this many bytes are looked up in a cache of KEY_CACHE_SIZE entries (a power of 2) before they are decoded. */
const KEY_CACHE_LENGTH = 24;
const KEY_CACHE_SIZE = 256;
/** What a frame holds when it builds nothing: dropped references, so a finished member can be collected. */
const NO_OBJECT = {};
const NO_ARRAY = [];
/** One open container. Frames are kept and reused, one per depth. */
class Frame {
    kind = ROOT;
    obj = NO_OBJECT;
    arr = NO_ARRAY;
    /** The key of the member being read (objects). */
    key = '';
    /** The index of the member being read (arrays). */
    index = 0;
    child = undefined;
    parent;
    depth;
    constructor(parent, depth) {
        this.parent = parent;
        this.depth = depth;
    }
}
const ESCAPED = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
function hexValue(c) {
    if (c >= 0x30 && c <= 0x39)
        return c - 0x30;
    const lower = c | 0x20;
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}
function isWhitespace(c) {
    return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
/** Where the last complete UTF-8 character of bytes[0..end) ends: end, or the start of a sequence that runs past it. */
function completeEnd(bytes, end) {
    let j = end - 1;
    while (j >= 0 && end - j <= 3 && ((bytes[j] ?? 0) & 0xc0) === 0x80)
        j--;
    if (j < 0)
        return end;
    const lead = bytes[j] ?? 0;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return end - j < length ? j : end;
}
function asBuffer(bytes) {
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function describeByte(c) {
    return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
class AnswerReader {
    maxBytes;
    maxChars;
    members;
    received = 0;
    /** The first bytes, while too few have come to tell whether they start with a byte-order mark. */
    pre = undefined;
    atStart = true;
    headBytes = new Uint8Array(HEAD_BYTES);
    headLength = 0;
    /** Stream offset of the current chunk's first byte. */
    base = 0;
    mode = VALUE;
    root = new Frame(undefined, 0);
    frame = this.root;
    body = undefined;
    wrongShape = undefined;
    streamed = Object.create(null);
    sink = undefined;
    cutStrings = 0;
    // The string being read.
    strKey = false;
    strBuild = false;
    str = '';
    strCut = false;
    /** Bytes of a character split by the end of a chunk (a copy: the chunk's producer may reuse its buffer). */
    carry = undefined;
    /** 0: plain text; 1: after '\'; 2-5: that many minus 2 hex digits of a \u escape read. */
    esc = 0;
    hex = 0;
    /** Short keys recur (size, md5, jobid…): their strings, by a hash of their bytes. */
    keyBytes = new Array(KEY_CACHE_SIZE).fill(undefined);
    keyTexts = new Array(KEY_CACHE_SIZE).fill(undefined);
    /** Where the plain text not yet added starts in the current chunk; -1: where reading resumes. */
    segStart = -1;
    // The number being read.
    numState = N_MINUS;
    numBuild = false;
    numText = '';
    numStart = 0;
    numNegative = false;
    numValue = 0;
    numDigits = 0;
    numPlain = true;
    /** A number whose text passed NUMBER_TEXT_LIMIT, reduced as it streams. */
    numLong = undefined;
    // The literal being read.
    litText = '';
    litAt = 0;
    litValue = null;
    constructor(spec) {
        const maxChars = spec.maxStringChars ?? DEFAULT_MAX_STRING_CHARS;
        // A NaN would turn the checks off (every comparison with it is false).
        if (!(spec.maxBytes >= 0))
            throw new RangeError(`maxBytes must be a number >= 0, not ${spec.maxBytes}`);
        if (!(maxChars >= 0))
            throw new RangeError(`maxStringChars must be a number >= 0, not ${maxChars}`);
        this.maxBytes = spec.maxBytes;
        this.maxChars = Math.floor(maxChars);
        this.members = spec.members;
    }
    push(chunk) {
        if (chunk.length === 0)
            return;
        this.received += chunk.length;
        let bytes = chunk;
        if (this.atStart) {
            if (this.pre !== undefined)
                bytes = Buffer.concat([this.pre, bytes]);
            if (bytes.length < 3 && bytes[0] === 0xef && (bytes.length < 2 || bytes[1] === 0xbb)) {
                this.pre = new Uint8Array(bytes);
                this.checkSize();
                return;
            }
            this.atStart = false;
            this.pre = undefined;
            if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
                bytes = bytes.subarray(3);
        }
        if (this.headLength < HEAD_BYTES) {
            const take = bytes.subarray(0, HEAD_BYTES - this.headLength);
            this.headBytes.set(take, this.headLength);
            this.headLength += take.length;
        }
        this.checkSize();
        this.base = this.received - bytes.length;
        this.feed(asBuffer(bytes));
    }
    finish() {
        if (this.pre !== undefined) {
            const pre = this.pre;
            this.atStart = false;
            this.pre = undefined;
            this.headBytes.set(pre);
            this.headLength = pre.length;
            this.base = this.received - pre.length;
            this.feed(asBuffer(pre));
        }
        this.base = this.received;
        if (this.mode === NUMBER)
            this.endNumber(asBuffer(new Uint8Array(0)), 0);
        if (this.mode !== DONE) {
            const what = this.headLength === 0 ? 'the answer is empty' : 'the answer ends before its JSON value does';
            throw this.error('invalid', `${what} (invalid JSON at byte ${this.received})`, 0, undefined);
        }
        return {
            body: this.body,
            wrongShape: this.wrongShape,
            streamed: this.streamed,
            bytes: this.received,
            head: this.head(),
            cutStrings: this.cutStrings
        };
    }
    head() {
        return Buffer.from(this.headBytes.buffer, 0, completeEnd(this.headBytes, this.headLength)).toString('utf8');
    }
    checkSize() {
        if (this.received <= this.maxBytes)
            return;
        throw new JsonAnswerError('too-large', `the answer is larger than ${this.maxBytes} bytes (${this.received} bytes read); it was not read to the end`, this.received, this.maxBytes, this.head());
    }
    /** An error at byte `at` of the current chunk. */
    error(reason, message, at, limit) {
        return new JsonAnswerError(reason, message, this.base + at, limit, this.head());
    }
    invalid(at, what) {
        return this.error('invalid', `invalid JSON at byte ${this.base + at}: ${what}`, at, undefined);
    }
    feed(buf) {
        const n = buf.length;
        let i = 0;
        while (i < n) {
            switch (this.mode) {
                case STRING:
                    i = this.readString(buf, i);
                    break;
                case NUMBER:
                    i = this.readNumber(buf, i);
                    break;
                case LITERAL:
                    i = this.readLiteral(buf, i);
                    break;
                default: {
                    const c = buf[i] ?? 0;
                    if (isWhitespace(c))
                        i++;
                    else
                        i = this.structural(i, c);
                }
            }
        }
        if (this.mode === STRING)
            this.keepStringTail(buf, n);
        else if (this.mode === NUMBER)
            this.keepNumberTail(buf, n);
    }
    /** A byte that starts a token; returns the index after what it consumed. */
    structural(i, c) {
        switch (this.mode) {
            case VALUE:
            case VALUE_OR_CLOSE:
                if (c === 0x5d && this.mode === VALUE_OR_CLOSE)
                    return this.close(i);
                return this.startValue(i, c);
            case KEY:
            case KEY_OR_CLOSE:
                if (c === 0x22) {
                    this.startString(true, this.frame.kind !== SKIP_OBJ);
                    return i + 1;
                }
                if (c === 0x7d && this.mode === KEY_OR_CLOSE)
                    return this.close(i);
                throw this.invalid(i, `expected ${this.mode === KEY ? 'a key' : "a key or '}'"}, found ${describeByte(c)}`);
            case COLON:
                if (c !== 0x3a)
                    throw this.invalid(i, `expected ':', found ${describeByte(c)}`);
                this.mode = VALUE;
                return i + 1;
            case AFTER: {
                const isArray = this.frame.kind === ARR || this.frame.kind === STREAM_ARR || this.frame.kind === SKIP_ARR;
                if (c === 0x2c) {
                    this.mode = isArray ? VALUE : KEY;
                    return i + 1;
                }
                if (c === (isArray ? 0x5d : 0x7d))
                    return this.close(i);
                throw this.invalid(i, `expected ',' or '${isArray ? ']' : '}'}', found ${describeByte(c)}`);
            }
            default:
                throw this.invalid(i, `${describeByte(c)} after the end of the JSON value`);
        }
    }
    startValue(i, c) {
        const frame = this.frame;
        const atTop = frame.kind === ROOT;
        const build = !atTop && frame.kind !== SKIP_OBJ && frame.kind !== SKIP_ARR;
        if (c === 0x7b || c === 0x5b) {
            this.open(i, c === 0x5b);
            return i + 1;
        }
        if (c === 0x22) {
            if (atTop)
                this.wrongShape = 'a string';
            this.startString(false, build);
            return i + 1;
        }
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            if (atTop)
                this.wrongShape = 'a number';
            this.startNumber(i, c, build);
            return i + 1;
        }
        if (c === 0x74 || c === 0x66 || c === 0x6e) {
            if (atTop)
                this.wrongShape = c === 0x6e ? 'null' : 'a boolean';
            this.litText = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
            this.litValue = c === 0x74 ? true : c === 0x66 ? false : null;
            this.litAt = 1;
            this.mode = LITERAL;
            return i + 1;
        }
        throw this.invalid(i, `expected a value, found ${describeByte(c)}`);
    }
    open(i, isArray) {
        const parent = this.frame;
        if (parent.depth >= MAX_DEPTH) {
            throw this.error('too-deep', `the answer nests deeper than ${MAX_DEPTH} levels (at byte ${this.base + i})`, i, MAX_DEPTH);
        }
        const frame = (parent.child ??= new Frame(parent, parent.depth + 1));
        let kind;
        switch (parent.kind) {
            case ROOT:
                if (isArray)
                    this.wrongShape = 'an array';
                kind = isArray ? SKIP_ARR : TOP;
                break;
            case SKIP_OBJ:
            case SKIP_ARR:
                kind = isArray ? SKIP_ARR : SKIP_OBJ;
                break;
            case TOP: {
                const sink = this.sinkOf(parent.key);
                if (sink !== undefined) {
                    kind = isArray ? STREAM_ARR : STREAM_OBJ;
                    this.sink = sink;
                    this.streamed[parent.key] = isArray ? 'array' : 'object';
                    // The last of duplicate keys wins: an earlier non-container value goes.
                    delete parent.obj[parent.key];
                    break;
                }
                kind = isArray ? ARR : OBJ;
                break;
            }
            default:
                kind = isArray ? ARR : OBJ;
        }
        frame.kind = kind;
        if (kind === ARR)
            frame.arr = [];
        else if (kind === OBJ || kind === TOP)
            frame.obj = {};
        frame.index = 0;
        frame.key = '';
        this.frame = frame;
        this.mode = isArray ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
    }
    /** Closes the current container at buf[i]; the caller has checked that the closer fits it. */
    close(i) {
        const frame = this.frame;
        this.frame = frame.parent ?? this.root;
        switch (frame.kind) {
            case OBJ: {
                const value = frame.obj;
                frame.obj = NO_OBJECT;
                this.emit(value);
                break;
            }
            case ARR: {
                const value = frame.arr;
                frame.arr = NO_ARRAY;
                this.emit(value);
                break;
            }
            case TOP:
                this.body = frame.obj;
                frame.obj = NO_OBJECT;
                this.mode = DONE;
                break;
            default:
                // A streamed or skipped container: nothing to hand on.
                if (frame.kind === STREAM_OBJ || frame.kind === STREAM_ARR)
                    this.sink = undefined;
                this.mode = this.frame.kind === ROOT ? DONE : AFTER;
        }
        return i + 1;
    }
    sinkOf(key) {
        const members = this.members;
        return members !== undefined && Object.hasOwn(members, key) ? members[key] : undefined;
    }
    /** A value is complete: it goes to its container (or sink). */
    emit(value) {
        const frame = this.frame;
        switch (frame.kind) {
            case OBJ:
                setMember(frame.obj, frame.key, value);
                break;
            case ARR:
                frame.arr.push(value);
                break;
            case TOP:
                if (this.sinkOf(frame.key) !== undefined)
                    delete this.streamed[frame.key];
                setMember(frame.obj, frame.key, value);
                break;
            case STREAM_OBJ:
                this.sink?.(frame.key, value);
                break;
            case STREAM_ARR:
                this.sink?.(frame.index++, value);
                break;
            case ROOT:
                this.mode = DONE;
                return;
        }
        this.mode = AFTER;
    }
    // Strings.
    startString(isKey, build) {
        this.mode = STRING;
        this.strKey = isKey;
        this.strBuild = build;
        this.str = '';
        this.strCut = false;
        this.carry = undefined;
        this.esc = 0;
        this.segStart = -1;
    }
    readString(buf, from) {
        const n = buf.length;
        let i = from;
        let seg = this.segStart < 0 ? from : this.segStart;
        this.segStart = -1;
        while (i < n) {
            if (this.esc === 0) {
                let c = buf[i] ?? 0;
                while (c !== 0x22 && c !== 0x5c && c >= 0x20) {
                    if (++i === n) {
                        this.segStart = seg;
                        return n;
                    }
                    c = buf[i] ?? 0;
                }
                if (c === 0x22) {
                    if (this.strKey && this.strBuild && this.str === '' && this.carry === undefined && i - seg <= KEY_CACHE_LENGTH) {
                        this.addChars(this.shortKey(buf, seg, i));
                    }
                    else {
                        this.addText(buf, seg, i);
                    }
                    this.endString();
                    return i + 1;
                }
                if (c === 0x5c) {
                    this.addText(buf, seg, i);
                    this.esc = 1;
                    i++;
                    continue;
                }
                throw this.invalid(i, `a control character (${describeByte(c)}) inside a string`);
            }
            const c = buf[i] ?? 0;
            if (this.esc === 1) {
                if (c === 0x75) {
                    this.esc = 2;
                    this.hex = 0;
                }
                else {
                    const text = ESCAPED[c];
                    if (text === undefined)
                        throw this.invalid(i, `an invalid escape '\\${String.fromCharCode(c)}'`);
                    this.addChars(text);
                    this.esc = 0;
                    seg = i + 1;
                }
                i++;
                continue;
            }
            const digit = hexValue(c);
            if (digit < 0)
                throw this.invalid(i, `${describeByte(c)} in a \\u escape (4 hex digits expected)`);
            this.hex = this.hex * 16 + digit;
            i++;
            if (++this.esc === 6) {
                this.addChars(String.fromCharCode(this.hex));
                this.esc = 0;
                seg = i;
            }
        }
        this.segStart = seg;
        return n;
    }
    /** A short key read whole from buf[from..to): the string of the last key with the same bytes, if it is in the cache. */
    shortKey(buf, from, to) {
        let hash = to - from;
        for (let k = from; k < to; k++)
            hash = (hash * 31 + (buf[k] ?? 0)) & (KEY_CACHE_SIZE - 1);
        const bytes = this.keyBytes[hash];
        const text = this.keyTexts[hash];
        if (bytes !== undefined && text !== undefined && bytes.length === to - from) {
            let same = true;
            for (let k = 0; k < bytes.length && same; k++)
                same = bytes[k] === buf[from + k];
            if (same)
                return text;
        }
        const decoded = buf.toString('utf8', from, to);
        this.keyBytes[hash] = new Uint8Array(buf.subarray(from, to));
        this.keyTexts[hash] = decoded;
        return decoded;
    }
    /** The chunk ends inside a string: add its complete characters, carry a split one over. */
    keepStringTail(buf, n) {
        const seg = this.segStart < 0 ? n : this.segStart;
        this.segStart = -1;
        if (this.esc !== 0 || !this.strBuild || this.strCut)
            return;
        const carry = this.carry;
        const bytes = carry === undefined ? buf.subarray(seg, n) : Buffer.concat([carry, buf.subarray(seg, n)]);
        const end = completeEnd(bytes, bytes.length);
        this.carry = end < bytes.length ? new Uint8Array(bytes.subarray(end)) : undefined;
        if (end > 0)
            this.addChars(asBuffer(bytes).toString('utf8', 0, end));
    }
    /** Adds the plain text buf[from..to) (with a carried split character before it). */
    addText(buf, from, to) {
        if (!this.strBuild || this.strCut)
            return;
        const carry = this.carry;
        if (carry !== undefined) {
            this.carry = undefined;
            this.addChars(Buffer.concat([carry, buf.subarray(from, to)]).toString('utf8'));
        }
        else if (to > from) {
            this.addChars(buf.toString('utf8', from, to));
        }
    }
    addChars(text) {
        if (!this.strBuild || this.strCut)
            return;
        const room = this.maxChars - this.str.length;
        if (text.length <= room) {
            this.str = this.str === '' ? text : this.str + text;
            return;
        }
        let kept = this.str + text.slice(0, room);
        // Do not keep half of a surrogate pair.
        const last = kept.charCodeAt(kept.length - 1);
        if (last >= 0xd800 && last <= 0xdbff)
            kept = kept.slice(0, -1);
        this.str = kept;
        this.strCut = true;
        this.carry = undefined;
    }
    endString() {
        if (this.strCut)
            this.cutStrings++;
        const value = this.strCut ? `${this.str}…` : this.str;
        this.str = '';
        if (this.strKey) {
            this.frame.key = value;
            this.mode = COLON;
        }
        else {
            this.emit(value);
        }
    }
    // Numbers.
    startNumber(i, c, build) {
        this.mode = NUMBER;
        this.numBuild = build;
        this.numText = '';
        this.numStart = i;
        this.numNegative = c === 0x2d;
        this.numValue = c === 0x2d ? 0 : c - 0x30;
        this.numDigits = c === 0x2d ? 0 : 1;
        this.numPlain = true;
        this.numLong = undefined;
        this.numState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
    }
    readNumber(buf, from) {
        const n = buf.length;
        let i = from;
        let state = this.numState;
        while (i < n) {
            const c = buf[i] ?? 0;
            if (c >= 0x30 && c <= 0x39) {
                switch (state) {
                    case N_MINUS:
                        state = c === 0x30 ? N_ZERO : N_INT;
                        this.numValue = c - 0x30;
                        this.numDigits = 1;
                        break;
                    case N_ZERO:
                        throw this.invalid(i, 'a number with a leading zero');
                    case N_INT:
                        this.numValue = this.numValue * 10 + (c - 0x30);
                        this.numDigits++;
                        break;
                    case N_DOT:
                        state = N_FRAC;
                        break;
                    case N_E:
                    case N_ESIGN:
                        state = N_EXP;
                        break;
                }
            }
            else if (c === 0x2e) {
                if (state !== N_ZERO && state !== N_INT)
                    throw this.invalid(i, "a misplaced '.' in a number");
                state = N_DOT;
                this.numPlain = false;
            }
            else if (c === 0x65 || c === 0x45) {
                if (state !== N_ZERO && state !== N_INT && state !== N_FRAC)
                    throw this.invalid(i, "a misplaced 'e' in a number");
                state = N_E;
                this.numPlain = false;
            }
            else if (c === 0x2b || c === 0x2d) {
                if (state !== N_E)
                    throw this.invalid(i, `a misplaced '${String.fromCharCode(c)}' in a number`);
                state = N_ESIGN;
            }
            else {
                this.numState = state;
                this.endNumber(buf, i);
                return i;
            }
            i++;
        }
        this.numState = state;
        return n;
    }
    /** The chunk ends inside a number: keep its text, or reduce it once it is long. */
    keepNumberTail(buf, n) {
        const start = this.numStart;
        this.numStart = 0;
        if (!this.numBuild)
            return;
        const piece = buf.toString('latin1', start, n);
        if (this.numLong !== undefined) {
            this.numLong.add(piece);
        }
        else if (this.numText.length + piece.length > NUMBER_TEXT_LIMIT) {
            this.numLong = new LongNumber();
            this.numLong.add(this.numText);
            this.numLong.add(piece);
            this.numText = '';
        }
        else {
            this.numText += piece;
        }
    }
    /** The number ends before buf[i] (or at the end of the answer). */
    endNumber(buf, i) {
        const state = this.numState;
        if (state !== N_ZERO && state !== N_INT && state !== N_FRAC && state !== N_EXP) {
            throw this.invalid(i, i < buf.length ? `${describeByte(buf[i] ?? 0)} in a number` : 'a number cut short');
        }
        let value = 0;
        if (this.numBuild) {
            if (this.numPlain && this.numDigits <= 15) {
                value = this.numNegative ? -this.numValue : this.numValue;
            }
            else if (this.numLong !== undefined) {
                this.numLong.add(buf.toString('latin1', this.numStart, i));
                value = this.numLong.value();
            }
            else {
                value = Number(this.numText + buf.toString('latin1', this.numStart, i));
            }
        }
        this.numLong = undefined;
        this.numText = '';
        this.numStart = 0;
        this.emit(value);
    }
    // Literals.
    readLiteral(buf, from) {
        const n = buf.length;
        let i = from;
        const text = this.litText;
        while (i < n && this.litAt < text.length) {
            const c = buf[i] ?? 0;
            if (c !== text.charCodeAt(this.litAt))
                throw this.invalid(i, `${describeByte(c)} in '${text}'`);
            this.litAt++;
            i++;
        }
        if (this.litAt === text.length)
            this.emit(this.litValue);
        return i;
    }
}
/**
 * A number whose text is long, reduced as it streams to what decides its double: the
 * first SIGNIFICANT_DIGITS significant digits, whether any later digit is not 0, and the
 * decimal exponent. A double, or a midpoint between two, has at most 768 significant
 * digits, so the reduced text (those digits, then a 1 if a dropped digit was not 0)
 * rounds as the whole would. Fed valid number text only (the reader checks the grammar).
 */
class LongNumber {
    negative = false;
    digits = '';
    sticky = false;
    /** The decimal point's place, counted in digits from the first significant one. */
    point = 0;
    exponent = 0;
    exponentNegative = false;
    /** 0: integer part, 1: fraction, 2: exponent. */
    part = 0;
    add(text) {
        for (let k = 0; k < text.length; k++) {
            const c = text.charCodeAt(k);
            if (c >= 0x30 && c <= 0x39) {
                if (this.part === 2) {
                    this.exponent = Math.min(this.exponent * 10 + (c - 0x30), EXPONENT_CAP);
                }
                else if (this.digits === '' && c === 0x30) {
                    if (this.part === 1)
                        this.point--;
                }
                else {
                    if (this.digits.length < SIGNIFICANT_DIGITS)
                        this.digits += String.fromCharCode(c);
                    else if (c !== 0x30)
                        this.sticky = true;
                    if (this.part === 0)
                        this.point++;
                }
            }
            else if (c === 0x2e) {
                this.part = 1;
            }
            else if (c === 0x65 || c === 0x45) {
                this.part = 2;
            }
            else if (c === 0x2d) {
                if (this.part === 2)
                    this.exponentNegative = true;
                else
                    this.negative = true;
            }
        }
    }
    value() {
        const sign = this.negative ? '-' : '';
        if (this.digits === '')
            return Number(`${sign}0`);
        const exponent = this.point + (this.exponentNegative ? -this.exponent : this.exponent);
        return Number(`${sign}0.${this.digits}${this.sticky ? '1' : ''}e${exponent}`);
    }
}
/** obj[key] = value, as JSON.parse sets it (a `__proto__` key is an own property, not the prototype). */
function setMember(obj, key, value) {
    if (key === '__proto__')
        Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    else
        obj[key] = value;
}


/***/ })

};
