/** Image installs: imageinstall/status, the account's incomplete install jobs. */
import { INSTALLS, type Installs } from '../wire/installs.ts';
import { installsRequest } from '../requests.ts';
import type { ApiCore } from './core.ts';

export class ImageInstalls {
  readonly #core: ApiCore;

  constructor(core: ApiCore) {
    this.#core = core;
  }

  /** imageinstall/status (safe to repeat). */
  async status(timeoutMs?: number): Promise<Installs> {
    const request = installsRequest(this.#core.v1Asid);
    return this.#core.readList(request, 'read the install jobs (imageinstall/status)', timeoutMs, INSTALLS);
  }
}
