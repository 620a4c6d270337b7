/**
 * The game of the run's image. image/options names what locks an image only when asked
 * with the image's game as well (gameid and imageid together, or neither). Where the
 * game comes from, in this order:
 * 1. input gameid;
 * 2. the game a diff's status names (diff_info=1 documents a `game` object), learned
 *    whenever the run reads a diff (stages/diff.ts fills ctx.image in);
 * 3. image/options with neither parameter: its one game, or, with several, the game whose
 *    pair lists the image (at most one read per game).
 * Otherwise the game is unknown, and the caller says so, naming input gameid.
 */
import { imageOptionsShown } from '../clanforge/requests.ts';
import { listsImage, type ImageLock, type ImageOptions } from '../clanforge/wire/image-options.ts';
import type { StageContext } from './context.ts';
import { readOnce } from './waits.ts';

/** What to give when the game cannot be found. */
export const GAME_INPUT_ADVICE = 'give input gameid (the id of the game the image belongs to, as GET /cfp/v1/image/options lists it)';

/** How the lookup reads: by default as one safe read retried within the run's deadline (readOnce). */
export type Reader = <T>(reading: string, read: (timeoutMs: number) => Promise<T>) => Promise<T>;

export type GameLookup =
  /** The game, and (when the lookup read it) the image's options from the pair's answer. */
  { found: true; gameId: number; options: ImageOptions | undefined } | { found: false; why: string };

/** Finds the image's game (see above) and keeps it in ctx.image; reads image/options only when nothing else says. */
export async function findGame(
  ctx: StageContext,
  imageId: number,
  read: Reader = (reading, once) => readOnce(ctx, reading, once)
): Promise<GameLookup> {
  const known = ctx.image.gameId;
  if (known !== undefined) return { found: true, gameId: known, options: undefined };
  const { client } = ctx;
  const all = await read('the image options', (t) => client.images.options(undefined, t));
  const games = all.games.map((game) => game.id);
  if (games.length === 0) return { found: false, why: 'image/options lists no game for this account' };
  if (games.length === 1 && games[0] !== undefined) {
    ctx.image.gameId = games[0];
    return { found: true, gameId: games[0], options: undefined };
  }
  for (const gameId of games) {
    const options = await read(`the options of image ${imageId} in game ${gameId}`, (t) => client.images.options({ gameId, imageId }, t));
    if (listsImage(options, imageId)) {
      ctx.image.gameId = gameId;
      return { found: true, gameId, options };
    }
  }
  return { found: false, why: `none of the account's ${games.length} games (${games.join(', ')}) lists image ${imageId} in image/options` };
}

/** `GET /cfp/v1/image/options?…&gameid=G&imageid=I` for advice, with what the run knows. */
export function imageOptionsAdvice(ctx: StageContext, imageId: number): string {
  return imageOptionsShown(ctx.client.core.v1Asid, ctx.image.gameId, imageId);
}

/** What locks the image, read with its game; or why it could not be read that way. */
export type LockRead =
  | { checked: true; gameId: number; lock: ImageLock }
  /** why: in a sentence; short: for a line that names the image already. */
  | { checked: false; why: string; short: string };

/**
 * What locks the image: image/options with the image's game (findGame). An answer that
 * does not list the image says nothing of its lock: the game is wrong (input gameid, or
 * the game a diff named), and the lock stays unchecked, never read as free.
 */
export async function readLock(
  ctx: StageContext,
  imageId: number,
  read: Reader = (reading, once) => readOnce(ctx, reading, once)
): Promise<LockRead> {
  const game = await findGame(ctx, imageId, read);
  if (!game.found) return { checked: false, why: `its game is not known (${game.why})`, short: 'the game of the image is not known' };
  const pair = { gameId: game.gameId, imageId };
  const options = game.options ?? (await read(`the options of image ${imageId}`, (t) => ctx.client.images.options(pair, t)));
  if (!listsImage(options, imageId) || options.lock === undefined) {
    const given = ctx.settings.gameId === game.gameId ? 'input gameid' : 'the game its diff names';
    return {
      checked: false,
      why: `image/options for game ${game.gameId} (${given}) does not list image ${imageId}`,
      short: `game ${game.gameId} does not list it`
    };
  }
  return { checked: true, gameId: game.gameId, lock: options.lock };
}
