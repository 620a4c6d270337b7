/** Image versions (imageversion/create and imageversion/{id}/status). */
import { parseJob, type Job } from '../wire/job.ts';
import { asidQuery, imageOptionsShown, versionCreateRequest, versionStatusRequest, type CreateParams } from '../requests.ts';
import type { ApiCore } from './core.ts';

export interface CreateResult {
  imageVersionId: number;
  job: Job;
}

/** What the run knows of the image a version is made for, so advice can name it. */
export interface ImageKnown {
  imageId: number | undefined;
  gameId: number | undefined;
}

export class ImageVersions {
  readonly #core: ApiCore;

  constructor(core: ApiCore) {
    this.#core = core;
  }

  /** imageversion/create: a new version from a completed diff, under the no-duplicate rule. */
  async create(params: CreateParams, image: ImageKnown): Promise<CreateResult> {
    const asid = this.#core.v1Asid;
    // game_build is free text: what goes to Clanforge is redacted like what goes to the runner.
    const gameBuild = params.gameBuild === undefined ? undefined : this.#core.redact(params.gameBuild);
    const { id, body } = await this.#core.changeState({
      request: versionCreateRequest(asid, { ...params, gameBuild }),
      label: 'create request',
      what: 'create the image version',
      purpose: `create the image version from diff ${params.diffId}${params.full === true ? ' (a full version)' : ''}`,
      nothingDone: 'No image version was created',
      idField: 'imageversionid',
      mayExist: (id) =>
        `The answer also carries imageversionid ${id}: an image version with that id may exist, so re-running could install twice. Check it first (GET /cfp/v1/imageversion/${id}/status${asidQuery(asid)}, or the Clanforge dashboard).`,
      unknownAdvice: `It may or may not have created an image version, so it was not repeated (a second create could install twice). Before re-running, check in the Clanforge dashboard whether diff ${params.diffId} became a new image version, or ask ${imageOptionsShown(asid, image.gameId, image.imageId)}: while diff ${params.diffId} still locks the image, no version was created from it.`
    });
    return { imageVersionId: id, job: parseJob(body) };
  }

  /** imageversion/{id}/status: the install job; errors say whether asking again is safe (`transient`). */
  async status(imageVersionId: number, timeoutMs?: number): Promise<Job> {
    const request = versionStatusRequest(this.#core.v1Asid, imageVersionId);
    return parseJob(await this.#core.read(request, `read the status of image version ${imageVersionId}`, timeoutMs));
  }
}
