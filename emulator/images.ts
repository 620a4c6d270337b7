// The emulated game images and the machines their versions roll out to: validated once
// at start, copied so a caller changing its options later cannot move the emulator.
import { checker, isCount, isPositiveId } from './checks.ts';
import { EMULATOR_GAME_ID, EMULATOR_GAME_NAME, EMULATOR_GAME_VERSION_ID_BASE } from './defaults.ts';
import type { ImageSpec } from './types.ts';

/** A machine's place in the image: indexes into fleets and their regions. */
export interface MachineSlot {
  fleet: number;
  region: number;
}

const check = checker('invalid images');

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value !== '';

function copyImage(image: ImageSpec): ImageSpec {
  check(isPositiveId(image.imageid), 'imageid must be a positive integer');
  const asid = image.accountserviceid;
  const asidOk = asid === undefined || isPositiveId(asid);
  check(asidOk, `image ${image.imageid}: accountserviceid must be a positive integer`);
  check(Array.isArray(image.fleets), `image ${image.imageid}: fleets must be a list`);
  const fleetIds = new Set<string>();
  const regionIds = new Set<string>();
  const fleets = image.fleets.map((fleet) => {
    check(nonEmpty(fleet.fleetid) && !fleetIds.has(fleet.fleetid), `image ${image.imageid}: fleetids must be unique non-empty strings`);
    check(typeof fleet.name === 'string', `fleet ${fleet.fleetid}: name must be a string`);
    fleetIds.add(fleet.fleetid);
    const regions = fleet.regions.map((region) => {
      // Fleet regions belong to one fleet, so their ids name them within the whole image.
      const fresh = nonEmpty(region.regionid) && !regionIds.has(region.regionid);
      check(fresh, `image ${image.imageid}: regionids must be unique non-empty strings`);
      check(typeof region.name === 'string', `region ${region.regionid}: name must be a string`);
      check(isCount(region.machines), `region ${region.regionid}: machines must be an integer >= 0`);
      regionIds.add(region.regionid);
      return Object.freeze({ regionid: region.regionid, name: region.name, machines: region.machines });
    });
    return Object.freeze({ fleetid: fleet.fleetid, name: fleet.name, regions: Object.freeze(regions) });
  });
  const copy: ImageSpec = { imageid: image.imageid, fleets: Object.freeze(fleets) };
  if (asid !== undefined) copy.accountserviceid = asid;
  if (image.diffIds !== undefined) copy.diffIds = Object.freeze([...image.diffIds]);
  if (image.latestFull !== undefined) {
    check(typeof image.latestFull === 'boolean', `image ${image.imageid}: latestFull must be a boolean`);
    copy.latestFull = image.latestFull;
  }
  if (image.name !== undefined) {
    check(typeof image.name === 'string' && image.name !== '', `image ${image.imageid}: name must be a non-empty string`);
    copy.name = image.name;
  }
  if (image.gameid !== undefined) {
    check(isPositiveId(image.gameid), `image ${image.imageid}: gameid must be a positive integer`);
    copy.gameid = image.gameid;
  }
  if (image.gameversionid !== undefined) {
    check(isPositiveId(image.gameversionid), `image ${image.imageid}: gameversionid must be a positive integer`);
    copy.gameversionid = image.gameversionid;
  }
  if (image.buildMachines !== undefined) {
    const ids = image.buildMachines;
    check(Array.isArray(ids) && ids.every(isPositiveId), `image ${image.imageid}: buildMachines must be positive integers`);
    copy.buildMachines = Object.freeze([...new Set(ids)]);
  }
  if (image.updateUrl !== undefined) {
    check(
      typeof image.updateUrl === 'string' && URL.canParse(image.updateUrl),
      `image ${image.imageid}: updateUrl must be an absolute URL`
    );
    copy.updateUrl = image.updateUrl;
  }
  return Object.freeze(copy);
}

export class ImageCatalog {
  readonly images: readonly ImageSpec[];
  /** Where versions go unless their diff says otherwise. */
  readonly first: ImageSpec;
  readonly #byId = new Map<number, ImageSpec>();
  readonly #byDiff = new Map<number, ImageSpec>();
  /** Per image: the id of its first machine (machineSlots order); the others follow. */
  readonly #machineBase = new Map<number, number>();

  constructor(images: readonly ImageSpec[]) {
    check(images.length > 0, 'at least one image is needed');
    this.images = Object.freeze(images.map(copyImage));
    const [first] = this.images;
    if (first === undefined) throw new TypeError('invalid images: at least one image is needed');
    this.first = first;
    for (const image of this.images) {
      check(!this.#byId.has(image.imageid), `imageid ${image.imageid} given twice`);
      this.#byId.set(image.imageid, image);
      for (const diffid of image.diffIds ?? []) {
        check(isPositiveId(diffid), `image ${image.imageid}: diffIds must be positive integers`);
        check(!this.#byDiff.has(diffid), `diff ${diffid} belongs to two images`);
        this.#byDiff.set(diffid, image);
      }
    }
    let next = MACHINE_ID_BASE;
    for (const image of [...this.images].sort((a, b) => a.imageid - b.imageid)) {
      const base = Math.max(MACHINE_ID_BASE + image.imageid * MACHINE_ID_STRIDE, next);
      next = base + machineCount(image);
      check(Number.isSafeInteger(next), `image ${image.imageid}: its machine ids would not be safe integers`);
      this.#machineBase.set(image.imageid, base);
    }
  }

  get(imageid: number): ImageSpec | undefined {
    return this.#byId.get(imageid);
  }

  /**
   * The id of the image's `slot`-th machine (machineSlots order): image 77's machines are
   * 177000, 177001, … (100000 + imageid × 1000 + slot) while every image has at most 1000;
   * an image with more pushes the next images' ranges up, so ids stay unique whatever the
   * counts, and far from build machine ids.
   */
  machineId(image: ImageSpec, slot: number): number {
    return (this.#machineBase.get(image.imageid) ?? MACHINE_ID_BASE) + slot;
  }

  /** The image a version from this diff installs on. */
  forDiff(diffid: number): ImageSpec {
    return this.#byDiff.get(diffid) ?? this.first;
  }
}

export const imageName = (image: ImageSpec): string => image.name ?? `image ${image.imageid}`;
export const gameOf = (image: ImageSpec): number => image.gameid ?? EMULATOR_GAME_ID;
export const gameName = (gameid: number): string => (gameid === EMULATOR_GAME_ID ? EMULATOR_GAME_NAME : `game ${gameid}`);
export const gameVersionOf = (image: ImageSpec): number => image.gameversionid ?? EMULATOR_GAME_VERSION_ID_BASE + image.imageid;
/** How machines are named in answers (image/options, install rows, diff_info). */
export const machineName = (machineid: number): string => `machine-${machineid}`;

const MACHINE_ID_BASE = 100_000;
const MACHINE_ID_STRIDE = 1000;

export const machineCount = (image: ImageSpec): number =>
  image.fleets.reduce((sum, fleet) => sum + fleet.regions.reduce((n, region) => n + region.machines, 0), 0);

/** The image with `count` machines in every region (an image of thousands of machines for big install lists). */
export function withMachinesPerRegion(image: ImageSpec, count: number): ImageSpec {
  return {
    ...image,
    fleets: image.fleets.map((fleet) => ({ ...fleet, regions: fleet.regions.map((region) => ({ ...region, machines: count })) }))
  };
}

/** Every machine of the image, region by region in configuration order. */
export function machineSlots(image: ImageSpec): MachineSlot[] {
  const slots: MachineSlot[] = [];
  image.fleets.forEach((fleet, f) => {
    fleet.regions.forEach((region, r) => {
      for (let i = 0; i < region.machines; i += 1) slots.push({ fleet: f, region: r });
    });
  });
  return slots;
}
