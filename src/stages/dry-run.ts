/**
 * The dry run (dry_run: true): the inputs are already valid (read-settings.ts); this
 * makes only safe reads — the given diff's status with its changes, and what locks the
 * image (image/options) when an image id is known — and then says which state-changing
 * requests a real run would send, in order, built by the same functions the client sends
 * them with (requests.ts), so the plan cannot drift from a real run.
 *
 * No state-changing request is sent: the stage never calls a create or reject method of
 * the client. What a real run would refuse, and can be seen without changing anything,
 * fails the dry run with the real run's message: an image locked by a diff or an update,
 * a diff that failed, was squashed or is not complete yet, an empty diff that would be
 * sent without full=1.
 */
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../clanforge/client.ts';
import {
  asidQuery,
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
import { ExpectedFailure } from '../errors.ts';
import type { DryRunPlan, PlannedRequest } from '../runner/report.ts';
import { oneLine } from '../runner/untrusted-text.ts';
import type { BuildToDiff, Settings } from '../settings/settings.ts';
import type { StageContext } from './context.ts';
import { diffUnlockAdvice, emptyDiffNotFullMessage, imageLockedMessage } from './diff.ts';
import { rejectQuery } from './locks.ts';
import { stageEndedBadly } from './stage.ts';

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

/** The id of the image the run works on, when the inputs name it. */
function imageIdOf(s: Settings): number | undefined {
  if (s.source.kind === 'build') return s.source.imageId;
  if (s.source.imageId !== undefined) return s.source.imageId;
  return s.wait.kind === 'rollout' ? s.wait.imageId : undefined;
}

/** What a real run does after the version is created, for the notes. */
function waitNote(s: Settings): string {
  if (s.wait.kind === 'none') return 'wait is false: a real run ends once the version is created.';
  const job = 'a real run then polls GET /cfp/v1/imageversion/{imageversionid}/status until the job ends';
  return s.wait.kind === 'rollout'
    ? `${job}, then GET /cfp/v2/project/${s.wait.accountServiceId}/image/${s.wait.imageId}/status until no machine is pending.`
    : `${job}.`;
}

/** The plan for a build the action diffs itself: update (if any), diff, version. */
function planBuild(ctx: StageContext, plan: DryRunPlan, build: BuildToDiff, lock: ImageLock | undefined): void {
  const s = ctx.settings;
  const asid = s.auth.accountServiceId;
  if (lock?.updateId !== undefined) {
    throw new ExpectedFailure(
      `Image ${build.imageId} is locked by image update ${lock.updateId}, which has not finished: Clanforge refuses ${build.update ? 'a new image update' : 'a diff'} of it until then (image locked by updateid: ${lock.updateId}). Re-run once the update ended (GET /cfp/v1/imageupdate/${lock.updateId}/status${asidQuery(asid)}).`
    );
  }
  if (build.update) {
    const desc = build.update.desc ?? ctx.defaultUpdateDesc;
    const update = updateCreateRequest(asid, { imageId: build.imageId, machineId: build.machineId, desc, url: build.update.url });
    const from = build.update.url === undefined ? " from the image's default update URL" : '';
    if (lock?.diffId !== undefined) {
      // A real run's imageupdate/create meets the lock first, and handles it as the diff creation would.
      if (!s.rejectLockingDiff) throw new ExpectedFailure(imageLockedMessage(build.imageId, lock.diffId, asid, 'start the image update'));
      plan.requests.push(
        planned(s, update, `pull the build: refused while diff ${lock.diffId} locks the image (image locked by diffid: ${lock.diffId})`)
      );
      plan.requests.push(
        planned(
          s,
          diffRejectRequest(asid, lock.diffId),
          `reject diff ${lock.diffId}, which locks image ${build.imageId} (reject_locking_diff: true), then start the image update once more`
        )
      );
    }
    plan.requests.push(
      planned(
        s,
        update,
        `pull the build onto machine ${build.machineId}${from}; a real run then polls GET /cfp/v1/imageupdate/{updateid}/status until it ends`
      )
    );
  } else if (lock?.diffId !== undefined) {
    if (!s.rejectLockingDiff) throw new ExpectedFailure(imageLockedMessage(build.imageId, lock.diffId, asid));
    // As a real run does: the diff creation first, refused for the lock, then the reject and the one retry.
    plan.requests.push(
      planned(
        s,
        diffCreateRequest(asid, build),
        `diff image ${build.imageId}: refused while diff ${lock.diffId} locks the image (image locked by diffid: ${lock.diffId})`
      )
    );
    plan.requests.push(
      planned(
        s,
        diffRejectRequest(asid, lock.diffId),
        `reject diff ${lock.diffId}, which locks image ${build.imageId} (reject_locking_diff: true), then create the diff once more`
      )
    );
  }
  plan.requests.push(
    planned(
      s,
      diffCreateRequest(asid, build),
      `diff image ${build.imageId} against machine ${build.machineId}; a real run then polls GET /cfp/v1/imagediff/{diffid}/status?diff_info=1 until it ends and reads its changes`
    )
  );
  const diffStep = plan.requests.length;
  const pending = { diffid: `<diffid from request ${diffStep}>` };
  plan.requests.push(
    planned(
      s,
      versionCreateRequest(asid, { ...s, diffId: 1, full: s.full === 'auto' ? undefined : s.full }),
      'create the image version from the new diff',
      pending
    )
  );
  if (s.full === 'auto') plan.notes.push('full is auto: a real run adds full=1 to the create only if the new diff has no changes.');
  if (s.onNoChanges !== 'deploy') {
    plan.notes.push(
      `on_no_changes is ${s.onNoChanges}: if the new diff has no changes, a real run rejects it (GET /cfp/v1/imagediff/{diffid}/reject${rejectQuery(asid)}) instead of the create${s.onNoChanges === 'fail' ? ', and fails' : ''}.`
    );
  } else if (s.full === false) {
    plan.notes.push('full is false: if the new diff has no changes, Clanforge refuses the create.');
  } else if (s.full === undefined) {
    plan.notes.push('If the new diff has no changes, a real run sends full=1 (on_no_changes: deploy).');
  }
}

/** The plan for a diff made elsewhere: read it, then decide as a real run would. */
async function planGivenDiff(ctx: StageContext, plan: DryRunPlan, diffId: number): Promise<void> {
  const { settings: s, client, log } = ctx;
  const asid = s.auth.accountServiceId;
  log.info(`Dry run: reading diff ${diffId} (imagediff/${diffId}/status)`);
  const { job, changes } = await client.getImageDiffStatus(diffId, DEFAULT_REQUEST_TIMEOUT_MS);
  ctx.report.changes = changes;
  plan.reads.push(
    `diff ${diffId}: ${oneLine(describeState(job))}; ${changes ? describeChanges(changes) : 'Clanforge did not list its changes'}`
  );
  if (changes) ctx.outputs.changesRead(changes);
  const ended = stageEndedBadly('Image diff', diffId, job, diffUnlockAdvice(diffId, asid));
  if (ended !== undefined) throw new ExpectedFailure(ended);
  if (outcomeOf(job) !== 'complete') {
    throw new ExpectedFailure(
      `Image diff ${diffId} is not complete (job ${oneLine(describeState(job))}): Clanforge creates a version only from a completed diff. Re-run when it is Complete (GET /cfp/v1/imagediff/${diffId}/status${asidQuery(asid)}).`
    );
  }
  // A real run reads the diff only for full: auto or on_no_changes other than deploy; otherwise it sends full as given.
  const realRunReads = s.full === 'auto' || s.onNoChanges !== 'deploy';
  const empty = changes !== undefined && isEmpty(changes);
  let full = s.full === 'auto' ? undefined : s.full;
  if (empty && realRunReads) {
    if (s.onNoChanges !== 'deploy') {
      plan.requests.push(planned(s, diffRejectRequest(asid, diffId), `reject the empty diff ${diffId} (on_no_changes: ${s.onNoChanges})`));
      if (s.onNoChanges === 'fail') {
        throw new ExpectedFailure(
          `Diff ${diffId} has no changes: a real run would reject it and fail, creating no image version (on_no_changes: fail).`
        );
      }
      plan.notes.push('Nothing would be created: the diff has no changes (on_no_changes: skip).');
      return;
    }
    if (s.full === false) throw new ExpectedFailure(emptyDiffNotFullMessage(diffId));
    full = true;
  } else if (empty && full !== true) {
    throw new ExpectedFailure(
      full === false
        ? emptyDiffNotFullMessage(diffId)
        : `Diff ${diffId} has no changes, and full is not set: Clanforge refuses a differential version from an empty diff. Set full: true or full: auto.`
    );
  } else if (s.full === 'auto' && !changes) {
    plan.notes.push(`full is auto, but Clanforge did not list the changes of diff ${diffId}: a real run leaves full out.`);
  }
  plan.requests.push(planned(s, versionCreateRequest(asid, { ...s, diffId, full }), `create the image version from diff ${diffId}`));
}

/** Reads, decides, and records the plan in the report; throws what a real run would refuse. */
export async function dryRun(ctx: StageContext): Promise<DryRunPlan> {
  const { settings: s, client, log } = ctx;
  const plan: DryRunPlan = { reads: [], requests: [], notes: [] };
  ctx.report.plan = plan;
  log.info('Dry run (dry_run: true): the inputs are valid; only safe reads are made, nothing is changed.');
  if (s.deployment) log.info(`environment is ${s.deployment.environment}: a dry run records no GitHub deployment.`);
  const imageId = imageIdOf(s);
  let lock: ImageLock | undefined;
  if (imageId !== undefined) {
    log.info(`Dry run: reading what locks image ${imageId} (image/options)`);
    lock = (await client.getImageOptions(imageId, DEFAULT_REQUEST_TIMEOUT_MS)).lock;
    plan.reads.push(`image ${imageId}: ${describeLock(lock)}`);
  }
  try {
    if (s.source.kind === 'build') planBuild(ctx, plan, s.source, lock);
    else {
      ctx.outputs.diffKnown(s.source.diffId);
      await planGivenDiff(ctx, plan, s.source.diffId);
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
      `A real run would send ${plan.requests.length === 1 ? 'this request' : `these ${plan.requests.length} requests`} that change state, in order (each with Authorization: Basic ***):`
    );
    plan.requests.forEach((r, i) => {
      log.info(`  ${i + 1}. ${r.method} ${r.path}?${r.shownQuery}`);
      log.info(`     ${r.purpose}`);
    });
  }
  for (const note of plan.notes) log.info(`Note: ${note}`);
}
