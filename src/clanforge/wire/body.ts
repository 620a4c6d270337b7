/**
 * Reading a Clanforge answer's JSON body, and whether it says the request failed.
 * An answer is a failure when it says so (`success: false`, `error: true`, or a
 * non-empty `error_message`); a falsy-looking `error` ("0", "false", "") is not one.
 */
import type { HttpResponse } from '../http/transport.ts';
import { isObject } from '../../unknown-shape.ts';
import { type WireObject } from './liberal-values.ts';

export type Body = WireObject;

/** What a body holds: the JSON object, or what else it is (wrongShape: JSON but no object). */
export interface Parsed {
  body: Body | undefined;
  /** 'an array', 'a string', …: the body is JSON, of the wrong shape. */
  wrongShape: string | undefined;
}

/** The JSON object of a response, if the body is one; a UTF-8 byte-order mark before it is skipped. */
export function parseBody(response: HttpResponse): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(response.body.replace(/^\uFEFF/, ''));
  } catch {
    return { body: undefined, wrongShape: undefined };
  }
  if (isObject(value)) return { body: value, wrongShape: undefined };
  const shape = Array.isArray(value)
    ? 'an array'
    : value === null
      ? 'null'
      : typeof value === 'string'
        ? 'a string'
        : typeof value === 'number'
          ? 'a number'
          : `a ${typeof value}`;
  return { body: undefined, wrongShape: shape };
}

/** `error` strings that mean "no error": seen next to `success: true` and an id. */
const NO_ERROR_TEXT = new Set(['', '0', 'false', 'null', 'none', 'no']);

function errorText(body: Body): string | undefined {
  const value = body['error'];
  return typeof value === 'string' && !NO_ERROR_TEXT.has(value.trim().toLowerCase()) ? value.trim() : undefined;
}

function errorMessageText(body: Body): string | undefined {
  const value = body['error_message'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The body says the request failed (the API may do so with HTTP 200): `success: false`,
 * `error: true` (or 1), or a non-empty `error_message`. An `error` string counts only
 * when the answer does not also say `success: true`, and not when it reads as "no
 * error" ("0", "false", "").
 *
 * A status answer that says `success: true` is read even with an `error_message`: it is
 * safe to ask again, and its job fields say how the job went. After a state-changing
 * call, any error_message counts (and an id next to it is reported as possibly made).
 */
export function bodyFailed(body: Body, stateChanging: boolean): boolean {
  if (body['success'] === false || body['error'] === true || body['error'] === 1) return true;
  if (body['success'] === true) return stateChanging && errorMessageText(body) !== undefined;
  return bodyMessage(body) !== undefined;
}

/** The API's own error text: `error_message`, else `error` when it is a string that is not "no error". */
function bodyMessage(body: Body): string | undefined {
  return errorMessageText(body) ?? errorText(body);
}

/** What a failed answer says about itself, if anything. */
export function bodyError(body: Body): string | undefined {
  const message = bodyMessage(body);
  if (message !== undefined) return message;
  return bodyFailed(body, true) ? 'the request failed (no error message given)' : undefined;
}

/** The field's value as it appears in the body text (JSON.parse rounds large numbers), for messages. */
export function rawField(text: string, field: string): string | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`).exec(text);
  const raw = match?.[1];
  if (raw === undefined) return undefined;
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

/** True when the answer carries the field with some value (an id a failed answer should not have). */
export function present(body: Body, field: string): boolean {
  const value = body[field];
  return value !== undefined && value !== null && value !== '' && value !== 0 && value !== '0';
}

/** A short, single-line, printable excerpt of a body that is not the JSON we expect. */
export function excerpt(body: string, max = 200): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
