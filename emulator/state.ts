// What the emulated Clanforge account holds: images and their machines, image updates,
// diffs and the versions made from them, active allocations, and the job and rollout
// plans waiting for the next creates.
import { isCount, positiveId, positiveIds } from './checks.ts';
import { EMULATOR_BUILD_MACHINE_ID, EMULATOR_FIRST_IMAGE_VERSION_ID, EMULATOR_FIRST_INSTALL_JOB_ID } from './defaults.ts';
import { DiffStore } from './diffs.ts';
import { ImageCatalog, machineSlots } from './images.ts';
import { JobTimeline, resolveJobPlan } from './job-timeline.ts';
import { RolloutTimeline, checkRolloutPlan, resolveRolloutPlan, restingRollout } from './rollout.ts';
import type {
  DiffOptions,
  ImageSpec,
  ImageVersion,
  JobPlan,
  RolloutOptions,
  RolloutPlan,
  RolloutSnapshot,
  UpdateOptions,
  VersionOptions
} from './types.ts';
import { UpdateStore } from './updates.ts';

/** The resource groups of EmulatorOptions, plus what the whole emulator shares. */
export interface StateOptions {
  versions?: VersionOptions | undefined;
  diffs?: DiffOptions | undefined;
  updates?: UpdateOptions | undefined;
  rollouts?: RolloutOptions | undefined;
  machineIds?: readonly number[] | undefined;
  images: readonly ImageSpec[];
  timeScale: number;
  /** Emulator clock at start, ms. */
  startMs: number;
}

export type NewImageVersion = Omit<ImageVersion, 'imageversionid' | 'createdAt' | 'job' | 'imageid' | 'rollout'>;

export interface StoredImageVersion extends ImageVersion {
  readonly job: JobTimeline;
  readonly rollout: RolloutTimeline | null;
  /** Install job id of the image's first machine; the others follow in machineSlots order. */
  readonly firstInstallJobId: number;
}

export class EmulatorState {
  readonly versions = new Map<number, StoredImageVersion>();
  activeAllocations = 0;
  readonly timeScale: number;
  readonly images: ImageCatalog;
  readonly diffs: DiffStore;
  readonly updates: UpdateStore;
  /** Build machines that exist; null: any positive id. */
  readonly machineIds: ReadonlySet<number> | null;
  /** Per image: whether its latest version is full. */
  readonly #latestFull = new Map<number, boolean>();
  readonly #defaultPlan: JobPlan | undefined;
  readonly #planQueue: JobPlan[] = [];
  readonly #defaultRollout: RolloutPlan | undefined;
  readonly #rolloutQueue: RolloutPlan[] = [];
  #nextId: number;
  #nextInstallJobId = EMULATOR_FIRST_INSTALL_JOB_ID;

  constructor(options: StateOptions) {
    const versions = options.versions ?? {};
    const rollouts = options.rollouts ?? {};
    this.#nextId = positiveId('versions.firstId', versions.firstId ?? EMULATOR_FIRST_IMAGE_VERSION_ID);
    this.#defaultPlan = versions.plan;
    this.#defaultRollout = rollouts.plan;
    this.timeScale = options.timeScale;
    this.images = new ImageCatalog(options.images);
    for (const image of this.images.images) this.#latestFull.set(image.imageid, image.latestFull ?? false);
    this.machineIds = options.machineIds === undefined ? null : new Set(positiveIds('machineIds', options.machineIds));
    for (const image of this.images.images) {
      const outside = (image.buildMachines ?? []).filter((id) => !this.isKnownMachine(id));
      if (outside.length > 0)
        throw new TypeError(`invalid images: image ${image.imageid}: buildMachines ${outside.join(', ')} are not in machineIds`);
    }
    this.diffs = new DiffStore({ ...options.diffs, images: this.images, timeScale: options.timeScale, startMs: options.startMs });
    this.updates = new UpdateStore({ ...options.updates, timeScale: options.timeScale });
    this.setActiveAllocations(versions.activeAllocations ?? 0);
    // Resolve now so a bad plan fails at start, not on some later request.
    resolveJobPlan(versions.plan);
    checkRolloutPlan(resolveRolloutPlan(rollouts.plan), this.images.images);
    this.queueJobs(...(versions.plans ?? []));
    this.queueRollouts(...(rollouts.plans ?? []));
  }

  setActiveAllocations(count: number): void {
    if (!isCount(count)) throw new TypeError('activeAllocations must be an integer >= 0');
    this.activeAllocations = count;
  }

  queueJobs(...plans: JobPlan[]): void {
    for (const plan of plans) resolveJobPlan(this.#defaultPlan, plan);
    this.#planQueue.push(...plans);
  }

  queueRollouts(...plans: RolloutPlan[]): void {
    for (const plan of plans) checkRolloutPlan(resolveRolloutPlan(this.#defaultRollout, plan), this.images.images);
    this.#rolloutQueue.push(...plans);
  }

  isKnownMachine(machineid: number): boolean {
    return this.machineIds === null || this.machineIds.has(machineid);
  }

  /** The build machines that have the image installed (image/options with the gameid/imageid pair). */
  buildMachinesOf(image: ImageSpec): readonly number[] {
    return image.buildMachines ?? (this.machineIds === null ? [EMULATOR_BUILD_MACHINE_ID] : [...this.machineIds]);
  }

  /** The build machines (image/options without the pair): `machineIds`, else those of the images. */
  buildMachines(images: readonly ImageSpec[]): readonly number[] {
    if (this.machineIds !== null) return [...this.machineIds];
    return [...new Set(images.flatMap((image) => this.buildMachinesOf(image)))];
  }

  /** Whether the image's latest version is a full one (the rule for diffs with no changes). */
  latestFull(imageid: number): boolean {
    return this.#latestFull.get(imageid) ?? false;
  }

  createVersion(input: NewImageVersion, nowMs: number): StoredImageVersion {
    const plan = resolveJobPlan(this.#defaultPlan, this.#planQueue.shift());
    const job = new JobTimeline(plan, {
      createdMs: nowMs,
      timeScale: this.timeScale,
      ...(input.installAt === undefined ? {} : { notBeforeMs: input.installAt * 1000 })
    });
    const image = this.images.get(this.diffs.imageOf(input.diffid)) ?? this.images.first;
    // Each create takes its rollout plan even when the job will not complete, so queued
    // plans line up with creates the same way job plans do.
    const rolloutPlan = resolveRolloutPlan(this.#defaultRollout, this.#rolloutQueue.shift());
    const rollout =
      plan.outcome === 'complete' ? new RolloutTimeline(rolloutPlan, image, { jobEndMs: job.endMs, timeScale: this.timeScale }) : null;
    const version: StoredImageVersion = {
      ...input,
      imageversionid: this.#nextId++,
      createdAt: nowMs,
      job,
      imageid: image.imageid,
      rollout,
      firstInstallJobId: this.#nextInstallJobId
    };
    this.#nextInstallJobId += machineSlots(image).length;
    this.versions.set(version.imageversionid, version);
    this.#latestFull.set(image.imageid, input.full === true);
    // Accepting the diff unlocks its image; a diff from elsewhere may be accepted again.
    const diff = this.diffs.lookup(input.diffid, nowMs);
    if (diff !== undefined) this.diffs.accept(diff, version.imageversionid);
    return version;
  }

  /**
   * What the image's machines run at `nowMs`: the rollout of the version whose job
   * completed last (and whose machines have started), or the image at rest before any did.
   */
  imageRollout(image: ImageSpec, nowMs: number): RolloutSnapshot {
    let current: RolloutTimeline | null = null;
    for (const version of this.versions.values()) {
      const rollout = version.rollout;
      if (version.imageid !== image.imageid || rollout === null || rollout.startMs > nowMs) continue;
      // Versions iterate in id order, so on equal starts the newer one wins.
      if (current === null || rollout.startMs >= current.startMs) current = rollout;
    }
    return current === null ? restingRollout(image) : current.at(nowMs);
  }
}
