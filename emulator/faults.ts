// Fault injection: which request a fault hits, whether the request still takes effect,
// and what an injected answer looks like on the wire.
import { STATUS_CODES } from 'node:http';
import { ERROR_CODES, errorBody } from './api-error.ts';
import type { FaultBody, FaultSpec } from './types.ts';

const KINDS: readonly string[] = ['respond', 'delay', 'reset', 'hang', 'lost'];

export function validateFault(spec: FaultSpec): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid fault: ${message}`);
  };
  if (typeof spec.route !== 'string' || spec.route === '') fail('route must be a route name or *');
  if (!KINDS.includes(spec.kind)) fail(`unknown kind ${String(spec.kind)}`);
  const requests = spec.request === undefined || spec.request === 'every' ? [] : [spec.request].flat();
  for (const n of requests) if (!Number.isInteger(n) || n < 1) fail('request numbers are 1-based integers');
  if (spec.kind === 'respond' && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) {
    fail('status must be an HTTP status code');
  }
  if (spec.kind === 'lost' && spec.after !== undefined && spec.after !== 'reset' && spec.after !== 'timeout') {
    fail('after must be reset or timeout');
  }
  const delayMs = faultDelayMs(spec);
  if (!Number.isFinite(delayMs) || delayMs < 0) fail('delayMs must be >= 0');
  if (spec.kind === 'respond' && spec.body?.kind === 'large') largeBody(spec.body, fail);
}

const DEFAULT_LARGE_VALUE: Readonly<Record<string, unknown>> = { success: true };
/** Filler is written in pieces of this many characters. */
const FILLER_PIECE = 64 * 1024;
const FILLER = 'x'.repeat(FILLER_PIECE);

interface LargeBody {
  /** The JSON text before the filler, and after it. */
  head: string;
  tail: string;
  filler: number;
  bytes: number;
}

/** How a `large` body splits into its JSON around the filler; `fail` when it cannot be that size. */
function largeBody(body: Extract<FaultBody, { kind: 'large' }>, fail: (message: string) => never): LargeBody {
  const { bytes } = body;
  if (!Number.isSafeInteger(bytes) || bytes < 0) fail('large body bytes must be an integer >= 0');
  const value = body.value ?? DEFAULT_LARGE_VALUE;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('large body value must be a JSON object');
  const field = body.field ?? 'padding';
  if (typeof field !== 'string' || field === '') fail('large body field must be a non-empty name');
  if (Object.hasOwn(value, field)) fail(`large body value already has the field ${field}`);
  const object = JSON.stringify(value);
  const head = `${object.slice(0, -1)}${object === '{}' ? '' : ','}${JSON.stringify(field)}:"`;
  const tail = '"}';
  const bare = Buffer.byteLength(head) + Buffer.byteLength(tail);
  if (bytes < bare) fail(`large body bytes ${bytes} is less than the ${bare} bytes of its JSON without filler`);
  return { head, tail, filler: bytes - bare, bytes };
}

/** The pieces of a `large` body: its JSON head, the filler a piece at a time, its tail. */
function* largePieces(large: LargeBody): Generator<string> {
  yield large.head;
  let left = large.filler;
  for (; left >= FILLER_PIECE; left -= FILLER_PIECE) yield FILLER;
  if (left > 0) yield FILLER.slice(0, left);
  yield large.tail;
}

function hits(spec: FaultSpec, route: string | null, routeRequest: number, seq: number): boolean {
  const number = spec.route === '*' ? seq : spec.route === route ? routeRequest : null;
  if (number === null) return false;
  if (spec.request === undefined || spec.request === 'every') return true;
  return [spec.request].flat().includes(number);
}

/** Faults in the order they are checked; the first that hits applies. */
export class FaultStore {
  #faults: FaultSpec[];

  constructor(initial: readonly FaultSpec[] = []) {
    initial.forEach(validateFault);
    this.#faults = [...initial];
  }

  /** Puts a fault in front of the others; returns its remover. */
  add(spec: FaultSpec): () => void {
    validateFault(spec);
    this.#faults.unshift(spec);
    return () => {
      this.#faults = this.#faults.filter((fault) => fault !== spec);
    };
  }

  clear(): void {
    this.#faults = [];
  }

  match(route: string | null, routeRequest: number, seq: number): FaultSpec | undefined {
    return this.#faults.find((spec) => hits(spec, route, routeRequest, seq));
  }
}

/** Whether the request still reaches the service: resets and hangs may happen after it did. */
export function faultProcesses(spec: FaultSpec): boolean {
  switch (spec.kind) {
    case 'delay':
      return true;
    case 'respond':
      return spec.process ?? false;
    case 'reset':
    case 'hang':
      return spec.process ?? true;
    case 'lost':
      return true;
  }
}

/** How the answer is withheld: `reset` drops the connection, `hang` never answers. */
export function withholding(spec: Extract<FaultSpec, { kind: 'reset' | 'hang' | 'lost' }>): 'reset' | 'hang' {
  if (spec.kind === 'lost') return spec.after === 'timeout' ? 'hang' : 'reset';
  return spec.kind;
}

export function faultDelayMs(spec: FaultSpec): number {
  return spec.kind === 'hang' ? 0 : (spec.delayMs ?? 0);
}

const statusLine = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Error'}`;

/** The kind of page a reverse proxy (nginx) puts in front of a failing upstream. */
export function proxyErrorPage(status: number): string {
  const line = statusLine(status);
  return `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body's text, or its pieces, made as they are written (an answer too big to hold). */
  body: string | Iterable<string>;
  /**
   * How a body in pieces goes out: its exact size in bytes (sent as Content-Length while
   * the pieces are streamed), `chunked` (no Content-Length, whatever the size), or
   * undefined: at once with Content-Length when it is small, else chunked.
   */
  length?: number | 'chunked' | undefined;
}

function renderBody(status: number, body: Exclude<FaultBody, { kind: 'large' }> | undefined): { contentType: string | null; text: string } {
  const chosen = body ?? { kind: 'json', value: errorBody(STATUS_CODES[status] ?? 'Error', ERROR_CODES.internal) };
  switch (chosen.kind) {
    case 'json':
      return { contentType: 'application/json', text: JSON.stringify(chosen.value) };
    case 'html':
      return { contentType: 'text/html', text: chosen.html ?? proxyErrorPage(status) };
    case 'text':
      return { contentType: 'text/plain; charset=utf-8', text: chosen.text };
    case 'empty':
      return { contentType: null, text: '' };
  }
}

export function faultResponse(spec: Extract<FaultSpec, { kind: 'respond' }>): RawResponse {
  const extra = (headers: Record<string, string>): Record<string, string> => {
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  };
  if (spec.body?.kind === 'large') {
    const large = largeBody(spec.body, (message) => {
      throw new TypeError(`invalid fault: ${message}`);
    });
    const length = spec.body.contentLength === false ? 'chunked' : large.bytes;
    return { status: spec.status, headers: extra({ 'content-type': 'application/json' }), body: largePieces(large), length };
  }
  const { contentType, text } = renderBody(spec.status, spec.body);
  return { status: spec.status, headers: extra(contentType === null ? {} : { 'content-type': contentType }), body: text };
}
