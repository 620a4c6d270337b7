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
import { AnswerRefused, IMAGE_OPTIONS_LIMIT, type ListReading } from './list-reading.ts';
import { isObject } from '../../unknown-shape.ts';
import { toId, toText, type WireObject } from './liberal-values.ts';

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

/** More entries than this in one list (games, images, machines) is not an answer to keep. */
export const MAX_OPTION_ENTRIES = 200_000;
/** Names are kept to this many characters. */
const MAX_NAME_CHARS = 200;

function hasField(body: WireObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(body, name);
}

function lockIn(body: WireObject): ImageLock | undefined {
  if (!hasField(body, 'diffid') && !hasField(body, 'updateid')) return undefined;
  return { diffId: toId(body['diffid']), updateId: toId(body['updateid']) };
}

/** A list member as an entry: a map's key stands in for a missing id field. */
function entryOf(key: string | number, value: unknown, idField: string): WireObject | undefined {
  if (!isObject(value)) return undefined;
  return typeof key === 'string' && value[idField] === undefined && value['id'] === undefined ? { [idField]: key, ...value } : value;
}

function namedOf(entry: WireObject, idField: string): Named | undefined {
  const id = toId(entry[idField] ?? entry['id']);
  const name = toText(entry['name']);
  return id === undefined ? undefined : { id, name: name === undefined ? undefined : name.slice(0, MAX_NAME_CHARS) };
}

/**
 * An image/options answer, its lists read as they stream. imageId: the image asked about
 * (the pair's), whose lock the answer names; undefined with neither parameter.
 */
export function imageOptionsReading(imageId: number | undefined): ListReading<ImageOptions> {
  return {
    limit: IMAGE_OPTIONS_LIMIT,
    start() {
      const lists = { games: [] as Named[], images: [] as Named[], machines: [] as Named[] };
      let entry: WireObject | undefined;
      const sink = (list: Named[], idField: string, what: string) => (key: string | number, value: unknown) => {
        const item = entryOf(key, value, idField);
        if (item === undefined) return;
        const named = namedOf(item, idField);
        if (named === undefined) return;
        if (list.length >= MAX_OPTION_ENTRIES) throw new AnswerRefused(`it lists more than ${MAX_OPTION_ENTRIES} ${what}`);
        list.push(named);
        if (what === 'images' && named.id === imageId) entry = item;
      };
      return {
        members: {
          games: sink(lists.games, 'gameid', 'games'),
          images: sink(lists.images, 'imageid', 'images'),
          machines: sink(lists.machines, 'machineid', 'machines')
        },
        finish(body) {
          return { lock: imageId === undefined ? undefined : lockOf(lockIn(body), entry), ...lists };
        }
      };
    }
  };
}

/**
 * The lock on the image asked about: named at the top (documented) or on its images[]
 * entry; not locked when the answer lists the image and names none (the fields are
 * optional); unknown when the answer does not list it (another game's pair).
 */
function lockOf(top: ImageLock | undefined, entry: WireObject | undefined): ImageLock | undefined {
  const perImage = entry ? lockIn(entry) : undefined;
  // Either place may name the lock: a lock named anywhere counts.
  if (top || perImage) return { diffId: top?.diffId ?? perImage?.diffId, updateId: top?.updateId ?? perImage?.updateId };
  return entry !== undefined ? { diffId: undefined, updateId: undefined } : undefined;
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
