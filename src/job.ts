/**
 * Clanforge job fields, parsed liberally (numbers may arrive as numeric strings,
 * optional fields absent or null), and the job states decided by their numeric id:
 * the API names state 5 both "Complete" and "Completed".
 */

export const JobState = {
  Created: 1,
  Pending: 2,
  Queued: 3,
  Running: 4,
  Complete: 5,
  Failed: 6,
  Squashed: 7
} as const;

const STATE_NAMES: Record<number, string> = {
  1: 'Created', 2: 'Pending', 3: 'Queued', 4: 'Running', 5: 'Complete', 6: 'Failed', 7: 'Squashed'
};

export interface Job {
  stateId: number | undefined;
  /** As the API named it; falls back to the name of stateId. */
  stateName: string | undefined;
  progress: number | undefined;
  failed: number | undefined;
  error: string | undefined;
  created: number | undefined;
  updated: number | undefined;
  eta: number | undefined;
  start: number | undefined;
}

export type Outcome = 'running' | 'complete' | 'failed' | 'squashed';

/** A number, or a string holding one; anything else is absent. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function parseJob(body: Record<string, unknown>): Job {
  const stateId = toNumber(body['jobstateid']);
  const name = toText(body['jobstatename']);
  const eta = toNumber(body['jobeta']);
  const start = toNumber(body['jobstart']);
  return {
    stateId,
    stateName: name && name.trim() !== '' ? name : stateId !== undefined ? STATE_NAMES[stateId] : undefined,
    progress: toNumber(body['jobprogress']),
    failed: toNumber(body['jobfailed']),
    error: toText(body['joberror']) || undefined,
    created: toNumber(body['jobcreated']),
    updated: toNumber(body['jobupdated']),
    // 0 is what an unset timestamp looks like, not 1970.
    eta: eta && eta > 0 ? eta : undefined,
    start: start && start > 0 ? start : undefined
  };
}

/** Terminal or not, by the numeric state and the failure flag, never by the name. */
export function outcomeOf(job: Job): Outcome {
  if (job.stateId === JobState.Failed || (job.failed !== undefined && job.failed !== 0)) return 'failed';
  if (job.stateId === JobState.Squashed) return 'squashed';
  if (job.stateId === JobState.Complete) return 'complete';
  return 'running';
}

export function describeState(job: Job): string {
  const name = job.stateName ?? 'unknown state';
  const progress = job.progress !== undefined ? ` ${job.progress}%` : '';
  return `${name}${progress}`;
}
