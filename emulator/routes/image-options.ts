// image/options, in the three forms the docs allow: with neither gameid nor imageid, the
// account's games, images and build machines; with the pair, that game's images and, when
// the image belongs to the game, what locks it (the diff neither accepted nor rejected,
// `diffid`; the update still running, `updateid`), its default update URL (`update_url`)
// and the build machines that have it installed. The same lock state decides
// imagediff/create's and imageupdate/create's lock errors.
import { notFound } from '../api-error.ts';
import { gameName, gameOf, gameVersionOf, imageName, machineName } from '../images.ts';
import { wireNumber } from '../job-fields.ts';
import { optionalPositiveInt } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { ImageSpec } from '../types.ts';
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
    const gameid = optionalPositiveInt(query, 'gameid');
    const imageid = optionalPositiveInt(query, 'imageid');
    const visible = visibleImages(state, asid);
    const gameIds = [...new Set(visible.map(gameOf))];
    if (gameid !== undefined && !gameIds.includes(gameid)) throw notFound(`game ${gameid} not found`);
    const image = imageid === undefined ? undefined : visibleImage(state, imageid, asid);
    // Lenient mode may leave one of the pair out: imageid alone stands for its own game.
    const game = gameid ?? (image === undefined ? undefined : gameOf(image));
    // An image of another game is not listed and gets nothing of its own: a client that asks
    // each game in turn tells the image's game by whether the answer lists the image.
    const listed = image !== undefined && gameOf(image) === game ? image : undefined;
    const num = (value: number): number | string => wireNumber(value, format);
    const body: Record<string, unknown> = { success: true };
    if (listed !== undefined) {
      // Optional fields: present only while something locks the image, or a URL is set.
      const { diffid, updateid } = imageLocks(state, listed.imageid, now);
      if (diffid !== null) body.diffid = num(diffid);
      if (updateid !== null) body.updateid = num(updateid);
      if (listed.updateUrl !== undefined) body.update_url = listed.updateUrl;
    }
    body.games = gameIds.map((id) => ({ gameid: num(id), name: gameName(id) }));
    // Image objects have no gameid: the docs list imageid, name and gameversionid.
    body.images = visible
      .filter((candidate) => game === undefined || gameOf(candidate) === game)
      .map((candidate) => ({ imageid: num(candidate.imageid), name: imageName(candidate), gameversionid: num(gameVersionOf(candidate)) }));
    const machines = image === undefined ? state.buildMachines(visible) : listed === undefined ? [] : state.buildMachinesOf(listed);
    body.machines = machines.map((machineid) => ({ machineid: num(machineid), name: machineName(machineid) }));
    return { status: 200, body };
  }
};
