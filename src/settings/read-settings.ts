/**
 * Turns the step's inputs into Settings (settings.ts). Every problem is collected so
 * the user sees all of them in one run, and nothing is sent until the inputs are valid.
 */
import { ExpectedFailure } from '../errors.ts';
import { parseBuildSource } from './build-source.ts';
import { readCredentials, type Credentials } from './credentials.ts';
import { ACTION_INPUTS, type InputNames } from './input-names.ts';
import type { Auth, BuildUpdate, DeploymentTarget, OnNoChanges, Settings, Source, Wait } from './settings.ts';
import {
  MAX_WAIT_TIMEOUT_SECONDS,
  parseApiUrl,
  parseBoolean,
  parseDuration,
  parseInstallAt,
  parsePositiveInteger,
  redactUrl
} from './input-parsers.ts';

/** Where requests go when api_url is empty: the host of the credentials' dialect (a token is only the successor's). */
export const DEFAULT_API_URLS = { keys: 'https://api.multiplay.co.uk', token: 'https://api.multiplay.dev' } as const;

/** The form api_url must take, said by every problem with it. */
export const API_URL_FORM =
  'an https:// URL without credentials, query or fragment, e.g. https://api.multiplay.co.uk (plain http:// only for loopback hosts: 127.0.0.0/8, localhost, [::1])';

/** The API's origin from api_url, or the credentials' default host; a problem names api_url and its accepted form. */
export function apiUrlOf(
  given: string,
  credentials: Pick<Credentials, 'kind'> | undefined
): { url: URL } | { problem: string; shown: string } {
  const text = given || DEFAULT_API_URLS[credentials?.kind ?? 'keys'];
  const url = parseApiUrl(text);
  return url === undefined ? { problem: API_URL_FORM, shown: redactUrl(text) } : { url };
}

export class InputError extends ExpectedFailure {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`
    );
    this.problems = problems;
  }
}

/** Inputs whose values must never be echoed back. */
/** Inputs whose values no message shows (update_url may carry storage keys). */
export const SECRET_INPUTS: ReadonlySet<string> = new Set(['token', 'access_key', 'secret_key', 'update_url', 'github_token']);

/** GitHub refuses environment names longer than this. */
export const MAX_ENVIRONMENT_LENGTH = 255;

type Reader = (name: string) => string;

/**
 * The one rule for control characters, in every input: C0 controls (U+0000–U+001F), DEL
 * (U+007F) and C1 controls (U+0080–U+009F: NEL, CSI, …) are refused, naming the input and
 * the code point, never the value. They are never part of a key, a URL, an id or a name;
 * sent on, they would travel to Clanforge or GitHub, and a NEL or CSI can end or repaint a
 * line where a log viewer shows it. Only MULTILINE_INPUTS may hold a tab and line breaks
 * (shown as ⏎ in the log, sent percent-encoded).
 */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Clanforge's two free strings, update_desc (a commit message is a natural value) and
 * game_build (the API's "free string" version): tab, LF and CR are kept there.
 */
export const MULTILINE_INPUTS: ReadonlySet<string> = new Set(['update_desc', 'game_build']);
const MULTILINE_ALLOWED = new Set(['\t', '\n', '\r']);

/** The problem with an input holding a control character, or undefined; names the code points, never the value. */
export function controlCharacterProblem(name: string, value: string, n: InputNames = ACTION_INPUTS): string | undefined {
  const allowed = MULTILINE_INPUTS.has(name) ? MULTILINE_ALLOWED : new Set<string>();
  const found = [...new Set(value.match(CONTROL) ?? [])].filter((char) => !allowed.has(char));
  if (found.length === 0) return undefined;
  const codes = found
    .slice(0, 3)
    .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  const where = MULTILINE_INPUTS.has(name)
    ? `of the control characters, only tab, LF and CR are allowed in ${name}`
    : 'control characters (U+0000–U+001F, U+007F–U+009F) are refused in every input; update_desc and game_build may hold tabs and line breaks';
  return `${n.subject(name)}: contains the control character ${codes}${more}; remove it (${where})`;
}

/** Collects problems while reading inputs one by one. */
class InputReader {
  readonly problems: string[] = [];
  /** Inputs refused for a control character, with the problem saying so. */
  readonly refused = new Map<string, string>();
  private readonly read: Reader;
  /** How problems name the inputs (the action's names, or another front door's). */
  readonly n: InputNames;
  constructor(read: Reader, n: InputNames) {
    this.n = n;
    this.read = (name) => {
      const value = read(name);
      if (!this.refused.has(name)) {
        const problem = controlCharacterProblem(name, value, n);
        if (problem !== undefined) this.refused.set(name, problem);
      }
      return value;
    };
  }

  /**
   * Every problem: the control characters first, then the rest, less those that name a
   * refused input (they would describe a value the user did not mean to give).
   */
  allProblems(): string[] {
    const refused = [...this.refused.keys()].map((name) => this.n.ref(name));
    return [...this.refused.values(), ...this.problems.filter((problem) => !refused.some((name) => problem.includes(name)))];
  }

  raw(name: string): string {
    return this.read(name);
  }

  given(name: string): boolean {
    return this.read(name) !== '';
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  fail(name: string, value: string, expected: string): undefined {
    const shown = SECRET_INPUTS.has(name) ? '' : ` is '${value}':`;
    this.problems.push(`${this.n.subject(name)}${shown || ':'} expected ${expected}`);
    return undefined;
  }

  required(name: string, what: string): string {
    const value = this.read(name);
    if (value === '') this.problems.push(`${this.n.subject(name)} is required: ${what}`);
    return value;
  }

  positiveInteger(name: string, required: boolean): number | undefined {
    const value = this.read(name);
    if (value === '') {
      if (required) this.problems.push(`${this.n.subject(name)} is required: a positive integer, for example 12345`);
      return undefined;
    }
    return parsePositiveInteger(value) ?? this.fail(name, value, 'a positive integer, for example 12345');
  }

  boolean(name: string, extra = ''): boolean | undefined {
    const value = this.read(name);
    if (value === '') return undefined;
    return parseBoolean(value) ?? this.fail(name, value, `a boolean: true or false (also True, TRUE, False, FALSE, 1, 0)${extra}`);
  }

  oneOf<T extends string>(name: string, fallback: T, accepted: readonly T[], expected: string): T {
    const value = this.read(name) || fallback;
    const found = accepted.find((a) => a === value);
    if (found === undefined) this.fail(name, value, expected);
    return found ?? fallback;
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

/**
 * update, update_url and update_desc: the build to pull first, if any. update_url
 * implies update; update: true alone pulls from the image's default update URL.
 */
function readUpdate(r: InputReader): BuildUpdate | undefined {
  const url = r.raw('update_url');
  const update = r.boolean('update');
  const desc = r.raw('update_desc') || undefined;
  // update's default is false and the runner always passes it, so false beside a URL is not a conflict.
  if (url === '') return update === true ? { url: undefined, desc } : undefined;
  const parsed = parseBuildSource(url, r.n);
  if (!parsed.ok) {
    for (const problem of parsed.problems) r.problem(problem);
    return undefined;
  }
  return { url, desc };
}

/** The id inputs as read; undefined where not given or not valid (already reported). */
interface Ids {
  diffId: number | undefined;
  imageId: number | undefined;
  machineId: number | undefined;
}

/** Either a diff from elsewhere, or the action makes one from imageid and machineid. */
function sourceOf(r: InputReader, ids: Ids, update: BuildUpdate | undefined): Source | undefined {
  if (r.given('diffid')) {
    if (r.given('machineid'))
      r.problem(
        `${r.n.subject('machineid')} is not used with ${r.n.ref('diffid')}: give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)`
      );
    if (r.given('update_url'))
      r.problem(
        `${r.n.subject('update_url')} is not used with ${r.n.ref('diffid')}: the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid`
      );
    else if (update)
      r.problem(
        `${r.n.subject('update')} is not used with ${r.n.ref('diffid')}: the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid`
      );
    if (ids.diffId === undefined) return undefined;
    return { kind: 'diff', diffId: ids.diffId };
  }
  const missing = (['imageid', 'machineid'] as const).filter((name) => !r.given(name));
  if (missing.length === 2) {
    r.problem(
      `${r.n.subject('diffid')} is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid`
    );
  } else if (missing[0] !== undefined) {
    r.problem(
      `${r.n.subject(missing[0])} is required when ${r.n.ref('diffid')} is not given: the action makes the diff from imageid and machineid (positive integers)`
    );
  }
  const { imageId, machineId } = ids;
  if (imageId === undefined || machineId === undefined) return undefined;
  return update ? { kind: 'build', imageId, machineId, update } : { kind: 'build', imageId, machineId };
}

/** What to wait for: wait_for: rollout implies waiting, for the image given or diffed. */
function waitOf(
  r: InputReader,
  wait: boolean,
  waitFor: 'job' | 'rollout',
  imageId: number | undefined,
  accountServiceId: number | undefined
): Wait | undefined {
  if (waitFor === 'rollout' && !r.given('imageid') && r.given('diffid')) {
    r.problem(
      `${r.n.subject('imageid')} is required when ${r.n.ref('wait_for')} is 'rollout': the id of the image whose rollout to wait for, a positive integer`
    );
  }
  const maxFailedText = r.raw('max_failed_machines');
  let maxFailedMachines = 0;
  if (maxFailedText !== '') {
    if (/^\d+$/.test(maxFailedText) && Number.isSafeInteger(Number(maxFailedText))) maxFailedMachines = Number(maxFailedText);
    else r.fail('max_failed_machines', maxFailedText, 'a whole number >= 0, e.g. 0 or 2');
  }
  if (waitFor === 'job') return wait ? { kind: 'job' } : { kind: 'none' };
  // accountServiceId is required for a rollout wait (credentials.ts reported it when missing).
  return imageId === undefined || accountServiceId === undefined
    ? undefined
    : { kind: 'rollout', imageId, maxFailedMachines, accountServiceId };
}

/** full: a boolean, or auto. */
function readFull(r: InputReader): Settings['full'] {
  return r.raw('full') === 'auto' ? 'auto' : r.boolean('full', ', or auto (full only when the diff has no changes)');
}

/** install_at: unix seconds or an ISO-8601 date-time with a zone. */
function readInstallAt(r: InputReader): number | undefined {
  const text = r.raw('install_at');
  if (text === '') return undefined;
  return (
    parseInstallAt(text) ??
    r.fail('install_at', text, 'unix seconds (e.g. 1767236400) or an ISO-8601 date-time with a zone (e.g. 2026-12-01T03:00:00Z)')
  );
}

/** disable_timeout and disable_percentage, which Clanforge takes together. */
function readDisable(r: InputReader): Pick<Settings, 'disableTimeout' | 'disablePercentage'> {
  const percentageText = r.raw('disable_percentage');
  const disableTimeout = r.positiveInteger('disable_timeout', false);
  let disablePercentage: string | undefined;
  if (percentageText !== '') {
    const n = Number(percentageText);
    if (/^\d{1,3}(?:\.\d{1,2})?$/.test(percentageText) && n >= 0 && n <= 100) disablePercentage = percentageText;
    else r.fail('disable_percentage', percentageText, 'a decimal from 0.00 to 100.00, e.g. 90 or 97.5');
  }
  if (r.given('disable_timeout') !== r.given('disable_percentage')) {
    const [missing, given] = r.given('disable_timeout')
      ? ['disable_percentage', 'disable_timeout']
      : ['disable_timeout', 'disable_percentage'];
    r.problem(
      `${r.n.subject(missing)} is required when ${r.n.ref(given)} is given: Clanforge takes disable_timeout (whole minutes) and disable_percentage (0.00 to 100.00) together`
    );
  }
  return { disableTimeout, disablePercentage };
}

/** environment and github_token: the GitHub deployment, when an environment is named. */
function readDeployment(r: InputReader): DeploymentTarget | undefined {
  const environment = r.raw('environment').trim();
  if (environment === '') return undefined;
  if (environment.length > MAX_ENVIRONMENT_LENGTH || /[\r\n\t]/.test(environment)) {
    r.fail(
      'environment',
      environment.length > 80 ? `${environment.slice(0, 80)}…` : environment,
      `a GitHub environment name on one line, at most ${MAX_ENVIRONMENT_LENGTH} characters, e.g. production`
    );
    return undefined;
  }
  return { environment, token: r.raw('github_token') };
}

/** The API's origin from api_url, or the credentials' default host. */
function readApiUrl(r: InputReader, credentials: Pick<Credentials, 'kind'> | undefined): URL | undefined {
  const text = r.raw('api_url') || DEFAULT_API_URLS[credentials?.kind ?? 'keys'];
  return parseApiUrl(text) ?? r.fail('api_url', redactUrl(text), API_URL_FORM);
}

/** The keys or the token, and the account they act for (credentials.ts says which inputs go together). */
function readAuth(r: InputReader): Auth | undefined {
  const credentials = readCredentials(
    {
      token: r.raw('token'),
      accessKey: r.raw('access_key'),
      secretKey: r.raw('secret_key'),
      accountServiceId: r.raw('accountserviceid'),
      waitFor: r.raw('wait_for') || 'job'
    },
    r.n
  );
  if (!credentials.ok) {
    for (const problem of credentials.problems) r.problem(problem);
    return undefined;
  }
  if (credentials.credentials.kind === 'token') return { ...credentials.credentials, accountServiceId: credentials.accountServiceId };
  if (credentials.accountServiceId !== undefined) return { ...credentials.credentials, accountServiceId: credentials.accountServiceId };
  return undefined;
}

type DiffOptions = Pick<Settings, 'restart' | 'full' | 'onNoChanges' | 'rejectLockingDiff' | 'force'>;

/** How the version is made from the diff: restart, full, on_no_changes, reject_locking_diff, force. */
function readDiffOptions(r: InputReader): DiffOptions {
  const restart = r.boolean('restart') ?? false;
  const full = readFull(r);
  const onNoChanges = r.oneOf<OnNoChanges>(
    'on_no_changes',
    'deploy',
    ['deploy', 'skip', 'fail'],
    'deploy (a full version), skip (reject the empty diff, create nothing, succeed) or fail (reject it and fail)'
  );
  const rejectLockingDiff = r.boolean('reject_locking_diff') ?? false;
  return { restart, full, onNoChanges, rejectLockingDiff, force: r.boolean('force') ?? false };
}

/** wait_timeout and poll_interval, in ms. */
function readTiming(r: InputReader): Pick<Settings, 'waitTimeoutMs' | 'pollIntervalMs'> {
  const waitTimeoutSeconds = r.duration(
    'wait_timeout',
    3600,
    1,
    MAX_WAIT_TIMEOUT_SECONDS,
    'seconds or a duration such as 90s, 30m, 2h, 1h30m; more than 0 and at most 6h'
  );
  const pollIntervalSeconds = r.duration(
    'poll_interval',
    10,
    1,
    MAX_WAIT_TIMEOUT_SECONDS,
    'whole seconds >= 1 (or a duration such as 15s, 1m)'
  );
  return { waitTimeoutMs: waitTimeoutSeconds * 1000, pollIntervalMs: pollIntervalSeconds * 1000 };
}

/** Every input read in action.yml's order, each problem noted; InputError lists them all at once. n: how problems name the inputs. */
/** What reading an account needs (the command line's ids): the credentials and the account, the API, an optional game. */
export interface AccountSettings {
  readonly auth: Auth;
  readonly apiUrl: URL;
  readonly gameId: number | undefined;
}

/** The inputs of AccountSettings, read and checked as a release reads them: every problem at once, nothing sent. */
export function readAccountSettings(read: Reader, n: InputNames = ACTION_INPUTS): AccountSettings {
  const r = new InputReader(read, n);
  const auth = readAuth(r);
  const apiUrl = readApiUrl(r, auth);
  const gameId = r.positiveInteger('gameid', false);
  const problems = r.allProblems();
  if (problems.length > 0 || auth === undefined || apiUrl === undefined) throw new InputError(problems);
  return { auth, apiUrl, gameId };
}

export function readSettings(read: Reader, n: InputNames = ACTION_INPUTS): Settings {
  const r = new InputReader(read, n);
  const auth = readAuth(r);
  const diffId = r.positiveInteger('diffid', false);
  const machineId = r.positiveInteger('machineid', false);
  const update = readUpdate(r);
  const diffOptions = readDiffOptions(r);
  const wait = r.boolean('wait') ?? false;
  const gameBuild = r.raw('game_build') || undefined;
  const installAt = readInstallAt(r);
  const disable = readDisable(r);
  const waitFor = r.oneOf(
    'wait_for',
    'job',
    ['job', 'rollout'],
    "'job' (until the image version job ends) or 'rollout' (then until no machine is pending)"
  );
  const imageId = r.positiveInteger('imageid', false);
  const gameId = r.positiveInteger('gameid', false);
  const source = sourceOf(r, { diffId, imageId, machineId }, update);
  const waiting = waitOf(r, wait, waitFor, imageId, auth?.accountServiceId);
  const timing = readTiming(r);
  const apiUrl = readApiUrl(r, auth);
  const deployment = readDeployment(r);
  const dryRun = r.boolean('dry_run') ?? false;

  // Each undefined below was reported as a problem: the checks only tell the compiler so.
  const problems = r.allProblems();
  if (problems.length > 0 || auth === undefined || source === undefined || waiting === undefined || apiUrl === undefined) {
    throw new InputError(problems);
  }
  return {
    auth,
    source,
    imageId,
    gameId,
    ...diffOptions,
    gameBuild,
    installAt,
    ...disable,
    wait: waiting,
    ...timing,
    apiUrl,
    deployment,
    dryRun
  };
}
