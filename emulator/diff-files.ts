// Diff files: synthetic ones (DiffFindings.files), as many deterministic, realistic paths
// as a test asks for, made from their index when they are read, so a diff of 100 000 files
// (a diff_info answer of about 12 MB) holds nothing but three counts; and the size and
// checksum diff_info gives every file, fast enough to write 100 000 of them in a blink.
import { checker, isCount } from './checks.ts';
import type { DiffFiles, PathList } from './types.ts';

export interface FileCounts {
  added: number;
  modified: number;
  removed: number;
}

const check = checker('invalid diff plan');

/** Where the files of a game server build live, and the extension of each folder's files. */
const FOLDERS: readonly (readonly [string, string])[] = [
  ['Server/Content/Paks', 'pak'],
  ['Server/Content/Maps/Harbor/Streaming', 'umap'],
  ['Server/Content/Characters/Heroes/Meshes', 'uasset'],
  ['Server/Content/Audio/Voice/English', 'ubulk'],
  ['Server/Content/Maps/Arena/Lighting', 'umap'],
  ['Server/Content/Blueprints/AI/Behaviour', 'uasset'],
  ['Server/Content/Textures/Environment/Rocks', 'uexp'],
  ['Server/Binaries/Linux/Plugins', 'so']
];

/** Files are grouped a thousand to a folder, as big asset trees are. */
const FILES_PER_FOLDER = 1000;

/** A total split as documented: a quarter added, a quarter removed, the rest modified. */
export function fileCounts(files: DiffFiles): FileCounts {
  if (typeof files === 'number') {
    check(isCount(files), 'files must be an integer >= 0 or { added, modified, removed } counts');
    const quarter = Math.floor(files / 4);
    return { added: quarter, modified: files - 2 * quarter, removed: quarter };
  }
  check(typeof files === 'object' && files !== null && !Array.isArray(files), 'files must be a count or { added, modified, removed }');
  const counts = { added: files.added ?? 0, modified: files.modified ?? 0, removed: files.removed ?? 0 };
  for (const [kind, count] of Object.entries(counts)) check(isCount(count), `files.${kind} must be an integer >= 0`);
  for (const kind of Object.keys(files)) check(kind in counts, `files.${kind} is not added, modified or removed`);
  return counts;
}

/** The path of the `index`-th synthetic file, its number padded to `width` digits. */
export function syntheticPath(index: number, width: number): string {
  const [folder, extension] = FOLDERS[index % FOLDERS.length] ?? ['Server/Content', 'pak'];
  const group = String(Math.floor(index / FILES_PER_FOLDER)).padStart(3, '0');
  return `${folder}/Group_${group}/file_${String(index).padStart(width, '0')}.${extension}`;
}

/** Files `from` .. `from + length - 1`, made on demand. */
class SyntheticPaths implements PathList {
  readonly length: number;
  readonly #from: number;
  readonly #width: number;

  constructor(from: number, length: number, width: number) {
    this.#from = from;
    this.length = length;
    this.#width = width;
  }

  at(index: number): string | undefined {
    const i = Math.trunc(index) < 0 ? Math.trunc(index) + this.length : Math.trunc(index);
    return i >= 0 && i < this.length ? syntheticPath(this.#from + i, this.#width) : undefined;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i += 1) yield syntheticPath(this.#from + i, this.#width);
  }
}

/** The three lists: added files first, then modified, then removed, numbered on from 0 so no path repeats. */
export function syntheticChanges(counts: FileCounts): { added: PathList; modified: PathList; removed: PathList } {
  const total = counts.added + counts.modified + counts.removed;
  const width = Math.max(6, String(Math.max(total - 1, 0)).length);
  return {
    added: new SyntheticPaths(0, counts.added, width),
    modified: new SyntheticPaths(counts.added, counts.modified, width),
    removed: new SyntheticPaths(counts.added + counts.modified, counts.removed, width)
  };
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex32 = (x: number): string => `${HEX[x >>> 24]}${HEX[(x >>> 16) & 255]}${HEX[(x >>> 8) & 255]}${HEX[x & 255]}`;

/**
 * The low 32 bits of a × b. Math.imul would do, but a call to it from code that runs in
 * another realm (Jest's vm contexts) is not inlined and costs about 100 times as much.
 */
function mul32(a: number, b: number): number {
  const low = (a & 0xffff) * b;
  const high = ((((a >>> 16) & 0xffff) * b) & 0xffff) << 16;
  return (low + high) | 0;
}

/** Two 32-bit FNV-1a-style hashes of the text's UTF-16 code units in one pass, from `seed`. */
function hash64(text: string, seed: number): [number, number] {
  let h = 0x811c9dc5 ^ seed;
  let g = 0x050c5d1f ^ mul32(seed, 0x9e3779b1);
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    h = mul32(h ^ unit, 0x01000193);
    g = (mul32(g ^ unit, 0x01000193) + 0x7f4a7c15) | 0;
  }
  return [h >>> 0, g >>> 0];
}

/** A 32-bit finaliser (lowbias32) that spreads every input bit over the output. */
function mix32(value: number): number {
  let x = value;
  x = mul32(x ^ (x >>> 16), 0x7feb352d);
  x = mul32(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A file as diff_info describes it: a size (512 B to 64 MB) and a 32-hex-digit checksum in
 * the md5 field, derived from the diff and the path so answers repeat exactly. Not an md5 of
 * anything (the emulator has no file contents): a cheap hash, so a diff of 100 000 files is
 * written in a fraction of a second.
 */
export function fileInfo(diffid: number, path: string): { size: number; md5: string } {
  const [h, g] = hash64(path, diffid);
  const a = mix32(h);
  const b = mix32(g ^ a);
  const c = mix32(a ^ 0x9e3779b9);
  const d = mix32(b ^ 0x85ebca6b);
  return { size: 512 + (a % 64_000_000), md5: hex32(a) + hex32(b) + hex32(c) + hex32(d) };
}
