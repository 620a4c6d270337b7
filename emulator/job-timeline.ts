// The life of a Clanforge job as a function of time, shared by every job-like resource
// (image versions, diffs, updates and reinstalls use the same states). Nothing runs in the
// background: a timeline is fixed at creation and read at whatever instant is asked.
import { checker } from './checks.ts';
import {
  DEFAULT_EARLY_ETA_FACTOR,
  DEFAULT_FAILED_PROGRESS,
  DEFAULT_JOB_DURATION_SECONDS,
  DEFAULT_JOB_ERROR,
  DEFAULT_LATE_ETA_FACTOR,
  DEFAULT_PHASE_SHARES
} from './defaults.ts';
import type { EtaMode, JobOutcome, JobPlan, JobSnapshot, JobTimelineView } from './types.ts';

export const JOB_STATE = {
  created: 1,
  pending: 2,
  queued: 3,
  running: 4,
  complete: 5,
  failed: 6,
  squashed: 7
} as const;

export interface ResolvedJobPlan {
  outcome: JobOutcome;
  durationSeconds: number;
  phases: { created: number; pending: number; queued: number };
  endProgress: number;
  error: string | null;
  failedValue: number;
  eta: EtaMode;
  etaFactor: number;
}

const OUTCOMES: readonly JobOutcome[] = ['complete', 'failed', 'squashed'];
const ETA_MODES: readonly EtaMode[] = ['honest', 'none', 'early', 'late'];

const check = checker('invalid job plan');

/** Lays plans over each other (later ones win) and over the defaults, then validates. */
export function resolveJobPlan(...layers: (JobPlan | undefined)[]): ResolvedJobPlan {
  const merged: JobPlan = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    Object.assign(merged, layer, { phases: { ...merged.phases, ...layer.phases } });
  }
  const outcome = merged.outcome ?? 'complete';
  const eta = merged.eta ?? 'honest';
  const phases = { ...DEFAULT_PHASE_SHARES, ...merged.phases };
  const plan: ResolvedJobPlan = {
    outcome,
    durationSeconds: merged.durationSeconds ?? DEFAULT_JOB_DURATION_SECONDS,
    phases,
    endProgress: outcome === 'complete' ? 100 : (merged.endProgress ?? (outcome === 'failed' ? DEFAULT_FAILED_PROGRESS : 0)),
    error: merged.error ?? (outcome === 'failed' ? DEFAULT_JOB_ERROR : null),
    failedValue: merged.failedValue ?? 1,
    eta,
    etaFactor: merged.etaFactor ?? (eta === 'early' ? DEFAULT_EARLY_ETA_FACTOR : DEFAULT_LATE_ETA_FACTOR)
  };
  check(OUTCOMES.includes(plan.outcome), `outcome ${String(plan.outcome)}`);
  check(ETA_MODES.includes(plan.eta), `eta ${String(plan.eta)}`);
  check(Number.isFinite(plan.durationSeconds) && plan.durationSeconds >= 0, 'durationSeconds must be >= 0');
  for (const [name, share] of Object.entries(phases)) {
    check(Number.isFinite(share) && share >= 0 && share <= 1, `phases.${name} must be within 0..1`);
  }
  check(phases.created + phases.pending + phases.queued <= 1 + 1e-9, 'phases must add up to at most 1');
  check(Number.isInteger(plan.endProgress) && plan.endProgress >= 0 && plan.endProgress <= 100, 'endProgress must be an integer 0..100');
  check(Number.isInteger(plan.failedValue) && plan.failedValue > 0, 'failedValue must be a positive integer');
  check(Number.isFinite(plan.etaFactor) && plan.etaFactor > 0, 'etaFactor must be > 0');
  return plan;
}

/**
 * A plan for a job other than a version install: its own default duration, and when it
 * fails without an `error` of its own, an error that fits the kind of job.
 */
export function resolveTaskPlan(defaults: { durationSeconds: number; error: string }, ...layers: (JobPlan | undefined)[]): ResolvedJobPlan {
  const plan = resolveJobPlan({ durationSeconds: defaults.durationSeconds }, ...layers);
  const ownError = layers.some((layer) => layer?.error !== undefined);
  return plan.outcome === 'failed' && !ownError ? { ...plan, error: defaults.error } : plan;
}

/** A job that had already completed at `createdMs`: diffs made outside the emulator. */
export function completedTimeline(createdMs: number): JobTimeline {
  return new JobTimeline(resolveJobPlan({ durationSeconds: 0 }), { createdMs, timeScale: 1 });
}

/** Complete, Failed and Squashed: the job will not change any more. */
export const isTerminal = (stateId: number): boolean => stateId >= JOB_STATE.complete;

export interface TimelineOptions {
  createdMs: number;
  /** Emulated seconds per real second. */
  timeScale: number;
  /** The job stays Pending until this instant (install_at), ms. */
  notBeforeMs?: number;
}

export class JobTimeline implements JobTimelineView {
  readonly plan: ResolvedJobPlan;
  readonly createdMs: number;
  readonly pendingFromMs: number;
  readonly queuedFromMs: number;
  readonly runningFromMs: number;
  readonly endMs: number;
  /** A squashed job that stops at 0% is superseded before it ever runs. */
  readonly runs: boolean;
  readonly etaMs: number | null;

  constructor(plan: ResolvedJobPlan, options: TimelineOptions) {
    check(Number.isFinite(options.timeScale) && options.timeScale > 0, 'timeScale must be > 0');
    this.plan = plan;
    this.runs = plan.outcome !== 'squashed' || plan.endProgress > 0;
    // Timestamps are real wall-clock instants: emulated durations shrink by the time
    // scale so a client polling with its own clock sees consistent times.
    const totalMs = (plan.durationSeconds * 1000) / options.timeScale;
    const { created, pending, queued } = plan.phases;
    // Whole ms, so float noise never moves a boundary across a second.
    const after = (fromMs: number, share: number): number => Math.round(fromMs + totalMs * share);
    this.createdMs = options.createdMs;
    this.pendingFromMs = after(this.createdMs, created);
    this.queuedFromMs = Math.max(after(this.pendingFromMs, pending), options.notBeforeMs ?? -Infinity);
    const runningShare = 1 - created - pending - queued;
    this.runningFromMs = after(this.queuedFromMs, this.runs ? queued : queued + runningShare);
    this.endMs = this.runs ? after(this.runningFromMs, runningShare) : this.runningFromMs;
    const runningMs = this.endMs - this.runningFromMs;
    this.etaMs =
      plan.eta === 'none' ? null : plan.eta === 'honest' ? this.endMs : Math.round(this.runningFromMs + runningMs * plan.etaFactor);
  }

  at(nowMs: number): JobSnapshot {
    const base = { failed: 0, error: null, createdMs: this.createdMs, etaMs: null, startMs: null };
    if (nowMs < this.pendingFromMs) return { ...base, stateId: JOB_STATE.created, progress: 0, updatedMs: this.createdMs };
    if (nowMs < this.queuedFromMs) return { ...base, stateId: JOB_STATE.pending, progress: 0, updatedMs: this.pendingFromMs };
    if (nowMs < this.runningFromMs) return { ...base, stateId: JOB_STATE.queued, progress: 0, updatedMs: this.queuedFromMs };
    const { endProgress, outcome } = this.plan;
    if (nowMs < this.endMs) {
      const share = (nowMs - this.runningFromMs) / (this.endMs - this.runningFromMs);
      // Whole percents, never the end value while still running.
      const progress = Math.min(Math.floor(share * endProgress), Math.max(endProgress - 1, 0));
      const reachedMs =
        endProgress === 0 ? this.runningFromMs : this.runningFromMs + ((this.endMs - this.runningFromMs) * progress) / endProgress;
      return {
        ...base,
        stateId: JOB_STATE.running,
        progress,
        updatedMs: Math.max(reachedMs, this.runningFromMs),
        etaMs: this.etaMs,
        startMs: this.runningFromMs
      };
    }
    return {
      stateId: outcome === 'complete' ? JOB_STATE.complete : outcome === 'failed' ? JOB_STATE.failed : JOB_STATE.squashed,
      progress: endProgress,
      failed: outcome === 'failed' ? this.plan.failedValue : 0,
      error: outcome === 'complete' ? null : this.plan.error,
      createdMs: this.createdMs,
      updatedMs: this.endMs,
      etaMs: this.runs ? this.etaMs : null,
      startMs: this.runs ? this.runningFromMs : null
    };
  }
}
