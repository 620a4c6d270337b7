// The HTTP side: one Node http server on 127.0.0.1 that records each request, applies
// faults, runs the pipeline and answers; close() ends every connection, hung ones too.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AnswerFieldStore } from './answer-fields.ts';
import { ERROR_CODES, errorBody } from './api-error.ts';
import { dispatch } from './dispatch.ts';
import type { DispatchConfig } from './dispatch.ts';
import { faultDelayMs, faultProcesses, faultResponse, withholding } from './faults.ts';
import type { FaultStore, RawResponse } from './faults.ts';
import { isLazy, jsonPieces } from './json-stream.ts';
import { QueryParams } from './params.ts';
import type { RequestRecorder } from './recorder.ts';
import type { ApiResult, Router } from './router.ts';
import type { Clock, RecordedRequest } from './types.ts';

export const EMULATOR_HOST = '127.0.0.1';

export interface ServerParts {
  clock: Clock;
  /** '' or a path such as `/proxy` the API is served under. */
  pathPrefix: string;
  router: Router;
  dispatch: DispatchConfig;
  faults: FaultStore;
  answerFields: AnswerFieldStore;
  recorder: RequestRecorder;
}

interface Target {
  path: string | null;
  search: URLSearchParams;
}

function parseTarget(target: string, prefix: string): Target {
  try {
    // A fixed origin keeps `//x` from being read as a host.
    const url = new URL(target.startsWith('/') ? `http://${EMULATOR_HOST}${target}` : target);
    const inPrefix = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    return { path: inPrefix ? url.pathname.slice(prefix.length) || '/' : null, search: url.searchParams };
  } catch {
    return { path: null, search: new URLSearchParams() };
  }
}

/** Resolves true once the whole request was read, false if the client went away first. */
function readFully(request: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    request.on('end', () => resolve(true));
    request.on('close', () => resolve(request.complete));
    request.on('error', () => resolve(false));
    request.resume();
  });
}

/**
 * Answers up to this many characters go out at once with Content-Length; a bigger one is
 * streamed as its pieces are made, chunked, so the emulator never holds it whole.
 */
export const STREAM_THRESHOLD = 1 << 20;
/** A streamed answer's recorded body (RecordedRequest.responseBody) keeps its first this many characters. */
export const RECORDED_BODY_LIMIT = 64 * 1024;
/** Pieces are gathered into writes of about this many characters. */
const WRITE_SIZE = 64 * 1024;

function apiResponse(result: ApiResult): RawResponse {
  return {
    status: result.status,
    headers: { 'content-type': 'application/json', ...result.headers },
    body: isLazy(result.body) ? jsonPieces(result.body) : JSON.stringify(result.body)
  };
}

/** The first pieces, up to just past `limit` characters; `done` when that was all of them. */
function gather(pieces: Iterator<string>, limit: number): { text: string; done: boolean } {
  const parts: string[] = [];
  let size = 0;
  while (size <= limit) {
    const next = pieces.next();
    if (next.done === true) return { text: parts.join(''), done: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { text: parts.join(''), done: false };
}

export class HttpFront {
  readonly server: Server;
  readonly #parts: ServerParts;
  readonly #sockets = new Set<Socket>();
  readonly #sleepers = new Set<() => void>();
  #closing: Promise<void> | null = null;

  constructor(parts: ServerParts) {
    this.#parts = parts;
    this.server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => this.#internalError(response, error));
    });
    this.server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ port, host: EMULATOR_HOST }, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const cancel of [...this.#sleepers]) cancel();
      this.server.close(() => resolve());
      // Hung and keep-alive sockets would otherwise hold close() (and a test) open.
      this.server.closeAllConnections();
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closing;
  }

  /** A real-time wait that close() cuts short (resolving false). */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.#sleepers.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.#sleepers.delete(cancel);
        resolve(true);
      }, ms);
      this.#sleepers.add(cancel);
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { clock, router, recorder, faults } = this.#parts;
    const url = request.url ?? '/';
    const target = parseTarget(url, this.#parts.pathPrefix);
    const match = target.path === null ? null : router.match(target.path);
    const route = match?.route.name ?? null;
    const query = new QueryParams(target.search);
    const record: RecordedRequest = {
      seq: recorder.requests.length + 1,
      method: request.method ?? 'GET',
      url,
      path: target.path ?? url.split('?', 1)[0] ?? url,
      route,
      routeRequest: recorder.countOnRoute(route),
      query: query.toRecord(),
      headers: request.headers,
      time: clock.now(),
      status: 'pending',
      fault: null,
      responseBody: null,
      responseBytes: null,
      responseTruncated: false,
      responseHeaders: {}
    };
    recorder.add(record);
    const fault = faults.match(route, record.routeRequest, record.seq);
    record.fault = fault?.kind ?? null;

    // Faults act only once the client has sent the whole request, as a server would.
    const delayMs = fault === undefined ? 0 : faultDelayMs(fault);
    if (!(await readFully(request)) || (delayMs > 0 && !(await this.#sleep(delayMs)))) {
      recorder.settle(record, 'aborted');
      return;
    }
    const run = (): ApiResult =>
      this.#parts.answerFields.apply(
        route,
        record.routeRequest,
        record.seq,
        dispatch(match, { method: record.method, query, headers: request.headers, now: clock.now() }, this.#parts.dispatch)
      );
    if (fault === undefined || fault.kind === 'delay') {
      await this.#send(request, response, apiResponse(run()), record);
      return;
    }
    // The request may reach the service even though its answer is lost or replaced.
    if (faultProcesses(fault)) run();
    if (fault.kind === 'respond') {
      await this.#send(request, response, faultResponse(fault), record);
      return;
    }
    if (withholding(fault) === 'reset') {
      request.socket.resetAndDestroy();
      recorder.settle(record, 'reset');
    } else {
      recorder.settle(record, 'hung');
    }
  }

  async #send(request: IncomingMessage, response: ServerResponse, raw: RawResponse, record: RecordedRequest): Promise<void> {
    if (request.socket.destroyed) {
      this.#parts.recorder.settle(record, 'aborted');
      return;
    }
    if (typeof raw.body === 'string') {
      this.#sendText(response, raw.status, raw.headers, raw.body, record);
      return;
    }
    const pieces = raw.body[Symbol.iterator]();
    let start = '';
    if (raw.length === undefined) {
      // Small answers keep their Content-Length; only a big one is streamed.
      const first = gather(pieces, STREAM_THRESHOLD);
      if (first.done) {
        this.#sendText(response, raw.status, raw.headers, first.text, record);
        return;
      }
      start = first.text;
    }
    const headers = typeof raw.length === 'number' ? { ...raw.headers, 'content-length': String(raw.length) } : { ...raw.headers };
    await this.#stream(response, raw.status, headers, start, pieces, record);
  }

  #sendText(response: ServerResponse, status: number, rawHeaders: Record<string, string>, body: string, record: RecordedRequest): void {
    const bytes = Buffer.byteLength(body);
    const headers = { ...rawHeaders, 'content-length': String(bytes) };
    record.responseBody = body;
    record.responseBytes = bytes;
    record.responseHeaders = headers;
    response.writeHead(status, headers);
    response.end(body);
    this.#parts.recorder.settle(record, status);
  }

  /**
   * Writes `start` and then the pieces as the socket takes them (waiting for 'drain'), so
   * the emulator holds about one write at a time. A client that goes away (or close())
   * ends the answer early: the request is recorded `aborted`.
   */
  async #stream(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    start: string,
    pieces: Iterator<string>,
    record: RecordedRequest
  ): Promise<void> {
    const { recorder } = this.#parts;
    Object.assign(record, { responseHeaders: headers, responseBody: '', responseBytes: 0 });
    const gone = (): boolean => response.destroyed || response.socket === null || response.socket.destroyed;
    let chars = 0;
    let kept = '';
    let bytes = 0;
    const write = async (text: string): Promise<boolean> => {
      chars += text.length;
      bytes += Buffer.byteLength(text);
      if (kept.length < RECORDED_BODY_LIMIT) kept += text.slice(0, RECORDED_BODY_LIMIT - kept.length);
      Object.assign(record, { responseBody: kept, responseBytes: bytes, responseTruncated: kept.length < chars });
      if (!response.write(text)) await this.#drained(response);
      return !gone();
    };
    response.writeHead(status, headers);
    try {
      if (start !== '' && !(await write(start))) {
        recorder.settle(record, 'aborted');
        return;
      }
      let chunk = '';
      for (let next = pieces.next(); next.done !== true; next = pieces.next()) {
        chunk += next.value;
        if (chunk.length < WRITE_SIZE) continue;
        const more = await write(chunk);
        chunk = '';
        if (!more) {
          recorder.settle(record, 'aborted');
          return;
        }
      }
      if (chunk !== '' && !(await write(chunk))) {
        recorder.settle(record, 'aborted');
        return;
      }
    } catch (error) {
      // Half an answer cannot be taken back: the connection is reset.
      response.socket?.resetAndDestroy();
      recorder.settle(record, 'reset');
      throw error;
    }
    response.end();
    recorder.settle(record, status);
  }

  /** Resolves once the response can take more, or is gone (client away, close()). */
  #drained(response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  }

  #internalError(response: ServerResponse, error: unknown): void {
    if (response.headersSent || response.destroyed) return;
    const message = error instanceof Error ? error.message : String(error);
    const body = JSON.stringify(errorBody(`emulator error: ${message}`, ERROR_CODES.internal));
    response.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  }
}
