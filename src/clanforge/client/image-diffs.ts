/** Image difference analyses: imagediff/create, imagediff/{id}/status with diff_info, imagediff/{id}/reject. */
import { DIFF_STATUS, type DiffStatus } from '../wire/diff.ts';
import { parseJob, type Job } from '../wire/job.ts';
import { asidQuery, diffCreateRequest, diffRejectRequest, diffStatusRequest, imageOptionsShown } from '../requests.ts';
import type { ApiCore } from './core.ts';

export class ImageDiffs {
  readonly #core: ApiCore;

  constructor(core: ApiCore) {
    this.#core = core;
  }

  /** imagediff/create: compare the image's latest version with the files on the build machine. gameId: for the advice, when known. */
  async create(params: { imageId: number; machineId: number; gameId?: number | undefined }): Promise<{ diffId: number; job: Job }> {
    const asid = this.#core.v1Asid;
    const { id, body } = await this.#core.changeState({
      request: diffCreateRequest(asid, params),
      label: 'diff request',
      what: 'create the image diff',
      purpose: `diff image ${params.imageId} against machine ${params.machineId}`,
      nothingDone: 'No image diff was created',
      idField: 'diffid',
      mayExist: (id) =>
        `The answer also carries diffid ${id}: a diff with that id may exist and lock the image. Check it (GET /cfp/v1/imagediff/${id}/status${asidQuery(asid)}) and reject it or create a version from it before re-running.`,
      unknownAdvice: `It may or may not have created a diff of image ${params.imageId}, so it was not repeated. ${imageOptionsShown(asid, params.gameId, params.imageId)} names the diff that now locks the image, if any: reject it or create a version from it.`
    });
    return { diffId: id, job: parseJob(body) };
  }

  /** imagediff/{id}/status with diff_info=1: the job, what changed, and the game and image it belongs to. */
  async status(diffId: number, timeoutMs?: number): Promise<DiffStatus> {
    const request = diffStatusRequest(this.#core.v1Asid, diffId);
    return this.#core.readList(request, `read the status of image diff ${diffId}`, timeoutMs, DIFF_STATUS);
  }

  /** imagediff/{id}/reject with reinstall=0: unlocks the image; state-changing. */
  async reject(diffId: number): Promise<void> {
    await this.#core.changeState({
      request: diffRejectRequest(this.#core.v1Asid, diffId),
      label: 'reject request',
      what: `reject image diff ${diffId}`,
      purpose: `reject diff ${diffId} (reinstall=0)`,
      nothingDone: `Diff ${diffId} was not rejected`,
      unknownAdvice: `It may or may not have rejected diff ${diffId}, so it was not repeated. Check the image in the Clanforge dashboard.`
    });
  }
}
