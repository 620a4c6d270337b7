/**
 * The outcome check's verdict (the check itself is outcome-check.ts): after an
 * imageversion/create whose outcome is unknown (a reset or timeout after sending, another
 * 5xx), find out with safe reads only — never by repeating the create.
 * Each round reads GET /cfp/v1/imageinstall/status and GET /cfp/v1/image/options; the
 * rounds run every CHECK_INTERVAL_MS for up to CHECK_WINDOW_MS, within the time left.
 *
 * - created: an install targets a version newer than any the action saw before, and
 *   either the row names this image, or (rows that name no image, or no version seen
 *   before to compare with) the diff no longer locks the image. Exactly one such version
 *   must exist; it is the one reported. Checked after every round: the first proof ends
 *   the checks.
 * - not-created: every lock read said the diff the action sent still locks the image,
 *   including one read made when the whole window had passed (a diff locks its image
 *   until a version is made from it or it is rejected).
 * - unknown: anything else, with both reads' findings. When the diff no longer locks the
 *   image but no install names the version, the findings say it most likely went through.
 *
 * The findings hold ids parsed from the answers and the client's own error messages,
 * no other text from the server; they still go through the guard on their way out.
 */
import type { InstallGroup, Installs } from '../clanforge/wire/installs.ts';
import { describeLock, type ImageLock } from '../clanforge/wire/image-options.ts';

/** What an image/options read said of the image: its lock, or (undefined) nothing. */
export interface LockSeen {
  lock: ImageLock | undefined;
}

export const CHECK_INTERVAL_MS = 10_000;
export const CHECK_WINDOW_MS = 60_000;
/** Install rows created this long before the create was sent are older installs (allows for clock skew). */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

export interface OutcomeQuestion {
  /** The diff the create was sent for. */
  diffId: number;
  imageId: number;
  /** The highest image version id of this image the action saw before the create; undefined: none. */
  highestVersionSeen: number | undefined;
  /** When the create was sent (ms, wall clock), to leave out install rows created well before it. */
  sentAtMs?: number | undefined;
}

/** One read: its answer, or why it failed (a message of the action's own client, not server text). */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Round {
  /** When the round started, ms on the check's clock. */
  atMs: number;
  installs: Read<Installs>;
  options: Read<LockSeen>;
}

export type Verdict =
  | { kind: 'created'; imageVersionId: number; findings: string; message: string }
  | { kind: 'not-created'; findings: string; message: string }
  | { kind: 'unknown'; likelyCreated: boolean; findings: string; message: string };

/** Times (ms) at which to read: at once, then every intervalMs up to the window's end, never past the deadline. */
export function checkSchedule(startMs: number, deadlineMs: number, intervalMs = CHECK_INTERVAL_MS, windowMs = CHECK_WINDOW_MS): number[] {
  const end = Math.min(startMs + windowMs, deadlineMs);
  const times = [startMs];
  for (let t = startMs + intervalMs; t <= end; t += intervalMs) times.push(t);
  // The window's end is read too when the interval does not divide it.
  const last = times[times.length - 1];
  if (last !== undefined && end > last) times.push(end);
  return times;
}

/** Versions the installs target that are newer than any seen before, split by whether the rows name this image. */
function newerVersions(question: OutcomeQuestion, groups: readonly InstallGroup[]): { named: number[]; unnamed: number[] } {
  const named = new Set<number>();
  const unnamed = new Set<number>();
  const oldestMs = question.sentAtMs === undefined ? undefined : question.sentAtMs - CLOCK_SKEW_ALLOWANCE_MS;
  for (const group of groups) {
    const version = group.targetImageVersionId;
    if (version === undefined) continue;
    if (question.highestVersionSeen !== undefined && version <= question.highestVersionSeen) continue;
    if (group.imageId !== undefined && group.imageId !== question.imageId) continue;
    // Rows created well before the create are older installs: a group counts when one of its rows is not.
    const older = oldestMs !== undefined && !group.anyUndated && group.newestCreated !== undefined && group.newestCreated * 1000 < oldestMs;
    if (older) continue;
    (group.imageId === question.imageId ? named : unnamed).add(version);
  }
  return { named: [...named].sort((a, b) => a - b), unnamed: [...unnamed].sort((a, b) => a - b) };
}

function lockedByOurDiff(question: OutcomeQuestion, lock: ImageLock): boolean {
  return lock.diffId === question.diffId;
}

/** What the last lock read that could tell said. */
function latestLock(rounds: readonly Round[]): ImageLock | undefined {
  for (let i = rounds.length - 1; i >= 0; i--) {
    const options = rounds[i]?.options;
    if (options?.ok && options.value.lock !== undefined) return options.value.lock;
  }
  return undefined;
}

/** The version the rounds so far prove created, if any. */
export function createdVersion(question: OutcomeQuestion, rounds: readonly Round[]): number | undefined {
  const named = new Set<number>();
  const any = new Set<number>();
  for (const round of rounds) {
    if (!round.installs.ok) continue;
    const found = newerVersions(question, round.installs.value.groups);
    for (const v of found.named) named.add(v);
    for (const v of [...found.named, ...found.unnamed]) any.add(v);
  }
  const lock = latestLock(rounds);
  const stillOurs = lock !== undefined && lockedByOurDiff(question, lock);
  const released = lock !== undefined && !stillOurs;
  // A row naming this image, newer than what was seen, is proof, unless the diff still
  // locks the image (then no version can have been made from it: the reads disagree).
  if (question.highestVersionSeen !== undefined && named.size === 1 && !stillOurs) return [...named][0];
  // Otherwise the two reads must agree: the diff was used up, and one new version is being installed.
  if (released && any.size === 1) return [...any][0];
  return undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function installFindings(question: OutcomeQuestion, rounds: readonly Round[]): string {
  const reads = rounds.filter((r) => r.installs.ok);
  const failed = rounds.filter((r) => !r.installs.ok);
  const lastError = [...failed].reverse().find((r) => !r.installs.ok)?.installs;
  const failure = lastError && !lastError.ok ? `${plural(failed.length, 'read')} failed, last: ${lastError.error}` : '';
  if (reads.length === 0) return `imageinstall/status could not be read (${failure})`;
  const listed = reads.filter((r) => r.installs.ok && r.installs.value.listed);
  if (listed.length === 0)
    return `imageinstall/status did not list installs (${plural(reads.length, 'read')})${failure ? `; ${failure}` : ''}`;
  const groups = listed.flatMap((r) => (r.installs.ok ? r.installs.value.groups : []));
  const { named, unnamed } = newerVersions(question, groups);
  const than =
    question.highestVersionSeen !== undefined ? ` newer than ${question.highestVersionSeen}` : ' (no earlier version seen to compare with)';
  const parts: string[] = [];
  if (named.length > 0)
    parts.push(`installs of image ${question.imageId} target version${named.length === 1 ? '' : 's'} ${named.join(', ')}${than}`);
  if (unnamed.length > 0)
    parts.push(`installs that name no image target version${unnamed.length === 1 ? '' : 's'} ${unnamed.join(', ')}${than}`);
  if (parts.length === 0)
    parts.push(
      `no incomplete install targets a version of image ${question.imageId}${question.highestVersionSeen !== undefined ? ` newer than ${question.highestVersionSeen}` : ''}`
    );
  return `imageinstall/status (${plural(listed.length, 'read')}): ${parts.join('; ')}${failure ? `; ${failure}` : ''}`;
}

function optionsFindings(question: OutcomeQuestion, rounds: readonly Round[], startMs: number): string {
  const reads = rounds.filter((r) => r.options.ok);
  const failed = rounds.length - reads.length;
  const lastError = [...rounds].reverse().find((r) => !r.options.ok)?.options;
  const failure = lastError && !lastError.ok ? `${plural(failed, 'read')} failed, last: ${lastError.error}` : '';
  const last = reads[reads.length - 1];
  if (!last || !last.options.ok) return `image/options could not be read (${failure})`;
  const lock = last.options.value.lock;
  const after = `${Math.round((last.atMs - startMs) / 1000)} s after the checks began`;
  let text: string;
  if (lock === undefined) text = `image/options did not say what locks image ${question.imageId} (last read ${after})`;
  else if (lockedByOurDiff(question, lock))
    text = `image/options: diff ${question.diffId} still locks image ${question.imageId} (last read ${after})`;
  else
    text = `image/options: diff ${question.diffId} no longer locks image ${question.imageId}, now ${describeLock(lock)} (last read ${after})`;
  return failure ? `${text}; ${failure}` : text;
}

/** The verdict once the rounds are over (or earlier, when they already prove a create). */
export function decideOutcome(question: OutcomeQuestion, rounds: readonly Round[], startMs: number, windowMs = CHECK_WINDOW_MS): Verdict {
  const findings = `${installFindings(question, rounds)}. ${optionsFindings(question, rounds, startMs)}.`;
  const created = createdVersion(question, rounds);
  if (created !== undefined) {
    return {
      kind: 'created',
      imageVersionId: created,
      findings,
      message: `The create went through after all: image version ${created} of image ${question.imageId} is being installed.`
    };
  }
  const locks = rounds.flatMap((r) =>
    r.options.ok && r.options.value.lock !== undefined ? [{ atMs: r.atMs, lock: r.options.value.lock }] : []
  );
  const allOurs = locks.length > 0 && locks.every((l) => lockedByOurDiff(question, l.lock));
  const lastLock = locks[locks.length - 1];
  const conflicting = rounds.some((r) => r.installs.ok && newerVersions(question, r.installs.value.groups).named.length > 0);
  if (allOurs && lastLock !== undefined && lastLock.atMs >= startMs + windowMs && !conflicting) {
    return {
      kind: 'not-created',
      findings,
      message: `The image version was not created: safe to re-run. Diff ${question.diffId} still locks image ${question.imageId} ${Math.round(windowMs / 1000)} s later, so no version was made from it.`
    };
  }
  const likelyCreated = lastLock !== undefined && !lockedByOurDiff(question, lastLock.lock);
  const short =
    !allOurs || lastLock === undefined || lastLock.atMs >= startMs + windowMs
      ? ''
      : ` The checks ended before ${Math.round(windowMs / 1000)} s had passed (wait_timeout), too soon to call it not created.`;
  const advice = likelyCreated
    ? ` Diff ${question.diffId} no longer locks the image, so the create most likely went through: look for the new version of image ${question.imageId} in the dashboard before re-running.`
    : ' Look for a new version of the image in the dashboard before re-running.';
  return {
    kind: 'unknown',
    likelyCreated,
    findings,
    message: `Could not tell whether an image version was created. ${findings}${short}${advice}`
  };
}

export interface OutcomeCheckDeps extends OutcomeQuestion {
  readInstalls(signal?: AbortSignal): Promise<Installs>;
  readOptions(signal?: AbortSignal): Promise<LockSeen>;
  clock: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> };
  /** No read starts after this (ms on the clock): the step's wait_timeout. */
  deadlineMs: number;
  intervalMs?: number;
  windowMs?: number;
  signal?: AbortSignal | undefined;
  /** Called after each round, e.g. to log what was found. */
  onRound?: (round: Round) => void;
}

function aborted(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

async function read<T>(load: () => Promise<T>, signal: AbortSignal | undefined): Promise<Read<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    if (aborted(error, signal)) throw error;
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the rounds on the injected clock and returns the verdict; a cancel (signal) rejects. */
export async function checkOutcome(deps: OutcomeCheckDeps): Promise<Verdict> {
  const { clock, signal } = deps;
  const windowMs = deps.windowMs ?? CHECK_WINDOW_MS;
  const startMs = clock.now();
  const times = checkSchedule(startMs, deps.deadlineMs, deps.intervalMs ?? CHECK_INTERVAL_MS, windowMs);
  const rounds: Round[] = [];
  for (const [i, at] of times.entries()) {
    // A slow read may overrun later slots: skip the ones already past, but never the last one.
    if (i > 0 && i < times.length - 1 && clock.now() > at) continue;
    const wait = at - clock.now();
    if (wait > 0) await clock.sleep(wait, signal);
    const atMs = clock.now();
    const [installs, options] = await Promise.all([
      read(() => deps.readInstalls(signal), signal),
      read(() => deps.readOptions(signal), signal)
    ]);
    const round: Round = { atMs, installs, options };
    rounds.push(round);
    deps.onRound?.(round);
    if (createdVersion(deps, rounds) !== undefined) break;
  }
  return decideOutcome(deps, rounds, startMs, windowMs);
}
