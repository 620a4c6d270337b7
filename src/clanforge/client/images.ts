/** Images: image/options (games, images, build machines, what locks an image) and the v2 rollout view. */
import { imageOptionsReading, type ImageOptions } from '../wire/image-options.ts';
import { ROLLOUT, type Rollout } from '../wire/rollout.ts';
import { imageOptionsRequest, rolloutRequest, type GameImage } from '../requests.ts';
import type { ApiCore } from './core.ts';

export class Images {
  readonly #core: ApiCore;

  constructor(core: ApiCore) {
    this.#core = core;
  }

  /** image/options: with neither parameter, the account's games, images and machines; with the pair, also what locks the image. */
  async options(pair: GameImage | undefined, timeoutMs?: number): Promise<ImageOptions> {
    const what = pair === undefined ? 'read the image options' : `read the options of image ${pair.imageId} (game ${pair.gameId})`;
    return this.#core.readList(imageOptionsRequest(this.#core.v1Asid, pair), what, timeoutMs, imageOptionsReading(pair?.imageId));
  }

  /** The image's rollout across fleets and regions (v2); same error rules as the job status. */
  async rollout(accountServiceId: number, imageId: number, timeoutMs?: number): Promise<Rollout> {
    const request = rolloutRequest(accountServiceId, imageId);
    return this.#core.readList(request, `read the rollout status of image ${imageId}`, timeoutMs, ROLLOUT);
  }
}
