/**
 * The image update stage: pull the build onto the build machine (imageupdate/create)
 * and wait for it. Without a url (input update alone) Clanforge uses the image's default
 * update URL. desc is always sent (the docs make it required). A lock on the image is
 * handled as on the diff stage (locks.ts). The docs mark updateid optional in the answer:
 * without it, image/options names the update that now locks the image.
 */
import { OutcomeUnknownError } from '../clanforge/errors.ts';
import { describeState } from '../clanforge/wire/job.ts';
import type { BuildToDiff, BuildUpdate } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { GAME_INPUT_ADVICE, readLock } from './image-game.ts';
import { withLockHandling } from './locks.ts';
import { addRow, waitForStageJob } from './waits.ts';

export async function updateStage(ctx: StageContext, build: BuildToDiff, update: BuildUpdate): Promise<void> {
  const { client, log } = ctx;
  const desc = update.desc ?? ctx.defaultUpdateDesc;
  const from = update.url === undefined ? " from the image's default update URL" : '';
  log.info(`Pulling the build onto machine ${build.machineId} for image ${build.imageId}${from} (image update "${desc}")`);
  const params = { imageId: build.imageId, machineId: build.machineId, desc, url: update.url };
  const started = await withLockHandling(ctx, {
    imageId: build.imageId,
    what: 'start the image update',
    again: 'starting the image update again',
    call: () => client.updates.create(params)
  });
  const updateId = started.updateId ?? (await runningUpdate(ctx, build));
  ctx.report.updateId = updateId;
  ctx.outputs.updateStarted(updateId);
  const row = addRow(ctx, 'Image update', updateId, started.job);
  log.info(`Started image update ${updateId}: ${describeState(started.job)}`);
  await waitForStageJob(ctx, row, started.job, (t) => client.updates.status(updateId, t), {
    polls: 'GET /cfp/v1/imageupdate/{updateid}/status',
    noun: 'image update'
  });
}

/** The update an answer without updateid started: the one image/options says locks the image now. */
async function runningUpdate(ctx: StageContext, build: BuildToDiff): Promise<number> {
  const { imageId, machineId } = build;
  const said = 'Clanforge accepted the image update request but its answer names no updateid (the docs allow that)';
  const read = await readLock(ctx, imageId);
  let why: string;
  if (read.checked && read.lock.updateId !== undefined) {
    ctx.log.info(`${said}; image/options names image update ${read.lock.updateId} as locking image ${imageId}: following it.`);
    return read.lock.updateId;
  }
  if (read.checked) why = `image/options (game ${read.gameId}) names no update locking image ${imageId}`;
  else why = `what locks image ${imageId} could not be read: ${read.why}; ${GAME_INPUT_ADVICE}`;
  throw new OutcomeUnknownError({
    happened: `${said}, and ${why}, so the action cannot follow it.`,
    remedy: `Check the image's update jobs on machine ${machineId} in the Clanforge dashboard before re-running; no image version was created.`,
    join: ' '
  });
}
