// What the emulated Clanforge account holds: image versions, the diffs that may become
// versions, active allocations, and the job plans waiting for the next creates.
import { JobTimeline, resolveJobPlan } from './job-timeline.ts';
import type { ImageVersion, JobPlan } from './types.ts';

export interface StateOptions {
  firstImageVersionId: number;
  knownDiffIds?: readonly number[];
  emptyDiffIds?: readonly number[];
  activeAllocations: number;
  job?: JobPlan;
  jobs?: readonly JobPlan[];
  timeScale: number;
}

export type NewImageVersion = Omit<ImageVersion, 'imageversionid' | 'createdAt' | 'job'>;

export interface StoredImageVersion extends ImageVersion {
  readonly job: JobTimeline;
}

export class EmulatorState {
  readonly versions = new Map<number, StoredImageVersion>();
  activeAllocations = 0;
  readonly timeScale: number;
  readonly #knownDiffIds: ReadonlySet<number> | null;
  readonly #emptyDiffIds: ReadonlySet<number>;
  readonly #defaultPlan: JobPlan | undefined;
  readonly #planQueue: JobPlan[] = [];
  #nextId: number;
  #lastVersionFull = false;

  constructor(options: StateOptions) {
    if (!Number.isSafeInteger(options.firstImageVersionId) || options.firstImageVersionId < 1) {
      throw new TypeError('firstImageVersionId must be a positive integer');
    }
    this.#nextId = options.firstImageVersionId;
    this.#knownDiffIds = options.knownDiffIds === undefined ? null : new Set(options.knownDiffIds);
    this.#emptyDiffIds = new Set(options.emptyDiffIds ?? []);
    this.#defaultPlan = options.job;
    this.timeScale = options.timeScale;
    this.setActiveAllocations(options.activeAllocations);
    // Resolve now so a bad plan fails at start, not on some later request.
    resolveJobPlan(options.job);
    this.queueJobs(...(options.jobs ?? []));
  }

  setActiveAllocations(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new TypeError('activeAllocations must be an integer >= 0');
    this.activeAllocations = count;
  }

  queueJobs(...plans: JobPlan[]): void {
    for (const plan of plans) resolveJobPlan(this.#defaultPlan, plan);
    this.#planQueue.push(...plans);
  }

  isKnownDiff(diffid: number): boolean {
    return this.#knownDiffIds === null || this.#knownDiffIds.has(diffid);
  }

  isEmptyDiff(diffid: number): boolean {
    return this.#emptyDiffIds.has(diffid);
  }

  /** Whether the image's latest version is a full one (the rule for diffs with no changes). */
  get lastVersionFull(): boolean {
    return this.#lastVersionFull;
  }

  createVersion(input: NewImageVersion, nowMs: number): StoredImageVersion {
    const plan = resolveJobPlan(this.#defaultPlan, this.#planQueue.shift());
    const job = new JobTimeline(plan, {
      createdMs: nowMs,
      timeScale: this.timeScale,
      notBeforeMs: input.installAt === undefined ? undefined : input.installAt * 1000
    });
    const version: StoredImageVersion = { ...input, imageversionid: this.#nextId++, createdAt: nowMs, job };
    this.versions.set(version.imageversionid, version);
    this.#lastVersionFull = input.full === true;
    return version;
  }
}
