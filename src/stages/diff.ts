/**
 * The diff stage: make the difference analysis (imagediff/create) or read the one
 * given, wait for it, read what it changed, and decide what an empty diff means.
 * The image update (update.ts) runs first when a build URL is given.
 */
import type { DiffStatus } from '../clanforge/client/image-diffs.ts';
import { rejectQuery } from '../clanforge/remedies.ts';
import { changedPaths, describeChanges, isEmpty, type DiffChanges } from '../clanforge/wire/diff.ts';
import { describeState, outcomeOf, type Job } from '../clanforge/wire/job.ts';
import { ExpectedFailure, type FailureText } from '../errors.ts';
import { MAX_LISTED_PATHS } from '../runner/summary.ts';
import type { BuildToDiff, Settings } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { addRow, readOnce, waitForStageJob } from './stage.ts';
import { withLockHandling } from './locks.ts';
import { updateStage } from './update.ts';

export interface Prepared {
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
 * imageversion/create, which Clanforge would refuse. diffId is text in a dry run's note
 * about a diff not made yet.
 */
export function emptyDiffNotFullMessage(diffId: number | string, asid: number | undefined): FailureText {
  return {
    happened: `Diff ${diffId} has no changes, but input 'full' is false: Clanforge refuses a differential version from an empty diff, so no image version was created (imageversion/create was not sent).`,
    remedy: `${EMPTY_DIFF_REMEDY} ${diffUnlockAdvice(diffId, asid)}`
  };
}

/** on_no_changes: fail met an empty diff; a dry run says the same. */
export function noChangesFailMessage(diffId: number): string {
  return `Diff ${diffId} has no changes, so it was rejected and no image version was created (on_no_changes: fail).`;
}

/** A given diff is read (and waited for) only when its changes decide something: full: auto, on_no_changes other than deploy. */
export function readsGivenDiff(s: Pick<Settings, 'full' | 'onNoChanges'>): boolean {
  return s.full === 'auto' || s.onNoChanges !== 'deploy';
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

/** What a diff's status says of its image and game (diff_info): kept for the image/options reads. */
function learnImage(ctx: StageContext, status: DiffStatus): DiffStatus {
  ctx.image.imageId ??= status.imageId;
  ctx.image.gameId ??= status.gameId;
  return status;
}

/** One safe status read, retried like a poll while it fails transiently. */
async function readStatus(ctx: StageContext, diffId: number): Promise<DiffStatus> {
  return learnImage(ctx, await readOnce(ctx, 'the diff status', (t) => ctx.client.diffs.status(diffId, t)));
}

/** Waits for the diff to complete, then reads what it changed; latest: a status already read. */
async function diffChanges(
  ctx: StageContext,
  diffId: number,
  initial: Job,
  latest: DiffStatus | undefined
): Promise<DiffChanges | undefined> {
  const row = addRow(ctx, 'Image diff', diffId, initial);
  if (outcomeOf(initial) !== 'complete') {
    // A failed diff is still open and locks the image until someone rejects it.
    const unlock = diffUnlockAdvice(diffId, ctx.client.core.v1Asid);
    await waitForStageJob(
      ctx,
      row,
      initial,
      async (t) => {
        latest = learnImage(ctx, await ctx.client.diffs.status(diffId, t));
        return latest.job;
      },
      unlock
    );
  }
  // A diff already complete when created was never polled: read what it changed.
  latest ??= await readStatus(ctx, diffId);
  return latest.changes;
}

/** Logs what the diff changed: counts, then one line per path (the first MAX_LISTED_PATHS). */
function listChanges(ctx: StageContext, diffId: number, changes: DiffChanges): void {
  const { log } = ctx;
  log.info(`Diff ${diffId}: ${describeChanges(changes)}`);
  const listed = changedPaths(changes);
  if (listed.length === 0) return;
  log.startGroup(`Changed files (${listed.length})`);
  for (const line of listed.slice(0, MAX_LISTED_PATHS)) log.info(line);
  if (listed.length > MAX_LISTED_PATHS) log.info(`… and ${listed.length - MAX_LISTED_PATHS} more`);
  log.endGroup();
}

/** What an empty diff means under on_no_changes and full. */
async function onEmptyDiff(ctx: StageContext, diffId: number): Promise<Prepared> {
  const { settings: s, log, client } = ctx;
  if (s.onNoChanges !== 'deploy') {
    log.info(`Diff ${diffId} has no changes: rejecting it (reinstall=0), as on_no_changes is ${s.onNoChanges}.`);
    await client.diffs.reject(diffId);
    if (s.onNoChanges === 'skip') {
      ctx.outputs.skipped(true);
      log.info('Nothing to deploy: no image version was created (on_no_changes: skip).');
      return { diffId, full: undefined, skipped: true };
    }
    ctx.outputs.skipped(false);
    throw new ExpectedFailure(noChangesFailMessage(diffId));
  }
  // Clanforge would refuse the create: fail before sending it.
  if (s.full === false) {
    ctx.outputs.skipped(false);
    throw new ExpectedFailure(emptyDiffNotFullMessage(diffId, ctx.client.core.v1Asid));
  }
  log.info(`Diff ${diffId} has no changes: creating a full version (full=1).`);
  return { diffId, full: true, skipped: false };
}

/** The stages before the version: returns the diff to create it from, and what to send as full. */
export async function prepareDiff(ctx: StageContext): Promise<Prepared> {
  const { settings: s, log } = ctx;
  const source = s.source;
  let diffId: number;
  let changes: DiffChanges | undefined;
  if (source.kind === 'build') {
    if (source.update) await updateStage(ctx, source, source.update);
    const created = await createDiff(ctx, source);
    diffId = created.diffId;
    ctx.report.diffId = diffId;
    ctx.outputs.diffKnown(diffId);
    log.info(`Created image diff ${diffId}: ${describeState(created.job)}`);
    changes = await diffChanges(ctx, diffId, created.job, undefined);
  } else {
    diffId = source.diffId;
    ctx.outputs.diffKnown(diffId);
    if (readsGivenDiff(s)) {
      log.info(`Reading what diff ${diffId} changed`);
      const read = await readStatus(ctx, diffId);
      changes = await diffChanges(ctx, diffId, read.job, read);
    }
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
  return { diffId, full: s.full === 'auto' ? undefined : s.full, skipped: false };
}
