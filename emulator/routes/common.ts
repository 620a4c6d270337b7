// Checks the image routes share: which images an ASID sees, which machines exist.
import { badRequest, notFound } from '../api-error.ts';
import type { EmulatorState } from '../state.ts';
import type { ImageSpec } from '../types.ts';

/** Another ASID's image is as invisible as one that does not exist. */
export function visibleImage(state: EmulatorState, imageid: number, asid: number): ImageSpec {
  const image = state.images.get(imageid);
  if (image === undefined || (image.accountserviceid !== undefined && image.accountserviceid !== asid)) {
    throw notFound(`image ${imageid} not found`);
  }
  return image;
}

export function checkMachine(state: EmulatorState, machineid: number): void {
  if (!state.isKnownMachine(machineid)) throw badRequest(`Invalid parameter machineid: machine ${machineid} not found`);
}
