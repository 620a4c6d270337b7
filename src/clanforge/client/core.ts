/**
 * The client's core: one way to send a request, one way to read a safe answer, and one
 * way to make a state-changing call (changeState, state-change.ts, with the no-duplicate
 * rule). The endpoint groups beside it (image-versions.ts, image-diffs.ts, …) only build
 * requests (requests.ts) and parse answers (wire/).
 *
 * A safe read (read) marks its failures `transient` when asking again later can help
 * (network trouble, 429, 5xx, 408); the wait loop decides when (polling/poll-loop.ts).
 * An answer is a failure when it says so (`success: false`, `error: true`, or a
 * non-empty `error_message`); a falsy-looking `error` ("0", "false", "") is not one.
 */
import { authorizationValue, credentialSecrets, type Credentials } from '../../settings/credentials.ts';
import { ClanforgeError } from '../errors.ts';
import { NOT_TLS, PRIVATE_CA_ADVICE, TransportError, type HttpResponse, type Transport } from '../http/transport.ts';
import { endpoint, shownQuery, v1AccountServiceId, type ApiRequest } from '../requests.ts';
import { bodyError, bodyFailed, parseBody, type Body } from '../wire/body.ts';
import {
  CLANFORGE_HOST,
  failure,
  MOVED_HOSTING_HINT,
  MOVED_HOSTING_TOKEN_HINT,
  nonJsonDetail,
  parseRetryAfter,
  statusLine,
  type AnswerContext
} from './answers.ts';
import { changeState, type StateChange } from './state-change.ts';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ClientOptions {
  apiUrl: URL;
  /** Clanforge keys (Basic) or a Multiplay API token (Bearer). */
  credentials: Credentials;
  /** Input accountserviceid: the v1 calls carry it where the dialect documents it (requests.ts), the v2 path always. */
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

export class ApiCore implements AnswerContext {
  readonly options: ClientOptions;
  readonly apiUrl: URL;
  readonly dialect: 'keys' | 'token';
  readonly accountServiceId: number | undefined;
  readonly v1Asid: number | undefined;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];

  constructor(options: ClientOptions) {
    this.options = options;
    this.apiUrl = options.apiUrl;
    this.dialect = options.credentials.kind;
    this.accountServiceId = options.accountServiceId;
    this.v1Asid = v1AccountServiceId({ kind: this.dialect, accountServiceId: options.accountServiceId });
    this.headers = {
      Authorization: authorizationValue(options.credentials),
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

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * The moved-hosting sentence, on the default host only: when it cannot be resolved (keys
   * or token, each worded for what it holds), or when it refuses keys (401, 410 Gone).
   */
  mayHaveMoved(why: 'unresolved' | 'refused'): string | undefined {
    if (this.apiUrl.hostname !== CLANFORGE_HOST) return undefined;
    if (this.dialect === 'keys') return MOVED_HOSTING_HINT;
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

  /** One request, as built by requests.ts; every answer is logged at debug level (secret parameters as ***). */
  async send(request: ApiRequest, timeoutMs?: number): Promise<HttpResponse> {
    const url = endpoint(this.apiUrl, request.path, request.query);
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
    const shown = shownQuery(request.query);
    this.options.log.debug(`GET ${url.pathname}${shown === '' ? '' : `?${shown}`} → HTTP ${response.status} in ${this.now() - started} ms`);
    return response;
  }

  /** A safe-to-repeat GET: transient failures are marked so the caller may ask again. */
  async read(request: ApiRequest, what: string, timeoutMs: number | undefined): Promise<Body> {
    let response: HttpResponse;
    try {
      response = await this.send(request, timeoutMs);
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
        `status request answered ${statusLine(response)}${said ? `: ${this.redact(said)}` : body ? '' : nonJsonDetail(this, response, wrongShape)}`,
        { status: response.status, transient: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()) }
      );
    }
    // A 2xx without a body threw above, so !body here means a non-2xx status.
    if (response.status < 200 || response.status >= 300 || !body || bodyFailed(body, false)) {
      // The v2 path names the account service in both dialects; a v1 call with a token does not.
      const asid = request.endpoint === 'image/rollout' ? this.accountServiceId : this.v1Asid;
      const notFound =
        response.status === 404
          ? asid !== undefined
            ? ` (not found for accountserviceid ${asid})`
            : ' (not found for the account the token scopes)'
          : '';
      throw failure(this, response, body, wrongShape, `${what}${notFound}`);
    }
    return body;
  }

  /** A state-changing GET under the no-duplicate rule (state-change.ts). */
  changeState(change: StateChange & { idField: string; idOptional?: false }): Promise<{ id: number; body: Body }>;
  changeState(change: StateChange): Promise<{ id: number | undefined; body: Body }>;
  changeState(change: StateChange): Promise<{ id: number | undefined; body: Body }> {
    return changeState(this, change);
  }
}
