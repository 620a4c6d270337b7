/** What every stage gets: the client, the settings, where to say things, time, and the run's record. */
import type { ClanforgeClient } from '../clanforge/client/client.ts';
import type { Clock } from '../polling/poll-loop.ts';
import type { ActionsCore } from '../runner/core.ts';
import type { StepOutputs } from '../runner/outputs.ts';
import type { RunReport } from '../runner/report.ts';
import type { Settings } from '../settings/settings.ts';
import type { Plan } from './plan.ts';

/** The log a stage writes to: lines, debug lines, warnings and groups; outputs go through StepOutputs. */
export type StageLog = Pick<ActionsCore, 'info' | 'debug' | 'warning' | 'startGroup' | 'endGroup' | 'live'>;

/**
 * The image the run works on and its game, as far as known: from the settings first
 * (imageid, gameid), then from what the run reads (a diff's diff_info names both, the
 * game lookup finds the game). Every stage reads and fills in this one record.
 */
export interface ImageFacts {
  imageId: number | undefined;
  gameId: number | undefined;
}

export interface StageContext {
  client: ClanforgeClient;
  settings: Settings;
  log: StageLog;
  outputs: StepOutputs;
  clock: Clock;
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
  /** Epoch ms by which every wait must be done; wait_timeout counts from the first wait. */
  deadline: () => number;
  /** The run's record: stages add their rows, ids and results. */
  report: RunReport;
  /** When the run started (each wait's progress lines count from its own start). */
  started: number;
  /** Description of the image update when update_desc is not given. */
  defaultUpdateDesc: string;
  /** The image and its game, as far as the run knows them. */
  image: ImageFacts;
  /** A dry run: the plan that records the state-changing requests and what a real run waits for; undefined in a real run. */
  plan: Plan | undefined;
}
