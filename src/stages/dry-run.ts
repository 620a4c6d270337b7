/**
 * The dry run (dry_run: true): the inputs are already valid (read-settings.ts); this
 * makes only safe reads — the given diff's status with its changes, and what locks the
 * image (image/options) when an image id is known — and then says which state-changing
 * requests a real run would send, in order, built by the same functions the client sends
 * them with (requests.ts), so the plan cannot drift from a real run.
 *
 * No state-changing request is sent: the stage never calls a create or reject method of
 * the client. What a real run would refuse, and can be seen without changing anything,
 * fails the dry run with the real run's message (the same functions build it): an image
 * locked by a diff or an update, a given diff that failed or was squashed when a real run
 * reads it, an empty diff under on_no_changes: fail.
 *
 * A given diff is read by a real run only when its changes decide something (full: auto,
 * on_no_changes other than deploy); such a run waits for a diff not complete yet, so the
 * dry run notes that wait and succeeds. Otherwise a real run sends the create at once, and
 * Clanforge refuses it for a diff not complete, failed or squashed, or empty without
 * full=1: the dry run fails with the real run's 'Could not create the image version: '
 * and says why; only Clanforge's own wording after it cannot be known in advance.
 */
import type { DiffStatus } from '../clanforge/client/image-diffs.ts';
import { lockedByDiff, lockedByUpdate, rejectQuery } from '../clanforge/remedies.ts';
import {
  asidQuery,
  v1AccountServiceId,
  diffCreateRequest,
  diffRejectRequest,
  endpoint,
  SECRET_PARAMS,
  updateCreateRequest,
  versionCreateRequest,
  type ApiRequest
} from '../clanforge/requests.ts';
import { describeChanges, isEmpty } from '../clanforge/wire/diff.ts';
import { describeLock, type ImageLock } from '../clanforge/wire/image-options.ts';
import { describeState, outcomeOf } from '../clanforge/wire/job.ts';
import { ExpectedFailure, type FailureText } from '../errors.ts';
import type { DryRunPlan, PlannedRequest } from '../runner/report.ts';
import { oneLine } from '../runner/untrusted-text.ts';
import type { BuildToDiff, BuildUpdate, Settings } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { diffUnlockAdvice, EMPTY_DIFF_REMEDY, emptyDiffNotFullMessage, noChangesFailMessage, readsGivenDiff } from './diff.ts';
import { findGame, GAME_INPUT_ADVICE } from './image-game.ts';
import { readOnce, stageEndedBadly } from './stage.ts';

/** A failure's whole message on one line, for a note. */
function messageOf(text: FailureText): string {
  return new ExpectedFailure(text).message.replaceAll('\n', ' ');
}

/** One parameter as the plan shows it: secrets as ***, the rest form-encoded as sent. */
function shownPair(name: string, value: string, pending: Record<string, string>): [string, string] {
  if (SECRET_PARAMS.has(name)) return [name, '***'];
  return [name, pending[name] ?? value];
}

function encoded(name: string, value: string): string {
  return new URLSearchParams({ [name]: value }).toString();
}

/** A request of the plan; `pending`: parameters whose value a real run learns only as it runs. */
export function planned(
  settings: Pick<Settings, 'apiUrl'>,
  request: ApiRequest,
  purpose: string,
  pending: Record<string, string> = {}
): PlannedRequest {
  const params = [...request.query].map(([name, value]) => shownPair(name, value, pending));
  const shownQuery = [...request.query]
    .map(([name, value]) =>
      SECRET_PARAMS.has(name)
        ? `${encoded(name, '').slice(0, -1)}=***`
        : pending[name] !== undefined
          ? `${encoded(name, '')}${pending[name]}`
          : encoded(name, value)
    )
    .join('&');
  return { method: 'GET', path: endpoint(settings.apiUrl, request.path, new URLSearchParams()).pathname, params, shownQuery, purpose };
}

/** How every request of the plan authenticates, as the client sends it (the value as ***). */
function authorizationShown(s: Settings): string {
  return s.auth.kind === 'token' ? 'Bearer ***' : 'Basic ***';
}

/** What a real run does after the version is created, for the notes. */
function waitNote(s: Settings): string {
  if (s.wait.kind === 'none') return 'wait is false: a real run ends once the version is created.';
  const job = 'a real run then polls GET /cfp/v1/imageversion/{imageversionid}/status until the job ends';
  return s.wait.kind === 'rollout'
    ? `${job}, then GET /cfp/v2/project/${s.wait.accountServiceId}/image/${s.wait.imageId}/status until no machine is pending.`
    : `${job}.`;
}

/**
 * What a real run does with a diff whose changes it learns only as it runs (a diff not
 * made yet, or one not complete yet); diff: how the notes name it, diffRef: its id in a path.
 */
function noChangeNotes(s: Settings, diff: string, diffRef: string): string[] {
  const asid = v1AccountServiceId(s.auth);
  const notes: string[] = [];
  if (s.full === 'auto') notes.push(`full is auto: a real run adds full=1 to the create only if ${diff} has no changes.`);
  if (s.onNoChanges !== 'deploy') {
    notes.push(
      `on_no_changes is ${s.onNoChanges}: if ${diff} has no changes, a real run rejects it (GET /cfp/v1/imagediff/${diffRef}/reject${rejectQuery(asid)}) instead of the create${s.onNoChanges === 'fail' ? ', and fails' : ''}.`
    );
  } else if (s.full === false) {
    notes.push(
      `full is false: if ${diff} has no changes, a real run fails before the create: ${messageOf(emptyDiffNotFullMessage(diffRef, asid))}`
    );
  } else if (s.full === undefined) {
    notes.push(`If ${diff} has no changes, a real run sends full=1 (on_no_changes: deploy).`);
  }
  return notes;
}

/** A lock by an image update fails a real run's first call on the image, with no automatic action. */
function refuseUpdateLock(s: Settings, build: BuildToDiff, lock: ImageLock | undefined): void {
  if (lock?.updateId === undefined) return;
  const what = build.update ? 'start the image update' : 'create the image diff';
  throw new ExpectedFailure(lockedByUpdate(what, build.imageId, lock.updateId, v1AccountServiceId(s.auth)));
}

/**
 * A lock by a diff on the first call on the image (`refused`, `what` after 'Could not '):
 * fail as a real run does, or plan the refused call and the reject (reject_locking_diff).
 */
function planDiffLock(
  ctx: StageContext,
  plan: DryRunPlan,
  call: { imageId: number; refused: ApiRequest; purpose: string; what: string; again: string },
  lockingDiff: number
): void {
  const s = ctx.settings;
  const asid = v1AccountServiceId(s.auth);
  if (!s.rejectLockingDiff) throw new ExpectedFailure(lockedByDiff(call.what, call.imageId, lockingDiff, asid));
  // As a real run does: the call first, refused for the lock, then the reject and the one retry.
  plan.requests.push(
    planned(s, call.refused, `${call.purpose}: refused while diff ${lockingDiff} locks the image (image locked by diffid: ${lockingDiff})`)
  );
  plan.requests.push(
    planned(
      s,
      diffRejectRequest(asid, lockingDiff),
      `reject diff ${lockingDiff}, which locks image ${call.imageId} (reject_locking_diff: true), then ${call.again}`
    )
  );
}

/** imageupdate/create, after the diff lock's refusal and reject when there is one. */
function planUpdate(ctx: StageContext, plan: DryRunPlan, build: BuildToDiff, update: BuildUpdate, lock: ImageLock | undefined): void {
  const s = ctx.settings;
  const desc = update.desc ?? ctx.defaultUpdateDesc;
  const request = updateCreateRequest(v1AccountServiceId(s.auth), {
    imageId: build.imageId,
    machineId: build.machineId,
    desc,
    url: update.url
  });
  if (lock?.diffId !== undefined) {
    // A real run's imageupdate/create meets the lock first, and handles it as the diff creation would.
    const call = { refused: request, purpose: 'pull the build', what: 'start the image update', again: 'start the image update once more' };
    planDiffLock(ctx, plan, { imageId: build.imageId, ...call }, lock.diffId);
  }
  const from = update.url === undefined ? " from the image's default update URL" : '';
  plan.requests.push(
    planned(
      s,
      request,
      `pull the build onto machine ${build.machineId}${from}; a real run then polls GET /cfp/v1/imageupdate/{updateid}/status until it ends`
    )
  );
}

/** imagediff/create (after the lock's refusal and reject when no update met the lock first), then the create from it. */
function planDiffAndCreate(ctx: StageContext, plan: DryRunPlan, build: BuildToDiff, lock: ImageLock | undefined): void {
  const s = ctx.settings;
  const asid = v1AccountServiceId(s.auth);
  const request = diffCreateRequest(asid, build);
  if (!build.update && lock?.diffId !== undefined) {
    const call = {
      refused: request,
      purpose: `diff image ${build.imageId}`,
      what: 'create the image diff',
      again: 'create the diff once more'
    };
    planDiffLock(ctx, plan, { imageId: build.imageId, ...call }, lock.diffId);
  }
  plan.requests.push(
    planned(
      s,
      request,
      `diff image ${build.imageId} against machine ${build.machineId}; a real run then polls GET /cfp/v1/imagediff/{diffid}/status?diff_info=1 until it ends and reads its changes`
    )
  );
  const pending = { diffid: `<diffid from request ${plan.requests.length}>` };
  const create = versionCreateRequest(asid, { ...s, diffId: 1, full: s.full === 'auto' ? undefined : s.full });
  plan.requests.push(planned(s, create, 'create the image version from the new diff', pending));
  plan.notes.push(...noChangeNotes(s, 'the new diff', '{diffid}'));
}

/** The plan for a build the action diffs itself: update (if any), diff, version. */
function planBuild(ctx: StageContext, plan: DryRunPlan, build: BuildToDiff, lock: ImageLock | undefined): void {
  refuseUpdateLock(ctx.settings, build, lock);
  if (build.update) planUpdate(ctx, plan, build, build.update, lock);
  planDiffAndCreate(ctx, plan, build, lock);
}

/** The safe read of a given diff; its changes count only once it is complete (before, Clanforge lists none). */
async function readGivenDiff(ctx: StageContext, plan: DryRunPlan, diffId: number): Promise<DiffStatus> {
  ctx.log.info(`Dry run: reading diff ${diffId} (imagediff/${diffId}/status)`);
  const status = await readOnce(ctx, 'the diff status', (t) => ctx.client.diffs.status(diffId, t));
  ctx.image.imageId ??= status.imageId;
  ctx.image.gameId ??= status.gameId;
  const { job, changes } = status;
  const complete = outcomeOf(job) === 'complete';
  const listed = !complete
    ? 'its changes are known once it is complete'
    : changes
      ? describeChanges(changes)
      : 'Clanforge did not list its changes';
  plan.reads.push(`diff ${diffId}: ${oneLine(describeState(job))}; ${listed}`);
  if (!complete) return { ...status, changes: undefined };
  ctx.report.changes = changes;
  if (changes) ctx.outputs.changesRead(changes);
  return status;
}

function planCreate(ctx: StageContext, plan: DryRunPlan, diffId: number, full: boolean | undefined, purpose: string): void {
  const s = ctx.settings;
  plan.requests.push(planned(s, versionCreateRequest(v1AccountServiceId(s.auth), { ...s, diffId, full }), purpose));
}

/**
 * A real run that reads the diff waits for it: it fails as that wait would on a diff that
 * failed or was squashed, creates once a running one completes, and decides on its changes.
 */
function planReadDiff(ctx: StageContext, plan: DryRunPlan, diffId: number, { job, changes }: DiffStatus): void {
  const s = ctx.settings;
  const asid = v1AccountServiceId(s.auth);
  const ended = stageEndedBadly('Image diff', diffId, job, diffUnlockAdvice(diffId, asid));
  if (ended !== undefined) throw new ExpectedFailure(ended);
  const asGiven = s.full === 'auto' ? undefined : s.full;
  if (outcomeOf(job) !== 'complete') {
    plan.notes.push(
      `a real run waits for diff ${diffId} to complete (now ${oneLine(describeState(job))}) before the create, within wait_timeout.`
    );
    plan.notes.push(...noChangeNotes(s, `diff ${diffId}`, String(diffId)));
    planCreate(ctx, plan, diffId, asGiven, `create the image version from diff ${diffId}, once it is complete`);
    return;
  }
  if (changes !== undefined && isEmpty(changes)) {
    if (s.onNoChanges === 'deploy') {
      planCreate(ctx, plan, diffId, true, `create a full image version from diff ${diffId}, which has no changes (full: auto)`);
      return;
    }
    plan.requests.push(planned(s, diffRejectRequest(asid, diffId), `reject the empty diff ${diffId} (on_no_changes: ${s.onNoChanges})`));
    if (s.onNoChanges === 'fail') throw new ExpectedFailure(noChangesFailMessage(diffId));
    plan.notes.push('Nothing would be created: the diff has no changes (on_no_changes: skip).');
    return;
  }
  if (s.full === 'auto' && !changes) {
    plan.notes.push(`full is auto, but Clanforge did not list the changes of diff ${diffId}: a real run leaves full out.`);
  }
  planCreate(ctx, plan, diffId, asGiven, `create the image version from diff ${diffId}`);
}

/**
 * Why Clanforge would refuse the create a real run sends without reading the diff. The
 * real run fails with Clanforge's answer after the same 'Could not create the image
 * version: ' (client.ts); only Clanforge's own wording after it can differ.
 */
function unreadDiffRefusal(s: Settings, diffId: number, { job, changes }: DiffStatus): string | undefined {
  const asid = v1AccountServiceId(s.auth);
  const unread =
    'A real run sends the create without reading the diff (full is not auto, on_no_changes is deploy), so Clanforge would refuse it.';
  const state = oneLine(describeState(job));
  const outcome = outcomeOf(job);
  if (outcome === 'failed' || outcome === 'squashed') {
    const how = outcome === 'failed' ? 'failed' : 'was squashed';
    return `Could not create the image version: image diff ${diffId} ${how} (job ${state}): Clanforge creates a version only from a completed diff. ${unread} Make a new diff. ${diffUnlockAdvice(diffId, asid)}`;
  }
  if (outcome !== 'complete') {
    return `Could not create the image version: image diff ${diffId} is not complete (job ${state}): Clanforge creates a version only from a completed diff. ${unread} Re-run when it is Complete (GET /cfp/v1/imagediff/${diffId}/status${asidQuery(asid)}), or set full: auto to let a real run wait for it.`;
  }
  if (changes !== undefined && isEmpty(changes) && s.full !== true) {
    return `Could not create the image version: diff ${diffId} has no changes and input 'full' is ${s.full === false ? 'false' : 'not set'}: Clanforge refuses a differential version from an empty diff. ${unread} ${EMPTY_DIFF_REMEDY}`;
  }
  return undefined;
}

/** The plan for a diff made elsewhere, read already: decide as a real run would. */
function planGivenDiff(ctx: StageContext, plan: DryRunPlan, diffId: number, status: DiffStatus): void {
  const s = ctx.settings;
  if (readsGivenDiff(s)) {
    planReadDiff(ctx, plan, diffId, status);
    return;
  }
  const refusal = unreadDiffRefusal(s, diffId, status);
  if (refusal !== undefined) throw new ExpectedFailure(refusal);
  planCreate(ctx, plan, diffId, s.full === 'auto' ? undefined : s.full, `create the image version from diff ${diffId}`);
}

/** Reads, decides, and records the plan in the report; throws what a real run would refuse. */
export async function dryRun(ctx: StageContext): Promise<DryRunPlan> {
  const { settings: s, client, log } = ctx;
  const plan: DryRunPlan = { reads: [], requests: [], notes: [], authorization: authorizationShown(s) };
  ctx.report.plan = plan;
  log.info('Dry run (dry_run: true): the inputs are valid; only safe reads are made, nothing is changed.');
  if (s.deployment) log.info(`environment is ${s.deployment.environment}: a dry run records no GitHub deployment.`);
  // A given diff is read first: its status names the image's game (diff_info), which the lock read needs.
  const given = s.source.kind === 'diff' ? await readGivenDiff(ctx, plan, s.source.diffId) : undefined;
  const imageId = s.imageId;
  let lock: ImageLock | undefined;
  if (imageId !== undefined) {
    log.info(`Dry run: reading what locks image ${imageId} (image/options)`);
    const game = await findGame(ctx, imageId);
    if (game.found) {
      const pair = { gameId: game.gameId, imageId };
      lock = (game.options ?? (await readOnce(ctx, `the options of image ${imageId}`, (t) => client.images.options(pair, t)))).lock;
      plan.reads.push(`image ${imageId}: ${describeLock(lock)}`);
    } else {
      // A real run makes no such read: the dry run goes on, saying the lock was not checked.
      log.warning(`Dry run: the lock on image ${imageId} was not checked: its game is not known (${game.why}); ${GAME_INPUT_ADVICE}.`);
      plan.reads.push(`image ${imageId}: lock not checked (the game of the image is not known)`);
    }
  }
  try {
    if (s.source.kind === 'build') planBuild(ctx, plan, s.source, lock);
    else if (given !== undefined) {
      ctx.outputs.diffKnown(s.source.diffId);
      planGivenDiff(ctx, plan, s.source.diffId, given);
    }
  } catch (error) {
    for (const read of plan.reads) log.info(`Read: ${read}`);
    throw error;
  }
  if (plan.requests.at(-1)?.path.endsWith('/imageversion/create')) plan.notes.push(waitNote(s));
  logPlan(ctx, plan);
  return plan;
}

/** The plan in the log: what was read, then one line per request, exactly as it would be sent. */
function logPlan(ctx: StageContext, plan: DryRunPlan): void {
  const { log } = ctx;
  for (const read of plan.reads) log.info(`Read: ${read}`);
  if (plan.requests.length === 0) {
    log.info('A real run would send no request that changes state.');
  } else {
    log.info(
      `A real run would send ${plan.requests.length === 1 ? 'this request' : `these ${plan.requests.length} requests`} that change state, in order (each with Authorization: ${plan.authorization}):`
    );
    plan.requests.forEach((r, i) => {
      log.info(`  ${i + 1}. ${r.method} ${r.path}?${r.shownQuery}`);
      log.info(`     ${r.purpose}`);
    });
  }
  for (const note of plan.notes) log.info(`Note: ${note}`);
}
