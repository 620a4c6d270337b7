/**
 * GET /cfp/v1/imageinstall/status: the account's incomplete install jobs. The docs'
 * example answer is `{"installs": [{jobid, job fields…, mirroring, restart, location,
 * machine, imagepath, install_at, mirror, target_imageversionid}]}`. Read liberally:
 * `installs` may also be a map keyed by job id; numbers may be numeric strings; any
 * field may be absent. The example row names no image: an image id is read when a row
 * has one (`imageid`, `image_id`, or an `image` id or object), else it is undefined and
 * callers must not assume the row belongs to their image.
 */
import { firstOf, isObject, toFlag, toId, toNumber, toText, type WireObject } from './values.ts';

export interface InstallRow {
  jobId: number | undefined;
  /** The version the install puts on the machine. */
  targetImageVersionId: number | undefined;
  /** undefined: the row does not say which image. */
  imageId: number | undefined;
  /** Unix seconds; undefined when absent or 0 (not scheduled). */
  installAt: number | undefined;
  restart: boolean | undefined;
  mirroring: boolean | undefined;
  machineId: number | undefined;
  machineName: string | undefined;
  stateId: number | undefined;
  stateName: string | undefined;
  /** Unix seconds. */
  created: number | undefined;
}

export interface Installs {
  /** False when the answer has no `installs` list or map: the rows are unknown, not zero. */
  listed: boolean;
  rows: InstallRow[];
  /** Entries that were not objects, dropped. */
  skipped: number;
}

function imageIdOf(row: WireObject): number | undefined {
  const direct = toId(firstOf(row, ['imageid', 'image_id']));
  if (direct !== undefined) return direct;
  const image = row['image'];
  if (isObject(image)) return toId(firstOf(image, ['imageid', 'image_id', 'id']));
  return toId(image);
}

function machineOf(row: WireObject): { machineId: number | undefined; machineName: string | undefined } {
  const machine = firstOf(row, ['machine', 'machineid', 'machine_id']);
  if (isObject(machine)) {
    return {
      machineId: toId(firstOf(machine, ['machineid', 'machine_id', 'id'])),
      machineName: toText(firstOf(machine, ['name', 'machinename', 'machine_name']))
    };
  }
  const id = toId(machine);
  if (id !== undefined) return { machineId: id, machineName: undefined };
  return { machineId: toId(row['machineid']), machineName: typeof machine === 'string' && machine !== '' ? machine : undefined };
}

export function parseInstallRow(row: WireObject, key?: string): InstallRow {
  const installAt = toNumber(row['install_at']);
  return {
    jobId: toId(firstOf(row, ['jobid', 'job_id'])) ?? (key !== undefined ? toId(key) : undefined),
    targetImageVersionId: toId(firstOf(row, ['target_imageversionid', 'imageversionid', 'target_image_version_id'])),
    imageId: imageIdOf(row),
    installAt: installAt !== undefined && installAt > 0 ? installAt : undefined,
    restart: toFlag(row['restart']),
    mirroring: toFlag(row['mirroring']),
    ...machineOf(row),
    stateId: toNumber(row['jobstateid']),
    stateName: toText(row['jobstatename']),
    created: toNumber(row['jobcreated'])
  };
}

export function parseInstalls(body: WireObject): Installs {
  const list = body['installs'];
  if (Array.isArray(list)) {
    const rows = list.filter(isObject).map((row) => parseInstallRow(row));
    return { listed: true, rows, skipped: list.length - rows.length };
  }
  if (isObject(list)) {
    const entries = Object.entries(list);
    const rows = entries.filter((e): e is [string, WireObject] => isObject(e[1])).map(([key, row]) => parseInstallRow(row, key));
    return { listed: true, rows, skipped: entries.length - rows.length };
  }
  // Some services answer an empty collection as null or leave it out; null is read as empty, absence as unknown.
  if (list === null) return { listed: true, rows: [], skipped: 0 };
  return { listed: false, rows: [], skipped: 0 };
}
