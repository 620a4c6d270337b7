/**
 * The wait loop: poll the job until it ends or the time is up. When to poll comes
 * from the pure scheduler (schedule.ts); time and sleep are injected, so tests run
 * the loop on a fake clock.
 */
import { ClanforgeError } from './clanforge.ts';
import { outcomeOf, type Job, type Outcome } from './job.ts';
import { nextPollDelay, type JobObservation, type PollPolicy } from './schedule.ts';

export interface Clock {
  now(): number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface WaitOptions {
  timeoutMs: number;
  policy: PollPolicy;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Longest a single status request may take. */
  requestTimeoutMs: number;
  /** Called when the job's state, progress or ETA changed. */
  onUpdate(job: Job): void;
  /** Called when a poll failed in a way that is safe to retry. */
  onRetry(error: ClanforgeError, delayMs: number): void;
}

export interface WaitResult {
  outcome: Outcome;
  job: Job;
  /** The wait ended on wait_timeout with the job still running. */
  timedOut: boolean;
  polls: number;
}

/** Backoff after failed polls: 2 s, 4 s, 8 s … at most this. */
export const MAX_ERROR_BACKOFF_MS = 30_000;
/** Observations kept for the scheduler; enough to see the progress rate. */
const HISTORY_LIMIT = 50;

export function observe(job: Job, atMs: number): JobObservation {
  return {
    atMs,
    stateId: job.stateId,
    progress: job.progress,
    etaMs: job.eta !== undefined ? job.eta * 1000 : undefined
  };
}

function changed(a: Job, b: Job): boolean {
  return a.stateId !== b.stateId || a.stateName !== b.stateName || a.progress !== b.progress || a.eta !== b.eta || a.error !== b.error;
}

export function errorBackoffMs(failures: number, error: ClanforgeError, policy: PollPolicy): number {
  const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 2000 * 2 ** (failures - 1));
  return Math.max(policy.minIntervalMs, error.retryAfterMs ?? 0, backoff);
}

export async function waitForJob(
  poll: (timeoutMs: number) => Promise<Job>,
  initial: Job,
  options: WaitOptions
): Promise<WaitResult> {
  const { clock, policy } = options;
  const deadline = clock.now() + options.timeoutMs;
  let job = initial;
  let polls = 0;
  let failures = 0;
  let retryDelay: number | undefined;
  const history: JobObservation[] = [observe(job, clock.now())];

  for (;;) {
    const outcome = outcomeOf(job);
    if (outcome !== 'running') return { outcome, job, timedOut: false, polls };
    const now = clock.now();
    if (now >= deadline) return { outcome, job, timedOut: true, polls };

    // The scheduler's delay counts from the latest observation; a retry's from now.
    const last = history[history.length - 1] as JobObservation;
    const wake = retryDelay !== undefined ? now + retryDelay : last.atMs + nextPollDelay(history, policy);
    // The last poll lands on the deadline, so the timeout reports the latest state.
    await clock.sleep(Math.max(0, Math.min(wake, deadline) - now), options.signal);
    const remaining = deadline - clock.now();
    polls++;
    try {
      const next = await poll(Math.min(options.requestTimeoutMs, Math.max(remaining, 2000)));
      failures = 0;
      retryDelay = undefined;
      history.push(observe(next, clock.now()));
      if (history.length > HISTORY_LIMIT) history.shift();
      const previous = job;
      job = next;
      if (changed(previous, next)) options.onUpdate(next);
    } catch (error) {
      if (!(error instanceof ClanforgeError) || !error.transient || options.signal?.aborted) throw error;
      failures++;
      retryDelay = errorBackoffMs(failures, error, policy);
      options.onRetry(error, retryDelay);
    }
  }
}
