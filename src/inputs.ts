/**
 * Turns the step's inputs into a typed, validated Settings object. Every problem is
 * collected so the user sees all of them in one run, and nothing is sent until the
 * inputs are valid.
 */

export const MAX_WAIT_TIMEOUT_SECONDS = 6 * 60 * 60;
export const DEFAULT_API_URL = 'https://api.multiplay.co.uk';

export interface Settings {
  accessKey: string;
  secretKey: string;
  accountServiceId: number;
  /** undefined: the action creates the diff from imageId and machineId. */
  diffId: number | undefined;
  /** The build machine holding the new files (imagediff/create, imageupdate/create). */
  machineId: number | undefined;
  /** Pull the build from this URL first (imageupdate/create). A secret: may embed storage keys. */
  updateUrl: string | undefined;
  /** Description of the image update; undefined: the ref and short commit. */
  updateDesc: string | undefined;
  restart: boolean;
  /** undefined: not sent, Clanforge decides; 'auto': full=1 only when the diff has no changes. */
  full: boolean | 'auto' | undefined;
  /** What to do with a diff that has no changes. */
  onNoChanges: 'deploy' | 'skip' | 'fail';
  /** Reject the diff that locks the image, then retry the diff creation once. */
  rejectLockingDiff: boolean;
  gameBuild: string | undefined;
  force: boolean;
  /** Unix seconds. */
  installAt: number | undefined;
  /** Whole minutes; always set together with disablePercentage. */
  disableTimeout: number | undefined;
  /** Decimal text as given (0.00 to 100.00). */
  disablePercentage: string | undefined;
  /** True also when waitFor is 'rollout', which implies waiting. */
  wait: boolean;
  /** 'job': until the version's job ends; 'rollout': then until no machine is pending. */
  waitFor: 'job' | 'rollout';
  /** The image whose rollout is watched; required for waitFor 'rollout'. */
  imageId: number | undefined;
  /** The rollout fails when more machines than this failed to install. */
  maxFailedMachines: number;
  waitTimeoutMs: number;
  pollIntervalMs: number;
  /** Origin plus optional path prefix, without a trailing slash. */
  apiUrl: URL;
}

export class InputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`
    );
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Inputs whose values must never be echoed back. */
const SECRET_INPUTS = new Set(['access_key', 'secret_key', 'update_url']);

type Reader = (name: string) => string;

/** Collects problems while reading inputs one by one. */
class InputReader {
  readonly problems: string[] = [];
  private readonly read: Reader;
  constructor(read: Reader) {
    this.read = read;
  }

  raw(name: string): string {
    return this.read(name);
  }

  fail(name: string, value: string, expected: string): undefined {
    const shown = SECRET_INPUTS.has(name) ? '' : ` is '${value}':`;
    this.problems.push(`input '${name}'${shown || ':'} expected ${expected}`);
    return undefined;
  }

  required(name: string, what: string): string {
    const value = this.read(name);
    if (value === '') this.problems.push(`input '${name}' is required: ${what}`);
    return value;
  }

  positiveInteger(name: string, required: boolean): number | undefined {
    const value = this.read(name);
    if (value === '') {
      if (required) this.problems.push(`input '${name}' is required: a positive integer, for example 12345`);
      return undefined;
    }
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) return this.fail(name, value, 'a positive integer, for example 12345');
    return n;
  }

  boolean(name: string): boolean | undefined {
    const value = this.read(name);
    if (value === '') return undefined;
    if (['true', 'True', 'TRUE', '1'].includes(value)) return true;
    if (['false', 'False', 'FALSE', '0'].includes(value)) return false;
    return this.fail(name, value, 'a boolean: true or false (also True, TRUE, False, FALSE, 1, 0)');
  }

  duration(name: string, fallbackSeconds: number, minSeconds: number, maxSeconds: number, expected: string): number {
    const value = this.read(name);
    if (value === '') return fallbackSeconds;
    const seconds = parseDuration(value);
    if (seconds === undefined || seconds < minSeconds || seconds > maxSeconds) {
      this.fail(name, value, expected);
      return fallbackSeconds;
    }
    return seconds;
  }
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
  const [, month, day, hour, minute, second] =
    /^\d{4}-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/i.exec(text) ?? [];
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
function redactUrl(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}

export function readSettings(read: Reader): Settings {
  const r = new InputReader(read);

  const accessKey = r.required('access_key', "the Clanforge access key (dashboard → Auth Keys), e.g. ${{ secrets.CLANFORGE_ACCESS_KEY }}");
  if (accessKey.includes(':')) r.fail('access_key', '', "a key without ':' (Basic authentication cannot carry it)");
  const secretKey = r.required('secret_key', "the Clanforge secret key, e.g. ${{ secrets.CLANFORGE_SECRET_KEY }}");
  const accountServiceId = r.positiveInteger('accountserviceid', true);
  const diffId = r.positiveInteger('diffid', false);
  const machineId = r.positiveInteger('machineid', false);
  const updateUrlText = r.raw('update_url');
  let updateUrl: string | undefined;
  if (updateUrlText !== '') {
    if (/^https?:\/\/[^\s]+$/i.test(updateUrlText) && URL.canParse(updateUrlText)) updateUrl = updateUrlText;
    else r.fail('update_url', '', 'an http(s):// URL the build machine can download the build from');
  }
  const updateDesc = r.raw('update_desc') || undefined;

  const restart = r.boolean('restart') ?? false;
  const fullText = r.raw('full');
  const full: boolean | 'auto' | undefined = fullText === 'auto' ? 'auto' : r.boolean('full');
  if (full === undefined && fullText !== '') {
    // r.boolean reported it; say that auto is accepted too.
    r.problems[r.problems.length - 1] += ', or auto (full only when the diff has no changes)';
  }
  const onNoChangesText = r.raw('on_no_changes') || 'deploy';
  let onNoChanges: Settings['onNoChanges'] = 'deploy';
  if (onNoChangesText === 'deploy' || onNoChangesText === 'skip' || onNoChangesText === 'fail') onNoChanges = onNoChangesText;
  else r.fail('on_no_changes', onNoChangesText, 'deploy (a full version), skip (reject the empty diff, create nothing, succeed) or fail (reject it and fail)');
  const rejectLockingDiff = r.boolean('reject_locking_diff') ?? false;
  const force = r.boolean('force') ?? false;
  const wait = r.boolean('wait') ?? false;
  const gameBuild = r.raw('game_build') || undefined;

  const installAtText = r.raw('install_at');
  let installAt: number | undefined;
  if (installAtText !== '') {
    installAt = parseInstallAt(installAtText);
    if (installAt === undefined) {
      r.fail('install_at', installAtText, 'unix seconds (e.g. 1767236400) or an ISO-8601 date-time with a zone (e.g. 2026-12-01T03:00:00Z)');
    }
  }

  const disableTimeoutText = r.raw('disable_timeout');
  const disablePercentageText = r.raw('disable_percentage');
  const disableTimeout = r.positiveInteger('disable_timeout', false);
  let disablePercentage: string | undefined;
  if (disablePercentageText !== '') {
    const n = Number(disablePercentageText);
    if (/^\d{1,3}(?:\.\d{1,2})?$/.test(disablePercentageText) && n >= 0 && n <= 100) {
      disablePercentage = disablePercentageText;
    } else {
      r.fail('disable_percentage', disablePercentageText, 'a decimal from 0.00 to 100.00, e.g. 90 or 97.5');
    }
  }
  if ((disableTimeoutText === '') !== (disablePercentageText === '')) {
    const missing = disableTimeoutText === '' ? 'disable_timeout' : 'disable_percentage';
    const given = disableTimeoutText === '' ? 'disable_percentage' : 'disable_timeout';
    r.problems.push(`input '${missing}' is required when '${given}' is given: Clanforge takes disable_timeout (whole minutes) and disable_percentage (0.00 to 100.00) together`);
  }

  const waitForText = r.raw('wait_for') || 'job';
  let waitFor: 'job' | 'rollout' = 'job';
  if (waitForText === 'job' || waitForText === 'rollout') waitFor = waitForText;
  else r.fail('wait_for', waitForText, "'job' (until the image version job ends) or 'rollout' (then until no machine is pending)");
  const imageId = r.positiveInteger('imageid', false);
  // Either a diff from elsewhere, or the action makes one from imageid and machineid.
  if (r.raw('diffid') !== '') {
    if (r.raw('machineid') !== '') r.problems.push("input 'machineid' is not used with 'diffid': give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)");
    if (updateUrlText !== '') r.problems.push("input 'update_url' is not used with 'diffid': the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid");
  } else {
    const missing = (['imageid', 'machineid'] as const).filter((name) => r.raw(name) === '');
    if (missing.length === 2) {
      r.problems.push("input 'diffid' is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid");
    } else if (missing.length === 1) {
      r.problems.push(`input '${missing[0]}' is required when 'diffid' is not given: the action makes the diff from imageid and machineid (positive integers)`);
    }
  }
  if (waitFor === 'rollout' && r.raw('imageid') === '' && r.raw('diffid') !== '') {
    r.problems.push("input 'imageid' is required when 'wait_for' is 'rollout': the id of the image whose rollout to wait for, a positive integer");
  }
  const maxFailedText = r.raw('max_failed_machines');
  let maxFailedMachines = 0;
  if (maxFailedText !== '') {
    if (/^\d+$/.test(maxFailedText) && Number.isSafeInteger(Number(maxFailedText))) maxFailedMachines = Number(maxFailedText);
    else r.fail('max_failed_machines', maxFailedText, 'a whole number >= 0, e.g. 0 or 2');
  }

  const waitTimeoutSeconds = r.duration('wait_timeout', 3600, 1, MAX_WAIT_TIMEOUT_SECONDS,
    'seconds or a duration such as 90s, 30m, 2h, 1h30m; more than 0 and at most 6h');
  const pollIntervalSeconds = r.duration('poll_interval', 10, 1, MAX_WAIT_TIMEOUT_SECONDS,
    'whole seconds >= 1 (or a duration such as 15s, 1m)');

  const apiUrlText = r.raw('api_url') || DEFAULT_API_URL;
  const apiUrl = parseApiUrl(apiUrlText);
  if (!apiUrl) {
    r.fail('api_url', redactUrl(apiUrlText),
      'an https:// URL without credentials, query or fragment, e.g. https://api.multiplay.co.uk (plain http:// only for loopback hosts: 127.0.0.0/8, localhost, [::1])');
  }

  if (r.problems.length > 0) throw new InputError(r.problems);
  return {
    accessKey,
    secretKey,
    accountServiceId: accountServiceId as number,
    diffId,
    machineId,
    updateUrl,
    updateDesc,
    restart,
    full,
    onNoChanges,
    rejectLockingDiff,
    gameBuild,
    force,
    installAt,
    disableTimeout: disableTimeout,
    disablePercentage,
    wait: wait || waitFor === 'rollout',
    waitFor,
    imageId,
    maxFailedMachines,
    waitTimeoutMs: waitTimeoutSeconds * 1000,
    pollIntervalMs: pollIntervalSeconds * 1000,
    apiUrl: apiUrl as URL
  };
}
