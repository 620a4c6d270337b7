/**
 * The rollout stage (wait_for: rollout): after a Complete job, wait until the version's
 * installs are done. Two reads per poll:
 * - the v2 image view (pending, failed, completed per fleet and region): the counts, the
 *   failure limit and the summary table; it is per image, not per version;
 * - imageinstall/status rows whose target_imageversionid is the version created: while
 *   any is listed, the version is still being installed, whatever the image view says
 *   (right after the job completes it may not show the new machines as pending yet).
 * A transient failure of imageinstall/status fails the poll, which is asked again; when it
 * is refused for good or lists nothing readable, the wait falls back to the image view
 * alone, saying so once.
 */
import { isTransient } from '../clanforge/errors.ts';
import { FAILED_MACHINES_ADVICE } from '../clanforge/remedies.ts';
import { installsOf } from '../clanforge/wire/installs.ts';
import { JobState } from '../clanforge/wire/job.ts';
import { rolloutDone, sameCounts, total, type Rollout } from '../clanforge/wire/rollout.ts';
import { ExpectedFailure, TimeoutFailure } from '../errors.ts';
import type { PollTarget } from '../polling/poll-loop.ts';
import { count, describeRollout, formatDuration, oneLine, plural } from '../format.ts';
import type { RolloutWait } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { waitWithinDeadline } from './waits.ts';

/** The share of machines done (installed or failed), in points. */
function donePoints(r: Rollout | undefined): number | undefined {
  return r && total(r) > 0 ? Math.floor((100 * (r.completed + r.failed)) / total(r)) : undefined;
}

/** One poll: the image view, and how many installs of the version are listed (undefined: not known for good, the image view alone decides). */
export interface VersionRollout {
  rollout: Rollout;
  versionInstalls: number | undefined;
}

/** Failed as soon as the image view counts too many failures; complete when nothing is pending and no install of the version is listed. */
export function versionRolloutDone(poll: VersionRollout, maxFailed: number): 'complete' | 'failed' | undefined {
  const result = rolloutDone(poll.rollout, maxFailed);
  if (result === 'failed') return 'failed';
  if (result === 'complete' && (poll.versionInstalls === undefined || poll.versionInstalls === 0)) return 'complete';
  return undefined;
}

/** Said only when it matters: the image view shows nothing pending, yet installs of the version are listed. */
function stillListed(poll: VersionRollout, imageVersionId: number): string {
  if (poll.rollout.pending > 0 || !poll.versionInstalls) return '';
  return `; ${count(poll.versionInstalls)} install(s) of image version ${imageVersionId} still listed (imageinstall/status)`;
}

/** The rollout target for the poll loop; progress is the share of machines done. */
function rolloutTarget(maxFailed: number): PollTarget<VersionRollout | undefined, VersionRollout> {
  return {
    done: (r): r is VersionRollout => r !== undefined && versionRolloutDone(r, maxFailed) !== undefined,
    observe: (r, atMs) => ({
      atMs,
      stateId: JobState.Running,
      progress: donePoints(r?.rollout),
      etaMs: undefined
    }),
    changed: (a, b) => a === undefined || b === undefined || !sameCounts(a.rollout, b.rollout) || a.versionInstalls !== b.versionInstalls
  };
}

/** `Production / North America (1), Staging / Europe (2)`: where machines failed, by region (or fleet). */
export function whereFailed(r: Rollout): string {
  return r.fleets
    .flatMap((f) => {
      const fleet = oneLine(f.name ?? f.id);
      const regions = f.regions.filter((g) => g.failed > 0).map((g) => `${fleet} / ${oneLine(g.name ?? g.id)} (${g.failed})`);
      return regions.length > 0 ? regions : f.failed > 0 ? [`${fleet} (${f.failed})`] : [];
    })
    .join(', ');
}

/** The warning for a rollout that succeeded with failed machines (at most max_failed_machines). */
export function failedMachinesWarning(imageId: number, r: Rollout, maxFailed: number): string {
  const where = whereFailed(r);
  return `Rollout of image ${imageId}: ${plural(r.failed, 'machine')} failed to install (allowed up to ${maxFailed} by max_failed_machines)${where ? ` in ${where}` : ''}; ${describeRollout(r)}. ${FAILED_MACHINES_ADVICE}`;
}

/**
 * How many installs of the version imageinstall/status lists, per poll. A transient failure
 * throws (the poll is retried); when it cannot tell for good (no installs field, a refusal),
 * the wait falls back to the image view alone, saying so once.
 */
function versionInstallCounter(
  ctx: StageContext,
  imageVersionId: number
): { count(timeoutMs: number): Promise<number | undefined>; fellBack(): boolean } {
  let warned = false;
  const fallBack = (why: string): void => {
    if (warned) return;
    warned = true;
    ctx.log.warning(
      `Could not tell which installs are for image version ${imageVersionId} (${why}); waiting on the image's rollout view alone.`
    );
  };
  const count = async (timeoutMs: number): Promise<number | undefined> => {
    try {
      const installs = await ctx.client.installs.status(timeoutMs);
      if (!installs.listed) {
        fallBack('imageinstall/status listed no installs field');
        return undefined;
      }
      return installsOf(installs, imageVersionId);
    } catch (error) {
      // A transient failure leaves the count unknown: the poll fails and is asked again (the retry
      // warning), never read as "none listed". Only a refusal, which will not change, falls back.
      if (ctx.signal.aborted || isTransient(error)) throw error;
      fallBack(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  return { count, fellBack: () => warned };
}

/** What the timeout says: the counts last seen, where machines are still pending, installs still listed. */
function rolloutTimedOut(last: VersionRollout | undefined, imageId: number, imageVersionId: number): string {
  const pending = last?.rollout.fleets.filter((f) => f.pending > 0).map((f) => `${oneLine(f.name ?? f.id)} (${f.pending})`) ?? [];
  const listed = last ? stillListed(last, imageVersionId) : '';
  return `for the rollout of image ${imageId}: ${last ? describeRollout(last.rollout) : 'no status received'}${pending.length ? `; still pending in ${pending.join(', ')}` : ''}${listed}. The machines go on installing in Clanforge.`;
}

type RolloutSeen = NonNullable<StageContext['report']['rollout']>;

/** The wait's end: the outputs, the report, and a failure when more machines failed than allowed. */
function rolloutEnded(ctx: StageContext, wait: RolloutWait, rollout: RolloutSeen, status: VersionRollout): void {
  const { log, report } = ctx;
  const { imageId, maxFailedMachines } = wait;
  const counts = describeRollout(status.rollout);
  const result = versionRolloutDone(status, maxFailedMachines) === 'failed' ? 'failed' : 'complete';
  rollout.result = result;
  ctx.outputs.rollout(status.rollout, result);
  if (result === 'failed') {
    report.result = 'rollout-failed';
    throw new ExpectedFailure({
      happened: `Rollout of image ${imageId} failed: ${status.rollout.failed} machine(s) failed to install, more than max_failed_machines (${maxFailedMachines}); ${counts}.`,
      remedy: FAILED_MACHINES_ADVICE,
      join: ' '
    });
  }
  report.result = 'rolled-out';
  log.info(`Rollout of image ${imageId} complete: ${counts}.`);
  if (status.rollout.failed > 0) log.warning(failedMachinesWarning(imageId, status.rollout, maxFailedMachines));
}

/** Within the same wait_timeout as the job; throws when more machines failed than allowed. */
export async function rolloutStage(ctx: StageContext, wait: RolloutWait, imageVersionId: number): Promise<void> {
  const { client, clock, report } = ctx;
  const { imageId, maxFailedMachines, accountServiceId } = wait;
  if (ctx.plan !== undefined) {
    ctx.plan.waits(imageVersionId, `then GET /cfp/v2/project/${accountServiceId}/image/${imageId}/status until no machine is pending`);
    return;
  }
  const rollout = (report.rollout ??= { imageId, maxFailedMachines, status: undefined, result: undefined });
  const installs = versionInstallCounter(ctx, imageVersionId);
  // Progress lines count the time in this wait, like the version's.
  const waitStarted = clock.now();
  let status: VersionRollout;
  try {
    status = await waitWithinDeadline(ctx, {
      group: `Waiting for the rollout of image ${imageId} until no machine is pending (at most ${maxFailedMachines} may fail)`,
      initial: undefined,
      poll: async (timeoutMs) => {
        const view = await client.images.rollout(accountServiceId, imageId, timeoutMs);
        return { rollout: view, versionInstalls: installs.fellBack() ? undefined : await installs.count(timeoutMs) };
      },
      target: rolloutTarget(maxFailedMachines),
      pollFirst: true,
      onUpdate: (r) => {
        rollout.status = r?.rollout;
      },
      progress: {
        line: (r) =>
          r
            ? `[${formatDuration(clock.now() - waitStarted)}] rollout: ${describeRollout(r.rollout)}${stillListed(r, imageVersionId)}`
            : undefined,
        // A machine that failed, or the last one done, is news at once; so are installs of the version still listed while nothing is pending.
        state: (r) => (r ? `${r.rollout.failed}:${r.rollout.pending === 0}:${stillListed(r, imageVersionId) !== ''}` : ''),
        points: (r) => donePoints(r?.rollout)
      },
      reading: 'the rollout status',
      settle: (last) => {
        rollout.status = last?.rollout;
      },
      timedOut: (last) => rolloutTimedOut(last, imageId, imageVersionId)
    });
  } catch (error) {
    // Timed out with failed machines within the allowance: never silent, the same warning as a complete rollout.
    const seen = rollout.status;
    if (error instanceof TimeoutFailure && seen && seen.failed > 0 && seen.failed <= maxFailedMachines) {
      ctx.log.warning(failedMachinesWarning(imageId, seen, maxFailedMachines));
    }
    throw error;
  }
  rolloutEnded(ctx, wait, rollout, status);
}
