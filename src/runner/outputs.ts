/**
 * The step's outputs: every output name is here (action.yml declares them). Stages
 * say what happened through StepOutputs; none sets an output by name. Outputs are
 * set as soon as their value is known, so `if: always()` steps see the ids even when
 * a later stage fails.
 */
import { isPlannedId } from '../clanforge/planned-ids.ts';
import type { DiffChanges } from '../clanforge/wire/diff.ts';
import { stateOf, type Job } from '../clanforge/wire/job.ts';
import type { Rollout, RolloutResult } from '../clanforge/wire/rollout.ts';
import type { ActionsCore } from './core.ts';

/**
 * The job fields exposed as outputs; missing fields become empty strings. jobstateid is
 * the state the action decided on: the answer's id (an unknown one as it came), else the
 * id its jobstatename stands for, so `jobstateid == '5'` holds for a job named Complete.
 */
export function jobOutputs(imageVersionId: number, job: Job): Record<string, string> {
  const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));
  return {
    imageversionid: String(imageVersionId),
    jobstatename: text(job.stateName),
    jobstateid: text(stateOf(job)),
    jobprogress: text(job.progress),
    jobfailed: text(job.failed),
    joberror: text(job.error),
    jobeta: text(job.eta),
    jobcreated: text(job.created),
    jobupdated: text(job.updated)
  };
}

/** The rollout outputs: machine counts and how the rollout wait ended. */
export function rolloutOutputs(rollout: Rollout | undefined, result: RolloutResult): Record<string, string> {
  const text = (n: number | undefined): string => (n === undefined ? '' : String(n));
  return {
    completed_machines: text(rollout?.completed),
    pending_machines: text(rollout?.pending),
    failed_machines: text(rollout?.failed),
    rollout: result
  };
}

/** The outputs of the stages before the version: update, diff and what it changed. */
export function diffOutputs(changes: DiffChanges): Record<string, string> {
  return {
    files_added: String(changes.added.count),
    files_modified: String(changes.modified.count),
    files_removed: String(changes.removed.count)
  };
}

/** Sets the step's outputs, each under its name; the ids a dry run plans are not outputs (clanforge/planned-ids.ts). */
export class StepOutputs {
  readonly #core: Pick<ActionsCore, 'setOutput'>;

  constructor(core: Pick<ActionsCore, 'setOutput'>) {
    this.#core = core;
  }

  #set(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) this.#core.setOutput(name, value);
  }

  updateStarted(updateId: number): void {
    if (!isPlannedId(updateId)) this.#set({ updateid: String(updateId) });
  }

  diffKnown(diffId: number): void {
    if (!isPlannedId(diffId)) this.#set({ diffid: String(diffId) });
  }

  changesRead(changes: DiffChanges): void {
    this.#set(diffOutputs(changes));
  }

  /** skipped: true only when on_no_changes: skip left nothing to deploy. */
  skipped(skipped: boolean): void {
    this.#set({ skipped: String(skipped) });
  }

  job(imageVersionId: number, job: Job): void {
    if (!isPlannedId(imageVersionId)) this.#set(jobOutputs(imageVersionId, job));
  }

  rollout(rollout: Rollout | undefined, result: RolloutResult): void {
    this.#set(rolloutOutputs(rollout, result));
  }

  /** The GitHub deployment recording the release (input environment). */
  deployment(deploymentId: number): void {
    this.#set({ deployment_id: String(deploymentId) });
  }

  /** true on a dry run (nothing was changed), false on a real one; set once the inputs are valid. */
  dryRun(dryRun: boolean): void {
    this.#set({ dry_run: String(dryRun) });
  }
}
