// Image updates: jobs that pull a build onto a build machine before a diff compares it.
import { positiveId } from './checks.ts';
import { DEFAULT_UPDATE_DURATION_SECONDS, EMULATOR_FIRST_UPDATE_ID, defaultUpdateError } from './defaults.ts';
import { JobTimeline, isTerminal, resolveTaskPlan } from './job-timeline.ts';
import type { ResolvedJobPlan } from './job-timeline.ts';
import type { ImageUpdate, JobPlan, UpdateOptions } from './types.ts';

export interface StoredUpdate extends ImageUpdate {
  readonly job: JobTimeline;
}

export interface UpdateStoreOptions extends UpdateOptions {
  timeScale: number;
}

export class UpdateStore {
  readonly updates = new Map<number, StoredUpdate>();
  readonly #defaultPlan: JobPlan | undefined;
  readonly #queue: JobPlan[] = [];
  readonly #timeScale: number;
  #nextId: number;

  constructor(options: UpdateStoreOptions) {
    this.#nextId = positiveId('updates.firstId', options.firstId ?? EMULATOR_FIRST_UPDATE_ID);
    this.#defaultPlan = options.plan;
    this.#timeScale = options.timeScale;
    this.#resolve(undefined, 1);
    this.queue(...(options.plans ?? []));
  }

  #resolve(plan: JobPlan | undefined, machineid: number): ResolvedJobPlan {
    return resolveTaskPlan(
      { durationSeconds: DEFAULT_UPDATE_DURATION_SECONDS, error: defaultUpdateError(machineid) },
      this.#defaultPlan,
      plan
    );
  }

  queue(...plans: JobPlan[]): void {
    for (const plan of plans) this.#resolve(plan, 1);
    this.#queue.push(...plans);
  }

  create(input: Omit<ImageUpdate, 'updateid' | 'createdAt' | 'job'>, nowMs: number): StoredUpdate {
    const plan = this.#resolve(this.#queue.shift(), input.machineid);
    const update: StoredUpdate = {
      ...input,
      updateid: this.#nextId++,
      createdAt: nowMs,
      job: new JobTimeline(plan, { createdMs: nowMs, timeScale: this.#timeScale })
    };
    this.updates.set(update.updateid, update);
    return update;
  }

  /** An update of the image still running at `nowMs`: a diff now would compare half-copied files. */
  unfinishedOn(imageid: number, nowMs: number): StoredUpdate | undefined {
    for (const update of this.updates.values()) {
      if (update.imageid === imageid && !isTerminal(update.job.at(nowMs).stateId)) return update;
    }
    return undefined;
  }
}
