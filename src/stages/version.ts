/**
 * The version stage: imageversion/create from the diff, then (wait: true) the wait for
 * its install job. The job's outputs are set as soon as the version exists, and again
 * with the last state seen.
 */
import { OutcomeUnknownError } from '../clanforge/errors.ts';
import { failedJobAdvice, SQUASHED_ADVICE, statusAdvice } from '../clanforge/remedies.ts';
import { describeState, outcomeOf, type Job } from '../clanforge/wire/job.ts';
import { ExpectedFailure } from '../errors.ts';
import { formatDuration, formatEta, jobStateText } from '../format.ts';
import { oneLine } from '../format.ts';
import type { StageContext } from './context.ts';
import type { DiffForVersion } from './diff.ts';
import { addRow, jobLines, jobWait, waitWithinDeadline } from './waits.ts';
import { baselineVersion, resolveUnknownCreate } from './outcome-check.ts';

/**
 * Throws the step's failure when the version's job ended Failed or Squashed: after a
 * wait (took says how long it ran) or already in the create answer (took undefined).
 */
function endedBadly(ctx: StageContext, id: number, job: Job, took: string | undefined): void {
  const outcome = outcomeOf(job);
  // A state name is one line; a newline in it came from outside and is shown as ⏎.
  const state = oneLine(describeState(job));
  if (outcome === 'failed') {
    ctx.report.result = 'failed';
    const why = job.error ? `:\n${job.error}` : ' (Clanforge gave no error text).';
    const when = took !== undefined ? `after ${took}` : 'already in the create answer';
    throw new ExpectedFailure({ happened: `Image version ${id} failed ${when} (job ${state})${why}`, remedy: failedJobAdvice(id) });
  }
  if (outcome === 'squashed') {
    ctx.report.result = 'squashed';
    const when = took !== undefined ? '' : ' (already in the create answer)';
    throw new ExpectedFailure({
      happened: `Image version ${id} was squashed${when} (job ${state}): a newer job superseded it, so this install will not happen as requested.`,
      remedy: SQUASHED_ADVICE,
      join: ' '
    });
  }
}

export interface CreatedVersion {
  id: number;
  job: Job;
}

/** imageversion/create; with wait: false, the step ends here (failing if the answer says the job already did). */
export async function createVersion(ctx: StageContext, prepared: DiffForVersion): Promise<CreatedVersion> {
  const { client, settings: s, log, report } = ctx;
  const p = { ...s, diffId: prepared.diffId, full: prepared.full };
  const asid = client.core.v1Asid;
  // Read once before the create, so an unknown outcome can be told apart from installs already under way.
  // Only when the image is known: without it the check learns the image first and relies on both reads agreeing.
  // A dry run's create has no unknown outcome to check.
  const highestVersionSeen = ctx.image.imageId !== undefined && ctx.plan === undefined ? await baselineVersion(ctx) : undefined;
  log.info(
    `Creating an image version from diff ${p.diffId} (${asid !== undefined ? `accountserviceid ${asid}` : 'account of the token'}, restart=${p.restart ? 1 : 0}, force=${p.force ? 1 : 0}${p.full !== undefined ? `, full=${p.full ? 1 : 0}` : ''}${p.gameBuild !== undefined ? `, game_build=${p.gameBuild}` : ''})`
  );
  const sentAtMs = ctx.clock.now();
  let created: { imageVersionId: number; job: Job };
  try {
    created = await client.versions.create(p, ctx.image);
  } catch (error) {
    // A cancel ends the run; any other unknown outcome is checked with safe reads.
    if (!(error instanceof OutcomeUnknownError) || !error.checkable || ctx.signal.aborted) throw error;
    const found = await resolveUnknownCreate(ctx, { error, diffId: p.diffId, highestVersionSeen, sentAtMs });
    created = { imageVersionId: found.id, job: found.job };
  }
  const id = created.imageVersionId;
  report.imageVersionId = id;
  report.job = created.job;
  // Outputs right away, so `if: always()` steps see the id even if the wait fails.
  ctx.outputs.job(id, created.job);
  log.info(`Created image version ${id}: ${describeState(created.job)}`);
  addRow(ctx, 'Image version', id, created.job);
  if (s.wait.kind === 'none') {
    // The create answer may already say how the job ended: fail as a wait would.
    endedBadly(ctx, id, created.job, undefined);
    report.result = 'created';
    log.info(`Not waiting for the job (wait: false). ${statusAdvice(id, asid)}`);
    ctx.plan?.waits(id, 'a real run ends once the version is created (wait: false)');
  }
  return { id, job: created.job };
}

/** Waits for the version's job; sets the outputs again at the end, throws on anything but Complete. */
export async function waitForVersionJob(ctx: StageContext, created: CreatedVersion): Promise<void> {
  const { client, settings: s, log, clock, report } = ctx;
  const { id } = created;
  if (ctx.plan !== undefined) {
    ctx.plan.waits(id, 'a real run then polls GET /cfp/v1/imageversion/{imageversionid}/status until the job ends');
    return;
  }
  const row = report.stages.find((r) => r.stage === 'Image version' && r.id === id);
  report.waited = true;
  const waitStarted = clock.now();
  const job = await waitWithinDeadline(ctx, {
    ...jobWait(ctx, `Image version ${id}`, (timeoutMs) => client.versions.status(id, timeoutMs), created.job),
    group: `Waiting for image version ${id} (timeout ${formatDuration(s.waitTimeoutMs)}, polling at most every ${s.pollIntervalMs / 1000}s, sooner near the end)`,
    row,
    onUpdate: (update) => {
      report.job = update;
    },
    // The time in this wait, as the final line says it; the ETA only when it is new: a line per minute need not repeat it.
    progress: jobLines(
      () => `[${formatDuration(clock.now() - waitStarted)}] `,
      (job, last) =>
        job.eta !== undefined && outcomeOf(job) === 'running' && job.eta !== last?.eta ? ` (ETA ${formatEta(job.eta, clock.now())})` : ''
    ),
    reading: 'the job status',
    retryNote: ' The job itself is not affected.',
    settle: (last) => {
      report.job = last;
      ctx.outputs.job(id, last);
      if (row) row.state = jobStateText(last);
      if (s.wait.kind === 'rollout')
        report.rollout = { imageId: s.wait.imageId, maxFailedMachines: s.wait.maxFailedMachines, status: undefined, result: undefined };
    },
    timedOut: (last) =>
      `for image version ${id}: last state ${oneLine(describeState(last))}. ${statusAdvice(id, client.core.v1Asid)} No other version was created.`
  });
  const took = formatDuration(clock.now() - waitStarted);
  endedBadly(ctx, id, job, took);
  report.result = 'complete';
  // Complete means Clanforge accepted the version; the machines install it after.
  const next = s.wait.kind === 'rollout' ? 'waiting for the machines to install it' : 'the machines install it next (not waited for)';
  log.info(`Image version ${id}: job ${oneLine(jobStateText(job))} after ${took}; ${next}.`);
}
