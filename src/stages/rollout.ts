/** The rollout stage (wait_for: rollout): after a Complete job, wait until no machine of the image is pending. */
import { JobState } from '../clanforge/wire/job.ts';
import { describeRollout, rolloutDone, sameCounts, total, type Rollout } from '../clanforge/wire/rollout.ts';
import { ExpectedFailure } from '../errors.ts';
import { formatDuration, plural } from '../format.ts';
import type { PollTarget } from '../polling/poll-loop.ts';
import { oneLine } from '../runner/untrusted-text.ts';
import type { RolloutWait } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { runStage } from './stage.ts';

/** The share of machines done (installed or failed), in points. */
function donePoints(r: Rollout | undefined): number | undefined {
  return r && total(r) > 0 ? Math.floor((100 * (r.completed + r.failed)) / total(r)) : undefined;
}

/** The rollout target for the poll loop; progress is the share of machines done. */
function rolloutTarget(maxFailed: number): PollTarget<Rollout | undefined, Rollout> {
  return {
    done: (r): r is Rollout => r !== undefined && rolloutDone(r, maxFailed) !== undefined,
    observe: (r, atMs) => ({
      atMs,
      stateId: JobState.Running,
      progress: donePoints(r),
      etaMs: undefined
    }),
    changed: (a, b) => a === undefined || b === undefined || !sameCounts(a, b)
  };
}

/** What to do about machines that failed to install. */
export const FAILED_MACHINES_ADVICE = 'Check the failed machines in the Clanforge dashboard.';

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

/** Within the same wait_timeout as the job; throws when more machines failed than allowed. */
export async function rolloutStage(ctx: StageContext, wait: RolloutWait): Promise<void> {
  const { client, log, clock, report } = ctx;
  const { imageId, maxFailedMachines } = wait;
  const rollout = (report.rollout ??= { imageId, maxFailedMachines, status: undefined, result: undefined });
  const status = await runStage(ctx, {
    group: `Waiting for the rollout of image ${imageId} until no machine is pending (at most ${maxFailedMachines} may fail)`,
    initial: undefined,
    poll: (timeoutMs) => client.getRolloutStatus(imageId, timeoutMs),
    target: rolloutTarget(maxFailedMachines),
    pollFirst: true,
    onUpdate: (r) => {
      rollout.status = r;
    },
    progress: {
      line: (r) => (r ? `[${formatDuration(clock.now() - ctx.started)}] rollout: ${describeRollout(r)}` : undefined),
      // A machine that failed, or the last one done, is news at once.
      state: (r) => (r ? `${r.failed}:${r.pending === 0}` : ''),
      points: donePoints
    },
    reading: 'the rollout status',
    settle: (last) => {
      rollout.status = last;
    },
    timedOut: (last) => {
      const pending = last?.fleets.filter((f) => f.pending > 0).map((f) => `${oneLine(f.name ?? f.id)} (${f.pending})`) ?? [];
      return `for the rollout of image ${imageId}: ${last ? describeRollout(last) : 'no status received'}${pending.length ? `; still pending in ${pending.join(', ')}` : ''}. The machines go on installing in Clanforge.`;
    }
  });
  const counts = describeRollout(status);
  const result = rolloutDone(status, maxFailedMachines) === 'failed' ? 'failed' : 'complete';
  rollout.result = result;
  ctx.outputs.rollout(status, result);
  if (result === 'failed') {
    report.result = 'rollout-failed';
    report.remedy = FAILED_MACHINES_ADVICE;
    throw new ExpectedFailure(`Rollout of image ${imageId} failed: ${status.failed} machine(s) failed to install, more than max_failed_machines (${maxFailedMachines}); ${counts}. ${FAILED_MACHINES_ADVICE}`);
  }
  report.result = 'rolled-out';
  log.info(`Rollout of image ${imageId} complete: ${counts}.`);
  if (status.failed > 0) log.warning(failedMachinesWarning(imageId, status, maxFailedMachines));
}
