/** Image updates: pull a build onto the build machine (imageupdate/create) and follow it (imageupdate/{id}/status). */
import { parseJob, type Job } from '../wire/job.ts';
import { asidQuery, updateCreateRequest, updateStatusRequest } from '../requests.ts';
import type { ApiCore } from './core.ts';

export interface UpdateParams {
  imageId: number;
  machineId: number;
  desc: string;
  /** undefined: left out, so Clanforge uses the image's default update URL. */
  url: string | undefined;
}

export class ImageUpdates {
  readonly #core: ApiCore;

  constructor(core: ApiCore) {
    this.#core = core;
  }

  /**
   * imageupdate/create under the no-duplicate rule. updateId is undefined when the answer
   * leaves it out, which the docs allow: image/options then names the update that locks
   * the image (stages/update.ts asks it).
   */
  async create(params: UpdateParams): Promise<{ updateId: number | undefined; job: Job }> {
    const asid = this.#core.v1Asid;
    // desc is free text (update_desc, or the run's ref): what goes to Clanforge is redacted like what goes to the runner.
    const { id, body } = await this.#core.changeState({
      request: updateCreateRequest(asid, { ...params, desc: this.#core.redact(params.desc) }),
      label: 'image update request',
      what: 'start the image update',
      purpose: `pull the build onto machine ${params.machineId} for image ${params.imageId}${params.url === undefined ? " from the image's default update URL" : ''}`,
      nothingDone: 'No image update was started',
      idField: 'updateid',
      idOptional: true,
      mayExist: (id) =>
        `The answer also carries updateid ${id}: an image update with that id may have started. Check it (GET /cfp/v1/imageupdate/${id}/status${asidQuery(asid)}) before re-running.`,
      unknownAdvice: `It may or may not have started an image update on machine ${params.machineId}, so it was not repeated. Check the image's update jobs in the Clanforge dashboard before re-running.`
    });
    return { updateId: id, job: parseJob(body) };
  }

  async status(updateId: number, timeoutMs?: number): Promise<Job> {
    const request = updateStatusRequest(this.#core.v1Asid, updateId);
    return parseJob(await this.#core.read(request, `read the status of image update ${updateId}`, timeoutMs));
  }
}
