/*
 * Poll scheduling for a running Clanforge job.
 *
 * Fixed 10 s polling is already the cheapest schedule that can exist when no
 * interval may exceed 10 s: it needs ceil(duration / 10 s) requests. What it
 * wastes is time: the end is noticed 5 s late on average. So this policy keeps
 * the 10 s pace (and the 10 s grid) and only moves the one poll that should
 * see the end:
 *
 * 1. Predict the end. The job's ETA (jobeta, whole seconds, averaged over the
 *    last few responses) is used while it is steady, not yet passed, and
 *    consistent with the progress trend; otherwise the end is extrapolated by a
 *    least-squares line through the last few percent of progress (Running only,
 *    since the last backward step), which also yields an uncertainty.
 * 2. While the predicted end plus a margin (1 s for whole-second ETAs, plus the
 *    estimate's uncertainty) is more than one interval away, wait intervalMs.
 *    Once it is within reach, wait exactly until it: a single poll lands just
 *    after the predicted end instead of up to 10 s after it.
 * 3. If that poll finds the job still running and the estimate does not move,
 *    the prediction was early (bad ETA, clock skew, stalled job): back off
 *    linearly with the time overdue, minInterval + overdue / 2, so the delay
 *    returns to intervalMs 18 s past the prediction instead of hammering.
 * 4. No ETA and no progress change (or progress stalled): plain intervalMs.
 * Every result is clamped to [minIntervalMs, intervalMs].
 */

export interface JobObservation {
  /** Our clock (epoch ms) when the status response arrived. */
  atMs: number;
  /** 1 Created, 2 Pending, 3 Queued, 4 Running (terminal states never reach the scheduler). */
  stateId: number | undefined;
  /** 0..100. */
  progress: number | undefined;
  /** jobeta * 1000 when the job gave one (> 0), else undefined. */
  etaMs: number | undefined;
}

export interface PollPolicy {
  /** The user's poll_interval: the pace while the end is far. */
  intervalMs: number;
  /** Never poll more often than this. */
  minIntervalMs: number;
}

export const DEFAULT_POLICY: PollPolicy = { intervalMs: 10_000, minIntervalMs: 1_000 };

const RUNNING = 4;
/** jobeta has whole-second resolution: aim this far past it. */
const ETA_QUANTUM_MS = 1_000;
/** ETAs of the last few responses are averaged when they spread no more than this. */
const ETA_SAMPLES = 4;
const ETA_STEADY_SPREAD_MS = 2_000;
/**
 * Progress trend: the observations covering the last few percent (at least
 * PROGRESS_MIN_POINTS of them, none older than PROGRESS_MAX_AGE_MS). Short enough to
 * follow an uneven install rate, long enough to average out whole-percent truncation.
 */
const PROGRESS_WINDOW_PERCENT = 6;
const PROGRESS_MAX_AGE_MS = 300_000;
const PROGRESS_MIN_POINTS = 3;
const PROGRESS_MAX_POINTS = 40;
/** Progress unchanged for this many expected per-percent periods counts as stalled. */
const STALL_PERIODS = 3;
/**
 * Margin per standard error of the predicted end. The trade-off knob: larger means
 * fewer polls that come too early (each costs one request over fixed polling), but
 * a later detection. 0.25 keeps a 10-minute job's mean delay under 1.5 s in the bench.
 */
const UNCERTAINTY_WEIGHT = 0.25;
/** ETA and progress trend agree within AGREE_MIN_MS + AGREE_SPREADS uncertainties + AGREE_SHARE of the time left. */
const AGREE_MIN_MS = 4_000;
const AGREE_SPREADS = 3;
const AGREE_SHARE = 0.1;
/** After a missed prediction the delay grows by this share of the time overdue. */
const OVERDUE_GROWTH = 0.5;
/**
 * An ETA further ahead of its observation than this is not a real end time (a value in
 * milliseconds or microseconds read as seconds): the scheduler ignores it. The parser
 * already drops such values; this keeps the scheduler safe on its own.
 */
const ETA_MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

interface EndEstimate {
  /** Predicted completion, our clock. */
  endMs: number;
  /** Standard uncertainty of endMs. */
  spreadMs: number;
  /** Minimum margin regardless of spread (quantisation of the source). */
  baseMarginMs: number;
}

/** Delay in ms from the latest observation to the next status request. history is oldest-first, non-empty. */
export function nextPollDelay(history: readonly JobObservation[], policy: PollPolicy): number {
  const { minMs, maxMs } = bounds(policy);
  const last = history[history.length - 1];
  if (last === undefined || !Number.isFinite(last.atMs)) return maxMs;
  const estimate = estimateEnd(history, last.atMs);
  if (estimate === undefined) return maxMs;
  return clamp(Math.round(delayTowards(estimate, last.atMs, minMs, maxMs)), minMs, maxMs);
}

function bounds(policy: PollPolicy): { minMs: number; maxMs: number } {
  const minMs = positiveOr(policy.minIntervalMs, DEFAULT_POLICY.minIntervalMs);
  const maxMs = positiveOr(policy.intervalMs, DEFAULT_POLICY.intervalMs);
  // An interval below the floor is raised to it: the floor protects the API.
  return { minMs, maxMs: Math.max(minMs, maxMs) };
}

function positiveOr(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function delayTowards(estimate: EndEstimate, nowMs: number, minMs: number, maxMs: number): number {
  const targetMs = estimate.endMs + estimate.baseMarginMs + UNCERTAINTY_WEIGHT * estimate.spreadMs;
  const remainingMs = targetMs - nowMs;
  if (remainingMs <= 0) {
    // Already past the aimed-at instant and still running: the prediction was early.
    return minMs + OVERDUE_GROWTH * Math.max(0, nowMs - estimate.endMs);
  }
  // Full steps until the target is within one interval: a shorter step would fall
  // behind fixed polling's grid and could cost a request at the end.
  return Math.min(remainingMs, maxMs);
}

function estimateEnd(history: readonly JobObservation[], nowMs: number): EndEstimate | undefined {
  const fromProgress = progressEstimate(history, nowMs);
  const fromEta = etaEstimate(history);
  if (fromEta === undefined) return fromProgress;
  if (fromProgress === undefined) return fromEta;
  // Both: the ETA is sharper (whole seconds) but may simply be wrong. Trust it while
  // the progress trend roughly agrees and it has not yet passed unfulfilled.
  const etaPassed = nowMs >= fromEta.endMs + fromEta.baseMarginMs + fromEta.spreadMs;
  const toleranceMs =
    AGREE_MIN_MS + AGREE_SPREADS * (fromEta.spreadMs + fromProgress.spreadMs) + AGREE_SHARE * Math.max(0, fromProgress.endMs - nowMs);
  if (etaPassed) return fromProgress.endMs > fromEta.endMs ? fromProgress : fromEta;
  // A jumpy ETA is only a hint; the trend is steadier.
  if (fromEta.spreadMs > 0) return fromProgress;
  return Math.abs(fromEta.endMs - fromProgress.endMs) <= toleranceMs ? fromEta : fromProgress;
}

function etaEstimate(history: readonly JobObservation[]): EndEstimate | undefined {
  const etas: number[] = [];
  for (let i = history.length - 1; i >= 0 && etas.length < ETA_SAMPLES; i--) {
    const o = history[i];
    const eta = o?.etaMs;
    if (o === undefined || eta === undefined || !Number.isFinite(eta) || eta <= 0 || eta - o.atMs > ETA_MAX_AHEAD_MS) break;
    etas.push(eta);
  }
  const latest = etas[0];
  if (latest === undefined) return undefined;
  const spread = Math.max(...etas) - Math.min(...etas);
  if (spread <= ETA_STEADY_SPREAD_MS) {
    // Steady: averaging smooths the whole-second rounding of a re-estimated ETA.
    return { endMs: etas.reduce((a, b) => a + b, 0) / etas.length, spreadMs: 0, baseMarginMs: ETA_QUANTUM_MS };
  }
  // Jumpy: follow the latest value, but aim later in proportion to the jumps.
  return { endMs: latest, spreadMs: spread / 2, baseMarginMs: ETA_QUANTUM_MS };
}

interface Point {
  t: number;
  p: number;
}

/** The recent Running observations, newest first: one trend, not older than the window allows. */
function trendPoints(history: readonly JobObservation[], nowMs: number): Point[] {
  const points: Point[] = [];
  for (let i = history.length - 1; i >= 0 && points.length < PROGRESS_MAX_POINTS; i--) {
    const o = history[i];
    if (o === undefined) break;
    // Before Running progress does not advance; it would flatten the trend.
    if (o.stateId !== undefined && o.stateId !== RUNNING) break;
    if (o.progress === undefined || !Number.isFinite(o.progress) || !Number.isFinite(o.atMs)) continue;
    const newer = points[points.length - 1];
    // A backward step restarts the trend: only what came after it describes the job now.
    if (newer !== undefined && o.progress > newer.p) break;
    if (points.length >= PROGRESS_MIN_POINTS) {
      if (nowMs - o.atMs > PROGRESS_MAX_AGE_MS || (points[0]?.p ?? 0) - o.progress > PROGRESS_WINDOW_PERCENT) break;
    }
    points.push({ t: o.atMs - nowMs, p: clamp(o.progress, 0, 100) });
  }
  return points;
}

/** The time (relative to now) since which the newest points all pass `same`. */
function sameSince(points: readonly Point[], from: number, same: (pt: Point) => boolean): number {
  let since = from;
  for (const pt of points) {
    if (!same(pt)) break;
    since = pt.t;
  }
  return since;
}

interface LineFit {
  n: number;
  /** Percent per ms. */
  slope: number;
  /** Fitted progress now (t = 0). */
  intercept: number;
  meanT: number;
  sxx: number;
}

/** Least squares through the points; integer progress is truncated: the true value lies in [p, p + 1), centre it. */
function fitLine(points: readonly Point[]): LineFit | undefined {
  const n = points.length;
  let sumT = 0;
  let sumP = 0;
  for (const pt of points) {
    sumT += pt.t;
    sumP += pt.p + 0.5;
  }
  const meanT = sumT / n;
  const meanP = sumP / n;
  let sxx = 0;
  let sxy = 0;
  for (const pt of points) {
    sxx += (pt.t - meanT) ** 2;
    sxy += (pt.t - meanT) * (pt.p + 0.5 - meanP);
  }
  if (sxx <= 0) return undefined;
  const slope = sxy / sxx;
  return { n, slope, intercept: meanP - slope * meanT, meanT, sxx };
}

/** The fitted end and its standard error, in time. */
function endOfLine(points: readonly Point[], fit: LineFit, nowMs: number): EndEstimate {
  const { n, slope, intercept, meanT, sxx } = fit;
  const endT = (100 - intercept) / slope;
  let residual = 0;
  for (const pt of points) residual += (pt.p + 0.5 - (intercept + slope * pt.t)) ** 2;
  // Truncation alone leaves a uniform error of variance 1/12.
  const sigma = Math.sqrt(Math.max(1 / 12, n > 2 ? residual / (n - 2) : 0));
  const seAtEnd = sigma * Math.sqrt(1 / n + (endT - meanT) ** 2 / sxx);
  return { endMs: nowMs + endT, spreadMs: seAtEnd / slope, baseMarginMs: 0 };
}

function progressEstimate(history: readonly JobObservation[], nowMs: number): EndEstimate | undefined {
  const points = trendPoints(history, nowMs);
  const latest = points[0];
  if (latest === undefined) return undefined;
  if (latest.p >= 100) {
    // Says done but is not: treat the moment it first said so as the predicted end.
    return { endMs: nowMs + sameSince(points, latest.t, (pt) => pt.p >= 100), spreadMs: 0, baseMarginMs: 0 };
  }
  if (points.length < 2) return undefined;
  const fit = fitLine(points);
  if (fit === undefined || !(fit.slope > 0)) return undefined;
  // Stalled: the current value has been showing for longer than three percent should take.
  if (-sameSince(points, latest.t, (pt) => pt.p === latest.p) > STALL_PERIODS / fit.slope) return undefined;
  return endOfLine(points, fit, nowMs);
}
