/**
 * The outcome check, after an imageversion/create whose outcome is unknown: the rounds of
 * safe reads (the rules that read them are outcome-verdict.ts), and what the verdict means
 * for the step. The create is never repeated.
 *
 * "The highest version the action saw before": no endpoint lists an image's versions,
 * so the action reads imageinstall/status once right before the create (baselineVersion)
 * and takes the highest target_imageversionid listed, of any image (version ids are
 * account-wide and grow, so a version made by this create is newer than every one
 * listed). If that read fails or lists nothing, the check needs both reads to agree
 * (the diff no longer locks the image, and exactly one newer version is being installed).
 */
import { OutcomeUnknownError } from '../clanforge/errors.ts';
import { parseJob, type Job } from '../clanforge/wire/job.ts';
import { ExpectedFailure } from '../errors.ts';
import type { StageContext } from './context.ts';
import { highestVersion } from '../clanforge/wire/installs.ts';
import { GAME_INPUT_ADVICE, readLock, type Reader } from './image-game.ts';
import { CHECK_WINDOW_MS, checkOutcome, type LockSeen, type Round } from './outcome-verdict.ts';

/** Each read of the check, and the baseline read, gets at most this long. */
export const CHECK_READ_TIMEOUT_MS = 10_000;
export const BASELINE_READ_TIMEOUT_MS = 5_000;

/** The highest version id imageinstall/status lists now; undefined when it lists none or cannot be read. */
export async function baselineVersion(ctx: StageContext): Promise<number | undefined> {
  try {
    const installs = await ctx.client.installs.status(BASELINE_READ_TIMEOUT_MS);
    return highestVersion(installs);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return undefined;
  }
}

/** The image and game of a diff made elsewhere, from its status (diff_info names both); kept in ctx.image. */
async function learnFromDiff(ctx: StageContext, diffId: number): Promise<void> {
  try {
    const status = await ctx.client.diffs.status(diffId, CHECK_READ_TIMEOUT_MS);
    ctx.image.imageId ??= status.imageId;
    ctx.image.gameId ??= status.gameId;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
  }
}

/**
 * The lock read of one round: image/options with the image's game, found first when not
 * known (one attempt per read within the check's read timeout). A lock that cannot be read
 * with the right game fails the read, saying why; the next round tries again.
 */
function lockReader(ctx: StageContext, imageId: number): () => Promise<LockSeen> {
  const once: Reader = (_reading, read) => read(CHECK_READ_TIMEOUT_MS);
  return async () => {
    const read = await readLock(ctx, imageId, once);
    if (!read.checked) throw new Error(`the lock on image ${imageId} could not be read: ${read.why}; ${GAME_INPUT_ADVICE}`);
    return { lock: read.lock };
  };
}

function roundLine(round: Round, startMs: number): string {
  const installs = round.installs.ok
    ? round.installs.value.listed
      ? `${round.installs.value.rows} incomplete install(s)`
      : 'installs not listed'
    : 'imageinstall/status failed';
  const options = round.options.ok
    ? round.options.value.lock === undefined
      ? 'lock not stated'
      : round.options.value.lock.diffId !== undefined
        ? `locked by diff ${round.options.value.lock.diffId}`
        : 'not locked by a diff'
    : 'image/options failed';
  return `outcome check at ${Math.round((round.atMs - startMs) / 1000)} s: ${installs}; ${options}`;
}

export interface UnknownCreate {
  error: OutcomeUnknownError;
  diffId: number;
  /** Highest version id seen before the create (baselineVersion). */
  highestVersionSeen: number | undefined;
  /** When the create was sent (wall-clock ms). */
  sentAtMs: number;
}

/**
 * Finds out whether the create went through. Created: the version id and its job (one
 * status read; an unreadable status leaves the job fields unknown, the wait reads them).
 * Otherwise throws the step's failure.
 */
export async function resolveUnknownCreate(ctx: StageContext, unknown: UnknownCreate): Promise<{ id: number; job: Job }> {
  const { client, log, clock } = ctx;
  const { diffId } = unknown;
  // What happened to the request, without the client's "check before re-running" advice.
  const happened = unknown.error.happened;
  if (ctx.image.imageId === undefined || ctx.image.gameId === undefined) await learnFromDiff(ctx, diffId);
  const imageId = ctx.image.imageId;
  if (imageId === undefined) {
    throw new OutcomeUnknownError(
      `${unknown.error.message} The action could not check what happened: it knows no image id for diff ${diffId} (give input imageid to let it check with safe reads next time).`,
      { cause: unknown.error }
    );
  }

  // The deadline first (it may start the wait_timeout count now), then the start: the bound never says more than is left.
  const deadlineMs = ctx.deadline();
  const startMs = clock.now();
  // The real bound: the check never reads past wait_timeout.
  const checkMs = Math.min(CHECK_WINDOW_MS, Math.max(0, deadlineMs - startMs));
  const bound =
    checkMs < CHECK_WINDOW_MS
      ? `for up to ${Math.ceil(checkMs / 1000)} s (what wait_timeout leaves)`
      : `for up to ${CHECK_WINDOW_MS / 1000} s`;
  log.warning(
    `${happened} Checking with safe reads only (imageinstall/status, image/options) ${bound} whether an image version was created from diff ${diffId}; the create is not repeated.`
  );
  const verdict = await checkOutcome({
    diffId,
    imageId,
    highestVersionSeen: unknown.highestVersionSeen,
    sentAtMs: unknown.sentAtMs,
    readInstalls: () => client.installs.status(CHECK_READ_TIMEOUT_MS),
    readOptions: lockReader(ctx, imageId),
    clock,
    deadlineMs: ctx.deadline(),
    signal: ctx.signal,
    onRound: (round) => log.info(roundLine(round, startMs))
  });
  if (verdict.kind === 'created') {
    log.warning(
      `${verdict.message} ${happened} The safe reads show it went through: ${verdict.findings} Going on with image version ${verdict.imageVersionId}.`
    );
    let job: Job;
    try {
      job = await client.versions.status(verdict.imageVersionId, CHECK_READ_TIMEOUT_MS);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      job = parseJob({});
    }
    return { id: verdict.imageVersionId, job };
  }
  if (verdict.kind === 'not-created') {
    throw new ExpectedFailure(`${verdict.message} ${happened} Findings: ${verdict.findings}`);
  }
  // As without the check, with what the two reads found.
  throw new OutcomeUnknownError(`${unknown.error.message}\nThe safe reads after it did not settle it: ${verdict.message}`, {
    cause: unknown.error
  });
}
