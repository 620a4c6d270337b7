/**
 * GET /cfp/v1/imageinstall/status: the account's incomplete install jobs. The docs'
 * example answer is `{"installs": [{jobid, job fields…, mirroring, restart, location,
 * machine, imagepath, install_at, mirror, target_imageversionid}]}`. Read liberally:
 * `installs` may also be a map keyed by job id; numbers may be numeric strings; any
 * field may be absent. The example row names no image: an image id is read when a row
 * has one (`imageid`, `image_id`, or an `image` id or object), else it is undefined and
 * callers must not assume the row belongs to their image.
 *
 * On a large fleet the answer has a row per machine: rows are read as they stream
 * (list-reading.ts) and folded into groups by target version and image, which is all
 * the action asks of them (the newest version listed, the versions newer than one seen
 * before, how many installs of a version are still listed).
 */
import { AnswerRefused, INSTALLS_LIMIT, type ListReading } from './list-reading.ts';
import { isObject } from '../../unknown-shape.ts';
import { firstOf, toId, toNumber, type WireObject } from './liberal-values.ts';

/** Install rows of one target version and image. */
export interface InstallGroup {
  /** The version the installs put on the machines; undefined: the rows do not say. */
  targetImageVersionId: number | undefined;
  /** undefined: the rows do not say which image. */
  imageId: number | undefined;
  /** How many rows. */
  count: number;
  /** The newest `jobcreated` of the rows (unix seconds), and whether any row had none. */
  newestCreated: number | undefined;
  anyUndated: boolean;
}

export interface Installs {
  /** False when the answer has no `installs` list or map: the rows are unknown, not zero. */
  listed: boolean;
  /** Rows read (objects). */
  rows: number;
  groups: InstallGroup[];
  /** Entries that were not objects, dropped. */
  skipped: number;
}

/** More distinct (version, image) pairs than this among incomplete installs is not an answer to trust. */
export const MAX_INSTALL_GROUPS = 10_000;

function imageIdOf(row: WireObject): number | undefined {
  const direct = toId(firstOf(row, ['imageid', 'image_id']));
  if (direct !== undefined) return direct;
  const image = row['image'];
  if (isObject(image)) return toId(firstOf(image, ['imageid', 'image_id', 'id']));
  return toId(image);
}

/** Folds rows into groups as they come. */
export class InstallFold {
  readonly #groups = new Map<string, InstallGroup>();
  rows = 0;
  skipped = 0;

  add(row: unknown): void {
    if (!isObject(row)) {
      this.skipped++;
      return;
    }
    this.rows++;
    const targetImageVersionId = toId(firstOf(row, ['target_imageversionid', 'imageversionid', 'target_image_version_id']));
    const imageId = imageIdOf(row);
    const key = `${targetImageVersionId ?? ''}:${imageId ?? ''}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      if (this.#groups.size >= MAX_INSTALL_GROUPS) {
        throw new AnswerRefused(`it lists more than ${MAX_INSTALL_GROUPS} different versions being installed`);
      }
      group = { targetImageVersionId, imageId, count: 0, newestCreated: undefined, anyUndated: false };
      this.#groups.set(key, group);
    }
    group.count++;
    const created = toNumber(row['jobcreated']);
    if (created === undefined) group.anyUndated = true;
    else group.newestCreated = Math.max(group.newestCreated ?? created, created);
  }

  get groups(): InstallGroup[] {
    return [...this.#groups.values()];
  }
}

/** An imageinstall/status answer, its rows folded as they stream. */
export const INSTALLS: ListReading<Installs> = {
  limit: INSTALLS_LIMIT,
  start() {
    const fold = new InstallFold();
    return {
      members: { installs: (_key, row) => fold.add(row) },
      finish(body, streamed) {
        if (streamed['installs'] !== undefined) return { listed: true, rows: fold.rows, groups: fold.groups, skipped: fold.skipped };
        // Some services answer an empty collection as null or leave it out; null is read as empty, absence as unknown.
        const listed = 'installs' in body && body['installs'] === null;
        return { listed, rows: 0, groups: [], skipped: 0 };
      }
    };
  }
};

/** The highest target version listed, of any image; undefined when none is. */
export function highestVersion(installs: Installs): number | undefined {
  const ids = installs.groups.flatMap((g) => (g.targetImageVersionId !== undefined ? [g.targetImageVersionId] : []));
  return ids.length > 0 ? Math.max(...ids) : undefined;
}

/** How many installs of this version are listed. */
export function installsOf(installs: Installs, imageVersionId: number): number {
  return installs.groups.filter((g) => g.targetImageVersionId === imageVersionId).reduce((sum, g) => sum + g.count, 0);
}
