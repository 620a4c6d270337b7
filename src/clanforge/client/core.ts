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
import { authorizationValue, type Credentials } from '../../settings/credentials.ts';
import { ClanforgeError } from '../errors.ts';
import { AnswerTooLarge, bufferedText, checkDeclaredSize, MAX_BODY_BYTES } from '../http/read-answer.ts';
import {
  NOT_TLS,
  PRIVATE_CA_ADVICE,
  TransportError,
  type AnswerReader,
  type HttpAnswer,
  type HttpResponse,
  type Transport
} from '../http/transport.ts';
import { AnswerRefused, type ListRead, type ListReading } from '../wire/list-reading.ts';
import type { ContainerKind } from '../wire/streaming-json.ts';
import { endpoint, shownQuery, v1AccountServiceId, type ApiRequest } from '../requests.ts';
import { bodyError, bodyFailed, parseBody, type Body } from '../wire/body.ts';
import {
  CLANFORGE_HOST,
  failure,
  MOVED_HOSTING_HINT,
  MOVED_HOSTING_TOKEN_HINT,
  nonJsonDetail,
  parseRetryAfter,
  shown,
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
  /**
   * Replaces every secret of the run (keys, token, the build URL's credentials, in every
   * form) in outside text: the run's one secrets list (main.ts), the one the runner's
   * guard uses too. A proxy or a server may echo a key back.
   */
  redact: (text: string) => string;
  /** The run's wait budget (wait_timeout): a state change's Retry-After longer than it is not waited for either. */
  waitBudgetMs?: number | undefined;
  /** A dry run: state-changing requests are recorded and answered by the plan instead of being sent. */
  plan?: StateChangePlan | undefined;
}

/**
 * Where a dry run's state-changing requests go instead of the network: the plan records
 * each and answers as the service would (a stand-in answer with a planned id, or the
 * refusal it can foresee), and the client reads that answer as it reads a real one.
 */
export interface StateChangePlan {
  answer(change: StateChange): Promise<HttpResponse>;
}

export class ApiCore implements AnswerContext {
  readonly options: ClientOptions;
  readonly apiUrl: URL;
  readonly dialect: 'keys' | 'token';
  readonly accountServiceId: number | undefined;
  readonly v1Asid: number | undefined;
  private readonly headers: Record<string, string>;

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
  }

  /** Any text that came from outside, with the run's secrets replaced: a proxy may echo headers back. */
  redact(text: string): string {
    return this.options.redact(text);
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
      tlsProblem: error.tlsProblem,
      cause: error
    });
  }

  /** One request, as built by requests.ts, its answer handed to `read`; every answer is logged at debug level (secret parameters as ***). */
  async send<T>(request: ApiRequest, read: AnswerReader<T>, timeoutMs?: number): Promise<T> {
    const url = endpoint(this.apiUrl, request.path, request.query);
    const started = this.now();
    let status = 0;
    const logged: AnswerReader<T> = (answer) => {
      status = answer.status;
      return read(answer);
    };
    try {
      return await this.options.transport(
        {
          url,
          headers: this.headers,
          timeoutMs: timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          signal: this.options.signal
        },
        logged
      );
    } catch (error) {
      throw error instanceof TransportError ? this.withMoveHint(error) : error;
    } finally {
      if (status !== 0) {
        const shown = shownQuery(request.query);
        this.options.log.debug(`GET ${url.pathname}${shown === '' ? '' : `?${shown}`} → HTTP ${status} in ${this.now() - started} ms`);
      }
    }
  }

  /** A safe-to-repeat GET of an answer without lists (job fields, an id), buffered: transient failures are marked so the caller may ask again. */
  async read(request: ApiRequest, what: string, timeoutMs: number | undefined): Promise<Body> {
    return this.decide(request, what, await this.attempt(request, what, timeoutMs, buffered));
  }

  /** A safe-to-repeat GET of an answer that lists things, read as it streams within the ceiling of its kind (wire/list-reading.ts). */
  async readList<T>(request: ApiRequest, what: string, timeoutMs: number | undefined, reading: ListReading<T>): Promise<T> {
    const read = reading.start();
    const listed = await this.attempt(request, what, timeoutMs, (answer) => streamed(answer, reading.limit, read));
    return read.finish(this.decide(request, what, listed), listed.streamed);
  }

  /** Sends a read and takes its answer; what cannot get better by asking again (too large, refused) fails for good. */
  private async attempt<A extends Answer>(
    request: ApiRequest,
    what: string,
    timeoutMs: number | undefined,
    reader: AnswerReader<A>
  ): Promise<A> {
    try {
      return await this.send(request, reader, timeoutMs);
    } catch (error) {
      if (error instanceof AnswerTooLarge || error instanceof AnswerRefused) throw this.refused(what, error);
      if (!(error instanceof TransportError)) throw error;
      const advice = error.tlsProblem?.startsWith(NOT_TLS) ? '' : ` ${PRIVATE_CA_ADVICE}`;
      const tls = error.tlsProblem !== undefined ? ` (${error.tlsProblem}; nothing was sent.${advice})` : '';
      throw new ClanforgeError(`${requestName(request)} failed: ${this.redact(error.message)}${tls}`, {
        transient: !error.aborted,
        cause: error
      });
    }
  }

  /** An answer refused as it arrived: too large for its kind, or holding more than the action keeps. Asking again would get the same. */
  private refused(what: string, error: AnswerTooLarge | AnswerRefused): ClanforgeError {
    const why = error instanceof AnswerTooLarge ? error.message : `it was refused: ${error.message}`;
    return new ClanforgeError(
      {
        happened: `Could not ${what}: ${why}, and asking again would get the same answer.`,
        remedy: `Clanforge does not send answers of this size for this request: check that api_url (${this.apiUrl.origin}) reaches the API, not a proxy or another service; if the account really holds that much, report it to Multiplay support.`
      },
      { cause: error }
    );
  }

  /** The body of a read's answer, or the failure it is: transient (5xx, 429, 408) or for good (a refusal, an unreadable complete answer). */
  private decide(request: ApiRequest, what: string, answer: Answer): Body {
    const { response, body, wrongShape } = answer;
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      const said = body ? bodyError(body) : undefined;
      throw new ClanforgeError(
        `${requestName(request)} answered ${statusLine(response)}${said ? `: ${this.redact(said)}` : body ? '' : nonJsonDetail(this, response, wrongShape)}`,
        { status: response.status, transient: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()) }
      );
    }
    if (response.status >= 200 && response.status < 300 && !body) {
      // A complete answer that is not the JSON object expected is the same when asked again.
      const detail =
        answer.fault !== undefined ? ` (${answer.fault}: "${shown(this, response.body)}")` : nonJsonDetail(this, response, wrongShape);
      throw new ClanforgeError(
        {
          happened: `Could not ${what}: Clanforge answered ${statusLine(response)} with a body the action cannot read${detail}.`,
          remedy: `A complete answer that is not the API's JSON does not change when asked again: check that api_url (${this.apiUrl.origin}) reaches the API, not a proxy or another service.`
        },
        { status: response.status }
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

/** An answer as a read takes it: the status, the JSON object (or what else the body was), and its text for messages. */
interface Answer {
  /** The status and headers; `body` is the text, or its start when the answer was streamed. */
  response: HttpResponse;
  body: Body | undefined;
  wrongShape: string | undefined;
  /** Why a streamed body is not JSON, when it is not. */
  fault?: string | undefined;
}

/** A streamed answer: which of the reading's list fields held a list, and which kind. */
interface Listed extends Answer {
  streamed: Readonly<Record<string, ContainerKind>>;
}

/** Job answers and error bodies: small, buffered as text within MAX_BODY_BYTES, then parsed. */
async function buffered(answer: HttpAnswer): Promise<Answer> {
  const response = await bufferedText(MAX_BODY_BYTES)(answer);
  return { response, ...parseBody(response) };
}

/**
 * A list answer read as it streams (wire/streaming-json.ts, loaded on first use), within
 * its kind's ceiling; an answer that is not a success is an error body, buffered.
 */
async function streamed<T>(answer: HttpAnswer, limit: number, read: ListRead<T>): Promise<Listed> {
  if (answer.status < 200 || answer.status >= 300) return { ...(await buffered(answer)), streamed: {} };
  checkDeclaredSize(answer, limit);
  const { readJsonAnswer, JsonAnswerError } = await import('../wire/streaming-json.ts');
  const head = (text: string): HttpResponse => ({
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
    body: text
  });
  try {
    const json = await readJsonAnswer(answer.body, { maxBytes: limit, members: read.members });
    return { response: head(json.head), body: json.body, wrongShape: json.wrongShape, streamed: json.streamed };
  } catch (error) {
    if (!(error instanceof JsonAnswerError)) throw error;
    if (error.reason === 'too-large') throw new AnswerTooLarge(limit, `more than ${limit} bytes`);
    return { response: head(error.head), body: undefined, wrongShape: undefined, fault: error.message, streamed: {} };
  }
}

/** How a read's failure names its request: every read is a status request but image/options. */
function requestName(request: ApiRequest): string {
  return request.endpoint === 'image/options' ? 'image/options request' : 'status request';
}
