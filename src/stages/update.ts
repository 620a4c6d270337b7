/** The image update stage: pull the build onto the build machine (imageupdate/create) and wait for it. */
import { describeState } from '../clanforge/wire/job.ts';
import type { BuildToDiff, BuildUpdate } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { addRow, waitForStageJob } from './stage.ts';

export async function updateStage(ctx: StageContext, build: BuildToDiff, update: BuildUpdate): Promise<void> {
  const { client, log } = ctx;
  const desc = update.desc ?? ctx.defaultUpdateDesc;
  log.info(`Pulling the build onto machine ${build.machineId} for image ${build.imageId} (image update "${desc}")`);
  const { updateId, job } = await client.createImageUpdate({ imageId: build.imageId, machineId: build.machineId, desc, url: update.url });
  ctx.report.updateId = updateId;
  ctx.outputs.updateStarted(updateId);
  const row = addRow(ctx, 'Image update', updateId, job);
  log.info(`Started image update ${updateId}: ${describeState(job)}`);
  await waitForStageJob(ctx, row, job, (t) => client.getImageUpdateStatus(updateId, t));
}
