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

function apiResponse(result: ApiResult): RawResponse {
  return {
    status: result.status,
    headers: { 'content-type': 'application/json', ...result.headers },
    body: JSON.stringify(result.body)
  };
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
      this.#send(request, response, apiResponse(run()), record);
      return;
    }
    // The request may reach the service even though its answer is lost or replaced.
    if (faultProcesses(fault)) run();
    if (fault.kind === 'respond') {
      this.#send(request, response, faultResponse(fault), record);
      return;
    }
    if (withholding(fault) === 'reset') {
      request.socket.resetAndDestroy();
      recorder.settle(record, 'reset');
    } else {
      recorder.settle(record, 'hung');
    }
  }

  #send(request: IncomingMessage, response: ServerResponse, raw: RawResponse, record: RecordedRequest): void {
    const headers = { ...raw.headers, 'content-length': String(Buffer.byteLength(raw.body)) };
    if (request.socket.destroyed) {
      this.#parts.recorder.settle(record, 'aborted');
      return;
    }
    record.responseBody = raw.body;
    record.responseHeaders = headers;
    response.writeHead(raw.status, headers);
    response.end(raw.body);
    this.#parts.recorder.settle(record, raw.status);
  }

  #internalError(response: ServerResponse, error: unknown): void {
    if (response.headersSent || response.destroyed) return;
    const message = error instanceof Error ? error.message : String(error);
    const body = JSON.stringify(errorBody(`emulator error: ${message}`, ERROR_CODES.internal));
    response.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  }
}
