/**
 * The Clanforge client: the core (core.ts: send, read, changeState) and the endpoint
 * groups beside it, grouped as the docs group them.
 */
import { ApiCore, type ClientOptions } from './core.ts';
import { ImageDiffs } from './image-diffs.ts';
import { ImageInstalls } from './image-installs.ts';
import { ImageUpdates } from './image-updates.ts';
import { ImageVersions } from './image-versions.ts';
import { Images } from './images.ts';

export class ClanforgeClient {
  readonly core: ApiCore;
  readonly versions: ImageVersions;
  readonly diffs: ImageDiffs;
  readonly updates: ImageUpdates;
  readonly images: Images;
  readonly installs: ImageInstalls;

  constructor(options: ClientOptions) {
    this.core = new ApiCore(options);
    this.versions = new ImageVersions(this.core);
    this.diffs = new ImageDiffs(this.core);
    this.updates = new ImageUpdates(this.core);
    this.images = new Images(this.core);
    this.installs = new ImageInstalls(this.core);
  }
}
