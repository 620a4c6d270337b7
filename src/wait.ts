/**
 * The wait loop: poll a job (or a rollout) until it ends or the time is up. When to poll comes
 * from the pure scheduler (schedule.ts); time and sleep are injected, so tests run
 * the loop on a fake clock.
 */
import { ClanforgeError, DEFAULT_REQUEST_TIMEOUT_MS } from './clanforge.ts';
import { isUnknownState, outcomeOf, stateOf, type Job, type Outcome } from './job.ts';
import { DEFAULT_POLICY, nextPollDelay, type JobObservation, type PollPolicy } from './schedule.ts';

export interface Clock {
  now(): number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
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
  /** Called when a poll failed in a way that is safe to retry. */
  onRetry(error: ClanforgeError, delayMs: number): void;
  /** Poll at once instead of after the first scheduled delay (initial is only a placeholder). */
  pollFirst?: boolean;
}

/** The options every wait shares: the time left before the deadline, the user's pace, the per-request limit. */
export function loopOptions(deadline: number, intervalMs: number, clock: Clock, signal: AbortSignal | undefined) {
  return {
    timeoutMs: Math.max(0, deadline - clock.now()),
    policy: { ...DEFAULT_POLICY, intervalMs },
    clock,
    signal,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS
  };
}

/** What the loop needs to know about the thing it polls. */
export interface PollTarget<T> {
  done(value: T): boolean;
  /** The scheduler's view: state, progress and ETA. */
  observe(value: T, atMs: number): JobObservation;
  changed(previous: T, next: T): boolean;
}

export interface PollResult<T> {
  value: T;
  /** The time ran out before `done`. */
  timedOut: boolean;
  polls: number;
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
    stateId: stateOf(job),
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

const JOB_TARGET: PollTarget<Job> = { done: (job) => outcomeOf(job) !== 'running', observe, changed };

export interface JobWaitOptions extends WaitOptions<Job> {
  /**
   * Called once per wait, with the first job seen (the initial one included) whose state
   * the action does not know (jobstateid 0, 8, 99, or no id and an undocumented name).
   * The wait goes on: such a job counts as running.
   */
  onUnknownState?: (job: Job) => void;
}

export async function waitForJob(
  poll: (timeoutMs: number) => Promise<Job>,
  initial: Job,
  options: JobWaitOptions
): Promise<WaitResult> {
  let told = false;
  const tell = (job: Job): void => {
    if (told || !options.onUnknownState || outcomeOf(job) !== 'running' || !isUnknownState(job)) return;
    told = true;
    options.onUnknownState(job);
  };
  // pollUntil observes the initial job first, then every polled one.
  const target: PollTarget<Job> = {
    ...JOB_TARGET,
    observe: (job, atMs) => {
      tell(job);
      return observe(job, atMs);
    }
  };
  const result = await pollUntil(poll, initial, target, options);
  return { outcome: outcomeOf(result.value), job: result.value, timedOut: result.timedOut, polls: result.polls };
}

/** Polls until target.done, the deadline, or a failure that is not transient. */
export async function pollUntil<T>(
  poll: (timeoutMs: number) => Promise<T>,
  initial: T,
  target: PollTarget<T>,
  options: WaitOptions<T>
): Promise<PollResult<T>> {
  const { clock, policy } = options;
  const deadline = clock.now() + options.timeoutMs;
  let value = initial;
  let polls = 0;
  let failures = 0;
  let retryDelay: number | undefined = options.pollFirst ? 0 : undefined;
  const history: JobObservation[] = [target.observe(value, clock.now())];

  for (;;) {
    if (target.done(value)) return { value, timedOut: false, polls };
    const now = clock.now();
    if (now >= deadline) return { value, timedOut: true, polls };

    // The scheduler's delay counts from the latest observation; a retry's from now.
    const last = history[history.length - 1] as JobObservation;
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
      history.push(target.observe(next, clock.now()));
      if (history.length > HISTORY_LIMIT) history.shift();
      const previous = value;
      value = next;
      if (target.changed(previous, next)) options.onUpdate(next);
    } catch (error) {
      if (!(error instanceof ClanforgeError) || !error.transient || options.signal?.aborted) throw error;
      failures++;
      retryDelay = errorBackoffMs(failures, error, policy);
      options.onRetry(error, retryDelay);
    }
  }
}
