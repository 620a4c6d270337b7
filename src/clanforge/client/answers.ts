/**
 * How the client words an answer it cannot take as a success: the status line, what the
 * body said (or what else the body was), where a redirect pointed, and what a person can
 * do about it. Every piece of outside text goes through the core's redaction first.
 */
import { imageLockedRemedy, updateLockedRemedy } from '../remedies.ts';
import { ClanforgeError, ImageLockedError, UpdateLockedError } from '../errors.ts';
import type { HttpResponse } from '../http/transport.ts';
import { SECRET_PARAMS, shownQuery } from '../requests.ts';
import { DEFAULT_API_URLS } from '../../settings/read-settings.ts';
import { bodyError, excerpt, type Body } from '../wire/body.ts';
import { lockFromMessage } from '../wire/image-options.ts';

/** The Clanforge host, api_url's default with the keys: the hosting Unity ran until 31 March 2026. */
export const CLANFORGE_HOST = new URL(DEFAULT_API_URLS.keys).hostname;

/** Said when the default host is gone or refuses keys: the one sentence about the successor. */
export const MOVED_HOSTING_HINT =
  "Accounts moved off Unity's hosting may need api_url: https://api.multiplay.dev and a Multiplay API token (input token) instead of access_key and secret_key.";

/** The same sentence for a token holder, when the default host cannot be resolved. */
export const MOVED_HOSTING_TOKEN_HINT =
  "Accounts moved off Unity's hosting may need api_url: https://api.multiplay.dev, the successor's API, which takes the Multiplay API token.";

/** What the wording needs to know of the client. */
export interface AnswerContext {
  readonly apiUrl: URL;
  readonly dialect: 'keys' | 'token';
  /** The account service id the keys act for; undefined with a token (it scopes the account). */
  readonly accountServiceId: number | undefined;
  /** The ASID the v1 calls carry (undefined with a token). */
  readonly v1Asid: number | undefined;
  redact(text: string): string;
  /** The moved-hosting sentence, when it applies. */
  mayHaveMoved(why: 'unresolved' | 'refused'): string | undefined;
}

/** Retry-After as delta seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function statusLine(response: HttpResponse): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** What a person can do about a refusal that is not a lock: credentials, allocations. */
export function hintFor(
  message: string,
  status: number | undefined,
  accountServiceId: number | undefined,
  dialect: 'keys' | 'token' = 'keys'
): string | undefined {
  if (/forbidden|unauthori[sz]ed/i.test(message) || status === 401 || status === 403) {
    if (dialect === 'token') {
      return `Check token (a Multiplay API token, sent as Authorization: Bearer)${accountServiceId !== undefined ? ` and that it has access to accountserviceid ${accountServiceId}` : ''}, and that api_url is the API that issued it.`;
    }
    return `Check access_key and secret_key (Clanforge dashboard → Auth Keys) and that these keys have access to accountserviceid ${accountServiceId ?? '(not given)'}.`;
  }
  if (/allocation/i.test(message)) {
    return 'The image has active allocations: retry when they end, or set force: true to install anyway.';
  }
  return undefined;
}

/** Outside text as an excerpt without secrets: redacted before it is cut, so no part of a key survives the cut. */
export function shown(ctx: AnswerContext, text: string, max?: number): string {
  return ctx.redact(excerpt(ctx.redact(text), max));
}

/** `: "excerpt"` of the body, or '' when it is empty. */
export function excerptOf(ctx: AnswerContext, response: HttpResponse): string {
  const text = shown(ctx, response.body);
  return text === '' ? '' : `: "${text}"`;
}

/** A body that is not the JSON object expected, described: empty, not JSON, or JSON of the wrong shape. */
export function nonJsonDetail(ctx: AnswerContext, response: HttpResponse, wrongShape: string | undefined): string {
  const type = response.headers['content-type']?.split(';')[0]?.trim();
  const text = shown(ctx, response.body);
  if (text === '') return ` (empty body${type ? `, ${type}` : ''})`;
  if (wrongShape) return ` (JSON of the wrong shape: ${wrongShape} where an object was expected${type ? `, ${type}` : ''}: "${text}")`;
  return ` (not JSON${type ? `, ${type}` : ''}: "${text}")`;
}

/** `(Location: https://…)` with credentials and secrets removed, or `(no Location header)`. */
export function locationDetail(ctx: AnswerContext, response: HttpResponse): string {
  const location = response.headers['location'];
  if (location === undefined || location.trim() === '') return '(no Location header)';
  let text = location.trim();
  try {
    const url = new URL(text, ctx.apiUrl);
    url.username = '';
    url.password = '';
    const query = new URLSearchParams(url.search);
    if ([...query.keys()].some((name) => SECRET_PARAMS.has(name))) url.search = shownQuery(query);
    text = url.href;
  } catch {
    // Not a URL: shown as an excerpt.
  }
  return `(Location: ${shown(ctx, text, 300)})`;
}

/**
 * A refusal, worded: `Could not <what>: Clanforge answered HTTP 400 Bad Request: <what it
 * said>`, with what to do next apart. A lock the message names becomes a lock error
 * carrying its id; its remedy comes from clanforge/locks.ts.
 */
export function failure(
  ctx: AnswerContext,
  response: HttpResponse,
  body: Body | undefined,
  wrongShape: string | undefined,
  what: string
): ClanforgeError {
  const said = body ? bodyError(body) : undefined;
  const message = said ? ctx.redact(said) : undefined;
  const redirect = response.status >= 300 && response.status < 400 ? ` ${locationDetail(ctx, response)} (redirects are not followed)` : '';
  const detail = message ? `: ${message}` : body ? '' : redirect || nonJsonDetail(ctx, response, wrongShape);
  const happened = `Could not ${what}: Clanforge answered ${statusLine(response)}${detail}`;
  const options = { status: response.status };
  // The one reading of the lock the message names: the error's ids and its remedy both come from it.
  const lock = lockFromMessage(message ?? '');
  if (lock?.diffId !== undefined) {
    return new ImageLockedError({ happened, remedy: imageLockedRemedy(lock.diffId, ctx.v1Asid) }, lock.diffId, options);
  }
  if (lock?.updateId !== undefined) {
    return new UpdateLockedError({ happened, remedy: updateLockedRemedy(lock.updateId, ctx.v1Asid) }, lock.updateId, options);
  }
  const hint = hintFor(message ?? '', response.status, ctx.accountServiceId, ctx.dialect);
  // The default host refusing keys (401, or 410 Gone): the account may have moved to the successor.
  const refused = response.status === 401 || response.status === 410 ? ctx.mayHaveMoved('refused') : undefined;
  const remedy = [hint, refused].filter((line) => line !== undefined).join('\n') || undefined;
  return new ClanforgeError({ happened, remedy }, options);
}
