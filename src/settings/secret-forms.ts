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

/**
 * The WHATWG URL percent-encode sets (URL Standard, "Percent-encoded bytes"): the
 * characters the URL parser percent-encodes when it serialises a URL (`new URL(…).href`,
 * a Location header read back, undici's request URL). Besides these, every C0 control
 * and every code point above U+007E is encoded, as UTF-8; `%` never is.
 */
const URL_SETS = {
  fragment: ' "<>`',
  /** A query of a non-special scheme (s3://, steam://, gs://, cos://). */
  query: ' "#<>',
  /** A query of http:// and https:// (special schemes) also encodes `'`. */
  specialQuery: ' "#<>\'',
  path: ' "#<>?^`{}',
  userinfo: ' "#<>?^`{}/:;=@[\\]|'
} as const;

/** A lone surrogate becomes U+FFFD, as the URL parser and TextEncoder make it (encodeURIComponent would throw). */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** `text` as the URL parser writes it inside a component whose percent-encode set adds `extra` to the C0 control set. */
export function urlComponentForm(text: string, extra: string): string {
  let out = '';
  for (const char of wellFormed(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || code > 0x7e || extra.includes(char)) {
      for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += char;
  }
  return out;
}

/**
 * Every form a secret travels in on its way out of the action and back:
 * - as given;
 * - percent-encoded by encodeURIComponent, and form-encoded as URLSearchParams writes a
 *   query value (space → `+`);
 * - as the WHATWG URL parser serialises it in a query (special and not), a path,
 *   userinfo and a fragment: a URL read back from a Location header or rebuilt by
 *   `new URL()` carries the secret in that form (`"` → `%22`, `é` → `%C3%A9`, `'` kept
 *   in a path but `%27` in an https query, `/` kept except in userinfo, `%` kept);
 * - JSON-escaped, as a JSON string holds it.
 */
export function secretForms(value: string): string[] {
  if (value === '') return [];
  const text = wellFormed(value);
  return unique([
    value,
    encodeURIComponent(text),
    new URLSearchParams({ v: text }).toString().slice(2),
    ...Object.values(URL_SETS).map((extra) => urlComponentForm(text, extra)),
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

/**
 * Where the runner ends a line of a registered secret: LF and CR only. A NEL, LS or PS
 * inside a value is an ordinary character to it, so such a value is masked whole, never
 * cut into fragments there (a fragment could be an ordinary host name).
 */
const LINE_BREAK = /\r\n|[\r\n]/;
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

/** Control characters other than tab, CR and LF (those are handled as line breaks above). */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The masks that can be handed to the runner (core.setSecret): single lines without
 * control characters. A mask goes to stdout as it is (`::add-mask::…`), so a value
 * holding an ESC, NEL or CSI would print that character raw; such a value (an input the
 * action refuses anyway) is redacted in-process only, and its encoded forms, which are
 * plain ASCII, still go to the runner.
 */
export function runnerMasks(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret !== '' && !LINE_BREAK.test(secret) && !CONTROL.test(secret));
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
