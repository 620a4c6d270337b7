/**
 * The waits of the stages: every wait (image update, image diff, version job, rollout)
 * and every safe read asked again after a passing fault polls through waitWithinDeadline,
 * under the run's single deadline (wait_timeout), with the same retry warning and the
 * same timeout message.
 */
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../clanforge/client/core.ts';
import { isPlannedId } from '../clanforge/planned-ids.ts';
import { isTransient } from '../clanforge/errors.ts';
import { describeState, outcomeOf, type Job } from '../clanforge/wire/job.ts';
import { ExpectedFailure, TimeoutFailure, type FailureText } from '../errors.ts';
import { formatDuration, jobStateText, unknownStateWarning } from '../format.ts';
import { jobTarget, pollUntil, type PollTarget } from '../polling/poll-loop.ts';
import { DEFAULT_POLICY } from '../polling/schedule.ts';
import type { StageRow } from '../runner/report.ts';
import { oneLine } from '../format.ts';
import type { StageContext } from './context.ts';

export interface StageWait<T, D extends T = T> {
  /** The log group around the wait; undefined: no group. */
  group: string | undefined;
  initial: T;
  poll(timeoutMs: number): Promise<T>;
  target: PollTarget<T, D>;
  /** Poll at once: initial is only a placeholder. */
  pollFirst?: boolean;
  /** What changed since the last poll: record it (progress lines are the runner's, below). */
  onUpdate(value: T): void;
  /** The progress lines of the wait; none when undefined. */
  progress?: ProgressLines<T> | undefined;
  /** What a failed poll could not read, for the retry warning: 'the job status'. */
  reading: string;
  /** Said after the retry warning. */
  retryNote?: string;
  /** The end of the timeout message, after "Timed out after waiting 1h (wait_timeout) ". */
  timedOut(last: T): string;
  /** Called with the last value seen when the wait ended, by its end or by the deadline. */
  settle?(last: T): void;
  /** The stage's row in the summary: it gets the time the wait took. */
  row?: StageRow | undefined;
}

/** How a wait's polls read in the log. */
export interface ProgressLines<T> {
  /** The line for a poll; last: the value of the last line logged (undefined: none yet). */
  line(value: T, last: T | undefined): string | undefined;
  /** The state: a new one is logged at once. */
  state(value: T): string;
  /** Progress in points (0–100), if known. */
  points(value: T): number | undefined;
  /** A terminal's live line for a poll, when it says more than line(value, undefined) (the time in the wait). */
  live?(value: T): string | undefined;
}

/** Without a state change, a progress line at most this often … */
export const PROGRESS_LINE_EVERY_MS = 60_000;
/** … or once progress moved this many points, whichever comes first. */
export const PROGRESS_LINE_EVERY_POINTS = 10;

export interface LoggedProgress {
  state: string;
  points: number | undefined;
  atMs: number;
}

/** Whether a poll gets a log line (else a debug line): a new state, a minute, or 10 points since the last line. */
export function worthALine(last: LoggedProgress | undefined, next: LoggedProgress): boolean {
  if (last === undefined || next.state !== last.state) return true;
  if (next.atMs - last.atMs >= PROGRESS_LINE_EVERY_MS) return true;
  return next.points !== undefined && Math.abs(next.points - (last.points ?? 0)) >= PROGRESS_LINE_EVERY_POINTS;
}

/** Logs each poll: a line when worthALine, a debug line otherwise. */
function progressLogger<T>(ctx: StageContext, lines: ProgressLines<T>, initial: T | undefined): (value: T) => void {
  let last: { mark: LoggedProgress; value: T } | undefined =
    initial === undefined
      ? undefined
      : { mark: { state: lines.state(initial), points: lines.points(initial), atMs: ctx.clock.now() }, value: initial };
  return (value) => {
    // A terminal shows every poll on its one live line instead, whole (with its ETA) each time.
    if (ctx.log.live !== undefined) {
      const whole = lines.live?.(value) ?? lines.line(value, undefined);
      if (whole !== undefined && ctx.log.live(whole)) return;
    }
    const text = lines.line(value, last?.value);
    if (text === undefined) return;
    const mark = { state: lines.state(value), points: lines.points(value), atMs: ctx.clock.now() };
    if (worthALine(last?.mark, mark)) {
      ctx.log.info(text);
      last = { mark, value };
    } else {
      ctx.log.debug(text);
    }
  };
}

/** Polls until the target is done; throws TimeoutFailure when the deadline comes first. */
export async function waitWithinDeadline<T, D extends T = T>(ctx: StageContext, wait: StageWait<T, D>): Promise<D> {
  const { log, clock, settings, report } = ctx;
  const waitStarted = clock.now();
  report.waitStartedMs ??= waitStarted;
  const say = wait.progress ? progressLogger(ctx, wait.progress, wait.pollFirst ? undefined : wait.initial) : undefined;
  const poll = async (timeoutMs: number): Promise<T> => {
    const value = await wait.poll(timeoutMs);
    say?.(value);
    return value;
  };
  if (wait.group !== undefined) log.startGroup(wait.group);
  let result;
  try {
    result = await pollUntil(poll, wait.initial, wait.target, {
      timeoutMs: Math.max(0, ctx.deadline() - clock.now()),
      policy: { ...DEFAULT_POLICY, intervalMs: settings.pollIntervalMs },
      clock,
      signal: ctx.signal,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      pollFirst: wait.pollFirst ?? false,
      isTransient,
      onUpdate: (value) => wait.onUpdate(value),
      onRetry: (error, retryMs) =>
        log.warning(
          `Could not read ${wait.reading} (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.${wait.retryNote ?? ''}`
        )
    });
  } finally {
    if (wait.group !== undefined) log.endGroup();
    report.waitEndedMs = clock.now();
    if (wait.row) wait.row.durationMs = clock.now() - waitStarted;
  }
  wait.settle?.(result.value);
  if (result.timedOut) {
    throw new TimeoutFailure(
      `Timed out after waiting ${formatDuration(settings.waitTimeoutMs)} (wait_timeout) ${wait.timedOut(result.value)}`
    );
  }
  return result.value;
}

/**
 * One safe read, asked again like a poll while it fails transiently (429/503 with
 * Retry-After, resets, 5xx), within the run's deadline; any other failure ends it.
 * reading: what it reads, for the retry warning ('the diff status').
 */
export async function readOnce<T>(ctx: StageContext, reading: string, read: (timeoutMs: number) => Promise<T>): Promise<T> {
  return waitWithinDeadline<T | undefined, T>(ctx, {
    group: undefined,
    initial: undefined,
    poll: read,
    target: {
      done: (value): value is T => value !== undefined,
      observe: (_value, atMs) => ({ atMs, stateId: undefined, progress: undefined, etaMs: undefined }),
      changed: () => false
    },
    pollFirst: true,
    onUpdate: () => undefined,
    reading,
    timedOut: () => `reading ${reading}. No image version was created.`
  });
}

/** A job the run waits for, with the one warning for a state the action does not know. */
export function jobWait(
  ctx: StageContext,
  what: string,
  poll: (timeoutMs: number) => Promise<Job>,
  initial: Job
): Pick<StageWait<Job>, 'initial' | 'poll' | 'target'> {
  return { initial, poll, target: jobTarget((job) => ctx.log.warning(unknownStateWarning(what, job))) };
}

/** A job's progress lines: `prefix` then the state, and what `detail` adds (an ETA). */
export function jobLines(prefix: () => string, detail: (job: Job, last: Job | undefined) => string = () => ''): ProgressLines<Job> {
  return {
    line: (job, last) => `${prefix()}${describeState(job)}${detail(job, last)}`,
    state: (job) => `${job.stateId ?? ''}:${job.stateName ?? ''}`,
    points: (job) => job.progress
  };
}

/** The row of a stage in the report, added with the state it started in. */
export function addRow(ctx: StageContext, stage: string, id: number, job: Job): StageRow {
  const row: StageRow = { stage, id, state: jobStateText(job), durationMs: 0 };
  ctx.report.stages.push(row);
  return row;
}

/** How a dry run says a wait a real run makes: the status request it polls, and the thing waited for ('diff'). */
export interface WaitShown {
  polls: string;
  noun: string;
}

/**
 * Waits for a stage before the version (image update, image diff) to end; returns the
 * Complete job, throws on anything else: no image version is created after it. A dry run
 * does not wait: it says what a real run waits for, and returns undefined (how the job
 * ends is known only in a real run).
 */
export async function waitForStageJob(
  ctx: StageContext,
  row: StageRow,
  initial: Job,
  poll: (timeoutMs: number) => Promise<Job>,
  shown: WaitShown,
  unlock?: string
): Promise<Job | undefined> {
  const { stage, id } = row;
  if (ctx.plan !== undefined && outcomeOf(initial) === 'running') {
    ctx.plan.waits(
      id,
      isPlannedId(id)
        ? `a real run then polls ${shown.polls} until it ends`
        : `a real run waits for ${shown.noun} ${id} to complete (now ${oneLine(describeState(initial))}) before the create, within wait_timeout.`
    );
    return undefined;
  }
  const name = `${stage.toLowerCase()} ${id}`;
  const waitStarted = ctx.clock.now();
  const job = await waitWithinDeadline(ctx, {
    ...jobWait(ctx, `${stage} ${id}`, poll, initial),
    group: `Waiting for ${name}`,
    row,
    onUpdate: (update) => {
      row.state = jobStateText(update);
    },
    progress: {
      ...jobLines(() => `${stage} ${id}: `),
      live: (update) => `${stage} ${id}: [${formatDuration(ctx.clock.now() - waitStarted)}] ${describeState(update)}`
    },
    reading: `the status of ${name}`,
    // Into an annotation: a newline in a state name came from outside, shown as ⏎.
    timedOut: (last) => `for ${name}: last state ${oneLine(describeState(last))}. It goes on in Clanforge; no image version was created.`,
    settle: (last) => {
      row.state = jobStateText(last);
    }
  });
  const failure = stageEndedBadly(stage, id, job, unlock);
  if (failure !== undefined) throw new ExpectedFailure(failure);
  return job;
}

/**
 * The failure of a stage before the version whose job Failed or was Squashed; undefined
 * otherwise. unlock: what to do about a failed diff that may still lock the image.
 */
export function stageEndedBadly(stage: string, id: number, job: Job, unlock?: string): FailureText | undefined {
  const state = oneLine(describeState(job));
  const outcome = outcomeOf(job);
  if (outcome === 'failed') {
    const why = job.error ? `:\n${job.error}` : ' (Clanforge gave no error text).';
    return { happened: `${stage} ${id} failed (job ${state})${why}\nNo image version was created.`, remedy: unlock, join: ' ' };
  }
  if (outcome === 'squashed')
    return { happened: `${stage} ${id} was squashed (job ${state}): a newer job superseded it. No image version was created.` };
  return undefined;
}
