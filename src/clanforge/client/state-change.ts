/**
 * The no-duplicate rule of every GET that changes state (imageversion/create,
 * imageupdate/create, imagediff/create, imagediff/{id}/reject): it is repeated only when
 * the server surely did not process it — HTTP 429 or 503 whose body names no id, or a
 * connection that failed before anything was sent. Anything else after sending (a reset,
 * a timeout, any other 5xx, an unreadable 2xx, any redirect) leaves the outcome unknown,
 * and repeating could create a second version (303 See Other is by definition the
 * answer to a processed request, so no redirect is followed).
 */
import { ClanforgeError, OutcomeUnknownError } from '../errors.ts';
import { AnswerTooLarge, bufferedText, describeBytes } from '../http/read-answer.ts';
import { NOT_TLS, PRIVATE_CA_ADVICE, TransportError, type HttpResponse } from '../http/transport.ts';
import type { ApiRequest } from '../requests.ts';
import { bodyError, bodyFailed, parseBody, present, rawField, type Body } from '../wire/body.ts';
import { toId } from '../wire/liberal-values.ts';
import { excerptOf, failure, locationDetail, nonJsonDetail, parseRetryAfter, statusLine } from './answers.ts';
import type { ApiCore } from './core.ts';

export const CREATE_MAX_ATTEMPTS = 3;
/**
 * Longest Retry-After a state-changing call honours before its next attempt. A server
 * that asks for longer is not waited for silently: the step fails at once, saying how
 * long the server asked to wait, and that nothing was created.
 */
export const MAX_CREATE_RETRY_DELAY_MS = 120_000;

/** A GET that changes state (creates or rejects something) and must not run twice. */
export interface StateChange {
  request: ApiRequest;
  /** Names the request in messages: 'create request'. */
  label: string;
  /** What failed, after 'Could not ': 'create the image version'. */
  what: string;
  /** What the request does, for a dry run's plan: 'diff image 77 against machine 9001'. */
  purpose: string;
  /** What a definite failure means: 'No image version was created'. */
  nothingDone: string;
  /** The positive id the answer must carry, if any. */
  idField?: string;
  /** The docs mark the id optional in the answer: its absence is not an unknown outcome (a malformed one still is). */
  idOptional?: boolean;
  /** What an id in an answer read as a failure means: 'an image version with id 4242 may exist …'. */
  mayExist?: (id: string) => string;
  /** How to find out what happened when the outcome is unknown. */
  unknownAdvice: string;
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** One state-changing GET: repeated only when it surely was not processed (429/503, or no connection). */
export async function changeState(core: ApiCore, change: StateChange): Promise<{ id: number | undefined; body: Body }> {
  const plan = core.options.plan;
  if (plan !== undefined) return changeAnswer(core, await plan.answer(change), change);
  for (let attempt = 1; ; attempt++) {
    const sent = await attemptChange(core, change, attempt);
    if ('response' in sent) return changeAnswer(core, sent.response, change);
    await pause(core, sent.retryInMs, change);
  }
}

/** One attempt: an answer to read, or how long to wait before a repeat that is surely safe. */
async function attemptChange(
  core: ApiCore,
  change: StateChange,
  attempt: number
): Promise<{ response: HttpResponse } | { retryInMs: number }> {
  let response: HttpResponse;
  try {
    response = await core.send(change.request, bufferedText());
  } catch (error) {
    if (error instanceof AnswerTooLarge) {
      // The request was answered: whatever it did was done, and the answer was not read.
      throw new OutcomeUnknownError(
        {
          happened: `The ${change.label} was sent, but the answer was larger than ${describeBytes(error.limit)} and was not read (${error.seen}).`,
          remedy: change.unknownAdvice,
          join: ' '
        },
        { cause: error }
      );
    }
    if (!(error instanceof TransportError)) throw error;
    return { retryInMs: unsentChange(core, error, change, attempt) };
  }
  // A busy answer that still names an id may have been processed after all: never repeated, read as an answer.
  if ((response.status === 429 || response.status === 503) && mayExistNote(core, response, parseBody(response).body, change) === '')
    return { retryInMs: unprocessedChange(core, response, change, attempt) };
  return { response };
}

/** No answer: throws unless the request surely never left, then warns and returns the delay before the repeat. */
function unsentChange(core: ApiCore, error: TransportError, change: StateChange, attempt: number): number {
  const { label, nothingDone, unknownAdvice } = change;
  const reason = core.redact(error.message);
  const unknown = (happened: string, checkable = false): OutcomeUnknownError =>
    new OutcomeUnknownError({ happened, remedy: unknownAdvice, join: ' ' }, { cause: error, checkable });
  if (error.aborted && !error.sent)
    throw new ClanforgeError(`Cancelled before the ${label} was sent: ${lower(nothingDone)}.`, { cause: error });
  if (error.aborted) throw unknown(`Cancelled while the ${label} was under way.`);
  if (error.sent) throw unknown(`The ${label} reached Clanforge but no answer came back (${reason}).`, true);
  if (error.tlsProblem !== undefined) {
    // A certificate (or a wrong port) does not fix itself between attempts: say what is wrong at once.
    const fix = error.tlsProblem.startsWith(NOT_TLS)
      ? 'once api_url names the https:// address and port the API serves TLS on.'
      : `once the certificate is trusted. ${PRIVATE_CA_ADVICE}`;
    throw new ClanforgeError(
      `Could not connect to Clanforge at ${core.apiUrl.origin}: ${error.tlsProblem}. The TLS handshake failed, so the ${label} was never sent: ${lower(nothingDone)}, and the step is safe to re-run ${fix}`,
      { cause: error }
    );
  }
  if (attempt >= CREATE_MAX_ATTEMPTS) {
    throw new ClanforgeError(
      `Could not connect to Clanforge at ${core.apiUrl.origin} after ${attempt} attempts (${reason}). ${nothingDone}; the step can be re-run.`,
      { cause: error }
    );
  }
  const delay = 1000 * 2 ** (attempt - 1);
  core.options.log.warning(
    `Could not connect to Clanforge (${reason}); nothing was sent. Trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`
  );
  return delay;
}

/** 429/503 (not processed): throws when out of attempts or told to wait too long, else warns and returns the delay. */
function unprocessedChange(core: ApiCore, response: HttpResponse, change: StateChange, attempt: number): number {
  const told = parseRetryAfter(response.headers['retry-after'], core.now());
  // Honoured up to 120 s and never beyond the wait budget; the message names the bound that stood in the way.
  const budget = core.options.waitBudgetMs ?? MAX_CREATE_RETRY_DELAY_MS;
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
  core.options.log.warning(
    `Clanforge answered ${statusLine(response)}: the request was not processed. Trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`
  );
  return delay;
}

/** The answer to a state change that may have been processed: never repeated, so anything unclear is an unknown outcome. */
function changeAnswer(core: ApiCore, response: HttpResponse, change: StateChange): { id: number | undefined; body: Body } {
  const { label, unknownAdvice } = change;
  if (response.status >= 300 && response.status < 400) {
    // Never followed: the redirect may come after the request was processed.
    const moved = response.status === 301 || response.status === 308 ? ' If the API moved, set api_url to its new address.' : '';
    // A redirect's body may name what was made: said, like any answer not read as a success.
    const idNote = mayExistNote(core, response, parseBody(response).body, change);
    throw new OutcomeUnknownError({
      happened: `Clanforge answered ${statusLine(response)} ${locationDetail(core, response)} to the ${label}. A redirect can be the answer to a processed request (303 See Other means exactly that), and the action does not follow redirects of calls that change state.${idNote}`,
      remedy: `${unknownAdvice}${moved}`,
      join: ' '
    });
  }
  const { body, wrongShape } = parseBody(response);
  const idNote = mayExistNote(core, response, body, change);
  if (response.status >= 500 || ((response.status === 429 || response.status === 503) && idNote)) {
    const said = body ? bodyError(body) : undefined;
    const detail = said ? `: ${core.redact(said)}` : body ? '' : nonJsonDetail(core, response, wrongShape);
    // Only reached by a 429/503 that carries an id: such an answer is not surely unprocessed.
    const busy =
      response.status === 429 || response.status === 503
        ? ` This status usually means the request was not processed, but the answer carries an id, so it was not taken as unprocessed.`
        : '';
    throw new OutcomeUnknownError(
      {
        happened: `Clanforge answered ${statusLine(response)}${detail} to the ${label}.${busy}${idNote}`,
        remedy: unknownAdvice,
        join: ' '
      },
      { checkable: true }
    );
  }
  if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body, true))) {
    const refused = failure(core, response, body, wrongShape, change.what);
    // A failure that names an id: that thing may exist after all.
    if (idNote) throw new OutcomeUnknownError({ happened: refused.message, remedy: idNote.trim() }, { cause: refused });
    throw refused;
  }
  if (!body) {
    const what = wrongShape
      ? `JSON of the wrong shape (${wrongShape} where an object was expected${excerptOf(core, response)})`
      : `a body that is not JSON${nonJsonDetail(core, response, undefined)}`;
    throw new OutcomeUnknownError({
      happened: `Clanforge answered ${statusLine(response)} with ${what}.`,
      remedy: unknownAdvice,
      join: ' '
    });
  }
  return {
    id: change.idField === undefined ? undefined : changedId(core, response, body, { ...change, idField: change.idField }, unknownAdvice),
    body
  };
}

/** ' An image version with id … may exist …' when an answer that is not a success still names an id; else ''. */
function mayExistNote(core: ApiCore, response: HttpResponse, body: Body | undefined, change: StateChange): string {
  const { idField, mayExist } = change;
  if (!body || !idField || !mayExist || !present(body, idField)) return '';
  const value = body[idField];
  return ` ${mayExist(String(toId(value) ?? core.redact(rawField(response.body, idField) ?? String(value))))}`;
}

/** The id a successful answer must carry, exactly: never guessed. */
function changedId(
  core: ApiCore,
  response: HttpResponse,
  body: Body,
  change: StateChange & { idField: string },
  unknownAdvice: string
): number | undefined {
  const { idField } = change;
  const raw = body[idField];
  if (raw === undefined || raw === null || raw === '') {
    if (change.idOptional === true) return undefined;
    throw new OutcomeUnknownError({
      happened: `Clanforge answered ${statusLine(response)} with no ${idField}.`,
      remedy: unknownAdvice,
      join: ' '
    });
  }
  const id = toId(raw);
  if (id === undefined) {
    const shown = core.redact(rawField(response.body, idField) ?? JSON.stringify(raw));
    throw new OutcomeUnknownError({
      happened: `Clanforge answered ${statusLine(response)} with ${idField} ${shown}, which is not a positive whole number the action can hold exactly (at most ${Number.MAX_SAFE_INTEGER}), so it cannot tell which one was made and does not guess.`,
      remedy: unknownAdvice,
      join: ' '
    });
  }
  return id;
}

/** The wait before a retry; a cancel there means the request was never repeated. */
async function pause(core: ApiCore, ms: number, change: StateChange): Promise<void> {
  const signal = core.options.signal;
  try {
    await core.options.sleep(ms, signal);
  } catch (error) {
    if (!signal?.aborted) throw error;
    throw new ClanforgeError(`Cancelled before the ${change.label} was tried again: ${lower(change.nothingDone)}.`, { cause: error });
  }
}
