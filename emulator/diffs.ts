// Difference analyses: diffs made by imagediff/create, the diffs `lockedBy` says lock an
// image from the start, and diffs made elsewhere, which exist once a request names them.
// Holds the lock rule too: a diff made here that is neither accepted nor rejected locks
// its image. Diffs made elsewhere lock nothing, so creates from them work as before.
import { checker, isPositiveId, positiveId, positiveIds } from './checks.ts';
import {
  DEFAULT_DIFF_CHANGES,
  DEFAULT_DIFF_DURATION_SECONDS,
  DEFAULT_UNINSTALL_DURATION_SECONDS,
  EMULATOR_FIRST_DIFF_ID,
  EMULATOR_FIRST_UNINSTALL_JOB_ID,
  defaultDiffError
} from './defaults.ts';
import type { ImageCatalog } from './images.ts';
import { JobTimeline, completedTimeline, resolveJobPlan, resolveTaskPlan } from './job-timeline.ts';
import { fileCounts, syntheticChanges } from './diff-files.ts';
import type { DiffChanges, DiffDecision, DiffFindings, DiffOptions, DiffOrigin, DiffPlan, ImageDiff, PathList } from './types.ts';

export interface ResolvedChanges {
  readonly added: PathList;
  readonly modified: PathList;
  readonly removed: PathList;
}

export interface StoredDiff extends ImageDiff {
  accountserviceid: number | null;
  machineid: number | null;
  origin: DiffOrigin;
  decision: DiffDecision;
  imageversionid: number | null;
  reinstall: boolean | null;
  retries: number;
  changes: ResolvedChanges;
  empty: boolean;
  job: JobTimeline;
  /** The reinstall job a reject with reinstall=1 started. */
  uninstall: { id: number; job: JobTimeline } | null;
}

export interface DiffStoreOptions extends DiffOptions {
  images: ImageCatalog;
  timeScale: number;
  /** When the emulator started, ms: diffs of `lockedBy` completed by then. */
  startMs: number;
}

const EMPTY_CHANGES: ResolvedChanges = Object.freeze({ added: [], modified: [], removed: [] });
const KINDS = ['added', 'modified', 'removed'] as const;

const check = checker('invalid diff plan');

function copyChanges(changes: DiffChanges): ResolvedChanges {
  check(typeof changes === 'object' && changes !== null, 'changes must be an object');
  const seen = new Set<string>();
  const copy = (kind: (typeof KINDS)[number]): readonly string[] => {
    const list = changes[kind] ?? [];
    check(Array.isArray(list), `changes.${kind} must be a list of paths`);
    for (const path of list) {
      check(typeof path === 'string' && path !== '', `changes.${kind} must hold non-empty paths`);
      // A path changes in one way only, as in a real comparison.
      check(!seen.has(path), `path ${path} is listed twice`);
      seen.add(path);
    }
    return Object.freeze([...list]);
  };
  return Object.freeze({ added: copy('added'), modified: copy('modified'), removed: copy('removed') });
}

/**
 * What a diff made from these plans (or findings) reports; later layers win, and `changes`
 * or `files` in a layer replaces the whole set.
 */
export function resolveDiffChanges(...layers: (DiffFindings | undefined)[]): ResolvedChanges {
  let empty = false;
  let found: ResolvedChanges | undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    check(layer.changes === undefined || layer.files === undefined, 'give changes or files, not both');
    if (layer.empty !== undefined) {
      check(typeof layer.empty === 'boolean', 'empty must be a boolean');
      empty = layer.empty;
    }
    // Checked even when `empty` hides them, so a bad plan fails where it is given.
    if (layer.changes !== undefined) found = copyChanges(layer.changes);
    if (layer.files !== undefined) found = syntheticChanges(fileCounts(layer.files));
  }
  return empty ? EMPTY_CHANGES : (found ?? copyChanges(DEFAULT_DIFF_CHANGES));
}

/** `diffs.findings`, checked and resolved once: diffid → what it reports. */
function resolveFindings(findings: Readonly<Record<number, DiffFindings>>, empty: ReadonlySet<number>): Map<number, ResolvedChanges> {
  if (typeof findings !== 'object' || findings === null || Array.isArray(findings)) {
    throw new TypeError('diffs.findings must map diffid to { changes, files, empty }');
  }
  const resolved = new Map<number, ResolvedChanges>();
  for (const [key, found] of Object.entries(findings)) {
    const diffid = Number(key);
    if (!isPositiveId(diffid)) throw new TypeError(`diffs.findings: ${key} is not a diffid`);
    if (empty.has(diffid)) throw new TypeError(`diffs.findings: diff ${diffid} is in emptyIds too`);
    if (typeof found !== 'object' || found === null) throw new TypeError(`diffs.findings: diff ${diffid} needs { changes, files, empty }`);
    resolved.set(diffid, resolveDiffChanges(found));
  }
  return resolved;
}

const hasNoChanges = (changes: ResolvedChanges): boolean => KINDS.every((kind) => changes[kind].length === 0);

export class DiffStore {
  readonly diffs = new Map<number, StoredDiff>();
  readonly #locks = new Map<number, number>();
  readonly #images: ImageCatalog;
  readonly #known: ReadonlySet<number> | null;
  readonly #empty: ReadonlySet<number>;
  readonly #findings: ReadonlyMap<number, ResolvedChanges>;
  /** Ids the options name for diffs made elsewhere; the emulator never hands them out. */
  readonly #reserved = new Set<number>();
  readonly #defaultPlan: DiffPlan | undefined;
  readonly #queue: DiffPlan[] = [];
  readonly #timeScale: number;
  #nextId: number;
  #nextUninstallId = EMULATOR_FIRST_UNINSTALL_JOB_ID;

  constructor(options: DiffStoreOptions) {
    this.#nextId = positiveId('diffs.firstId', options.firstId ?? EMULATOR_FIRST_DIFF_ID);
    this.#images = options.images;
    this.#timeScale = options.timeScale;
    const known = options.knownIds === undefined ? undefined : positiveIds('diffs.knownIds', options.knownIds);
    const empty = positiveIds('diffs.emptyIds', options.emptyIds ?? []);
    this.#findings = resolveFindings(options.findings ?? {}, new Set(empty));
    // A diff whose findings are given exists.
    this.#known = known === undefined ? null : new Set([...known, ...this.#findings.keys()]);
    this.#empty = new Set(empty);
    for (const id of [...(known ?? []), ...empty, ...this.#findings.keys()]) this.#reserved.add(id);
    for (const image of options.images.images) for (const id of image.diffIds ?? []) this.#reserved.add(id);
    this.#defaultPlan = options.plan;
    this.#resolve(undefined, null);
    this.queue(...(options.plans ?? []));
    this.#lockAtStart(options.lockedBy ?? {}, options.startMs);
  }

  #lockAtStart(lockedBy: Readonly<Record<number, number>>, startMs: number): void {
    if (typeof lockedBy !== 'object' || lockedBy === null) throw new TypeError('lockedBy must map imageid to diffid');
    for (const [key, diffid] of Object.entries(lockedBy)) {
      const imageid = Number(key);
      const image = this.#images.get(imageid);
      if (image === undefined) throw new TypeError(`lockedBy: no image ${key}`);
      if (!isPositiveId(diffid)) throw new TypeError(`lockedBy: diffid for image ${key} must be a positive integer`);
      if (this.diffs.has(diffid)) throw new TypeError(`lockedBy: diff ${diffid} locks two images`);
      const owner = this.#images.images.find((other) => other.diffIds?.includes(diffid));
      if (owner !== undefined && owner.imageid !== imageid) {
        throw new TypeError(`lockedBy: diff ${diffid} belongs to image ${owner.imageid}`);
      }
      this.#reserved.add(diffid);
      this.diffs.set(diffid, this.#record(diffid, imageid, 'locked', startMs));
      this.#locks.set(imageid, diffid);
    }
  }

  #resolve(plan: DiffPlan | undefined, machineid: number | null): { job: ReturnType<typeof resolveJobPlan>; changes: ResolvedChanges } {
    return {
      job: resolveTaskPlan({ durationSeconds: DEFAULT_DIFF_DURATION_SECONDS, error: defaultDiffError(machineid) }, this.#defaultPlan, plan),
      changes: resolveDiffChanges(this.#defaultPlan, plan)
    };
  }

  /** A diff as known from outside: Complete since `createdMs`, open, with the usual (or no) changes. */
  #record(diffid: number, imageid: number, origin: DiffOrigin, createdMs: number): StoredDiff {
    const changes = this.#findings.get(diffid) ?? (this.#empty.has(diffid) ? EMPTY_CHANGES : resolveDiffChanges());
    return {
      diffid,
      accountserviceid: null,
      imageid,
      machineid: null,
      origin,
      decision: 'open',
      imageversionid: null,
      reinstall: null,
      retries: 0,
      changes,
      empty: hasNoChanges(changes),
      job: completedTimeline(createdMs),
      uninstall: null
    };
  }

  queue(...plans: DiffPlan[]): void {
    for (const plan of plans) this.#resolve(plan, null);
    this.#queue.push(...plans);
  }

  /** A diff made elsewhere: any positive id unless `diffs.knownIds` lists the ones that exist. */
  isKnownElsewhere(diffid: number): boolean {
    return this.#known === null || this.#known.has(diffid);
  }

  /** The diff's record, made on first use for a known diff from elsewhere; undefined when unknown. */
  lookup(diffid: number, nowMs: number): StoredDiff | undefined {
    const stored = this.diffs.get(diffid);
    if (stored !== undefined || !this.isKnownElsewhere(diffid)) return stored;
    const diff = this.#record(diffid, this.#images.forDiff(diffid).imageid, 'elsewhere', nowMs);
    this.diffs.set(diffid, diff);
    return diff;
  }

  /** The image a version from this diff installs on. */
  imageOf(diffid: number): number {
    return this.diffs.get(diffid)?.imageid ?? this.#images.forDiff(diffid).imageid;
  }

  /** Whether the diff has no changes (a version from it needs full=1). */
  isEmpty(diffid: number): boolean {
    return this.diffs.get(diffid)?.empty ?? this.#empty.has(diffid);
  }

  lockOf(imageid: number): number | null {
    return this.#locks.get(imageid) ?? null;
  }

  #takeId(): number {
    while (this.diffs.has(this.#nextId) || this.#reserved.has(this.#nextId)) this.#nextId += 1;
    return this.#nextId++;
  }

  #start(diff: StoredDiff, machineid: number, nowMs: number): void {
    // A retried diff from elsewhere is analysed afresh: its plan, not diffs.emptyIds, decides.
    const { job, changes } = this.#resolve(this.#queue.shift(), machineid);
    diff.machineid = machineid;
    diff.changes = changes;
    diff.empty = hasNoChanges(changes);
    diff.job = new JobTimeline(job, { createdMs: nowMs, timeScale: this.#timeScale });
    this.#locks.set(diff.imageid, diff.diffid);
  }

  /** A new diff; the caller has checked the image, the machine and the lock. */
  create(input: { accountserviceid: number; imageid: number; machineid: number }, nowMs: number): StoredDiff {
    const diff: StoredDiff = {
      ...this.#record(this.#takeId(), input.imageid, 'created', nowMs),
      accountserviceid: input.accountserviceid
    };
    this.#start(diff, input.machineid, nowMs);
    this.diffs.set(diff.diffid, diff);
    return diff;
  }

  /** Runs a finished, open diff again (imagediff/create with its diffid); it then locks its image. */
  retry(diff: StoredDiff, input: { accountserviceid: number; machineid: number }, nowMs: number): void {
    diff.origin = 'created';
    diff.accountserviceid = input.accountserviceid;
    diff.retries += 1;
    this.#start(diff, input.machineid, nowMs);
  }

  #unlock(diff: StoredDiff): void {
    if (this.#locks.get(diff.imageid) === diff.diffid) this.#locks.delete(diff.imageid);
  }

  accept(diff: StoredDiff, imageversionid: number): void {
    diff.decision = 'accepted';
    diff.imageversionid = imageversionid;
    this.#unlock(diff);
  }

  reject(diff: StoredDiff, reinstall: boolean, nowMs: number): void {
    diff.decision = 'rejected';
    diff.reinstall = reinstall;
    if (reinstall) {
      const plan = resolveJobPlan({ durationSeconds: DEFAULT_UNINSTALL_DURATION_SECONDS });
      diff.uninstall = { id: this.#nextUninstallId++, job: new JobTimeline(plan, { createdMs: nowMs, timeScale: this.#timeScale }) };
    }
    this.#unlock(diff);
  }
}
