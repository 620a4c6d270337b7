/**
 * The stages before the version: optionally pull the build onto the build machine
 * (image update), make the difference analysis (image diff) or read the one given,
 * and decide what an empty diff means. Each stage uses the same client, error
 * rules and poll loop as the version job; one deadline (wait_timeout) covers them all.
 */
import type { ActionsCore } from './actions-core.ts';
import { ClanforgeError, DEFAULT_REQUEST_TIMEOUT_MS, type ClanforgeClient, type DiffStatus } from './clanforge.ts';
import { changedPaths, describeChanges, isEmpty, type DiffChanges } from './diff.ts';
import { StepFailure } from './errors.ts';
import { formatDuration, unknownStateWarning } from './format.ts';
import type { Settings } from './inputs.ts';
import { describeState, outcomeOf, type Job } from './job.ts';
import { MAX_LISTED_PATHS, type Report } from './outputs.ts';
import { oneLine } from './untrusted-text.ts';
import { loopOptions, pollUntil, waitForJob, type Clock } from './wait.ts';

export interface StageContext {
  client: ClanforgeClient;
  settings: Settings;
  core: ActionsCore;
  clock: Clock;
  signal: AbortSignal;
  /** Epoch ms by which every wait must be done; wait_timeout counts from the first wait. */
  deadline: () => number;
  report: Report;
  /** Description of the image update when update_desc is not given. */
  defaultUpdateDesc: string;
}

export interface Prepared {
  diffId: number;
  /** What to send as full. */
  full: boolean | undefined;
  /** on_no_changes: skip — nothing more to do. */
  skipped: boolean;
}

/** Thrown when the deadline passes during a stage; main reports it as a timeout. */
export class StageTimeoutError extends StepFailure {
  constructor(message: string) {
    super(message);
    this.name = 'StageTimeoutError';
  }
}

const LOCKED = /image locked by diffid:?\s*(\d+)/i;

/** Wait for a job-like stage to end; returns the Complete job, throws on anything else. */
async function waitStage(ctx: StageContext, stage: string, id: number, initial: Job, poll: (timeoutMs: number) => Promise<Job>): Promise<Job> {
  const { core, clock, settings } = ctx;
  const row = ctx.report.stages.find((r) => r.stage === stage && r.id === id);
  const started = clock.now();
  core.startGroup(`Waiting for ${stage.toLowerCase()} ${id}`);
  let result;
  try {
    result = await waitForJob(poll, initial, {
      ...loopOptions(ctx.deadline(), settings.pollIntervalMs, clock, ctx.signal),
      onUpdate: (job) => {
        if (row) row.state = describeState(job);
        core.info(`${stage} ${id}: ${describeState(job)}`);
      },
      onRetry: (error, retryMs) => core.warning(`Could not read the status of ${stage.toLowerCase()} ${id} (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`),
      onUnknownState: (job) => core.warning(unknownStateWarning(`${stage} ${id}`, job))
    });
  } finally {
    core.endGroup();
    if (row) row.durationMs = clock.now() - started;
  }
  const state = describeState(result.job);
  if (row) row.state = state;
  // Into an annotation below: a newline in a state name came from outside, shown as ⏎.
  const shownState = oneLine(state);
  if (result.timedOut) {
    throw new StageTimeoutError(`Timed out after waiting ${formatDuration(settings.waitTimeoutMs)} (wait_timeout) for ${stage.toLowerCase()} ${id}: last state ${shownState}. It goes on in Clanforge; no image version was created.`);
  }
  if (result.outcome === 'failed') {
    // A failed diff is still open and locks the image until someone rejects it.
    const unlock = stage === 'Image diff'
      ? ` Diff ${id} may still lock the image: reject it (GET /cfp/v1/imagediff/${id}/reject?accountserviceid=${settings.accountServiceId}&reinstall=0) before the next run.`
      : '';
    throw new StepFailure(`${stage} ${id} failed (job ${shownState})${result.job.error ? `:\n${result.job.error}` : ' (Clanforge gave no error text).'}\nNo image version was created.${unlock}`);
  }
  if (result.outcome === 'squashed') {
    throw new StepFailure(`${stage} ${id} was squashed (job ${shownState}): a newer job superseded it. No image version was created.`);
  }
  return result.job;
}

function track(ctx: StageContext, stage: string, id: number, job: Job): void {
  ctx.report.stages.push({ stage, id, state: describeState(job), durationMs: 0 });
}

async function updateStage(ctx: StageContext, url: string): Promise<void> {
  const { client, settings: s, core } = ctx;
  const desc = s.updateDesc ?? ctx.defaultUpdateDesc;
  core.info(`Pulling the build onto machine ${s.machineId} for image ${s.imageId} (image update "${desc}")`);
  const { updateId, job } = await client.createImageUpdate({ imageId: s.imageId as number, machineId: s.machineId as number, desc, url });
  ctx.report.updateId = updateId;
  core.setOutput('updateid', String(updateId));
  track(ctx, 'Image update', updateId, job);
  core.info(`Started image update ${updateId}: ${describeState(job)}`);
  await waitStage(ctx, 'Image update', updateId, job, (t) => client.getImageUpdateStatus(updateId, t));
}

/** imagediff/create, rejecting the diff that locks the image once when allowed. */
async function createDiff(ctx: StageContext): Promise<{ diffId: number; job: Job }> {
  const { client, settings: s, core } = ctx;
  const params = { imageId: s.imageId as number, machineId: s.machineId as number };
  core.info(`Creating a diff of image ${params.imageId} against machine ${params.machineId}`);
  try {
    return await client.createImageDiff(params);
  } catch (error) {
    const locked = error instanceof ClanforgeError ? LOCKED.exec(error.message) : null;
    if (!locked) throw error;
    const lockingDiff = Number(locked[1]);
    if (!s.rejectLockingDiff) {
      throw new ClanforgeError(
        `Could not create the image diff: image ${params.imageId} is locked by diff ${lockingDiff}, which was neither accepted nor rejected.\n` +
        `Reject it (GET /cfp/v1/imagediff/${lockingDiff}/reject?accountserviceid=${s.accountServiceId}&reinstall=0) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.`,
        { status: error instanceof ClanforgeError ? error.status : undefined, cause: error }
      );
    }
    core.warning(`Image ${params.imageId} is locked by diff ${lockingDiff}. reject_locking_diff is true: REJECTING DIFF ${lockingDiff} (reinstall=0) and creating the diff again, once.`);
    await client.rejectImageDiff(lockingDiff);
    core.info(`Rejected diff ${lockingDiff}.`);
    return client.createImageDiff(params);
  }
}

/** Reads the diff's changes, waiting for it to complete first. */
async function diffStage(ctx: StageContext, created: { diffId: number; job: Job } | undefined, givenDiffId: number | undefined): Promise<{ diffId: number; changes: DiffChanges | undefined }> {
  const { client, core } = ctx;
  let latest: DiffStatus | undefined;
  const poll = async (t: number): Promise<Job> => {
    latest = await client.getImageDiffStatus(diffId, t);
    return latest.job;
  };
  let diffId: number;
  let initial: Job;
  if (created) {
    diffId = created.diffId;
    initial = created.job;
  } else {
    diffId = givenDiffId as number;
    core.info(`Reading what diff ${diffId} changed`);
    initial = await readFirst(ctx, () => poll(DEFAULT_REQUEST_TIMEOUT_MS));
  }
  track(ctx, 'Image diff', diffId, initial);
  if (outcomeOf(initial) !== 'complete') await waitStage(ctx, 'Image diff', diffId, initial, poll);
  // A diff already complete when created was never polled: read what it changed.
  if (latest === undefined) await readFirst(ctx, () => poll(DEFAULT_REQUEST_TIMEOUT_MS));
  const changes = (latest as DiffStatus | undefined)?.changes;
  return { diffId, changes };
}

/** One safe status read, retried like a poll while it fails transiently. */
async function readFirst(ctx: StageContext, read: () => Promise<Job>): Promise<Job> {
  const result = await pollUntil(async () => read(), undefined as Job | undefined, {
    done: (job) => job !== undefined,
    observe: (_job, atMs) => ({ atMs, stateId: undefined, progress: undefined, etaMs: undefined }),
    changed: () => false
  }, {
    ...loopOptions(ctx.deadline(), ctx.settings.pollIntervalMs, ctx.clock, ctx.signal),
    pollFirst: true,
    onUpdate: () => undefined,
    onRetry: (error, retryMs) => ctx.core.warning(`Could not read the diff status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`)
  });
  if (!result.value) throw new StageTimeoutError(`Timed out after waiting ${formatDuration(ctx.settings.waitTimeoutMs)} (wait_timeout) reading the diff status. No image version was created.`);
  return result.value;
}

export async function prepare(ctx: StageContext): Promise<Prepared> {
  const { settings: s, core, client } = ctx;
  if (s.updateUrl !== undefined) await updateStage(ctx, s.updateUrl);

  let diffId = s.diffId;
  let changes: DiffChanges | undefined;
  const mustRead = s.full === 'auto' || s.onNoChanges !== 'deploy';
  if (diffId === undefined) {
    const created = await createDiff(ctx);
    ctx.report.diffId = created.diffId;
    core.setOutput('diffid', String(created.diffId));
    core.info(`Created image diff ${created.diffId}: ${describeState(created.job)}`);
    ({ diffId, changes } = await diffStage(ctx, created, undefined));
  } else {
    core.setOutput('diffid', String(diffId));
    if (mustRead) ({ changes } = await diffStage(ctx, undefined, diffId));
  }
  ctx.report.changes = changes;

  if (changes) {
    core.setOutput('files_added', String(changes.added.length));
    core.setOutput('files_modified', String(changes.modified.length));
    core.setOutput('files_removed', String(changes.removed.length));
    core.info(`Diff ${diffId}: ${describeChanges(changes)}`);
    const listed = changedPaths(changes);
    if (listed.length > 0) {
      core.startGroup(`Changed files (${listed.length})`);
      for (const line of listed.slice(0, MAX_LISTED_PATHS)) core.info(line);
      if (listed.length > MAX_LISTED_PATHS) core.info(`… and ${listed.length - MAX_LISTED_PATHS} more`);
      core.endGroup();
    }
  }

  let full = s.full === 'auto' ? undefined : s.full;
  if (changes && isEmpty(changes)) {
    if (s.onNoChanges !== 'deploy') {
      core.info(`Diff ${diffId} has no changes: rejecting it (reinstall=0), as on_no_changes is ${s.onNoChanges}.`);
      await client.rejectImageDiff(diffId);
      if (s.onNoChanges === 'skip') {
        core.setOutput('skipped', 'true');
        core.info('Nothing to deploy: no image version was created (on_no_changes: skip).');
        return { diffId, full: undefined, skipped: true };
      }
      core.setOutput('skipped', 'false');
      throw new StepFailure(`Diff ${diffId} has no changes, so it was rejected and no image version was created (on_no_changes: fail).`);
    }
    if (s.full === false) {
      core.warning(`Diff ${diffId} has no changes, but full is false: Clanforge refuses a differential version from an empty diff.`);
    } else {
      full = true;
      core.info(`Diff ${diffId} has no changes: creating a full version (full=1).`);
    }
  } else if (s.full === 'auto' && !changes) {
    core.warning(`full is auto, but Clanforge did not list the changes of diff ${diffId}; full is left out.`);
  }
  core.setOutput('skipped', 'false');
  return { diffId, full, skipped: false };
}
