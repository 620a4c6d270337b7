/**
 * What an image difference analysis found: `added`, `modified` and `removed` are maps
 * of path → file object (all empty: no changes). Accepted as lists too, of paths or of
 * objects carrying a path, since the API documents the fields only loosely.
 */
import { isObject } from './values.ts';

export interface DiffChanges {
  added: string[];
  modified: string[];
  removed: string[];
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
