/**
 * What an image difference analysis answers with diff_info=1: `added`, `modified` and
 * `removed` are maps of path → file object (all empty: no changes), accepted as lists too
 * (of paths, or of objects carrying a path), since the API documents the fields only
 * loosely; and the documented `game`, `image` and `machine` objects ("information about
 * game used"), read for their ids.
 */
import { isObject, toId } from './values.ts';

export interface DiffChanges {
  added: string[];
  modified: string[];
  removed: string[];
}

/** The diff_info part of a diff status answer. */
export interface DiffInfo {
  /** undefined when the answer did not list the changes. */
  changes: DiffChanges | undefined;
  /** The image the diff belongs to (`image.imageid`, or a top-level `imageid`), when named. */
  imageId: number | undefined;
  /** The game of that image (`game.gameid`), when named: image/options takes it with the image id. */
  gameId: number | undefined;
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (typeof item === 'string') return item;
        if (isObject(item)) {
          const p = item['path'] ?? item['name'] ?? item['file'];
          return typeof p === 'string' ? p : undefined;
        }
        return undefined;
      })
      .filter((p): p is string => p !== undefined);
  }
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [];
}

/** undefined when the answer carries none of the three fields (diff_info not given). */
export function parseChanges(body: Record<string, unknown>): DiffChanges | undefined {
  if (!('added' in body) && !('modified' in body) && !('removed' in body)) return undefined;
  return { added: paths(body['added']), modified: paths(body['modified']), removed: paths(body['removed']) };
}

/** The id inside a documented object (`game: { gameid }`), or given flat beside it. */
function idOf(body: Record<string, unknown>, object: string, field: string): number | undefined {
  const inner = body[object];
  return (isObject(inner) ? toId(inner[field] ?? inner['id']) : undefined) ?? toId(body[field]);
}

export function parseDiffInfo(body: Record<string, unknown>): DiffInfo {
  return { changes: parseChanges(body), imageId: idOf(body, 'image', 'imageid'), gameId: idOf(body, 'game', 'gameid') };
}

export function isEmpty(changes: DiffChanges): boolean {
  return changes.added.length + changes.modified.length + changes.removed.length === 0;
}

/** `+ added`, `~ modified`, `- removed`: one line per changed path. */
export function changedPaths(changes: DiffChanges): string[] {
  return [...changes.added.map((p) => `+ ${p}`), ...changes.modified.map((p) => `~ ${p}`), ...changes.removed.map((p) => `- ${p}`)];
}

export function describeChanges(changes: DiffChanges): string {
  return `${changes.added.length} added, ${changes.modified.length} modified, ${changes.removed.length} removed`;
}
