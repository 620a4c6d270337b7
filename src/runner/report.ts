/** The record of a run that the stages fill in; the outputs and the job summary are written from it. */
import type { DiffChanges } from '../clanforge/wire/diff.ts';
import type { Job } from '../clanforge/wire/job.ts';
import type { Rollout, RolloutResult } from '../clanforge/wire/rollout.ts';

export interface StageRow {
  stage: string;
  id: number;
  state: string;
  durationMs: number;
}

/** How the run ended, from the user's point of view. */
export type Result = 'skipped' | 'created' | 'complete' | 'rolled-out' | 'failed' | 'rollout-failed' | 'squashed' | 'timeout' | 'cancelled' | 'error';

export interface Report {
  result: Result;
  diffId: number | undefined;
  imageVersionId: number | undefined;
  job: Job | undefined;
  /** The failure message shown to the user, when there is one. */
  message: string | undefined;
  durationMs: number;
  waited: boolean;
  /** One row per stage: image update, image diff, image version, rollout. */
  stages: StageRow[];
  updateId?: number | undefined;
  /** What the diff changed, when it was read. */
  changes?: DiffChanges | undefined;
  /** Set once a rollout wait started (wait_for: rollout). */
  rollout?: { imageId: number; status: Rollout | undefined; result: RolloutResult | undefined } | undefined;
}

export function emptyReport(): Report {
  return { result: 'error', diffId: undefined, imageVersionId: undefined, job: undefined, message: undefined, durationMs: 0, waited: false, stages: [] };
}
