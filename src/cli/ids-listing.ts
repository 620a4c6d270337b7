/**
 * What the account holds, from image/options in the forms the docs allow: with neither
 * parameter (the account's games, images and build machines; the images carry no game),
 * then with a game's pair (gameid and an imageid), which lists that game's images, to
 * place each image in its game (at most one read per game), then with each image's own
 * pair for the machines that have it installed and what locks it.
 */
import type { ClanforgeClient } from '../clanforge/client/client.ts';
import { listsImage, type ImageLock, type ImageOptions, type Named } from '../clanforge/wire/image-options.ts';

export interface ImageListing {
  imageId: number;
  name: string | undefined;
  /** The machines that have the image installed (candidates for machineid). */
  machines: Named[];
  /** What locks it; undefined when the answer did not say (it did not list the image). */
  lock: ImageLock | undefined;
}

export interface GameListing {
  gameId: number;
  name: string | undefined;
  images: ImageListing[];
}

export interface IdsListing {
  games: GameListing[];
  /** Images image/options lists but no game's listing holds: their machines and lock are unknown. */
  unplaced: Named[];
  /** How many image/options reads it took. */
  reads: number;
}

/** A read failed: says which, with the failure's own message. */
export class ListingReadError extends Error {
  constructor(what: string, cause: unknown) {
    super(`Could not read ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ListingReadError';
  }
}

/** The game asked for with --gameid is not among the account's. */
export class UnknownGameError extends Error {}

function pairText(gameId: number, imageId: number): string {
  return `image/options with gameid ${gameId} and imageid ${imageId}`;
}

export async function listIds(client: ClanforgeClient, onlyGame: number | undefined): Promise<IdsListing> {
  let reads = 0;
  const read = async (pair: { gameId: number; imageId: number } | undefined): Promise<ImageOptions> => {
    reads++;
    try {
      return await client.images.options(pair);
    } catch (error) {
      throw new ListingReadError(
        pair === undefined ? 'image/options (neither gameid nor imageid)' : pairText(pair.gameId, pair.imageId),
        error
      );
    }
  };
  const all = await read(undefined);
  const names = new Map(all.images.map((image) => [image.id, image.name]));
  let games = all.games;
  if (onlyGame !== undefined) {
    games = games.filter((game) => game.id === onlyGame);
    if (games.length === 0) {
      const ids = all.games.map((game) => game.id).join(', ');
      throw new UnknownGameError(
        `game ${onlyGame} is not one of the account's games (image/options lists ${all.games.length === 0 ? 'none' : ids})`
      );
    }
  }
  const unplaced = all.images.map((image) => image.id);
  const listings: GameListing[] = [];
  /** The answer of each image's own pair, once read. */
  const own = new Map<number, ImageOptions>();
  for (const game of games) {
    const listing: GameListing = { gameId: game.id, name: game.name, images: [] };
    listings.push(listing);
    // Any image of the account makes a valid pair, and the answer lists this game's images.
    // Once every image is placed, the games left hold none.
    const probe = onlyGame !== undefined ? all.images[0]?.id : unplaced[0];
    if (probe === undefined) continue;
    const answer = await read({ gameId: game.id, imageId: probe });
    if (listsImage(answer, probe)) own.set(probe, answer);
    for (const image of answer.images) {
      listing.images.push({ imageId: image.id, name: image.name ?? names.get(image.id), machines: [], lock: undefined });
      const at = unplaced.indexOf(image.id);
      if (at >= 0) unplaced.splice(at, 1);
    }
  }
  for (const listing of listings) {
    for (const image of listing.images) {
      const answer = own.get(image.imageId) ?? (await read({ gameId: listing.gameId, imageId: image.imageId }));
      if (!listsImage(answer, image.imageId)) continue;
      image.machines = answer.machines;
      image.lock = answer.lock;
    }
  }
  const left = onlyGame === undefined ? all.images.filter((image) => unplaced.includes(image.id)) : [];
  return { games: listings, unplaced: left, reads };
}
