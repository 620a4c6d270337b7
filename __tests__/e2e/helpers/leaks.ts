// The one leak check, shared by the end-to-end tests (through expectNoLeaks) and
// `npm run demo`, which runs it on every step it shows. Plain code, no test framework:
// it returns what leaked, so a script can report it as well as a test can fail on it.
import { commands, type StepRecord } from './run-action.ts';

export interface LeakCheck {
  /**
   * The values the step must mask first, in this order, one `::add-mask::` line each:
   * the access key, the secret key and the Basic token (whose header value,
   * `Basic <token>`, contains it).
   */
  keys: readonly string[];
  /** More secrets that may show on `::add-mask::` lines only (a build URL's credentials, a token inside it). */
  secrets?: readonly string[];
  /**
   * Which `::add-mask::` lines may follow the keys' (the forms of a build URL). Without
   * it the keys' masks are the only ones.
   */
  extraMask?: (mask: string) => boolean;
  /** What the step sent to a server (request URLs and bodies): no secret, in any form, may be there either. */
  sent?: readonly string[];
}

/**
 * A secret in every form it can take on the way out: as given, encodeURIComponent,
 * form-encoded, as the URL parser writes it in each URL component (urlSerialisations),
 * and JSON-escaped. Computed here independently of the action's own list.
 */
export function formsOf(secret: string): string[] {
  if (secret === '') return [];
  const forms = [secret, new URLSearchParams({ v: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(secret), ...urlSerialisations(secret));
  } catch {
    // A lone surrogate: encodeURIComponent refuses it; the other forms stand.
  }
  return [...new Set(forms.filter((form) => form !== ''))];
}

/** Everything wrong with how the step handled its secrets; empty when nothing leaked. */
export function findLeaks(step: StepRecord, check: LeakCheck): string[] {
  const problems: string[] = [];
  const masks = commands(step, 'add-mask');
  // Masked first: the mask lines open the log, so nothing said later can slip out before them.
  const maskPrefix = step.lines.findIndex((line) => !line.startsWith('::add-mask::'));
  const leading = maskPrefix === -1 ? step.lines.length : maskPrefix;
  if (leading !== masks.length) problems.push(`an ::add-mask:: line comes after other output (line ${leading + 1} is not a mask)`);
  check.keys.forEach((key, i) => {
    if (masks[i] !== key) problems.push(`mask line ${i + 1} is not the ${ordinal(i)} key value`);
  });
  for (const mask of masks.slice(check.keys.length)) {
    if (!(check.extraMask?.(mask) ?? false)) problems.push(`an unexpected value is masked: ${describe(mask, check)}`);
  }
  const secrets = [...check.keys, ...(check.secrets ?? [])];
  const places: [string, readonly string[]][] = [
    ['the log', step.lines.filter((line) => !line.startsWith('::add-mask::'))],
    ['stderr', [step.stderr]],
    ['the outputs', step.outputWrites.flat()],
    ['the summary', [step.summary]],
    ['what was sent to a server', check.sent ?? []]
  ];
  secrets.forEach((secret, i) => {
    for (const [place, texts] of places) {
      for (const form of formsOf(secret)) {
        const found = texts.find((text) => text.includes(form));
        if (found === undefined) continue;
        problems.push(`secret #${i + 1}${form === secret ? '' : ' (encoded)'} appears in ${place}: ${describe(found, check)}`);
        break;
      }
    }
  });
  return problems;
}

const ordinal = (i: number): string => ['first', 'second', 'third'][i] ?? `#${i + 1}`;

/** A line quoted in a problem, its secrets shown as <secret> so the report itself leaks nothing. */
function describe(text: string, check: LeakCheck): string {
  const secrets = [...check.keys, ...(check.secrets ?? [])].flatMap(formsOf).sort((a, b) => b.length - a.length);
  const shown = secrets.reduce((acc, secret) => acc.split(secret).join('<secret>'), text);
  return JSON.stringify(shown.length > 200 ? `${shown.slice(0, 200)}…` : shown);
}

/**
 * A value as the WHATWG URL parser serialises it in each component (userinfo, a path, a
 * query of an http(s) URL and of another scheme, a fragment), written by the URL class
 * itself: the forms a secret takes in a URL rebuilt by `new URL()` or read back from a
 * Location header.
 */
export function urlSerialisations(value: string): string[] {
  const special = new URL('https://h.example/');
  const plain = new URL('s3://bucket/');
  const forms: string[] = [];
  special.username = value;
  forms.push(special.username);
  special.password = value;
  forms.push(special.password);
  // A special scheme turns '\' into '/' in a path; s3:// keeps it.
  plain.pathname = `/${value}`;
  forms.push(plain.pathname.slice(1));
  special.search = `?${value}`;
  forms.push(special.search.slice(1));
  plain.search = `?${value}`;
  forms.push(plain.search.slice(1));
  special.hash = `#${value}`;
  forms.push(special.hash.slice(1));
  return [...new Set(forms)];
}

/**
 * For LeakCheck.extraMask: masks of a build URL, in the forms it travels in (as given,
 * percent-encoded, form-encoded in a query, as the URL parser serialises it; also
 * percent-decoded once), or a part of one of those or of a decoded credential inside it
 * (a query value, the user name or password).
 */
export function buildUrlMasks(url: string): (mask: string) => boolean {
  const parsed = new URL(url);
  // The URL with its credentials and query values percent-decoded, as a server may quote them back.
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // Not valid percent-encoding: only the raw forms.
  }
  const href = parsed.href;
  const forms = [
    url,
    encodeURIComponent(url),
    new URLSearchParams({ url }).toString().slice('url='.length),
    ...urlSerialisations(url),
    href,
    encodeURIComponent(href),
    new URLSearchParams({ url: href }).toString().slice('url='.length),
    decoded,
    encodeURIComponent(decoded),
    new URLSearchParams({ url: decoded }).toString().slice('url='.length),
    ...urlSerialisations(decoded),
    ...parsed.searchParams.values(),
    decodeURIComponent(parsed.username),
    decodeURIComponent(parsed.password)
  ].filter((form) => form !== '');
  return (mask) => mask !== '' && forms.some((form) => form.includes(mask));
}
