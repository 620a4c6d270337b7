// Install jobs: one per machine of the image for every version created, from the create
// until that machine has the version. They follow the version's job, then its rollout,
// so imageinstall/status (incomplete installs only) agrees with imageversion/status and
// the v2 image status at every instant:
// - while the version's job runs: Created, then Pending (waiting for the packaged version);
// - job Complete, before the rollout starts (its delay): Queued;
// - during the rollout: Running until the machine is done (Complete or Failed: no longer
//   listed); a stuck machine stays Running;
// - job Failed or Squashed: the installs end with it (not listed);
// - a newer version of the image whose rollout starts first squashes the installs of
//   this one still running (the v2 view then shows the newer rollout).
import { JOB_STATE } from './job-timeline.ts';
import { machineName, machineSlots } from './images.ts';
import type { StoredImageVersion } from './state.ts';
import type { EmulatorState } from './state.ts';
import type { ImageSpec, JobSnapshot } from './types.ts';

export interface InstallJob {
  readonly jobid: number;
  readonly version: StoredImageVersion;
  readonly image: ImageSpec;
  readonly machineid: number;
  readonly machineName: string;
  /** The fleet region's name (the row's `location`). */
  readonly location: string;
  readonly job: JobSnapshot;
}

const base = { failed: 0, error: null, etaMs: null, startMs: null } as const;

/** The install of `version` on the image's `slot`-th machine at `nowMs`, or null once it is no longer incomplete. */
function installState(version: StoredImageVersion, slot: number, nowMs: number, supersededAtMs: number): JobSnapshot | null {
  const job = version.job.at(nowMs);
  const createdMs = version.createdAt;
  if (job.stateId === JOB_STATE.created) return { ...base, stateId: JOB_STATE.created, progress: 0, createdMs, updatedMs: createdMs };
  if (job.stateId < JOB_STATE.complete) return { ...base, stateId: JOB_STATE.pending, progress: 0, createdMs, updatedMs: job.updatedMs };
  const rollout = version.rollout;
  if (job.stateId !== JOB_STATE.complete || rollout === null) return null;
  const jobEndMs = version.job.endMs;
  if (nowMs < rollout.startMs) return { ...base, stateId: JOB_STATE.queued, progress: 0, createdMs, updatedMs: jobEndMs };
  const { doneMs } = rollout.machine(slot);
  if (nowMs >= doneMs) return null;
  if (nowMs >= supersededAtMs) return null;
  const finite = Number.isFinite(doneMs);
  const progress = finite && doneMs > rollout.startMs ? Math.floor((100 * (nowMs - rollout.startMs)) / (doneMs - rollout.startMs)) : 0;
  return {
    ...base,
    stateId: JOB_STATE.running,
    progress: Math.min(progress, 99),
    createdMs,
    updatedMs: nowMs,
    startMs: rollout.startMs,
    etaMs: finite ? doneMs : null
  };
}

/** When a newer version of the same image starts rolling out (Infinity: none has). */
function supersededAt(state: EmulatorState, version: StoredImageVersion): number {
  let at = Infinity;
  for (const other of state.versions.values()) {
    if (other.imageid !== version.imageid || other.imageversionid <= version.imageversionid || other.rollout === null) continue;
    at = Math.min(at, other.rollout.startMs);
  }
  return at;
}

/**
 * The incomplete install jobs of an ASID's versions at `nowMs`, by job id. Which versions
 * count is fixed now; the rows are made one by one as they are read, so an image of tens
 * of thousands of machines is never listed whole in memory.
 */
export function incompleteInstalls(state: EmulatorState, asid: number, nowMs: number): Iterable<InstallJob> {
  // Install job ids follow creation order, then machine order.
  const versions = [...state.versions.values()]
    .filter((version) => version.accountserviceid === asid)
    .sort((a, b) => a.firstInstallJobId - b.firstInstallJobId)
    .map((version) => ({ version, image: state.images.get(version.imageid), superseded: supersededAt(state, version) }));
  return {
    *[Symbol.iterator]() {
      for (const { version, image, superseded } of versions) {
        if (image === undefined) continue;
        const slots = machineSlots(image);
        for (let slot = 0; slot < slots.length; slot += 1) {
          const job = installState(version, slot, nowMs, superseded);
          if (job === null) continue;
          const place = slots[slot];
          const region = place === undefined ? undefined : image.fleets[place.fleet]?.regions[place.region];
          const machineid = state.images.machineId(image, slot);
          yield {
            jobid: version.firstInstallJobId + slot,
            version,
            image,
            machineid,
            machineName: machineName(machineid),
            location: region?.name ?? '',
            job
          };
        }
      }
    }
  };
}
