/**
 * The forms a secret travels in, and which parts of a secret are safe to mask on
 * their own. Masking replaces every occurrence of a string by `***` in everything the
 * action prints, so a short or common part (a one-letter password, `-----BEGIN
 * PRIVATE KEY-----`, `12345`) would blank out ordinary text and ids.
 *
 * The rule: a secret the user gave whole (a key, the token, the whole build URL) is
 * always masked, at any length. A part derived from one (a password inside a URL, a
 * query value, a line of a private key) is masked on its own only when safeAlone();
 * otherwise it is masked together with the text around it where it appears (for
 * example `user:pass@`, `guardcode=…`), and always inside the whole URL.
 */

/** Shortest derived part masked on its own: a Steam Guard code has 5 characters. */
export const MIN_PART_LENGTH = 5;
/** A part made only of digits is masked alone from this length on (ids have fewer digits). */
export const MIN_DIGITS_PART_LENGTH = 8;

/** A secret as given, URI-encoded, form-encoded (as in a query string) and as a JSON string holds it. */
export function secretForms(value: string): string[] {
  if (value === '') return [];
  return unique([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1)
  ]);
}

/** True when a derived part is long and unusual enough to be masked on its own. */
export function safeAlone(part: string): boolean {
  const text = part.trim();
  if (text.length < MIN_PART_LENGTH) return false;
  if (/^\d+$/.test(text) && text.length < MIN_DIGITS_PART_LENGTH) return false;
  return true;
}

const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/;
/** PEM armour (`-----BEGIN PRIVATE KEY-----`): the same in every key, not secret. */
const PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * The lines of a multi-line secret that are safe to mask alone: the runner masks a
 * registered secret per line, and a log line may hold one line of it. Armour lines,
 * blank lines and short ones (`{`, `}`, the last few characters of a key body) are left
 * out; the whole value stays masked in-process.
 */
export function maskableLines(value: string): string[] {
  if (!LINE_BREAK.test(value)) return [];
  return unique(
    value
      .split(new RegExp(LINE_BREAK.source, 'g'))
      .map((line) => line.trim())
      .filter((line) => !PEM_ARMOUR.test(line) && safeAlone(line))
  );
}

/** The masks that can be handed to the runner (core.setSecret): single lines only. */
export function runnerMasks(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret !== '' && !LINE_BREAK.test(secret));
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
