/** The rollout stage (wait_for: rollout): after a Complete job, wait until no machine of the image is pending. */
import { JobState } from '../clanforge/wire/job.ts';
import { describeRollout, rolloutDone, sameCounts, total, type Rollout } from '../clanforge/wire/rollout.ts';
import { ExpectedFailure } from '../errors.ts';
import { formatDuration } from '../format.ts';
import type { PollTarget } from '../polling/poll-loop.ts';
import { oneLine } from '../runner/untrusted-text.ts';
import type { RolloutWait } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { runStage } from './stage.ts';

/** The rollout target for the poll loop; progress is the share of machines done. */
function rolloutTarget(maxFailed: number): PollTarget<Rollout | undefined, Rollout> {
  return {
    done: (r): r is Rollout => r !== undefined && rolloutDone(r, maxFailed) !== undefined,
    observe: (r, atMs) => ({
      atMs,
      stateId: JobState.Running,
      progress: r && total(r) > 0 ? Math.floor((100 * (r.completed + r.failed)) / total(r)) : undefined,
      etaMs: undefined
    }),
    changed: (a, b) => a === undefined || b === undefined || !sameCounts(a, b)
  };
}

/** Within the same wait_timeout as the job; throws when more machines failed than allowed. */
export async function rolloutStage(ctx: StageContext, wait: RolloutWait): Promise<void> {
  const { client, log, clock, report } = ctx;
  const { imageId, maxFailedMachines } = wait;
  const rollout = (report.rollout ??= { imageId, status: undefined, result: undefined });
  const status = await runStage(ctx, {
    group: `Waiting for the rollout of image ${imageId} until no machine is pending (at most ${maxFailedMachines} may fail)`,
    initial: undefined,
    poll: (timeoutMs) => client.getRolloutStatus(imageId, timeoutMs),
    target: rolloutTarget(maxFailedMachines),
    pollFirst: true,
    onUpdate: (r) => {
      rollout.status = r;
      if (r) log.info(`[${formatDuration(clock.now() - ctx.started)}] rollout: ${describeRollout(r)}`);
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
    throw new ExpectedFailure(`Rollout of image ${imageId} failed: ${status.failed} machine(s) failed to install, more than max_failed_machines (${maxFailedMachines}); ${counts}. Check the failed machines in the Clanforge dashboard.`);
  }
  report.result = 'rolled-out';
  log.info(`Rollout of image ${imageId} complete: ${counts}.`);
}
