/**
 * The image update stage: pull the build onto the build machine (imageupdate/create)
 * and wait for it. Without a url (input update alone) Clanforge uses the image's default
 * update URL. desc is always sent (the docs make it required). A lock on the image is
 * handled as on the diff stage (locks.ts).
 */
import { describeState } from '../clanforge/wire/job.ts';
import type { BuildToDiff, BuildUpdate } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { withLockHandling } from './locks.ts';
import { addRow, waitForStageJob } from './stage.ts';

export async function updateStage(ctx: StageContext, build: BuildToDiff, update: BuildUpdate): Promise<void> {
  const { client, log } = ctx;
  const desc = update.desc ?? ctx.defaultUpdateDesc;
  const from = update.url === undefined ? " from the image's default update URL" : '';
  log.info(`Pulling the build onto machine ${build.machineId} for image ${build.imageId}${from} (image update "${desc}")`);
  const params = { imageId: build.imageId, machineId: build.machineId, desc, url: update.url };
  const { updateId, job } = await withLockHandling(ctx, {
    imageId: build.imageId,
    what: 'start the image update',
    again: 'starting the image update again',
    call: () => client.createImageUpdate(params)
  });
  ctx.report.updateId = updateId;
  ctx.outputs.updateStarted(updateId);
  const row = addRow(ctx, 'Image update', updateId, job);
  log.info(`Started image update ${updateId}: ${describeState(job)}`);
  await waitForStageJob(ctx, row, job, (t) => client.getImageUpdateStatus(updateId, t));
}
