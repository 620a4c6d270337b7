/**
 * The image's rollout across fleets and regions (GET /cfp/v2/project/{asid}/image/{id}/status):
 * after a version's job completes, machines install it over the next minutes. Parsed
 * liberally: `fleets` and `regions` arrive as maps keyed by id (the public example)
 * or as lists (the docs' wording).
 */
import { AnswerRefused, ROLLOUT_LIMIT, type ListReading } from './list-reading.ts';
import { isObject } from '../../unknown-shape.ts';
import { toNumber, type WireObject as Obj } from './liberal-values.ts';

export interface Counts {
  pending: number;
  failed: number;
  completed: number;
}

export interface RegionStatus extends Counts {
  id: string;
  name: string | undefined;
}

export interface FleetStatus extends Counts {
  id: string;
  name: string | undefined;
  regions: RegionStatus[];
}

export interface Rollout extends Counts {
  fleets: FleetStatus[];
}

export type RolloutResult = 'complete' | 'failed' | 'timeout';

function counts(body: Obj): Counts {
  return {
    pending: toNumber(body['pending_machines']) ?? 0,
    failed: toNumber(body['failed_machines']) ?? 0,
    completed: toNumber(body['completed_machines']) ?? 0
  };
}

/** Entries of a map keyed by id, or of a list whose items carry the id under idKey. */
function entries(value: unknown, idKey: string): [string, Obj][] {
  if (Array.isArray(value)) {
    return value.filter(isObject).map((item, i) => [String(item[idKey] ?? item['id'] ?? i + 1), item]);
  }
  if (isObject(value)) return Object.entries(value).filter((e): e is [string, Obj] => isObject(e[1]));
  return [];
}

function nameOf(body: Obj): string | undefined {
  const name = body['name'] ?? body['fleet_name'] ?? body['region_name'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** More fleets than this in one image's view is not an answer to keep. */
export const MAX_FLEETS = 10_000;

function fleetOf(id: string, fleet: Obj): FleetStatus {
  return {
    id,
    name: nameOf(fleet),
    ...counts(fleet),
    regions: entries(fleet['regions'], 'regionid').map(([regionId, region]) => ({ id: regionId, name: nameOf(region), ...counts(region) }))
  };
}

/** The v2 rollout view with detail=true, its fleets read as they stream (each fleet with its regions). */
export const ROLLOUT: ListReading<Rollout> = {
  limit: ROLLOUT_LIMIT,
  start() {
    const fleets: FleetStatus[] = [];
    return {
      members: {
        fleets: (key, value) => {
          if (!isObject(value)) return;
          if (fleets.length >= MAX_FLEETS) throw new AnswerRefused(`it lists more than ${MAX_FLEETS} fleets`);
          const id = typeof key === 'string' ? key : String(value['fleetid'] ?? value['id'] ?? key + 1);
          fleets.push(fleetOf(id, value));
        }
      },
      finish: (body) => ({ ...counts(body), fleets })
    };
  }
};

export function total(c: Counts): number {
  return c.pending + c.failed + c.completed;
}

/** Finished when nothing is pending, or failed as soon as more machines failed than allowed. */
export function rolloutDone(r: Rollout, maxFailed: number): RolloutResult | undefined {
  if (r.failed > maxFailed) return 'failed';
  return r.pending === 0 ? 'complete' : undefined;
}

export function sameCounts(a: Counts, b: Counts): boolean {
  return a.pending === b.pending && a.failed === b.failed && a.completed === b.completed;
}
