/** Parsers for single input values; each returns undefined for a value it does not accept. */

export const MAX_WAIT_TIMEOUT_SECONDS = 6 * 60 * 60;

/** true/false as the runner's YAML 1.2 core schema spells them, and 1/0. */
export function parseBoolean(text: string): boolean | undefined {
  if (['true', 'True', 'TRUE', '1'].includes(text)) return true;
  if (['false', 'False', 'FALSE', '0'].includes(text)) return false;
  return undefined;
}

/** A positive safe integer written in digits. */
export function parsePositiveInteger(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `3600`, `90s`, `30m`, `2h`, `1h30m`, `1h2m3s` → seconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Unix seconds, or an ISO-8601 date-time with a zone → unix seconds. */
export function parseInstallAt(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  }
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const [, month, day, hour, minute, second] = /^\d{4}-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/i.exec(text) ?? [];
  // Date.parse rolls impossible dates over (Feb 30 → Mar 2); refuse them instead.
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysIn(text)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function daysIn(text: string): number {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** https anywhere; plain http only where keys cannot travel in clear: loopback hosts. */
export function parseApiUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return undefined;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** What to show of a URL in an error: never credentials it may carry. */
export function redactUrl(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}
