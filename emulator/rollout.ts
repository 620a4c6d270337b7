// The rollout of an image version to its image's machines as a function of time, like
// job-timeline.ts: fixed when the version is created, read at whatever instant is asked.
import { checker, isCount } from './checks.ts';
import { DEFAULT_ROLLOUT_DURATION_SECONDS } from './defaults.ts';
import { machineSlots } from './images.ts';
import { prng } from './random.ts';
import type { MachineSlot } from './images.ts';
import type {
  FleetRollout,
  ImageSpec,
  MachineCount,
  MachineCounts,
  RolloutOutcome,
  RolloutPlan,
  RolloutSnapshot,
  RolloutTimelineView
} from './types.ts';

export interface ResolvedRolloutPlan {
  durationSeconds: number;
  delaySeconds: number;
  failedMachines: MachineCount;
  outcome: RolloutOutcome;
  /** null: every machine that does not fail (only read when the outcome is `stuck`). */
  stuckMachines: MachineCount | null;
  seed: number;
}

const OUTCOMES: readonly RolloutOutcome[] = ['complete', 'stuck'];

const check = checker('invalid rollout plan');

function checkCount(name: string, count: MachineCount): void {
  if (typeof count === 'number') {
    check(isCount(count), `${name} must be an integer >= 0`);
    return;
  }
  check(typeof count === 'object' && count !== null && !Array.isArray(count), `${name} must be a count or counts by regionid`);
  for (const [regionid, n] of Object.entries(count)) check(isCount(n), `${name}.${regionid} must be an integer >= 0`);
}

/** Lays plans over each other (later ones win) and over the defaults; checks what needs no image. */
export function resolveRolloutPlan(...layers: (RolloutPlan | undefined)[]): ResolvedRolloutPlan {
  const merged: RolloutPlan = {};
  for (const layer of layers) if (layer !== undefined) Object.assign(merged, layer);
  const plan: ResolvedRolloutPlan = {
    durationSeconds: merged.durationSeconds ?? DEFAULT_ROLLOUT_DURATION_SECONDS,
    delaySeconds: merged.delaySeconds ?? 0,
    failedMachines: merged.failedMachines ?? 0,
    outcome: merged.outcome ?? 'complete',
    stuckMachines: merged.stuckMachines ?? null,
    seed: merged.seed ?? 1
  };
  check(Number.isFinite(plan.durationSeconds) && plan.durationSeconds >= 0, 'durationSeconds must be >= 0');
  check(Number.isFinite(plan.delaySeconds) && plan.delaySeconds >= 0, 'delaySeconds must be >= 0');
  check(OUTCOMES.includes(plan.outcome), `outcome ${String(plan.outcome)}`);
  check(Number.isSafeInteger(plan.seed), 'seed must be an integer');
  checkCount('failedMachines', plan.failedMachines);
  if (plan.stuckMachines !== null) checkCount('stuckMachines', plan.stuckMachines);
  return plan;
}

/**
 * Checks a plan against every image a version could belong to, so a plan that cannot
 * play out fails when it is given rather than as a failed create later.
 */
export function checkRolloutPlan(plan: ResolvedRolloutPlan, images: readonly ImageSpec[]): void {
  const regions = new Set(images.flatMap((image) => image.fleets.flatMap((fleet) => fleet.regions.map((r) => r.regionid))));
  for (const [name, count] of [
    ['failedMachines', plan.failedMachines],
    ['stuckMachines', plan.stuckMachines]
  ] as const) {
    if (typeof count !== 'object' || count === null) continue;
    for (const regionid of Object.keys(count)) check(regions.has(regionid), `${name}: no image has region ${regionid}`);
  }
  // Building a timeline is the count check: it throws when the machines are not there.
  for (const image of images) new RolloutTimeline(plan, image, { jobEndMs: 0, timeScale: 1 });
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * Picks `count` machines among `candidates` (already in seeded order): a whole-image count
 * takes the first ones, counts by region take the first ones of each region.
 */
function pick(
  name: string,
  count: MachineCount,
  candidates: readonly number[],
  slots: readonly MachineSlot[],
  image: ImageSpec
): Set<number> {
  const chosen = new Set<number>();
  if (typeof count === 'number') {
    check(count <= candidates.length, `${name} ${count} is more than the ${candidates.length} machines left in image ${image.imageid}`);
    candidates.slice(0, count).forEach((machine) => chosen.add(machine));
    return chosen;
  }
  for (const [regionid, wanted] of Object.entries(count)) {
    const fleet = image.fleets.findIndex((f) => f.regions.some((r) => r.regionid === regionid));
    // Another image's region: one plan can serve versions of several images.
    if (fleet < 0) continue;
    const region = image.fleets[fleet]?.regions.findIndex((r) => r.regionid === regionid);
    const inRegion = candidates.filter((m) => slots[m]?.fleet === fleet && slots[m]?.region === region);
    check(wanted <= inRegion.length, `${name}.${regionid} ${wanted} is more than the ${inRegion.length} machines left there`);
    inRegion.slice(0, wanted).forEach((machine) => chosen.add(machine));
  }
  return chosen;
}

const zero = (): MachineCounts => ({ pending: 0, failed: 0, completed: 0 });

function add(into: MachineCounts, from: MachineCounts): void {
  into.pending += from.pending;
  into.failed += from.failed;
  into.completed += from.completed;
}

/** Counts by region, fleet and in all, from each machine's state (machines in machineSlots order). */
function snapshot(image: ImageSpec, stateOf: (machine: number) => keyof MachineCounts): RolloutSnapshot {
  const total = zero();
  let machine = 0;
  const fleets: FleetRollout[] = image.fleets.map((fleet) => {
    const fleetCounts = zero();
    const regions = fleet.regions.map((region) => {
      const counts = zero();
      for (let i = 0; i < region.machines; i += 1) counts[stateOf(machine++)] += 1;
      add(fleetCounts, counts);
      return { regionid: region.regionid, name: region.name, ...counts };
    });
    add(total, fleetCounts);
    return { fleetid: fleet.fleetid, name: fleet.name, ...fleetCounts, regions };
  });
  return { ...total, fleets };
}

/** An image no version has rolled out to yet: every machine runs what it has. */
export function restingRollout(image: ImageSpec): RolloutSnapshot {
  return snapshot(image, () => 'completed');
}

export interface RolloutTimelineOptions {
  /** When the version's job reached Complete, ms. */
  jobEndMs: number;
  /** Emulated seconds per real second. */
  timeScale: number;
}

export class RolloutTimeline implements RolloutTimelineView {
  readonly plan: ResolvedRolloutPlan;
  readonly image: ImageSpec;
  readonly startMs: number;
  readonly endMs: number | null;
  /** Per machine (in machineSlots order): when it leaves pending (Infinity: never), and how. */
  readonly #doneMs: number[];
  readonly #fails: boolean[];

  constructor(plan: ResolvedRolloutPlan, image: ImageSpec, options: RolloutTimelineOptions) {
    check(Number.isFinite(options.timeScale) && options.timeScale > 0, 'timeScale must be > 0');
    this.plan = plan;
    this.image = image;
    const slots = machineSlots(image);
    const next = prng(plan.seed);
    const order = shuffled(
      slots.map((_, machine) => machine),
      next
    );
    const failed = pick('failedMachines', plan.failedMachines, order, slots, image);
    const rest = order.filter((machine) => !failed.has(machine));
    const stuck =
      plan.outcome !== 'stuck'
        ? new Set<number>()
        : plan.stuckMachines === null
          ? new Set(rest)
          : pick('stuckMachines', plan.stuckMachines, rest, slots, image);
    // Emulated durations shrink by the time scale, as for jobs; whole ms keep boundaries exact.
    const scaled = (seconds: number): number => (seconds * 1000) / options.timeScale;
    this.startMs = Math.round(options.jobEndMs + scaled(plan.delaySeconds));
    const totalMs = scaled(plan.durationSeconds);
    const finishing = shuffled(
      order.filter((machine) => !stuck.has(machine)),
      next
    );
    this.#doneMs = slots.map(() => Infinity);
    // Evenly spaced so the totals at any instant are easy to predict: the k-th of M
    // machines is done at k/M of the duration, the last exactly at the end.
    finishing.forEach((machine, k) => {
      this.#doneMs[machine] = Math.round(this.startMs + (totalMs * (k + 1)) / finishing.length);
    });
    this.#fails = slots.map((_, machine) => failed.has(machine));
    this.endMs = stuck.size > 0 ? null : Math.round(this.startMs + (finishing.length === 0 ? 0 : totalMs));
  }

  /** When the machine (machineSlots order) is done (Infinity: never), and whether it failed. */
  machine(slot: number): { doneMs: number; fails: boolean } {
    return { doneMs: this.#doneMs[slot] ?? Infinity, fails: this.#fails[slot] ?? false };
  }

  /** Counts at `nowMs`; before `startMs` every machine is still pending for this version. */
  at(nowMs: number): RolloutSnapshot {
    return snapshot(this.image, (slot) => {
      const { doneMs, fails } = this.machine(slot);
      return nowMs < doneMs ? 'pending' : fails ? 'failed' : 'completed';
    });
  }
}
