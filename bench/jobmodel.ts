// A simulated Clanforge install job, read at any instant like the status endpoint.
// Times are ms on our clock; the job's own clock (for jobeta) may be offset by a skew.

/** Deterministic PRNG, so every run prints the same table. */
export { prng } from '../emulator/random.ts';

export const ETA_MODES = ['accurate', 'early', 'late', 'progress only', 'no signal'] as const;
export type EtaMode = (typeof ETA_MODES)[number];

export interface JobOptions {
  /** Nominal time from create to completion. */
  durationMs: number;
  mode: EtaMode;
  /** Server clock minus our clock; undefined draws a small random one (NTP-level). */
  skewMs?: number;
  /** For a jumpy ETA: each response's ETA is off by up to this much either way. */
  etaJitterMs?: number;
  /** How uneven the install rate is: each knot's rate is 1 ± this (default 0.3). */
  rateSpread?: number;
}

export interface JobSnapshot {
  done: boolean;
  stateId: number;
  progress: number;
  etaMs: number | undefined;
}

/** ETA factor: the job runs this many times as long as its ETA promised. */
const EARLY_FACTOR = 1.2;
const LATE_FACTOR = 0.8;
/** Knots of the piecewise-linear work rate: how unevenly the install advances. */
const RATE_KNOTS = 8;
const DEFAULT_RATE_SPREAD = 0.3;

export class SimJob {
  /** Completion instant (our clock), deliberately not on a whole second. */
  readonly endMs: number;
  readonly runningFromMs: number;
  private readonly pendingFromMs: number;
  private readonly queuedFromMs: number;
  private readonly mode: EtaMode;
  private readonly skewMs: number;
  private readonly etaJitterMs: number;
  private readonly staticEtaMs: number;
  private readonly rng: () => number;
  /** Rate at each knot and the cumulative work at each knot (normalised to 1 at the end). */
  private readonly rates: number[] = [];
  private readonly work: number[] = [];

  constructor(rng: () => number, options: JobOptions) {
    this.rng = rng;
    this.mode = options.mode;
    // Real durations scatter around the nominal one; a fraction of a second keeps it off the grid.
    this.endMs = options.durationMs * (0.95 + 0.1 * rng()) + rng() * 1000;
    // Created, Pending, Queued for a few seconds (never more than a fifth of the job).
    const waitMs = Math.min(2_000 + rng() * 13_000, 0.2 * this.endMs);
    this.pendingFromMs = waitMs * (0.1 + 0.2 * rng());
    this.queuedFromMs = this.pendingFromMs + (waitMs - this.pendingFromMs) * rng();
    this.runningFromMs = waitMs;
    this.skewMs = options.skewMs ?? (rng() - 0.5) * 1_000;
    this.etaJitterMs = options.etaJitterMs ?? 0;

    const rateSpread = options.rateSpread ?? DEFAULT_RATE_SPREAD;
    for (let k = 0; k <= RATE_KNOTS; k++) this.rates.push(1 + rateSpread * (2 * rng() - 1));
    const segMs = (this.endMs - this.runningFromMs) / RATE_KNOTS;
    this.work.push(0);
    for (let k = 0; k < RATE_KNOTS; k++) {
      this.work.push((this.work[k] ?? 0) + ((this.rates[k]! + this.rates[k + 1]!) / 2) * segMs);
    }
    const total = this.work[RATE_KNOTS]!;
    for (let k = 0; k <= RATE_KNOTS; k++) this.work[k] = this.work[k]! / total;
    for (let k = 0; k <= RATE_KNOTS; k++) this.rates[k] = this.rates[k]! / total;

    const runMs = this.endMs - this.runningFromMs;
    const promisedRunMs = this.mode === 'early' ? runMs / EARLY_FACTOR : this.mode === 'late' ? runMs / LATE_FACTOR : runMs;
    this.staticEtaMs = this.runningFromMs + promisedRunMs;
  }

  /** Share of the work done at t (0..1). */
  private fraction(t: number): number {
    const segMs = (this.endMs - this.runningFromMs) / RATE_KNOTS;
    const x = (t - this.runningFromMs) / segMs;
    if (x <= 0) return 0;
    if (x >= RATE_KNOTS) return 1;
    const k = Math.floor(x);
    const tau = (x - k) * segMs;
    const r0 = this.rates[k]!;
    const r1 = this.rates[k + 1]!;
    return this.work[k]! + r0 * tau + ((r1 - r0) * tau * tau) / (2 * segMs);
  }

  /** What a status request served at t (our clock) returns. */
  at(t: number): JobSnapshot {
    if (t >= this.endMs) return { done: true, stateId: 5, progress: 100, etaMs: undefined };
    const stateId = t < this.pendingFromMs ? 1 : t < this.queuedFromMs ? 2 : t < this.runningFromMs ? 3 : 4;
    if (stateId !== 4 || this.mode === 'no signal') {
      return { done: false, stateId, progress: 0, etaMs: undefined };
    }
    // Whole percents, truncated, never 100 while running.
    const progress = Math.min(99, Math.floor(100 * this.fraction(t)));
    let etaMs: number | undefined;
    if (this.mode !== 'progress only') {
      const jitter = this.etaJitterMs * (2 * this.rng() - 1);
      // jobeta is whole unix seconds on the server's clock, taken at face value by us.
      etaMs = Math.round((this.staticEtaMs + this.skewMs + jitter) / 1000) * 1000;
    }
    return { done: false, stateId, progress, etaMs };
  }
}
