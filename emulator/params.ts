// Query-string parameters and the validators the routes share. Every message names
// the parameter so a client's mistake is obvious from the error alone.
import { badRequest } from './api-error.ts';
import type { ApiError } from './api-error.ts';

export class QueryParams {
  readonly #values = new Map<string, string[]>();

  constructor(search: URLSearchParams) {
    for (const [name, value] of search) {
      const list = this.#values.get(name);
      if (list === undefined) this.#values.set(name, [value]);
      else list.push(value);
    }
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The names given, in the order they first appear. */
  names(): string[] {
    return [...this.#values.keys()];
  }

  /** The single value of a parameter; a repeated parameter is ambiguous and rejected. */
  get(name: string): string | undefined {
    const list = this.#values.get(name);
    if (list === undefined) return undefined;
    if (list.length > 1) throw badRequest(`Invalid parameter ${name}: given ${list.length} times`);
    return list[0];
  }

  require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw badRequest(`Missing required parameter ${name}`);
    return value;
  }

  toRecord(): Record<string, string | string[]> {
    const record: Record<string, string | string[]> = {};
    for (const [name, list] of this.#values) record[name] = list.length === 1 && list[0] !== undefined ? list[0] : [...list];
    return record;
  }
}

const POSITIVE_INT = /^[1-9][0-9]*$/;
const NON_NEGATIVE_INT = /^(0|[1-9][0-9]*)$/;
const PERCENTAGE = /^(0|[1-9][0-9]{0,2})(\.[0-9]{1,2})?$/;

function invalid(name: string, value: string, rule: string): ApiError {
  return badRequest(`Invalid parameter ${name}: ${JSON.stringify(value)} ${rule}`);
}

function safeInteger(name: string, value: string, pattern: RegExp, rule: string): number {
  if (!pattern.test(value)) throw invalid(name, value, rule);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw invalid(name, value, rule);
  return number;
}

export function positiveIntText(name: string, value: string): number {
  return safeInteger(name, value, POSITIVE_INT, 'is not a positive integer');
}

export function requiredPositiveInt(query: QueryParams, name: string): number {
  return positiveIntText(name, query.require(name));
}

export function optionalPositiveInt(query: QueryParams, name: string): number | undefined {
  const value = query.get(name);
  return value === undefined ? undefined : positiveIntText(name, value);
}

/** Booleans on the v1 image endpoints are exactly 1 or 0. */
function flagText(name: string, value: string): boolean {
  if (value === '1') return true;
  if (value === '0') return false;
  throw invalid(name, value, 'must be 1 or 0');
}

export function requiredFlag(query: QueryParams, name: string): boolean {
  return flagText(name, query.require(name));
}

export function optionalFlag(query: QueryParams, name: string): boolean | undefined {
  const value = query.get(name);
  return value === undefined ? undefined : flagText(name, value);
}

/** Booleans on the v2 project endpoints are the words true and false. */
export function optionalBoolean(query: QueryParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name, value, 'must be true or false');
}

export function optionalUnixSeconds(query: QueryParams, name: string): number | undefined {
  const value = query.get(name);
  return value === undefined ? undefined : safeInteger(name, value, NON_NEGATIVE_INT, 'is not an integer unix timestamp in seconds');
}

/** Decimal 0.00–100.00 with at most two decimals. */
export function optionalPercentage(query: QueryParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  const rule = 'must be a decimal from 0.00 to 100.00 with at most 2 decimals';
  if (!PERCENTAGE.test(value)) throw invalid(name, value, rule);
  const number = Number(value);
  if (number > 100) throw invalid(name, value, rule);
  return number;
}

/** A required free-text parameter; blank text says nothing, so it counts as missing. */
export function requiredText(query: QueryParams, name: string): string {
  const value = query.require(name);
  if (value.trim() === '') throw invalid(name, value, 'must not be empty');
  return value;
}

/** Build sources imageupdate/create takes; the emulator never fetches from them. */
export const BUILD_URL_SCHEMES = ['s3', 'steam', 'gs', 'cos', 'http', 'https'] as const;

/**
 * An absolute build URL (`s3://`, `steam://`, `gs://`, `cos://`, `http(s)://`). The value
 * is not echoed: it may carry storage keys.
 */
export function optionalBuildUrl(query: QueryParams, name: string): string | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  const schemes = BUILD_URL_SCHEMES.map((scheme) => `${scheme}://`).join(', ');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/./i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined || !URL.canParse(value)) throw badRequest(`Invalid parameter ${name}: not an absolute URL (${schemes})`);
  if (!(BUILD_URL_SCHEMES as readonly string[]).includes(scheme)) {
    throw badRequest(`Invalid parameter ${name}: scheme ${scheme}:// is not supported (${schemes})`);
  }
  return value;
}
