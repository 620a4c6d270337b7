/**
 * The release: the stages in order — the image update and the diff, the version, its
 * install job, the rollout — with whoever follows the release (the GitHub deployment)
 * told at each point. A dry run runs the same stages with a plan (plan.ts, dry-run.ts).
 */
import type { Job } from '../clanforge/wire/job.ts';
import type { StageContext } from './context.ts';
import { updateThenDiff } from './diff.ts';
import { rolloutStage } from './rollout.ts';
import { createVersion, waitForVersionJob } from './version.ts';

/** What the release tells whoever follows it; nothing here may hold the release up. */
export interface ReleaseProgress {
  /** Right before imageversion/create is sent. */
  creating(diffId: number): void;
  /** The create answered and the step waits for the job. */
  created(imageVersionId: number, job: Job): void;
  /** The job is Complete and the step waits for the rollout. */
  rollingOut(imageVersionId: number): void;
}

/** Nobody follows: a dry run, or a run without environment. */
export const NO_PROGRESS: ReleaseProgress = { creating: () => undefined, created: () => undefined, rollingOut: () => undefined };

export async function release(ctx: StageContext, progress: ReleaseProgress): Promise<void> {
  const prepared = await updateThenDiff(ctx);
  if (prepared.skipped) {
    ctx.report.result = 'skipped';
    return;
  }
  ctx.report.diffId = prepared.diffId;
  progress.creating(prepared.diffId);
  const created = await createVersion(ctx, prepared);
  if (ctx.settings.wait.kind === 'none') return;
  progress.created(created.id, created.job);
  await waitForVersionJob(ctx, created);
  if (ctx.settings.wait.kind === 'rollout') {
    progress.rollingOut(created.id);
    await rolloutStage(ctx, ctx.settings.wait, created.id);
  }
}
