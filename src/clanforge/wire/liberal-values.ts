/**
 * Liberal readers for values in Clanforge answers: numbers may arrive as numeric
 * strings, flags as 1/0, "1"/"0", true/false or "true"/"false", and any field may be
 * absent or null. Ids are safe positive integers or nothing: a rounded id names some
 * other object.
 */

export type WireObject = Record<string, unknown>;

/** A finite number, or a string holding one; anything else is absent. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A safe positive integer, as a number or a string of digits; 0, -1, 4242.5, 1e21 and 2^53 + 1 are absent. */
export function toId(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  }
  return undefined;
}

/** 1/0, true/false and their string forms; anything else is absent. */
export function toFlag(value: unknown): boolean | undefined {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
  }
  return undefined;
}

/** A non-empty string, or a number as text. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The first of these fields that holds a value. */
export function firstOf(body: WireObject, names: readonly string[]): unknown {
  for (const name of names) {
    const value = body[name];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}
