/** The record of a run that the stages fill in; the outputs and the job summary are written from it. */
import type { DiffChanges } from '../clanforge/wire/diff.ts';
import type { Job } from '../clanforge/wire/job.ts';
import type { Rollout, RolloutResult } from '../clanforge/wire/rollout.ts';
import type { Settings } from '../settings/settings.ts';

export interface StageRow {
  stage: string;
  id: number;
  state: string;
  durationMs: number;
}

/** One state-changing request a real run would send (dry run). */
export interface PlannedRequest {
  /** Every image call is a GET. */
  method: 'GET';
  /** The URL path as sent, with api_url's prefix: /cfp/v1/imageversion/create. */
  path: string;
  /** Every parameter in the order sent; secret values (the build URL) as ***, values known only during a real run as <…>. */
  params: [string, string][];
  /** The query string as sent, with the same *** and <…> values. */
  shownQuery: string;
  /** What the request does, and what a real run does after it. */
  purpose: string;
}

/** What a dry run read and would send. */
export interface DryRunPlan {
  /** What the safe reads found: the diff's state and changes, the image's lock. */
  reads: string[];
  /** The state-changing requests, in order. */
  requests: PlannedRequest[];
  /** What a real run decides only once it runs (full: auto, on_no_changes, waits). */
  notes: string[];
  /** The Authorization header every request carries, its value hidden: 'Basic ***' or 'Bearer ***'. */
  authorization: string;
}

/** How the run ended, from the user's point of view. */
export type Result =
  'skipped' | 'created' | 'complete' | 'rolled-out' | 'failed' | 'rollout-failed' | 'squashed' | 'timeout' | 'cancelled' | 'error';

export interface RunReport {
  result: Result;
  diffId: number | undefined;
  imageVersionId: number | undefined;
  job: Job | undefined;
  /** The failure message shown to the user, when there is one. */
  message: string | undefined;
  /** What happened, when the failure carries what to do next apart (remedy); message is both. */
  happened?: string | undefined;
  /** What to do next, when the failure knows it. */
  remedy?: string | undefined;
  /** game_build as given; undefined: not sent. */
  gameBuild?: string | undefined;
  /** Epoch ms when the first wait started and the last one ended (any stage). */
  waitStartedMs?: number | undefined;
  waitEndedMs?: number | undefined;
  durationMs: number;
  waited: boolean;
  /** One row per stage: image update, image diff, image version, rollout. */
  stages: StageRow[];
  updateId?: number | undefined;
  /** What the diff changed, when it was read. */
  changes?: DiffChanges | undefined;
  /** Set once a rollout wait started (wait_for: rollout). */
  rollout?: RolloutSeen | undefined;
  /** Set on a dry run (dry_run: true): the summary shows the plan instead of the stages. */
  plan?: DryRunPlan | undefined;
}

export interface RolloutSeen {
  imageId: number;
  /** max_failed_machines: more failed machines than this fail the rollout. */
  maxFailedMachines: number;
  status: Rollout | undefined;
  result: RolloutResult | undefined;
}

export function emptyReport(): RunReport {
  return {
    result: 'error',
    diffId: undefined,
    imageVersionId: undefined,
    job: undefined,
    message: undefined,
    durationMs: 0,
    waited: false,
    stages: []
  };
}

/** What the report knows from the inputs alone: a given diff, the game build. */
export function noteSettings(report: RunReport, settings: Settings): void {
  if (settings.source.kind === 'diff') report.diffId = settings.source.diffId;
  report.gameBuild = settings.gameBuild;
}
