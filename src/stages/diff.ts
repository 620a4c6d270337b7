/**
 * The diff stage: make the difference analysis (imagediff/create) or read the one
 * given, wait for it, read what it changed, and decide what an empty diff means.
 * The image update (update.ts) runs first when a build URL is given.
 */
import type { DiffStatus } from '../clanforge/wire/diff.ts';
import { rejectQuery } from '../clanforge/remedies.ts';
import { isEmpty, listedChanges, totalChanged, type DiffChanges } from '../clanforge/wire/diff.ts';
import { describeState, outcomeOf, type Job } from '../clanforge/wire/job.ts';
import { isPlannedId } from '../clanforge/planned-ids.ts';
import { ClanforgeError } from '../clanforge/errors.ts';
import { ExpectedFailure, TimeoutFailure, type FailureText } from '../errors.ts';
import { andMore, count, describeChanges } from '../format.ts';
import type { BuildToDiff, Settings } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { addRow, readOnce, waitForStageJob } from './waits.ts';
import { withLockHandling } from './locks.ts';
import { updateStage } from './update.ts';

export interface DiffForVersion {
  diffId: number;
  /** What to send as full. */
  full: boolean | undefined;
  /** on_no_changes: skip — nothing more to do. */
  skipped: boolean;
}

/** A diff that did not complete may still lock its image. */
export function diffUnlockAdvice(diffId: number | string, asid: number | undefined): string {
  return `Diff ${diffId} may still lock the image: reject it (GET /cfp/v1/imagediff/${diffId}/reject${rejectQuery(asid)}) before the next run.`;
}

/** What to set instead when an empty diff meets full: false (or full not set, on a create Clanforge refuses). */
export const EMPTY_DIFF_REMEDY = 'Set full: true or full: auto to create a full version from it, or on_no_changes: skip to create nothing.';

/**
 * The diff is known to have no changes and input full is false: the run fails before
 * imageversion/create, which Clanforge would refuse.
 */
export function emptyDiffNotFullMessage(diffId: number, asid: number | undefined): FailureText {
  return {
    happened: `Diff ${diffId} has no changes, but input 'full' is false: Clanforge refuses a differential version from an empty diff, so no image version was created (imageversion/create was not sent).`,
    remedy: `${EMPTY_DIFF_REMEDY} ${diffUnlockAdvice(diffId, asid)}`
  };
}

/** on_no_changes: fail met an empty diff. */
export function noChangesFailMessage(diffId: number): string {
  return `Diff ${diffId} has no changes, so it was rejected and no image version was created (on_no_changes: fail).`;
}

/** A given diff is read (and waited for) only when its changes decide something: full: auto, on_no_changes other than deploy. */
export function readsGivenDiff(s: Pick<Settings, 'full' | 'onNoChanges'>): boolean {
  return s.full === 'auto' || s.onNoChanges !== 'deploy';
}

/** Why a real run does not read a given diff before the create, as a dry run says it when Clanforge would refuse that create. */
export const GIVEN_DIFF_UNREAD =
  'A real run sends the create without reading the diff (full is not auto, on_no_changes is deploy), so Clanforge would refuse it.';

/** What a run does with a diff that has no changes: the one rule, applied by a real run and described by a dry run. */
type EmptyDiffRule =
  /** on_no_changes skip or fail: reject the diff, then succeed with nothing made, or fail. */
  | { kind: 'reject'; then: 'skip' | 'fail' }
  /** full: false: fail before a create Clanforge would refuse. */
  | { kind: 'fail' }
  /** on_no_changes: deploy: a full version. */
  | { kind: 'full' };

function emptyDiffRule(s: Pick<Settings, 'full' | 'onNoChanges'>): EmptyDiffRule {
  if (s.onNoChanges !== 'deploy') return { kind: 'reject', then: s.onNoChanges };
  return s.full === false ? { kind: 'fail' } : { kind: 'full' };
}

/** imagediff/create, rejecting the diff that locks the image once when allowed (locks.ts). */
async function createDiff(ctx: StageContext, build: BuildToDiff): Promise<{ diffId: number; job: Job }> {
  const params = { imageId: build.imageId, machineId: build.machineId };
  ctx.log.info(`Creating a diff of image ${params.imageId} against machine ${params.machineId}`);
  return withLockHandling(ctx, {
    imageId: params.imageId,
    what: 'create the image diff',
    again: 'creating the diff again',
    call: () => ctx.client.diffs.create({ ...params, gameId: ctx.image.gameId })
  });
}

/** What a diff's status says of its image and game (diff_info) is kept for the image/options reads; a dry run shows the read. */
function sawStatus(ctx: StageContext, diffId: number, status: DiffStatus): DiffStatus {
  ctx.image.imageId ??= status.imageId;
  ctx.image.gameId ??= status.gameId;
  ctx.plan?.sawDiff(diffId, status);
  return status;
}

/** One safe status read, retried like a poll while it fails transiently. */
async function readStatus(ctx: StageContext, diffId: number): Promise<DiffStatus> {
  return sawStatus(ctx, diffId, await readOnce(ctx, 'the diff status', (t) => ctx.client.diffs.status(diffId, t)));
}

/** What a diff changed: read, not listed by Clanforge (undefined), or known only in a real run (a dry run did not wait for it). */
type Changes = DiffChanges | undefined | 'planned';

/** Waits for the diff to complete, then reads what it changed; latest: a status already read. */
async function diffChanges(ctx: StageContext, diffId: number, initial: Job, latest: DiffStatus | undefined): Promise<Changes> {
  const row = addRow(ctx, 'Image diff', diffId, initial);
  if (outcomeOf(initial) !== 'complete') {
    // A failed diff is still open and locks the image until someone rejects it.
    const unlock = diffUnlockAdvice(diffId, ctx.client.core.v1Asid);
    const poll = async (t: number): Promise<Job> => {
      latest = sawStatus(ctx, diffId, await ctx.client.diffs.status(diffId, t));
      return latest.job;
    };
    const shown = { polls: 'GET /cfp/v1/imagediff/{diffid}/status?diff_info=1', noun: 'diff' };
    if ((await waitForStageJob(ctx, row, initial, poll, shown, unlock)) === undefined) return 'planned';
  }
  // A diff already complete when created was never polled: read what it changed.
  latest ??= await readStatus(ctx, diffId);
  return latest.changes;
}

/**
 * A diff the action made stays open, and locks its image, when its stage fails before a
 * version is made from it (a timeout, an answer refused): the failure says so. A failed
 * diff says it already; a cancel says what was under way.
 */
async function sayingItLocks<T>(ctx: StageContext, diffId: number, stage: () => Promise<T>): Promise<T> {
  try {
    return await stage();
  } catch (error) {
    if (ctx.signal.aborted || !(error instanceof ExpectedFailure)) throw error;
    const unlock = diffUnlockAdvice(diffId, ctx.client.core.v1Asid);
    if (error.remedy?.includes(unlock) === true) throw error;
    const text =
      error.remedy === undefined
        ? { happened: error.happened, remedy: unlock, join: ' ' as const }
        : { happened: error.happened, remedy: `${error.remedy} ${unlock}`, join: error.join };
    if (error instanceof TimeoutFailure) throw new TimeoutFailure(text, { cause: error });
    if (error instanceof ClanforgeError) throw new ClanforgeError(text, { status: error.status, cause: error });
    throw new ExpectedFailure(text, { cause: error });
  }
}

/** Logs what the diff changed: counts, then one line per path (the first ones, listedChanges). */
function listChanges(ctx: StageContext, diffId: number, changes: DiffChanges): void {
  const { log } = ctx;
  log.info(`Diff ${diffId}: ${describeChanges(changes)}`);
  const { lines, more } = listedChanges(changes);
  if (lines.length === 0) return;
  log.startGroup(`Changed files (${count(totalChanged(changes))})`);
  for (const line of lines) log.info(line);
  if (more > 0) log.info(andMore(more));
  log.endGroup();
}

/** What an empty diff means under on_no_changes and full (emptyDiffRule). */
async function onEmptyDiff(ctx: StageContext, diffId: number): Promise<DiffForVersion> {
  const { settings: s, log, client } = ctx;
  const rule = emptyDiffRule(s);
  if (rule.kind === 'reject') {
    log.info(`Diff ${diffId} has no changes: rejecting it (reinstall=0), as on_no_changes is ${rule.then}.`);
    await client.diffs.reject(diffId);
    if (rule.then === 'skip') {
      ctx.outputs.skipped(true);
      log.info('Nothing to deploy: no image version was created (on_no_changes: skip).');
      return { diffId, full: undefined, skipped: true };
    }
    ctx.outputs.skipped(false);
    throw new ExpectedFailure(noChangesFailMessage(diffId));
  }
  // Clanforge would refuse the create: fail before sending it.
  if (rule.kind === 'fail') {
    ctx.outputs.skipped(false);
    throw new ExpectedFailure(emptyDiffNotFullMessage(diffId, client.core.v1Asid));
  }
  log.info(`Diff ${diffId} has no changes: creating a full version (full=1).`);
  return { diffId, full: true, skipped: false };
}

/**
 * A dry run that could not know what the diff changes (a diff not made yet, or not complete
 * yet): what a real run then does with full: auto and with an empty diff, by the same rules.
 */
function planNotes(ctx: StageContext, diffId: number): string[] {
  const s = ctx.settings;
  const asid = ctx.client.core.v1Asid;
  const diff = isPlannedId(diffId) ? 'the new diff' : `diff ${diffId}`;
  const notes: string[] = [];
  if (s.full === 'auto') notes.push(`full is auto: a real run adds full=1 to the create only if ${diff} has no changes.`);
  const rule = emptyDiffRule(s);
  if (rule.kind === 'reject') {
    notes.push(
      `on_no_changes is ${rule.then}: if ${diff} has no changes, a real run rejects it (GET /cfp/v1/imagediff/${diffId}/reject${rejectQuery(asid)}) instead of the create${rule.then === 'fail' ? ', and fails' : ''}.`
    );
  } else if (rule.kind === 'fail') {
    const message = new ExpectedFailure(emptyDiffNotFullMessage(diffId, asid)).message.replaceAll('\n', ' ');
    notes.push(`full is false: if ${diff} has no changes, a real run fails before the create: ${message}`);
  } else if (s.full === undefined) {
    notes.push(`If ${diff} has no changes, a real run sends full=1 (on_no_changes: deploy).`);
  }
  return notes;
}

/** The stages before the version: the image update (if any) and the diff; returns the diff to create it from, and what to send as full. */
export async function updateThenDiff(ctx: StageContext): Promise<DiffForVersion> {
  const { settings: s, log } = ctx;
  const source = s.source;
  let diffId: number;
  let changes: Changes;
  if (source.kind === 'build') {
    if (source.update) await updateStage(ctx, source, source.update);
    const created = await createDiff(ctx, source);
    diffId = created.diffId;
    ctx.report.diffId = diffId;
    ctx.outputs.diffKnown(diffId);
    log.info(`Created image diff ${diffId}: ${describeState(created.job)}`);
    changes = await sayingItLocks(ctx, diffId, () => diffChanges(ctx, diffId, created.job, undefined));
  } else {
    diffId = source.diffId;
    ctx.outputs.diffKnown(diffId);
    if (readsGivenDiff(s)) {
      log.info(`Reading what diff ${diffId} changed`);
      const read = await readStatus(ctx, diffId);
      changes = await diffChanges(ctx, diffId, read.job, read);
    }
  }
  const asGiven = s.full === 'auto' ? undefined : s.full;
  if (changes === 'planned') {
    for (const note of planNotes(ctx, diffId)) ctx.plan?.note(note);
    return { diffId, full: asGiven, skipped: false };
  }
  ctx.report.changes = changes;

  if (changes) {
    ctx.outputs.changesRead(changes);
    listChanges(ctx, diffId, changes);
  }
  if (changes && isEmpty(changes)) {
    const prepared = await onEmptyDiff(ctx, diffId);
    if (!prepared.skipped) ctx.outputs.skipped(false);
    return prepared;
  }
  if (s.full === 'auto' && !changes)
    log.warning(`full is auto, but Clanforge did not list the changes of diff ${diffId}; full is left out.`);
  ctx.outputs.skipped(false);
  return { diffId, full: asGiven, skipped: false };
}
