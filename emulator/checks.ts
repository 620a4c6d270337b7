// The one check every options validator uses: a TypeError that says which part of the
// options is wrong, thrown when the options are given rather than on a later request.

/** Throws `TypeError("<what>: <message>")` unless `ok`. */
export type Check = (ok: boolean, message: string) => void;

/** A check whose errors start with `what` (e.g. `invalid job plan`). */
export function checker(what: string): Check {
  return (ok, message) => {
    if (!ok) throw new TypeError(`${what}: ${message}`);
  };
}

export const isPositiveId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
export const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Checks an option that must be a positive integer (an id) and returns it. */
export function positiveId(name: string, value: number): number {
  if (!isPositiveId(value)) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

/** Checks an option that lists positive integers (ids) and returns it. */
export function positiveIds(name: string, values: readonly number[]): readonly number[] {
  if (!Array.isArray(values) || !values.every(isPositiveId)) throw new TypeError(`${name} must be positive integers`);
  return values;
}
