/**
 * Clanforge job fields, parsed liberally (numbers may arrive as numeric strings,
 * optional fields absent or null), and the job states: decided by their numeric id,
 * or by the name when the answer has no id (the API documents jobstateid as
 * optional and names state 5 both "Complete" and "Completed").
 */
import { toNumber, toText } from './liberal-values.ts';

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
  1: 'Created',
  2: 'Pending',
  3: 'Queued',
  4: 'Running',
  5: 'Complete',
  6: 'Failed',
  7: 'Squashed'
};

/** Names the API uses for each state, lower case; "Completed" is the version-status page's spelling of 5. */
const STATE_IDS_BY_NAME: Record<string, number> = {
  created: 1,
  pending: 2,
  queued: 3,
  running: 4,
  complete: 5,
  completed: 5,
  failed: 6,
  squashed: 7
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

/** 2000-01-01T00:00:00Z: no Clanforge timestamp is older. */
export const EARLIEST_PLAUSIBLE_TIME_S = 946_684_800;
/** A job time further ahead than this is not in seconds (milliseconds, microseconds) or not real. */
export const LATEST_PLAUSIBLE_AHEAD_S = 366 * 24 * 3600;

/**
 * A unix-seconds timestamp, or undefined when it is unset (0) or implausible: a value
 * in milliseconds or microseconds, before 2000, or more than a year after nowMs.
 * Such values would schedule polls at nonsense times and cannot be formatted as dates.
 */
export function plausibleTime(value: number | undefined, nowMs: number): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (value < EARLIEST_PLAUSIBLE_TIME_S || value > nowMs / 1000 + LATEST_PLAUSIBLE_AHEAD_S) return undefined;
  return value;
}

/**
 * nowMs is the wall clock the timestamps are judged against (they are wall-clock
 * times from Clanforge), not a test's fake clock.
 */
export function parseJob(body: Record<string, unknown>, nowMs: number = Date.now()): Job {
  const stateId = toNumber(body['jobstateid']);
  const name = toText(body['jobstatename']);
  return {
    stateId,
    stateName: name && name.trim() !== '' ? name : stateId !== undefined ? STATE_NAMES[stateId] : undefined,
    progress: toNumber(body['jobprogress']),
    failed: toNumber(body['jobfailed']),
    error: toText(body['joberror']) || undefined,
    created: plausibleTime(toNumber(body['jobcreated']), nowMs),
    updated: plausibleTime(toNumber(body['jobupdated']), nowMs),
    eta: plausibleTime(toNumber(body['jobeta']), nowMs),
    start: plausibleTime(toNumber(body['jobstart']), nowMs)
  };
}

/** The state id a name stands for (case and surrounding space ignored), if it is one of the documented names. */
export function stateIdOfName(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  return STATE_IDS_BY_NAME[name.trim().toLowerCase()];
}

/** The state the job is in: its id when the answer has one, else what its name stands for. */
export function stateOf(job: Job): number | undefined {
  return job.stateId ?? stateIdOfName(job.stateName);
}

/**
 * True when the action cannot tell which state the job is in: an id outside 1–7
 * (0, 8, 99), or no id and a name that is not a documented one (or no name either).
 * Such a job counts as running, so the wait goes on; callers say so once.
 */
export function isUnknownState(job: Job): boolean {
  const state = stateOf(job);
  return state === undefined || STATE_NAMES[state] === undefined;
}

/**
 * Terminal or not, by the state (id, else documented name) and `jobfailed`. The endpoint
 * pages (imageversion/create, the status pages) describe jobfailed as a flag (0/1); the
 * job-fields page describes it as a count of failures. Either way any non-zero value is a
 * failure, so both readings give the same outcome.
 */
export function outcomeOf(job: Job): Outcome {
  const state = stateOf(job);
  if (state === JobState.Failed || (job.failed !== undefined && job.failed !== 0)) return 'failed';
  if (state === JobState.Squashed) return 'squashed';
  if (state === JobState.Complete) return 'complete';
  return 'running';
}

export function describeState(job: Job): string {
  const name = job.stateName ?? 'unknown state';
  const progress = job.progress !== undefined ? ` ${job.progress}%` : '';
  return `${name}${progress}`;
}
