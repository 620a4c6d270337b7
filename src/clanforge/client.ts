/**
 * The Clanforge client: builds the two requests the action sends, turns answers
 * into typed results or into errors a person can act on, and applies the retry
 * rules, which differ by call:
 *
 * - imageversion/create is a GET that changes state. It is repeated only when the
 *   server surely did not process it: HTTP 429 or 503 whose body names no id, or a connection that failed
 *   before anything was sent. Anything else after sending (a reset, a timeout, any
 *   other 5xx, an unreadable 2xx) means the outcome is unknown, and repeating could
 *   create a second version.
 * - imageversion/{id}/status is safe to repeat; the wait loop decides when, using
 *   `isTransient` (errors.ts) on the errors thrown here.
 *
 * An answer is a failure when it says so (`success: false`, `error: true`, or a
 * non-empty `error_message`); a falsy-looking `error` ("0", "false", "") is not one.
 * Redirects are never followed: after a state-changing call, any 3xx means the outcome
 * is unknown (303 is by definition the answer to a processed request).
 */
import { ClanforgeError, ImageLockedError, OutcomeUnknownError, UpdateLockedError } from './errors.ts';
import { MAX_BODY_BYTES, NOT_TLS, PRIVATE_CA_ADVICE, TransportError, type HttpResponse, type Transport } from './http/transport.ts';
import { authorizationValue, credentialSecrets, type Credentials } from '../settings/credentials.ts';
import {
  asidQuery,
  diffCreateRequest,
  diffRejectRequest,
  endpoint,
  imageOptionsRequest,
  SECRET_PARAMS,
  shownQuery,
  updateCreateRequest,
  versionCreateRequest,
  withAsid,
  type CreateParams
} from './requests.ts';
import { bodyError, bodyFailed, excerpt, parseBody, present, rawField, type Body } from './wire/body.ts';
import { parseChanges, type DiffChanges } from './wire/diff.ts';
import { lockFromMessage, parseImageOptions, type ImageLock, type ImageOptions } from './wire/image-options.ts';
import { parseInstalls, type Installs } from './wire/installs.ts';
import { parseJob, type Job } from './wire/job.ts';
import { parseRollout, type Rollout } from './wire/rollout.ts';
import { isObject, toId } from './wire/values.ts';

export interface DiffStatus {
  job: Job;
  /** undefined when the answer did not list the changes. */
  changes: DiffChanges | undefined;
}

export const CREATE_MAX_ATTEMPTS = 3;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * Longest Retry-After a state-changing call honours before its next attempt. A server
 * that asks for longer is not waited for silently: the step fails at once, saying how
 * long the server asked to wait, and that nothing was created.
 */
export const MAX_CREATE_RETRY_DELAY_MS = 120_000;

export interface CreateResult {
  imageVersionId: number;
  job: Job;
}

export interface ClientOptions {
  apiUrl: URL;
  /** Clanforge keys (Basic) or a Multiplay API token (Bearer). */
  credentials: Credentials;
  /** Sent on every v1 call when defined; with a token it may be left out (the token scopes the account). */
  accountServiceId: number | undefined;
  transport: Transport;
  userAgent: string;
  requestTimeoutMs?: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: { debug(message: string): void; warning(message: string): void };
  now?: () => number;
  signal?: AbortSignal | undefined;
  /** More values that must never appear in messages (e.g. a build URL with storage keys). */
  extraSecrets?: string[];
  /** The run's wait budget (wait_timeout): a state change's Retry-After longer than it is not waited for either. */
  waitBudgetMs?: number | undefined;
}

/** Retry-After as delta seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function statusLine(response: HttpResponse): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** The Clanforge host, api_url's default: the hosting Unity ran until 31 March 2026. */
export const CLANFORGE_HOST = 'api.multiplay.co.uk';

/** Said when the default host is gone or refuses keys: the one sentence about the successor. */
export const MOVED_HOSTING_HINT =
  "Accounts moved off Unity's hosting may need api_url: https://api.multiplay.dev and a Multiplay API token (input token) instead of access_key and secret_key.";

/** The same sentence for a token holder, when the default host cannot be resolved. */
export const MOVED_HOSTING_TOKEN_HINT =
  "Accounts moved off Unity's hosting may need api_url: https://api.multiplay.dev, the successor's API, which takes the Multiplay API token.";

/** What a person can do about a known error; lock: what the message says locks the image. */
export function hintFor(
  message: string,
  status: number | undefined,
  accountServiceId: number | undefined,
  lock: ImageLock | undefined,
  auth: Credentials['kind'] = 'keys'
): string | undefined {
  const asid = asidQuery(accountServiceId);
  const lockingDiff = lock?.diffId;
  if (lockingDiff !== undefined) {
    return `An earlier diff (${lockingDiff}) was neither accepted nor rejected and locks the image: reject it (GET /cfp/v1/imagediff/${lockingDiff}/reject${asid}) or create a version from it, then make a new diff.`;
  }
  const lockingUpdate = lock?.updateId;
  if (lockingUpdate !== undefined) {
    return `Image update ${lockingUpdate} is still running and locks the image: wait for it to end (GET /cfp/v1/imageupdate/${lockingUpdate}/status${asid}), then re-run.`;
  }
  if (/forbidden|unauthori[sz]ed/i.test(message) || status === 401 || status === 403) {
    if (auth === 'token') {
      return `Check token (a Multiplay API token, sent as Authorization: Bearer)${accountServiceId !== undefined ? ` and that it has access to accountserviceid ${accountServiceId}` : ''}, and that api_url is the API that issued it.`;
    }
    return `Check access_key and secret_key (Clanforge dashboard → Auth Keys) and that these keys have access to accountserviceid ${accountServiceId ?? '(not given)'}.`;
  }
  if (/allocation/i.test(message)) {
    return 'The image has active allocations: retry when they end, or set force: true to install anyway.';
  }
  return undefined;
}

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
  /** What an id in an answer read as a failure means: 'an image version with id 4242 may exist …'. */
  mayExist?: (id: string) => string;
  /** How to find out what happened when the outcome is unknown. */
  unknownAdvice: string;
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export class ClanforgeClient {
  private readonly options: ClientOptions;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];

  constructor(options: ClientOptions) {
    this.options = options;
    const authorization = authorizationValue(options.credentials);
    this.headers = {
      Authorization: authorization,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': options.userAgent
    };
    // Every non-empty secret, however short; longest first, so a key inside the token is not half-replaced.
    this.secrets = [...new Set([...credentialSecrets(options.credentials), ...(options.extraSecrets ?? [])])]
      .filter((s) => s.length > 0)
      .sort((a, b) => b.length - a.length);
  }

  /** Any text that came from outside, with the keys replaced: a proxy may echo headers back. */
  redact(text: string): string {
    return this.secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * The moved-hosting sentence, on the default host only: when it cannot be resolved (keys
   * or token, each worded for what it holds), or when it refuses keys (401, 410 Gone).
   */
  private mayHaveMoved(why: 'unresolved' | 'refused'): string | undefined {
    if (this.options.apiUrl.hostname !== CLANFORGE_HOST) return undefined;
    if (this.options.credentials.kind === 'keys') return MOVED_HOSTING_HINT;
    return why === 'unresolved' ? MOVED_HOSTING_TOKEN_HINT : undefined;
  }

  /** A TransportError with the moved-hosting sentence when the default host cannot be resolved. */
  private withMoveHint(error: TransportError): TransportError {
    const hint = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL'].includes(error.code ?? '') ? this.mayHaveMoved('unresolved') : undefined;
    if (hint === undefined) return error;
    return new TransportError(`${error.message}. ${hint}`, {
      sent: error.sent,
      code: error.code,
      timedOut: error.timedOut,
      aborted: error.aborted,
      tooLarge: error.tooLarge,
      tlsProblem: error.tlsProblem,
      cause: error
    });
  }

  private async send(path: string, query: URLSearchParams, timeoutMs?: number): Promise<HttpResponse> {
    const url = endpoint(this.options.apiUrl, path, query);
    const started = this.now();
    let response: HttpResponse;
    try {
      response = await this.options.transport({
        url,
        headers: this.headers,
        timeoutMs: timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        signal: this.options.signal
      });
    } catch (error) {
      throw error instanceof TransportError ? this.withMoveHint(error) : error;
    }
    const shown = shownQuery(query);
    this.options.log.debug(`GET ${url.pathname}${shown === '' ? '' : `?${shown}`} → HTTP ${response.status} in ${this.now() - started} ms`);
    return response;
  }

  async createImageVersion(params: CreateParams): Promise<CreateResult> {
    const asid = asidQuery(this.options.accountServiceId);
    const unknownAdvice = this.unknownOutcomeAdvice(params.diffId);
    const { id, body } = await this.changeState({
      ...versionCreateRequest(this.options.accountServiceId, params),
      label: 'create request',
      what: 'create the image version',
      nothingDone: 'No image version was created',
      idField: 'imageversionid',
      mayExist: (id) =>
        `The answer also carries imageversionid ${id}: an image version with that id may exist, so re-running could install twice. Check it first (GET /cfp/v1/imageversion/${id}/status${asid}, or the Clanforge dashboard).`,
      unknownAdvice
    }).catch((error: unknown) => {
      if (!(error instanceof OutcomeUnknownError)) throw error;
      // The outcome check says what to do instead of the advice: keep what happened apart.
      throw new OutcomeUnknownError(error.message, {
        cause: error.cause,
        checkable: error.checkable,
        happened: error.message.replace(unknownAdvice, '').replace(/\s+/g, ' ').trim()
      });
    });
    return { imageVersionId: id, job: parseJob(body) };
  }

  /**
   * One state-changing GET, under the no-duplicate rule: repeated only when it surely
   * was not processed (429/503, or no connection); otherwise its outcome is unknown.
   */
  async changeState(change: StateChange & { idField: string }): Promise<{ id: number; body: Body }>;
  async changeState(change: StateChange): Promise<{ id: number | undefined; body: Body }>;
  async changeState(change: StateChange): Promise<{ id: number | undefined; body: Body }> {
    for (let attempt = 1; ; attempt++) {
      const sent = await this.attemptChange(change, attempt);
      if ('response' in sent) return this.changeAnswer(sent.response, change);
      await this.pause(sent.retryInMs, change);
    }
  }

  /** One attempt: an answer to read, or how long to wait before a repeat that is surely safe. */
  private async attemptChange(change: StateChange, attempt: number): Promise<{ response: HttpResponse } | { retryInMs: number }> {
    let response: HttpResponse;
    try {
      response = await this.send(change.path, change.query);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return { retryInMs: this.unsentChange(error, change, attempt) };
    }
    // A busy answer that still names an id may have been processed after all: never repeated, read as an answer.
    if ((response.status === 429 || response.status === 503) && this.mayExistNote(response, parseBody(response).body, change) === '')
      return { retryInMs: this.unprocessedChange(response, change, attempt) };
    return { response };
  }

  /** No answer: throws unless the request surely never left, then warns and returns the delay before the repeat. */
  private unsentChange(error: TransportError, change: StateChange, attempt: number): number {
    const { label, nothingDone, unknownAdvice } = change;
    const reason = this.redact(error.message);
    if (error.aborted && !error.sent)
      throw new ClanforgeError(`Cancelled before the ${label} was sent: ${lower(nothingDone)}.`, { cause: error });
    if (error.aborted) throw new OutcomeUnknownError(`Cancelled while the ${label} was under way. ${unknownAdvice}`, { cause: error });
    if (error.tooLarge) {
      throw new OutcomeUnknownError(
        `The ${label} was sent, but the answer was larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB and was not read (${error.tooLargeSize ?? reason}). ${unknownAdvice}`,
        { cause: error }
      );
    }
    if (error.sent) {
      throw new OutcomeUnknownError(`The ${label} reached Clanforge but no answer came back (${reason}). ${unknownAdvice}`, {
        cause: error,
        checkable: true
      });
    }
    if (error.tlsProblem !== undefined) {
      // A certificate (or a wrong port) does not fix itself between attempts: say what is wrong at once.
      const fix = error.tlsProblem.startsWith(NOT_TLS)
        ? 'once api_url names the https:// address and port the API serves TLS on.'
        : `once the certificate is trusted. ${PRIVATE_CA_ADVICE}`;
      throw new ClanforgeError(
        `Could not connect to Clanforge at ${this.options.apiUrl.origin}: ${error.tlsProblem}. The TLS handshake failed, so the ${label} was never sent: ${lower(nothingDone)}, and the step is safe to re-run ${fix}`,
        { cause: error }
      );
    }
    if (attempt >= CREATE_MAX_ATTEMPTS) {
      throw new ClanforgeError(
        `Could not connect to Clanforge at ${this.options.apiUrl.origin} after ${attempt} attempts (${reason}). ${nothingDone}; the step can be re-run.`,
        { cause: error }
      );
    }
    const delay = 1000 * 2 ** (attempt - 1);
    this.options.log.warning(
      `Could not connect to Clanforge (${reason}); nothing was sent. Trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`
    );
    return delay;
  }

  /** 429/503 (not processed): throws when out of attempts or told to wait too long, else warns and returns the delay. */
  private unprocessedChange(response: HttpResponse, change: StateChange, attempt: number): number {
    const told = parseRetryAfter(response.headers['retry-after'], this.now());
    // Honoured up to 120 s and never beyond the wait budget; the message names the bound that stood in the way.
    const budget = this.options.waitBudgetMs ?? MAX_CREATE_RETRY_DELAY_MS;
    if (told !== undefined && told > Math.min(MAX_CREATE_RETRY_DELAY_MS, budget)) {
      const seconds = Math.ceil(told / 1000);
      const repeating = `repeating ${/^[aeiou]/i.test(change.label) ? 'an' : 'a'} ${change.label}`;
      const byBudget = told <= MAX_CREATE_RETRY_DELAY_MS;
      const bound = byBudget
        ? `longer than wait_timeout (${Math.floor(budget / 1000)} s), the most the action waits before ${repeating}`
        : `longer than the ${MAX_CREATE_RETRY_DELAY_MS / 1000} s the action waits before ${repeating}`;
      const rerun = `re-run the step in ${seconds} s or later${byBudget ? `, or with a wait_timeout of ${seconds} s or more` : ''}`;
      throw new ClanforgeError(
        `Clanforge answered ${statusLine(response)}: the request was not processed, and the server asked to wait ${seconds} s before trying again (Retry-After), ${bound}. ${change.nothingDone}; ${rerun}.`,
        { status: response.status, retryAfterMs: told }
      );
    }
    if (attempt >= CREATE_MAX_ATTEMPTS) {
      throw new ClanforgeError(
        `Clanforge answered ${statusLine(response)} to ${attempt} attempts: it is not accepting requests now. ${change.nothingDone}; re-run the step later.`,
        { status: response.status }
      );
    }
    const delay = told ?? 2000 * attempt;
    this.options.log.warning(
      `Clanforge answered ${statusLine(response)}: the request was not processed. Trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`
    );
    return delay;
  }

  /** The answer to a state change that may have been processed: never repeated, so anything unclear is an unknown outcome. */
  private changeAnswer(response: HttpResponse, change: StateChange): { id: number | undefined; body: Body } {
    const { label, unknownAdvice } = change;
    if (response.status >= 300 && response.status < 400) {
      // Never followed: the redirect may come after the request was processed.
      const moved = response.status === 301 || response.status === 308 ? ' If the API moved, set api_url to its new address.' : '';
      // A redirect's body may name what was made: said, like any answer not read as a success.
      const idNote = this.mayExistNote(response, parseBody(response).body, change);
      throw new OutcomeUnknownError(
        `Clanforge answered ${statusLine(response)} ${this.locationDetail(response)} to the ${label}. A redirect can be the answer to a processed request (303 See Other means exactly that), and the action does not follow redirects of calls that change state.${idNote} ${unknownAdvice}${moved}`
      );
    }
    const { body, wrongShape } = parseBody(response);
    const idNote = this.mayExistNote(response, body, change);
    if (response.status >= 500 || ((response.status === 429 || response.status === 503) && idNote)) {
      const said = body ? bodyError(body) : undefined;
      const detail = said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response, wrongShape);
      // Only reached by a 429/503 that carries an id: such an answer is not surely unprocessed.
      const busy =
        response.status === 429 || response.status === 503
          ? ` This status usually means the request was not processed, but the answer carries an id, so it was not taken as unprocessed.`
          : '';
      throw new OutcomeUnknownError(
        `Clanforge answered ${statusLine(response)}${detail} to the ${label}.${busy}${idNote} ${unknownAdvice}`,
        {
          checkable: true
        }
      );
    }
    if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body, true))) {
      const failure = this.failure(response, body, wrongShape, change.what);
      // A failure that names an id: that thing may exist after all.
      if (idNote) throw new OutcomeUnknownError(`${failure.message}\n${idNote.trim()}`, { cause: failure });
      throw failure;
    }
    if (!body) {
      const what = wrongShape
        ? `JSON of the wrong shape (${wrongShape} where an object was expected${this.excerptOf(response)})`
        : `a body that is not JSON${this.nonJsonDetail(response, undefined)}`;
      throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)} with ${what}. ${unknownAdvice}`);
    }
    return { id: change.idField === undefined ? undefined : this.changedId(response, body, change.idField, unknownAdvice), body };
  }

  /** ' An image version with id … may exist …' when an answer that is not a success still names an id; else ''. */
  private mayExistNote(response: HttpResponse, body: Body | undefined, change: StateChange): string {
    const { idField, mayExist } = change;
    if (!body || !idField || !mayExist || !present(body, idField)) return '';
    const value = body[idField];
    return ` ${mayExist(String(toId(value) ?? this.redact(rawField(response.body, idField) ?? String(value))))}`;
  }

  /** The id a successful answer must carry, exactly: never guessed. */
  private changedId(response: HttpResponse, body: Body, idField: string, unknownAdvice: string): number {
    const raw = body[idField];
    if (raw === undefined || raw === null || raw === '') {
      throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)} with no ${idField}. ${unknownAdvice}`);
    }
    const id = toId(raw);
    if (id === undefined) {
      const shown = this.redact(rawField(response.body, idField) ?? JSON.stringify(raw));
      throw new OutcomeUnknownError(
        `Clanforge answered ${statusLine(response)} with ${idField} ${shown}, which is not a positive whole number the action can hold exactly (at most ${Number.MAX_SAFE_INTEGER}), so it cannot tell which one was made and does not guess. ${unknownAdvice}`
      );
    }
    return id;
  }

  /** imageupdate/create: pull a build from a URL onto the build machine. */
  /** url undefined: left out, so Clanforge uses the image's default update URL. */
  async createImageUpdate(params: {
    imageId: number;
    machineId: number;
    desc: string;
    url: string | undefined;
  }): Promise<{ updateId: number; job: Job }> {
    const asid = asidQuery(this.options.accountServiceId);
    const { id, body } = await this.changeState({
      ...updateCreateRequest(this.options.accountServiceId, params),
      label: 'image update request',
      what: 'start the image update',
      nothingDone: 'No image update was started',
      idField: 'updateid',
      mayExist: (id) =>
        `The answer also carries updateid ${id}: an image update with that id may have started. Check it (GET /cfp/v1/imageupdate/${id}/status${asid}) before re-running.`,
      unknownAdvice: `It may or may not have started an image update on machine ${params.machineId}, so it was not repeated. Check the image's update jobs in the Clanforge dashboard before re-running.`
    });
    return { updateId: id, job: parseJob(body) };
  }

  async getImageUpdateStatus(updateId: number, timeoutMs?: number): Promise<Job> {
    return parseJob(
      await this.read(`v1/imageupdate/${updateId}/status`, this.query({}), `read the status of image update ${updateId}`, timeoutMs)
    );
  }

  /** imagediff/create: compare the image's latest version with the files on the build machine. */
  async createImageDiff(params: { imageId: number; machineId: number }): Promise<{ diffId: number; job: Job }> {
    const asid = asidQuery(this.options.accountServiceId);
    const andImage = asid === '' ? '?' : `${asid}&`;
    const { id, body } = await this.changeState({
      ...diffCreateRequest(this.options.accountServiceId, params),
      label: 'diff request',
      what: 'create the image diff',
      nothingDone: 'No image diff was created',
      idField: 'diffid',
      mayExist: (id) =>
        `The answer also carries diffid ${id}: a diff with that id may exist and lock the image. Check it (GET /cfp/v1/imagediff/${id}/status${asid}) and reject it or create a version from it before re-running.`,
      unknownAdvice: `It may or may not have created a diff of image ${params.imageId}, so it was not repeated. GET /cfp/v1/image/options${andImage}imageid=${params.imageId} names the diff that now locks the image, if any: reject it or create a version from it.`
    });
    return { diffId: id, job: parseJob(body) };
  }

  /** imagediff/{id}/status with diff_info=1: the job and what changed. */
  async getImageDiffStatus(diffId: number, timeoutMs?: number): Promise<DiffStatus> {
    const body = await this.read(
      `v1/imagediff/${diffId}/status`,
      this.query({ diff_info: '1' }),
      `read the status of image diff ${diffId}`,
      timeoutMs
    );
    return { job: parseJob(body), changes: parseChanges(body) };
  }

  /** image/options for one image: what locks it. Safe to repeat. */
  async getImageOptions(imageId: number, timeoutMs?: number): Promise<ImageOptions> {
    const { path, query } = imageOptionsRequest(this.options.accountServiceId, imageId);
    return parseImageOptions(await this.read(path, query, `read the options of image ${imageId}`, timeoutMs), imageId);
  }

  /** imagediff/{id}/reject with reinstall=0: unlocks the image; state-changing. */
  async rejectImageDiff(diffId: number): Promise<void> {
    await this.changeState({
      ...diffRejectRequest(this.options.accountServiceId, diffId),
      label: 'reject request',
      what: `reject image diff ${diffId}`,
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

  /** accountserviceid first when known (a token may leave it out), then the call's own parameters. */
  private query(params: Record<string, string>): URLSearchParams {
    return withAsid(this.options.accountServiceId, params);
  }

  /** One status request; errors say whether asking again is safe (`transient`). */
  async getImageVersionStatus(imageVersionId: number, timeoutMs?: number): Promise<Job> {
    const what = `read the status of image version ${imageVersionId}`;
    return parseJob(await this.read(`v1/imageversion/${imageVersionId}/status`, this.query({}), what, timeoutMs));
  }

  /** imageinstall/status: the account's incomplete install jobs (safe to repeat). */
  async getInstalls(timeoutMs?: number): Promise<Installs> {
    return parseInstalls(
      await this.read('v1/imageinstall/status', this.query({}), 'read the install jobs (imageinstall/status)', timeoutMs)
    );
  }

  /** The image a diff belongs to (imagediff status with diff_info=1), when the answer names it. */
  async getDiffImageId(diffId: number, timeoutMs?: number): Promise<number | undefined> {
    const body = await this.read(
      `v1/imagediff/${diffId}/status`,
      this.query({ diff_info: '1' }),
      `read the status of image diff ${diffId}`,
      timeoutMs
    );
    const image = body['image'];
    return toId(body['imageid']) ?? (isObject(image) ? toId(image['imageid'] ?? image['id']) : undefined);
  }

  /** The image's rollout across fleets and regions (v2); same error rules as the job status. */
  async getRolloutStatus(accountServiceId: number, imageId: number, timeoutMs?: number): Promise<Rollout> {
    // The v2 path names the account service in both dialects.
    const path = `v2/project/${accountServiceId}/image/${imageId}/status`;
    return parseRollout(
      await this.read(path, new URLSearchParams({ detail: 'true' }), `read the rollout status of image ${imageId}`, timeoutMs)
    );
  }

  /** A safe-to-repeat GET: transient failures are marked so the caller may ask again. */
  private async read(path: string, query: URLSearchParams, what: string, timeoutMs: number | undefined): Promise<Body> {
    let response: HttpResponse;
    try {
      response = await this.send(path, query, timeoutMs);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const advice = error.tlsProblem?.startsWith(NOT_TLS) ? '' : ` ${PRIVATE_CA_ADVICE}`;
      const tls = error.tlsProblem !== undefined ? ` (${error.tlsProblem}; nothing was sent.${advice})` : '';
      throw new ClanforgeError(`status request failed: ${this.redact(error.message)}${tls}`, { transient: !error.aborted, cause: error });
    }
    const { body, wrongShape } = parseBody(response);
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    if (transient || (response.status >= 200 && response.status < 300 && !body)) {
      const said = body ? bodyError(body) : undefined;
      throw new ClanforgeError(
        `status request answered ${statusLine(response)}${said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response, wrongShape)}`,
        { status: response.status, transient: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()) }
      );
    }
    // A 2xx without a body threw above, so !body here means a non-2xx status.
    if (response.status < 200 || response.status >= 300 || !body || bodyFailed(body, false)) {
      const asid = this.options.accountServiceId;
      const notFound =
        response.status === 404
          ? asid !== undefined
            ? ` (not found for accountserviceid ${asid})`
            : ' (not found for the account the token scopes)'
          : '';
      throw this.failure(response, body, wrongShape, `${what}${notFound}`);
    }
    return body;
  }

  private failure(response: HttpResponse, body: Body | undefined, wrongShape: string | undefined, what: string): ClanforgeError {
    const said = body ? bodyError(body) : undefined;
    const message = said ? this.redact(said) : undefined;
    // The one reading of the lock the message names: the hint and the error's ids both come from it.
    const lock = lockFromMessage(message ?? '');
    const hint = hintFor(message ?? '', response.status, this.options.accountServiceId, lock, this.options.credentials.kind);
    // The default host refusing keys (401, or 410 Gone): the account may have moved to the successor.
    const refused = response.status === 401 || response.status === 410 ? this.mayHaveMoved('refused') : undefined;
    const redirect =
      response.status >= 300 && response.status < 400 ? ` ${this.locationDetail(response)} (redirects are not followed)` : '';
    const detail = message ? `: ${message}` : body ? '' : redirect || this.nonJsonDetail(response, wrongShape);
    // What to do next follows on its own line(s), and is carried apart as the error's remedy.
    const remedy = [hint, refused].filter((line) => line !== undefined).join('\n') || undefined;
    const text = `Could not ${what}: Clanforge answered ${statusLine(response)}${detail}${remedy !== undefined ? `\n${remedy}` : ''}`;
    const options = { status: response.status, remedy };
    if (lock?.diffId !== undefined) return new ImageLockedError(text, lock.diffId, options);
    if (lock?.updateId !== undefined) return new UpdateLockedError(text, lock.updateId, options);
    return new ClanforgeError(text, options);
  }

  /** A body that is not the JSON object expected, described: empty, not JSON, or JSON of the wrong shape. */
  private nonJsonDetail(response: HttpResponse, wrongShape: string | undefined): string {
    const type = response.headers['content-type']?.split(';')[0]?.trim();
    const text = this.shown(response.body);
    if (text === '') return ` (empty body${type ? `, ${type}` : ''})`;
    if (wrongShape) return ` (JSON of the wrong shape: ${wrongShape} where an object was expected${type ? `, ${type}` : ''}: "${text}")`;
    return ` (not JSON${type ? `, ${type}` : ''}: "${text}")`;
  }

  /** Outside text as an excerpt without secrets: redacted before it is cut, so no part of a key survives the cut. */
  private shown(text: string, max?: number): string {
    return this.redact(excerpt(this.redact(text), max));
  }

  private excerptOf(response: HttpResponse): string {
    const text = this.shown(response.body);
    return text === '' ? '' : `: "${text}"`;
  }

  /** `(Location: https://…)` with credentials and secrets removed, or `(no Location header)`. */
  private locationDetail(response: HttpResponse): string {
    const location = response.headers['location'];
    if (location === undefined || location.trim() === '') return '(no Location header)';
    let shown = location.trim();
    try {
      const url = new URL(shown, this.options.apiUrl);
      url.username = '';
      url.password = '';
      const query = new URLSearchParams(url.search);
      if ([...query.keys()].some((name) => SECRET_PARAMS.has(name))) url.search = shownQuery(query);
      shown = url.href;
    } catch {
      // Not a URL: shown as an excerpt.
    }
    return `(Location: ${this.shown(shown, 300)})`;
  }

  private unknownOutcomeAdvice(diffId: number): string {
    const asid = asidQuery(this.options.accountServiceId);
    return `It may or may not have created an image version, so it was not repeated (a second create could install twice). Before re-running, check in the Clanforge dashboard whether diff ${diffId} became a new image version, or ask GET /cfp/v1/image/options${asid}: while diff ${diffId} still locks the image, no version was created from it.`;
  }
}
