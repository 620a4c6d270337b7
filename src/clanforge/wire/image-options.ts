/**
 * GET /cfp/v1/image/options?accountserviceid[&gameid=G&imageid=I]: gameid and imageid are
 * given together or both left out (Clanforge: "If <imageid> is provided, <gameid> must
 * also be provided, and vice versa"). The answer lists `games[]` ({gameid, name}),
 * `images[]` ({imageid, name, gameversionid}: no gameid; with the pair, the images of that
 * game) and `machines[]` ({machineid, name}; with the pair, the machines that have the
 * image installed). With the pair it also names what locks the image: the optional
 * top-level `diffid` ("ID of the diff which the provided image ID is locked by") and
 * `updateid`, beside `update_url`.
 *
 * Accepted shapes:
 * - top-level `diffid` / `updateid` (documented), as numbers or numeric strings;
 * - the same fields on the `images[]` entry (a list, or a map keyed by id) whose
 *   `imageid` is the image asked about, for answers that report locks per image;
 * - 0, "0", "", null, false or an absent field: not locked by that kind, when the
 *   answer lists the image; an answer that does not list it (another game's pair, or no
 *   images at all) leaves its lock state unknown. `update_url` (it may embed storage keys) is never kept.
 */
import { isObject, toId, toText, type WireObject } from './values.ts';

export interface ImageLock {
  /** The diff that locks the image; undefined: no diff locks it. */
  diffId: number | undefined;
  /** The update that locks the image; undefined: no update locks it. */
  updateId: number | undefined;
}

export interface Named {
  id: number;
  name: string | undefined;
}

export interface ImageOptions {
  /** What locks the image asked about; undefined: the answer does not say (or no image was asked about). */
  lock: ImageLock | undefined;
  games: Named[];
  images: Named[];
  machines: Named[];
}

function hasField(body: WireObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(body, name);
}

function lockIn(body: WireObject): ImageLock | undefined {
  if (!hasField(body, 'diffid') && !hasField(body, 'updateid')) return undefined;
  return { diffId: toId(body['diffid']), updateId: toId(body['updateid']) };
}

/** The entries of a list, or of a map keyed by id (the key stands in for a missing id field). */
function entries(value: unknown, idField: string): WireObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  if (isObject(value)) {
    return Object.entries(value)
      .filter((e): e is [string, WireObject] => isObject(e[1]))
      .map(([key, entry]) => ({ [idField]: key, ...entry }));
  }
  return [];
}

/** Entries with a usable id, named as the answer names them. */
function named(value: unknown, idField: string): Named[] {
  return entries(value, idField).flatMap((entry) => {
    const id = toId(entry[idField] ?? entry['id']);
    return id === undefined ? [] : [{ id, name: toText(entry['name']) }];
  });
}

/** imageId: the image asked about (the pair's), whose lock the answer names. */
export function parseImageOptions(body: WireObject, imageId: number | undefined): ImageOptions {
  const images = named(body['images'], 'imageid');
  const result = { games: named(body['games'], 'gameid'), images, machines: named(body['machines'], 'machineid') };
  if (imageId === undefined) return { lock: undefined, ...result };
  const top = lockIn(body);
  const entry = entries(body['images'], 'imageid').find((image) => toId(image['imageid'] ?? image['id']) === imageId);
  const perImage = entry ? lockIn(entry) : undefined;
  let lock: ImageLock | undefined;
  if (top || perImage) {
    // Either place may name the lock: a lock named anywhere counts.
    lock = { diffId: top?.diffId ?? perImage?.diffId, updateId: top?.updateId ?? perImage?.updateId };
  } else if (entry !== undefined) {
    // The answer lists the image and names no lock (the fields are optional): nothing locks it.
    // An answer that does not list it (the pair of another game) says nothing about it.
    lock = { diffId: undefined, updateId: undefined };
  }
  return { lock, ...result };
}

/** Whether the answer lists the image: with a game's pair, it lists that game's images only. */
export function listsImage(options: ImageOptions, imageId: number): boolean {
  return options.images.some((image) => image.id === imageId);
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
