/**
 * The Clanforge client: builds the two requests the action sends, turns answers
 * into typed results or into errors a person can act on, and applies the retry
 * rules, which differ by call:
 *
 * - imageversion/create is a GET that changes state. It is repeated only when the
 *   server surely did not process it: HTTP 429 or 503, or a connection that failed
 *   before anything was sent. Anything else after sending (a reset, a timeout, any
 *   other 5xx, an unreadable 2xx) means the outcome is unknown, and repeating could
 *   create a second version.
 * - imageversion/{id}/status is safe to repeat; the wait loop decides when, using
 *   `transient` on the errors thrown here.
 */
import { TransportError, type HttpResponse, type Transport } from './http.ts';
import { parseJob, toNumber, type Job } from './job.ts';
import { parseRollout, type Rollout } from './rollout.ts';
import { parseChanges, type DiffChanges } from './diff.ts';

export interface DiffStatus {
  job: Job;
  /** undefined when the answer did not list the changes. */
  changes: DiffChanges | undefined;
}

export const CREATE_MAX_ATTEMPTS = 3;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Longest Retry-After the create call honours before its next attempt. */
export const MAX_CREATE_RETRY_DELAY_MS = 30_000;

export interface CreateParams {
  diffId: number;
  restart: boolean;
  full: boolean | undefined;
  gameBuild: string | undefined;
  force: boolean;
  installAt: number | undefined;
  disableTimeout: number | undefined;
  disablePercentage: string | undefined;
}

export interface CreateResult {
  imageVersionId: number;
  job: Job;
}

export interface ClientOptions {
  apiUrl: URL;
  accessKey: string;
  secretKey: string;
  accountServiceId: number;
  transport: Transport;
  userAgent: string;
  requestTimeoutMs?: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: { debug(message: string): void; warning(message: string): void };
  now?: () => number;
  signal?: AbortSignal | undefined;
  /** More values that must never appear in messages (e.g. a build URL with storage keys). */
  extraSecrets?: string[];
}

/** A definite failure reported by, or on the way to, Clanforge. */
export class ClanforgeError extends Error {
  readonly status: number | undefined;
  /** Safe to ask again later (network trouble, 5xx, 429): only status polls use it. */
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { status?: number | undefined; transient?: boolean; retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ClanforgeError';
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The create request may or may not have been processed: never repeat it. */
export class OutcomeUnknownError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'OutcomeUnknownError';
  }
}

export function authorizationHeader(accessKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${accessKey}:${secretKey}`, 'utf8').toString('base64')}`;
}

export function endpoint(apiUrl: URL, path: string, query: URLSearchParams): URL {
  const url = new URL(apiUrl.href);
  url.pathname = `${apiUrl.pathname.replace(/\/+$/, '')}/cfp/${path}`;
  url.search = query.toString();
  return url;
}

/** Query of imageversion/create: restart and force always, the rest only when given. */
export function createQuery(accountServiceId: number, params: CreateParams): URLSearchParams {
  const q = new URLSearchParams();
  q.set('accountserviceid', String(accountServiceId));
  q.set('diffid', String(params.diffId));
  q.set('restart', params.restart ? '1' : '0');
  q.set('force', params.force ? '1' : '0');
  if (params.full !== undefined) q.set('full', params.full ? '1' : '0');
  if (params.gameBuild !== undefined) q.set('game_build', params.gameBuild);
  if (params.installAt !== undefined) q.set('install_at', String(params.installAt));
  if (params.disableTimeout !== undefined) q.set('disable_timeout', String(params.disableTimeout));
  if (params.disablePercentage !== undefined) q.set('disable_percentage', params.disablePercentage);
  return q;
}

/** Retry-After as delta seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** A short, single-line, printable excerpt of a body that is not the JSON we expect. */
export function excerpt(body: string, max = 200): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function statusLine(response: HttpResponse): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** What a person can do about a known error. */
export function hintFor(message: string, status: number | undefined, accountServiceId: number): string | undefined {
  const locked = /image locked by diffid:?\s*(\d+)/i.exec(message);
  if (locked) {
    const diff = locked[1];
    return `An earlier diff (${diff}) was neither accepted nor rejected and locks the image: reject it (GET /cfp/v1/imagediff/${diff}/reject?accountserviceid=${accountServiceId}) or create a version from it, then make a new diff.`;
  }
  if (/forbidden/i.test(message) || status === 401 || status === 403) {
    return `Check access_key and secret_key (Clanforge dashboard → Auth Keys) and that these keys have access to accountserviceid ${accountServiceId}.`;
  }
  if (/allocation/i.test(message)) {
    return 'The image has active allocations: retry when they end, or set force: true to install anyway.';
  }
  return undefined;
}

export type Body = Record<string, unknown>;

/** A GET that changes state (creates or rejects something) and must not run twice. */
export interface StateChange {
  path: string;
  query: URLSearchParams;
  /** Names the request in messages: 'create request'. */
  label: string;
  /** What failed, after 'Could not ': 'create the image version'. */
  what: string;
  /** What a definite failure means: 'No image version was created'. */
  nothingDone: string;
  /** The positive id the answer must carry, if any. */
  idField?: string;
  /** How to find out what happened when the outcome is unknown. */
  unknownAdvice: string;
}

/** Query parameters whose values are secrets: a build URL may embed storage keys. */
const SECRET_PARAMS = new Set(['url']);

function shownQuery(query: URLSearchParams): string {
  const shown = new URLSearchParams();
  for (const [name, value] of query) shown.append(name, SECRET_PARAMS.has(name) ? '***' : value);
  return shown.toString().replace(/=\*\*\*/g, '=***');
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The JSON object of a response, or undefined when the body is not one. */
function parseBody(response: HttpResponse): Body | undefined {
  try {
    const value: unknown = JSON.parse(response.body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

/** The body says the request failed (the API may do so with HTTP 200). */
function bodyFailed(body: Body): boolean {
  return body['success'] === false || body['error'] === true || (typeof body['error'] === 'string' && body['error'].trim() !== '');
}

/** The API's own error text: `error_message`, else `error` when it is a string. */
function bodyMessage(body: Body): string | undefined {
  for (const value of [body['error_message'], body['error']]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** What a failed answer says about itself, if anything. */
function bodyError(body: Body): string | undefined {
  const message = bodyMessage(body);
  if (message !== undefined) return message;
  return bodyFailed(body) ? 'the request failed (no error message given)' : undefined;
}

export class ClanforgeClient {
  private readonly options: ClientOptions;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];

  constructor(options: ClientOptions) {
    this.options = options;
    const authorization = authorizationHeader(options.accessKey, options.secretKey);
    this.headers = {
      Authorization: authorization,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': options.userAgent
    };
    // Longest first, so a key inside the token is not half-replaced.
    this.secrets = [authorization.slice('Basic '.length), options.secretKey, options.accessKey, ...(options.extraSecrets ?? [])]
      .filter((s) => s.length >= 3)
      .sort((a, b) => b.length - a.length);
  }

  /** Any text that came from outside, with the keys replaced: a proxy may echo headers back. */
  redact(text: string): string {
    return this.secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async send(path: string, query: URLSearchParams, timeoutMs?: number): Promise<HttpResponse> {
    const url = endpoint(this.options.apiUrl, path, query);
    const started = this.now();
    const response = await this.options.transport({
      url,
      headers: this.headers,
      timeoutMs: timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      signal: this.options.signal
    });
    this.options.log.debug(`GET ${url.pathname}?${shownQuery(query)} → HTTP ${response.status} in ${this.now() - started} ms`);
    return response;
  }

  async createImageVersion(params: CreateParams): Promise<CreateResult> {
    const body = await this.changeState({
      path: 'v1/imageversion/create',
      query: createQuery(this.options.accountServiceId, params),
      label: 'create request',
      what: 'create the image version',
      nothingDone: 'No image version was created',
      idField: 'imageversionid',
      unknownAdvice: this.unknownOutcomeAdvice(params.diffId)
    });
    return { imageVersionId: toNumber(body['imageversionid']) as number, job: parseJob(body) };
  }

  /**
   * One state-changing GET, under the no-duplicate rule: repeated only when it surely
   * was not processed (429/503, or no connection); otherwise its outcome is unknown.
   */
  async changeState(change: StateChange): Promise<Body> {
    const { label, nothingDone, unknownAdvice } = change;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.send(change.path, change.query);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const reason = this.redact(error.message);
        if (error.aborted && !error.sent) throw new ClanforgeError(`Cancelled before the ${label} was sent: ${lower(nothingDone)}.`, { cause: error });
        if (error.aborted) throw new OutcomeUnknownError(`Cancelled while the ${label} was under way. ${unknownAdvice}`, { cause: error });
        if (error.sent) {
          throw new OutcomeUnknownError(`The ${label} reached Clanforge but no answer came back (${reason}). ${unknownAdvice}`, { cause: error });
        }
        if (attempt < CREATE_MAX_ATTEMPTS) {
          const delay = 1000 * 2 ** (attempt - 1);
          this.options.log.warning(`Could not connect to Clanforge (${reason}); nothing was sent. Trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
          await this.pause(delay, change);
          continue;
        }
        throw new ClanforgeError(
          `Could not connect to Clanforge at ${this.options.apiUrl.origin} after ${attempt} attempts (${reason}). ${nothingDone}; the step can be re-run.`,
          { cause: error }
        );
      }

      if (response.status === 429 || response.status === 503) {
        const told = parseRetryAfter(response.headers['retry-after'], this.now());
        if (attempt < CREATE_MAX_ATTEMPTS) {
          const delay = Math.min(told ?? 2000 * attempt, MAX_CREATE_RETRY_DELAY_MS);
          this.options.log.warning(`Clanforge answered ${statusLine(response)}: the request was not processed. Trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
          await this.pause(delay, change);
          continue;
        }
        throw new ClanforgeError(
          `Clanforge answered ${statusLine(response)} to ${attempt} attempts: it is not accepting requests now. ${nothingDone}; re-run the step later.`,
          { status: response.status }
        );
      }

      const body = parseBody(response);
      if (response.status >= 500) {
        const said = body ? bodyError(body) : undefined;
        const detail = said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response);
        throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)}${detail} to the ${label}. ${unknownAdvice}`);
      }
      if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body))) {
        throw this.failure(response, body, change.what);
      }
      const id = body && change.idField ? toNumber(body[change.idField]) : 0;
      if (!body || id === undefined || !Number.isInteger(id) || id < 0 || (change.idField && id === 0)) {
        const what = body ? `no ${change.idField}` : `a body that is not JSON${this.nonJsonDetail(response)}`;
        throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)} with ${what}. ${unknownAdvice}`);
      }
      return body;
    }
  }

  /** imageupdate/create: pull a build from a URL onto the build machine. */
  async createImageUpdate(params: { imageId: number; machineId: number; desc: string; url: string }): Promise<{ updateId: number; job: Job }> {
    const query = this.query({ imageid: String(params.imageId), machineid: String(params.machineId), desc: params.desc, url: params.url });
    const body = await this.changeState({
      path: 'v1/imageupdate/create', query, label: 'image update request', what: 'start the image update',
      nothingDone: 'No image update was started', idField: 'updateid',
      unknownAdvice: `It may or may not have started an image update on machine ${params.machineId}, so it was not repeated. Check the image's update jobs in the Clanforge dashboard before re-running.`
    });
    return { updateId: toNumber(body['updateid']) as number, job: parseJob(body) };
  }

  async getImageUpdateStatus(updateId: number, timeoutMs?: number): Promise<Job> {
    return parseJob(await this.read(`v1/imageupdate/${updateId}/status`, this.query({}), `read the status of image update ${updateId}`, timeoutMs));
  }

  /** imagediff/create: compare the image's latest version with the files on the build machine. */
  async createImageDiff(params: { imageId: number; machineId: number }): Promise<{ diffId: number; job: Job }> {
    const query = this.query({ imageid: String(params.imageId), machineid: String(params.machineId) });
    const asid = this.options.accountServiceId;
    const body = await this.changeState({
      path: 'v1/imagediff/create', query, label: 'diff request', what: 'create the image diff',
      nothingDone: 'No image diff was created', idField: 'diffid',
      unknownAdvice: `It may or may not have created a diff of image ${params.imageId}, so it was not repeated. GET /cfp/v1/image/options?accountserviceid=${asid}&imageid=${params.imageId} names the diff that now locks the image, if any: reject it or create a version from it.`
    });
    return { diffId: toNumber(body['diffid']) as number, job: parseJob(body) };
  }

  /** imagediff/{id}/status with diff_info=1: the job and what changed. */
  async getImageDiffStatus(diffId: number, timeoutMs?: number): Promise<DiffStatus> {
    const body = await this.read(`v1/imagediff/${diffId}/status`, this.query({ diff_info: '1' }), `read the status of image diff ${diffId}`, timeoutMs);
    return { job: parseJob(body), changes: parseChanges(body) };
  }

  /** imagediff/{id}/reject with reinstall=0: unlocks the image; state-changing. */
  async rejectImageDiff(diffId: number): Promise<void> {
    await this.changeState({
      path: `v1/imagediff/${diffId}/reject`, query: this.query({ reinstall: '0' }), label: 'reject request', what: `reject image diff ${diffId}`,
      nothingDone: `Diff ${diffId} was not rejected`,
      unknownAdvice: `It may or may not have rejected diff ${diffId}, so it was not repeated. Check the image in the Clanforge dashboard.`
    });
  }

  /** The wait before a retry; a cancel there means the request was never repeated. */
  private async pause(ms: number, change: StateChange): Promise<void> {
    try {
      await this.options.sleep(ms, this.options.signal);
    } catch (error) {
      if (!this.options.signal?.aborted) throw error;
      throw new ClanforgeError(`Cancelled before the ${change.label} was tried again: ${lower(change.nothingDone)}.`, { cause: error });
    }
  }

  private query(params: Record<string, string>): URLSearchParams {
    return new URLSearchParams({ accountserviceid: String(this.options.accountServiceId), ...params });
  }

  /** One status request; errors say whether asking again is safe (`transient`). */
  async getImageVersionStatus(imageVersionId: number, timeoutMs?: number): Promise<Job> {
    const query = new URLSearchParams({ accountserviceid: String(this.options.accountServiceId) });
    const what = `read the status of image version ${imageVersionId}`;
    return parseJob(await this.read(`v1/imageversion/${imageVersionId}/status`, query, what, timeoutMs));
  }

  /** The image's rollout across fleets and regions (v2); same error rules as the job status. */
  async getRolloutStatus(imageId: number, timeoutMs?: number): Promise<Rollout> {
    const path = `v2/project/${this.options.accountServiceId}/image/${imageId}/status`;
    return parseRollout(await this.read(path, new URLSearchParams({ detail: 'true' }), `read the rollout status of image ${imageId}`, timeoutMs));
  }

  /** A safe-to-repeat GET: transient failures are marked so the caller may ask again. */
  private async read(path: string, query: URLSearchParams, what: string, timeoutMs: number | undefined): Promise<Body> {
    let response: HttpResponse;
    try {
      response = await this.send(path, query, timeoutMs);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      throw new ClanforgeError(`status request failed: ${this.redact(error.message)}`, { transient: !error.aborted, cause: error });
    }
    const body = parseBody(response);
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    if (transient || (response.status >= 200 && response.status < 300 && !body)) {
      const said = body ? bodyError(body) : undefined;
      throw new ClanforgeError(
        `status request answered ${statusLine(response)}${said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response)}`,
        { status: response.status, transient: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()) }
      );
    }
    if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body))) {
      const notFound = response.status === 404 ? ` (not found for accountserviceid ${this.options.accountServiceId})` : '';
      throw this.failure(response, body, `${what}${notFound}`);
    }
    return body as Body;
  }

  private failure(response: HttpResponse, body: Body | undefined, what: string): ClanforgeError {
    const said = body ? bodyError(body) : undefined;
    const message = said ? this.redact(said) : undefined;
    const hint = hintFor(message ?? '', response.status, this.options.accountServiceId);
    const detail = message ? `: ${message}` : body ? '' : this.nonJsonDetail(response);
    return new ClanforgeError(
      `Could not ${what}: Clanforge answered ${statusLine(response)}${detail}${hint ? `\n${hint}` : ''}`,
      { status: response.status }
    );
  }

  private nonJsonDetail(response: HttpResponse): string {
    const type = response.headers['content-type']?.split(';')[0]?.trim();
    const text = this.redact(excerpt(response.body));
    if (text === '') return ` (empty body${type ? `, ${type}` : ''})`;
    return ` (not JSON${type ? `, ${type}` : ''}: "${text}")`;
  }

  private unknownOutcomeAdvice(diffId: number): string {
    const asid = this.options.accountServiceId;
    return `It may or may not have created an image version, so it was not repeated (a second create could install twice). Before re-running, check in the Clanforge dashboard whether diff ${diffId} became a new image version, or ask GET /cfp/v1/image/options?accountserviceid=${asid}: while diff ${diffId} still locks the image, no version was created from it.`;
  }
}
