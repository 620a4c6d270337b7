/**
 * What an image difference analysis answers with diff_info=1: `added`, `modified` and
 * `removed` are maps of path → file object (all empty: no changes), accepted as lists too
 * (of paths, or of objects carrying a path), since the API documents the fields only
 * loosely; and the documented `game`, `image` and `machine` objects ("information about
 * game used"), read for their ids.
 *
 * A first diff of a loose-file game server lists up to 100 000 files: the lists are read
 * as they stream (list-reading.ts), counted, and only their first MAX_LISTED_PATHS paths
 * are kept, which is all the log and the summary show.
 */
import { parseJob, type Job } from './job.ts';
import { DIFF_STATUS_LIMIT, type ListReading } from './list-reading.ts';
import { isObject } from '../../unknown-shape.ts';
import { toId, type WireObject } from './liberal-values.ts';

/** The log and the summary list at most this many changed paths. */
export const MAX_LISTED_PATHS = 50;

/** Paths of one kind of change: how many, and the first of them. */
export interface ChangeList {
  count: number;
  /** The first MAX_LISTED_PATHS paths, in the answer's order. */
  first: string[];
}

export interface DiffChanges {
  added: ChangeList;
  modified: ChangeList;
  removed: ChangeList;
}

/** A diff status answer with diff_info: the job, and what the diff is about and changed. */
export interface DiffStatus {
  job: Job;
  /** undefined when the answer did not list the changes. */
  changes: DiffChanges | undefined;
  /** The image the diff belongs to (`image.imageid`, or a top-level `imageid`), when named. */
  imageId: number | undefined;
  /** The game of that image (`game.gameid`), when named: image/options takes it with the image id. */
  gameId: number | undefined;
}

const KINDS = ['added', 'modified', 'removed'] as const;

/** The path a member stands for: a map's key, or a list item that is a path or carries one. */
function pathOf(key: string | number, value: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const p = value['path'] ?? value['name'] ?? value['file'];
    return typeof p === 'string' ? p : undefined;
  }
  return undefined;
}

/** The id inside a documented object (`game: { gameid }`), or given flat beside it. */
function idOf(body: WireObject, object: string, field: string): number | undefined {
  const inner = body[object];
  return (isObject(inner) ? toId(inner[field] ?? inner['id']) : undefined) ?? toId(body[field]);
}

/** An imagediff/{id}/status answer (with diff_info=1), its file lists counted as they stream. */
export const DIFF_STATUS: ListReading<DiffStatus> = {
  limit: DIFF_STATUS_LIMIT,
  start() {
    const lists: DiffChanges = { added: { count: 0, first: [] }, modified: { count: 0, first: [] }, removed: { count: 0, first: [] } };
    const sink = (list: ChangeList) => (key: string | number, value: unknown) => {
      const path = pathOf(key, value);
      if (path === undefined) return;
      list.count++;
      if (list.first.length < MAX_LISTED_PATHS) list.first.push(path);
    };
    return {
      members: { added: sink(lists.added), modified: sink(lists.modified), removed: sink(lists.removed) },
      finish(body, streamed) {
        // A list field present as null (or another non-list) counts as present and empty.
        const listed = KINDS.some((kind) => kind in streamed || kind in body);
        return {
          job: parseJob(body),
          changes: listed ? lists : undefined,
          imageId: idOf(body, 'image', 'imageid'),
          gameId: idOf(body, 'game', 'gameid')
        };
      }
    };
  }
};

export function totalChanged(changes: DiffChanges): number {
  return changes.added.count + changes.modified.count + changes.removed.count;
}

export function isEmpty(changes: DiffChanges): boolean {
  return totalChanged(changes) === 0;
}

/**
 * What the log and the summary list: `+ added`, `~ modified`, `- removed`, one line per
 * path, the first MAX_LISTED_PATHS of them, and how many more there are.
 */
export function listedChanges(changes: DiffChanges): { lines: string[]; more: number } {
  const lines = [
    ...changes.added.first.map((p) => `+ ${p}`),
    ...changes.modified.first.map((p) => `~ ${p}`),
    ...changes.removed.first.map((p) => `- ${p}`)
  ].slice(0, MAX_LISTED_PATHS);
  return { lines, more: totalChanged(changes) - lines.length };
}
