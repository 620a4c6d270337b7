/**
 * The wait loop: poll a job (or a rollout) until it ends or the time is up. When to poll comes
 * from the pure scheduler (schedule.ts); time and sleep are injected, so tests run
 * the loop on a fake clock. Which failures are worth asking again about is the
 * caller's to say (isTransient): the loop knows nothing of the client's errors.
 */
import { isUnknownState, outcomeOf, stateOf, type Job } from '../clanforge/wire/job.ts';
import { nextPollDelay, type JobObservation, type PollPolicy } from './schedule.ts';

export interface Clock {
  now(): number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A failed poll that is safe to repeat; the server may say when (Retry-After). */
export interface TransientError extends Error {
  readonly retryAfterMs?: number | undefined;
}

export interface WaitOptions<T = Job> {
  timeoutMs: number;
  policy: PollPolicy;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Longest a single status request may take. */
  requestTimeoutMs: number;
  /** Called when what is polled changed (state, progress, ETA; or machine counts). */
  onUpdate(value: T): void;
  /** Whether a failed poll is safe to repeat; any other failure ends the wait. */
  isTransient(error: unknown): error is TransientError;
  /** Called when a poll failed in a way that is safe to retry; delayMs is the wait before the next poll, cut at the deadline. */
  onRetry(error: TransientError, delayMs: number): void;
  /** Poll at once instead of after the first scheduled delay (initial is only a placeholder). */
  pollFirst?: boolean;
}

/** What the loop needs to know about the thing it polls; D: what a finished value is. */
export interface PollTarget<T, D extends T = T> {
  done(value: T): value is D;
  /** The scheduler's view: state, progress and ETA. */
  observe(value: T, atMs: number): JobObservation;
  changed(previous: T, next: T): boolean;
}

/** Done (value: D), or the time ran out before `done` (the last value seen). */
export type PollResult<T, D extends T = T> = { value: D; timedOut: false; polls: number } | { value: T; timedOut: true; polls: number };

/** Backoff after failed polls: 2 s, 4 s, 8 s … at most this. */
export const MAX_ERROR_BACKOFF_MS = 30_000;
/** Observations kept for the scheduler; enough to see the progress rate. */
const HISTORY_LIMIT = 50;

export function observe(job: Job, atMs: number): JobObservation {
  return {
    atMs,
    stateId: stateOf(job),
    progress: job.progress,
    etaMs: job.eta !== undefined ? job.eta * 1000 : undefined
  };
}

function changed(a: Job, b: Job): boolean {
  return a.stateId !== b.stateId || a.stateName !== b.stateName || a.progress !== b.progress || a.eta !== b.eta || a.error !== b.error;
}

export function errorBackoffMs(failures: number, error: Pick<TransientError, 'retryAfterMs'>, policy: PollPolicy): number {
  const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 2000 * 2 ** (failures - 1));
  return Math.max(policy.minIntervalMs, error.retryAfterMs ?? 0, backoff);
}

/**
 * A job as the loop sees it: done once it ended. onUnknownState is called once per
 * wait, with the first job seen (the initial one included) whose state the action does
 * not know (jobstateid 0, 8, 99, or no id and an undocumented name). The wait goes on:
 * such a job counts as running.
 */
export function jobTarget(onUnknownState?: (job: Job) => void): PollTarget<Job> {
  let told = false;
  return {
    done: (job): job is Job => outcomeOf(job) !== 'running',
    // pollUntil observes the initial job first, then every polled one.
    observe: (job, atMs) => {
      if (!told && onUnknownState && outcomeOf(job) === 'running' && isUnknownState(job)) {
        told = true;
        onUnknownState(job);
      }
      return observe(job, atMs);
    },
    changed
  };
}

/** Polls until target.done, the deadline, or a failure that is not transient. */
export async function pollUntil<T, D extends T = T>(
  poll: (timeoutMs: number) => Promise<T>,
  initial: T,
  target: PollTarget<T, D>,
  options: WaitOptions<T>
): Promise<PollResult<T, D>> {
  const { clock, policy } = options;
  const deadline = clock.now() + options.timeoutMs;
  let value = initial;
  let polls = 0;
  let failures = 0;
  let retryDelay: number | undefined = options.pollFirst ? 0 : undefined;
  let last: JobObservation = target.observe(value, clock.now());
  const history: JobObservation[] = [last];

  for (;;) {
    if (target.done(value)) return { value, timedOut: false, polls };
    const now = clock.now();
    if (now >= deadline) return { value, timedOut: true, polls };

    // The scheduler's delay counts from the latest observation; a retry's from now.
    const wake = retryDelay !== undefined ? now + retryDelay : last.atMs + nextPollDelay(history, policy);
    // The last poll lands on the deadline, so the timeout reports the latest state,
    // unless that would poll sooner than once a second after the previous one.
    if (wake >= deadline && deadline - last.atMs < policy.minIntervalMs && polls > 0) {
      await clock.sleep(Math.max(0, deadline - now), options.signal);
      return { value, timedOut: true, polls };
    }
    await clock.sleep(Math.max(0, Math.min(wake, deadline) - now), options.signal);
    const remaining = deadline - clock.now();
    polls++;
    try {
      const next = await poll(Math.min(options.requestTimeoutMs, Math.max(remaining, 2000)));
      failures = 0;
      retryDelay = undefined;
      last = target.observe(next, clock.now());
      history.push(last);
      if (history.length > HISTORY_LIMIT) history.shift();
      const previous = value;
      value = next;
      if (target.changed(previous, next)) options.onUpdate(next);
    } catch (error) {
      if (!options.isTransient(error) || options.signal?.aborted) throw error;
      failures++;
      retryDelay = errorBackoffMs(failures, error, policy);
      // Say the wait that will really happen: the deadline cuts a long Retry-After short.
      options.onRetry(error, Math.min(retryDelay, Math.max(0, deadline - clock.now())));
    }
  }
}
