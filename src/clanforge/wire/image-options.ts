/**
 * GET /cfp/v1/image/options?accountserviceid&gameid&imageid: what locks the image.
 * Clanforge's docs list the optional top-level fields `diffid` ("ID of the diff which the
 * provided image ID is locked by") and `updateid` (the same for an update), beside
 * `update_url`, `games[]`, `images[]` and `machines[]`; the example answer starts
 * `{"diffid": …, "updateid": …, "update_url": …, "games": …}`. The docs require gameid
 * whenever imageid is sent.
 *
 * Accepted shapes:
 * - top-level `diffid` / `updateid` (documented), as numbers or numeric strings;
 * - the same fields on the `images[]` entry (a list, or a map keyed by id) whose
 *   `imageid` is the image asked about, for answers that report locks per image;
 * - 0, "0", "", null, false or an absent field: not locked by that kind.
 * An answer with none of diffid, updateid, games or images is not read as "not
 * locked": its lock state is unknown.
 *
 * `update_url` (the image's default build URL) may embed storage keys: it is never kept
 * as text, only whether one is set.
 */
import { isObject, toId, type WireObject } from './values.ts';

export interface ImageLock {
  /** The diff that locks the image; undefined: no diff locks it. */
  diffId: number | undefined;
  /** The update that locks the image; undefined: no update locks it. */
  updateId: number | undefined;
}

export interface ImageOptions {
  /** undefined: the answer does not say what locks the image. */
  lock: ImageLock | undefined;
  /** Whether the image has a default update URL; undefined when the answer does not say. */
  hasDefaultUpdateUrl: boolean | undefined;
}

function hasField(body: WireObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(body, name);
}

function lockIn(body: WireObject): ImageLock | undefined {
  if (!hasField(body, 'diffid') && !hasField(body, 'updateid')) return undefined;
  return { diffId: toId(body['diffid']), updateId: toId(body['updateid']) };
}

function imageEntries(images: unknown): WireObject[] {
  if (Array.isArray(images)) return images.filter(isObject);
  if (isObject(images)) {
    return Object.entries(images)
      .filter((e): e is [string, WireObject] => isObject(e[1]))
      .map(([key, image]) => ({ imageid: key, ...image }));
  }
  return [];
}

export function parseImageOptions(body: WireObject, imageId: number | undefined): ImageOptions {
  const top = lockIn(body);
  const entry = imageId === undefined ? undefined : imageEntries(body['images']).find((image) => toId(image['imageid']) === imageId);
  const perImage = entry ? lockIn(entry) : undefined;
  let lock: ImageLock | undefined;
  if (top || perImage) {
    // Either place may name the lock: a lock named anywhere counts.
    lock = { diffId: top?.diffId ?? perImage?.diffId, updateId: top?.updateId ?? perImage?.updateId };
  } else if (Array.isArray(body['games']) || body['images'] !== undefined) {
    // A documented answer without the optional lock fields: nothing locks the image.
    lock = { diffId: undefined, updateId: undefined };
  }
  const url = hasField(body, 'update_url') ? body['update_url'] : entry?.['update_url'];
  const hasDefaultUpdateUrl = typeof url === 'string' ? url !== '' : url === null ? false : undefined;
  return { lock, hasDefaultUpdateUrl };
}

/**
 * The lock a Clanforge error message names: "image locked by diffid: 218595", "locked by updateid: 77".
 * The one reading of it: the client runs it once per failed answer and carries the ids on its error.
 */
export function lockFromMessage(message: string): ImageLock | undefined {
  const diff = /locked by diff\s*id:?\s*(\d+)/i.exec(message)?.[1];
  const update = /locked by update\s*id:?\s*(\d+)/i.exec(message)?.[1];
  const diffId = toId(diff);
  const updateId = toId(update);
  return diffId === undefined && updateId === undefined ? undefined : { diffId, updateId };
}

export function describeLock(lock: ImageLock | undefined): string {
  if (lock === undefined) return 'the answer does not say what locks the image';
  const parts = [
    lock.diffId !== undefined ? `diff ${lock.diffId}` : '',
    lock.updateId !== undefined ? `update ${lock.updateId}` : ''
  ].filter(Boolean);
  return parts.length === 0 ? 'not locked' : `locked by ${parts.join(' and ')}`;
}
