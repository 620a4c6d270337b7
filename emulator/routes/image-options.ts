// image/options: the account's games and images and, for one image, what locks it: the
// diff that is neither accepted nor rejected (`diffid`), the update still running
// (`updateid`), and its default update URL (`update_url`), as the docs list them. The
// same state decides imagediff/create's and imageupdate/create's lock errors.
import { badRequest, notFound } from '../api-error.ts';
import { gameOf, imageName } from '../images.ts';
import { wireNumber } from '../job-fields.ts';
import { optionalPositiveInt } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { ImageSpec } from '../types.ts';
import { EMULATOR_GAME_NAME } from '../defaults.ts';
import { visibleImage } from './common.ts';
import { ROUTE_NAMES } from './names.ts';

function visibleImages(state: EmulatorState, asid: number): ImageSpec[] {
  return state.images.images.filter((image) => image.accountserviceid === undefined || image.accountserviceid === asid);
}

/** The lock on an image at `nowMs`, as image/options and the create routes see it. */
export function imageLocks(state: EmulatorState, imageid: number, nowMs: number): { diffid: number | null; updateid: number | null } {
  return { diffid: state.diffs.lockOf(imageid), updateid: state.updates.unfinishedOn(imageid, nowMs)?.updateid ?? null };
}

export const imageOptions: RouteDef = {
  name: ROUTE_NAMES.imageOptions,
  pattern: '/cfp/v1/image/options',
  asid: { from: 'query' },
  // Clanforge: "If <imageid> is provided, <gameid> must also be provided, and vice versa".
  query: { together: [{ names: ['gameid', 'imageid'], relaxedWhenLenient: true }] },
  handle({ query, asid, now, state, format }) {
    const imageid = optionalPositiveInt(query, 'imageid');
    const gameid = optionalPositiveInt(query, 'gameid');
    const visible = visibleImages(state, asid);
    if (gameid !== undefined && !visible.some((image) => gameOf(image) === gameid)) throw notFound(`game ${gameid} not found`);
    const image = imageid === undefined ? undefined : visibleImage(state, imageid, asid);
    if (image !== undefined && gameid !== undefined && gameOf(image) !== gameid) {
      throw badRequest(`Invalid parameter imageid: image ${image.imageid} does not belong to game ${gameid}`);
    }
    const num = (value: number): number | string => wireNumber(value, format);
    const game = gameid ?? (image === undefined ? undefined : gameOf(image));
    const gameIds = [...new Set(visible.map(gameOf))];
    const body: Record<string, unknown> = { success: true };
    if (image !== undefined) {
      // Optional fields: present only while something locks the image, or a URL is set.
      const { diffid, updateid } = imageLocks(state, image.imageid, now);
      if (diffid !== null) body.diffid = num(diffid);
      if (updateid !== null) body.updateid = num(updateid);
      if (image.updateUrl !== undefined) body.update_url = image.updateUrl;
    }
    body.games = gameIds.map((id) => ({ gameid: num(id), name: EMULATOR_GAME_NAME }));
    body.images = visible
      .filter((candidate) => game === undefined || gameOf(candidate) === game)
      .map((candidate) => ({ imageid: num(candidate.imageid), name: imageName(candidate), gameid: num(gameOf(candidate)) }));
    const machines = state.machineIds;
    if (machines !== null) body.machines = [...machines].map((machineid) => ({ machineid: num(machineid) }));
    return { status: 200, body };
  }
};
