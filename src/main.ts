/**
 * Wires the modules: settings → client → create → (wait) → outputs and summary.
 * Never runs on import; index.ts calls run(). Everything that touches the outside
 * world comes in through Dependencies, so tests drive the whole flow.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { actionsCore, loadRunContext, type ActionsCore, type RunContext } from './actions-core.ts';
import { ClanforgeClient, ClanforgeError, OutcomeUnknownError, authorizationHeader } from './clanforge.ts';
import { formatDuration, formatEta, unknownStateWarning } from './format.ts';
import { nodeTransport, proxyConfigured, type Transport } from './http.ts';
import { InputError, readSettings, type Settings } from './inputs.ts';
import { StageTimeoutError, prepare } from './prepare.ts';
import { StepFailure } from './errors.ts';
import { guardCore } from './guarded-core.ts';
import { JobState, describeState, outcomeOf, type Job } from './job.ts';
import { setJobOutputs, setRolloutOutputs, writeSummary, type Report, type Result, type StageRow } from './outputs.ts';
import { describeRollout, rolloutDone, sameCounts, total, type Rollout } from './rollout.ts';
import { oneLine } from './untrusted-text.ts';
import { USER_AGENT } from './version.ts';
import { loopOptions, pollUntil, waitForJob, type Clock, type PollTarget } from './wait.ts';

export interface Dependencies {
  core: ActionsCore;
  env: NodeJS.ProcessEnv;
  /** Default: node:http(s), or undici's env proxy agent when a proxy is configured. */
  transport: Transport | undefined;
  clock: Clock;
  runContext: () => Promise<RunContext>;
  /** Where SIGINT/SIGTERM come from (the runner sends them when a workflow is cancelled). */
  signals: NodeJS.EventEmitter | undefined;
  /** Last resort after a cancel, should the graceful path hang. */
  exit: (code: number) => void;
}

/** How long a cancelled run may take to log and write its summary before it is ended. */
export const CANCEL_GRACE_MS = 1500;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal })
};

function defaults(): Dependencies {
  return {
    core: actionsCore,
    env: process.env,
    transport: undefined,
    clock: systemClock,
    runContext: loadRunContext,
    signals: process,
    exit: (code) => process.exit(code)
  };
}

async function chooseTransport(settings: Settings, env: NodeJS.ProcessEnv): Promise<Transport> {
  if (!proxyConfigured(settings.apiUrl, env)) return nodeTransport;
  const { proxyTransport } = await import('./undici-transport.ts');
  return proxyTransport();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : `unexpected failure: ${String(error)}`;
}

/** Cancelled before a version id was known: say what was under way, and what that means. */
function cancelledEarly(signal: string, report: Report, error: unknown): string {
  // The client's own messages say whether the create may have gone through.
  const said = error instanceof ClanforgeError || error instanceof OutcomeUnknownError ? ` ${error.message}` : '';
  const stage = report.stages.at(-1);
  const during = stage ? ` during ${stage.stage.toLowerCase()} ${stage.id} (it goes on in Clanforge)` : '';
  return `Cancelled (${signal}) before an image version id was known${during}.${said}`;
}

/** A secret as given, as it travels in a query string (form- and URI-encoded) and as a JSON string holds it. */
export function secretForms(value: string): string[] {
  if (!value) return [];
  return [...new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)])];
}

/** Query parameters of a signed or credentialed build URL whose values are secrets. */
const CREDENTIAL_PARAM = /sig|signature|token|credential|secret|passw|key|auth|policy|session/i;

/**
 * The credentials inside a build URL, each in every form it may come back in: the
 * user and password before the host, and the values of signing parameters. A server
 * that quotes only the signature back must not print it either.
 */
export function urlCredentials(text: string): string[] {
  if (!URL.canParse(text)) return [];
  const url = new URL(text);
  const parts: string[] = [];
  for (const encoded of [url.username, url.password]) {
    if (encoded === '' || encoded === 'anonymous') continue;
    parts.push(encoded);
    try {
      parts.push(decodeURIComponent(encoded));
    } catch {
      // Not valid percent-encoding: the raw form is what travels.
    }
  }
  for (const [name, value] of url.searchParams) if (value !== '' && CREDENTIAL_PARAM.test(name)) parts.push(value);
  return [...new Set(parts.flatMap(secretForms))];
}

/** `v1.2.3 (abc1234)`: the ref and short commit of the run. */
export function defaultUpdateDesc(env: NodeJS.ProcessEnv): string {
  const ref = env['GITHUB_REF_NAME'] || env['GITHUB_REF'] || '';
  const sha = (env['GITHUB_SHA'] ?? '').slice(0, 7);
  const text = `${ref}${sha ? ` (${sha})` : ''}`.trim();
  return text || 'clanforge-image-version-action';
}

function statusAdvice(id: number, asid: number): string {
  return `The job goes on in Clanforge (there is no cancel call): follow it in the dashboard or with GET /cfp/v1/imageversion/${id}/status?accountserviceid=${asid}.`;
}

export async function run(overrides: Partial<Dependencies> = {}): Promise<void> {
  const given: Dependencies = { ...defaults(), ...overrides };
  // Everything said to the runner from here on goes through the guard (untrusted-text.ts).
  const deps: Dependencies = { ...given, core: guardCore(given.core) };
  const { core, clock } = deps;
  const started = clock.now();
  const report: Report = { result: 'error', diffId: undefined, imageVersionId: undefined, job: undefined, message: undefined, durationMs: 0, waited: false, stages: [] };

  // Mask the keys before anything can be logged, valid or not.
  const accessKey = core.getInput('access_key');
  const secretKey = core.getInput('secret_key');
  for (const secret of [accessKey, secretKey]) for (const form of secretForms(secret)) core.setSecret(form);
  if (accessKey || secretKey) core.setSecret(authorizationHeader(accessKey, secretKey).slice('Basic '.length));
  // A build URL may embed storage keys; it also travels encoded in the query.
  const updateUrl = core.getInput('update_url');
  for (const form of [...secretForms(updateUrl), ...urlCredentials(updateUrl)]) core.setSecret(form);

  const controller = new AbortController();
  let cancelledBy: string | undefined;
  const onSignal = (name: string) => (): void => {
    if (cancelledBy) return;
    cancelledBy = name;
    controller.abort();
    setTimeout(() => deps.exit(1), CANCEL_GRACE_MS).unref();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  deps.signals?.on('SIGINT', onInt).on('SIGTERM', onTerm);

  let settings: Settings | undefined;
  try {
    settings = readSettings((name) => core.getInput(name));
    report.diffId = settings.diffId;
    const s = settings;
    core.debug(`settings: accountserviceid=${s.accountServiceId} diffid=${s.diffId ?? '(made by the action)'} restart=${s.restart} full=${s.full ?? '(not sent)'} force=${s.force} game_build=${s.gameBuild ?? '(not sent)'} install_at=${s.installAt ?? '(not sent)'} disable_timeout=${s.disableTimeout ?? '(not sent)'} disable_percentage=${s.disablePercentage ?? '(not sent)'} imageid=${s.imageId ?? '(none)'} machineid=${s.machineId ?? '(none)'} update_url=${s.updateUrl !== undefined ? '(set, masked)' : '(none)'} on_no_changes=${s.onNoChanges} reject_locking_diff=${s.rejectLockingDiff} wait=${s.wait} wait_for=${s.waitFor} max_failed_machines=${s.maxFailedMachines} wait_timeout=${s.waitTimeoutMs / 1000}s poll_interval=${s.pollIntervalMs / 1000}s api_url=${s.apiUrl.href}`);

    const client = new ClanforgeClient({
      apiUrl: s.apiUrl,
      accessKey: s.accessKey,
      secretKey: s.secretKey,
      accountServiceId: s.accountServiceId,
      transport: deps.transport ?? (await chooseTransport(s, deps.env)),
      userAgent: USER_AGENT,
      sleep: clock.sleep,
      now: clock.now,
      log: core,
      signal: controller.signal,
      extraSecrets: secretForms(s.updateUrl ?? '')
    });

    // One wait_timeout covers every wait (update, diff, version job, rollout), from the first.
    let deadlineMs: number | undefined;
    const deadline = (): number => (deadlineMs ??= clock.now() + s.waitTimeoutMs);
    const prepared = await prepare({
      client, settings: s, core, clock, signal: controller.signal, deadline, report,
      defaultUpdateDesc: defaultUpdateDesc(deps.env)
    });
    if (prepared.skipped) {
      report.result = 'skipped';
      return;
    }
    report.diffId = prepared.diffId;
    const p = { ...s, diffId: prepared.diffId, full: prepared.full };
    core.info(`Creating an image version from diff ${p.diffId} (accountserviceid ${s.accountServiceId}, restart=${p.restart ? 1 : 0}, force=${p.force ? 1 : 0}${p.full !== undefined ? `, full=${p.full ? 1 : 0}` : ''}${p.gameBuild !== undefined ? `, game_build=${p.gameBuild}` : ''})`);
    const created = await client.createImageVersion(p);
    const id = created.imageVersionId;
    report.imageVersionId = id;
    report.job = created.job;
    // Outputs right away, so `if: always()` steps see the id even if the wait fails.
    setJobOutputs(core, id, created.job);
    core.info(`Created image version ${id}: ${describeState(created.job)}`);
    const versionRow: StageRow = { stage: 'Image version', id, state: describeState(created.job), durationMs: 0 };
    report.stages.push(versionRow);

    if (!s.wait) {
      // The create answer may already say how the job ended: fail as a wait would.
      endedBadly(report, id, created.job, undefined);
      report.result = 'created';
      core.info(`Not waiting for the job (wait: false). ${statusAdvice(id, s.accountServiceId)}`);
      return;
    }

    await waitForVersion(client, s, report, deps, deadline(), controller.signal, started, versionRow);
    if (s.waitFor === 'rollout') await waitForRollout(client, s, report, deps, deadline(), controller.signal, started);
  } catch (error) {
    // The outputs carry the last state seen, also when the wait broke off.
    if (report.imageVersionId !== undefined && report.job) setJobOutputs(core, report.imageVersionId, report.job);
    // A rollout wait cut short by the time limit (in either phase) reports rollout=timeout.
    if (report.rollout && (report.result === 'timeout' || cancelledBy)) report.rollout.result ??= 'timeout';
    if (report.rollout?.result) setRolloutOutputs(core, report.rollout.status, report.rollout.result);
    if (cancelledBy) {
      report.result = 'cancelled';
      const id = report.imageVersionId;
      report.message = id !== undefined
        ? `Cancelled (${cancelledBy}) while waiting for image version ${id}; last state ${report.job ? oneLine(describeState(report.job)) : 'unknown'}. ${statusAdvice(id, settings?.accountServiceId ?? 0)}`
        : cancelledEarly(cancelledBy, report, error);
    } else {
      if (error instanceof StageTimeoutError) report.result = 'timeout';
      else if (report.result === 'created' || report.result === 'complete' || report.result === 'rolled-out') report.result = 'error';
      report.message = errorMessage(error);
      if (!(error instanceof InputError || error instanceof ClanforgeError || error instanceof OutcomeUnknownError || error instanceof StepFailure) && error instanceof Error && error.stack) {
        // Unexpected errors keep their stack for debugging, off the main log (one debug line per frame).
        for (const line of error.stack.split('\n')) core.debug(line);
      }
    }
    core.setFailed(report.message);
  } finally {
    deps.signals?.off('SIGINT', onInt).off('SIGTERM', onTerm);
    report.durationMs = clock.now() - started;
    await summarize(deps, report);
  }
}

/** Wait for the version's job; sets the outputs again at the end, throws on anything but Complete. */
async function waitForVersion(
  client: ClanforgeClient, s: Settings, report: Report, deps: Dependencies, deadline: number, signal: AbortSignal, started: number, versionRow: StageRow
): Promise<void> {
  const { core, clock } = deps;
  const id = report.imageVersionId as number;
  report.waited = true;
  const waitStarted = clock.now();
  core.startGroup(`Waiting for image version ${id} (timeout ${formatDuration(s.waitTimeoutMs)}, polling at most every ${s.pollIntervalMs / 1000}s, sooner near the end)`);
  let result;
  try {
    result = await waitForJob((timeoutMs) => client.getImageVersionStatus(id, timeoutMs), report.job as Job, {
      ...loopOptions(deadline, s.pollIntervalMs, clock, signal),
      onUpdate: (job) => {
        report.job = job;
        const eta = job.eta !== undefined && outcomeOf(job) === 'running' ? ` (ETA ${formatEta(job.eta, clock.now())})` : '';
        core.info(`[${formatDuration(clock.now() - started)}] ${describeState(job)}${eta}`);
      },
      onRetry: (error, retryMs) =>
        core.warning(`Could not read the job status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s. The job itself is not affected.`),
      onUnknownState: (job) => core.warning(unknownStateWarning(`Image version ${id}`, job))
    });
  } finally {
    core.endGroup();
  }
  report.job = result.job;
  setJobOutputs(core, id, result.job);
  versionRow.state = describeState(result.job);
  versionRow.durationMs = clock.now() - waitStarted;
  if (s.waitFor === 'rollout') report.rollout = { imageId: s.imageId as number, status: undefined, result: undefined };

  const state = oneLine(describeState(result.job));
  const took = formatDuration(clock.now() - waitStarted);
  if (result.timedOut) {
    report.result = 'timeout';
    throw new StepFailure(`Timed out after waiting ${formatDuration(s.waitTimeoutMs)} (wait_timeout) for image version ${id}: last state ${state}. ${statusAdvice(id, s.accountServiceId)} No other version was created.`);
  }
  endedBadly(report, id, result.job, took);
  report.result = 'complete';
  core.info(`Image version ${id} is Complete (${state}) after ${took}.`);
}

/**
 * Throws the step's failure when the version's job ended Failed or Squashed: after a
 * wait (took says how long it ran) or already in the create answer (took undefined).
 */
function endedBadly(report: Report, id: number, job: Job, took: string | undefined): void {
  const outcome = outcomeOf(job);
  // A state name is one line; a newline in it came from outside and is shown as ⏎.
  const state = oneLine(describeState(job));
  if (outcome === 'failed') {
    report.result = 'failed';
    const why = job.error ? `:\n${job.error}` : ' (Clanforge gave no error text).';
    const when = took !== undefined ? `after ${took}` : 'already in the create answer';
    throw new StepFailure(`Image version ${id} failed ${when} (job ${state})${why}`);
  }
  if (outcome === 'squashed') {
    report.result = 'squashed';
    const when = took !== undefined ? '' : ' (already in the create answer)';
    throw new StepFailure(`Image version ${id} was squashed${when} (job ${state}): a newer job superseded it, so this install will not happen as requested. Check the image's jobs in the Clanforge dashboard.`);
  }
}

/** The rollout target for the poll loop; progress is the share of machines done. */
function rolloutTarget(maxFailed: number): PollTarget<Rollout | undefined> {
  return {
    done: (r) => r !== undefined && rolloutDone(r, maxFailed) !== undefined,
    observe: (r, atMs) => ({
      atMs,
      stateId: JobState.Running,
      progress: r && total(r) > 0 ? Math.floor((100 * (r.completed + r.failed)) / total(r)) : undefined,
      etaMs: undefined
    }),
    changed: (a, b) => a === undefined || b === undefined || !sameCounts(a, b)
  };
}

/** After a Complete job: wait until no machine is pending, within the same wait_timeout. */
async function waitForRollout(
  client: ClanforgeClient, s: Settings, report: Report, deps: Dependencies, deadline: number, signal: AbortSignal, started: number
): Promise<void> {
  const { core, clock } = deps;
  const imageId = s.imageId as number;
  const rollout = report.rollout as NonNullable<Report['rollout']>;
  core.startGroup(`Waiting for the rollout of image ${imageId} until no machine is pending (at most ${s.maxFailedMachines} may fail)`);
  let result;
  try {
    result = await pollUntil((timeoutMs) => client.getRolloutStatus(imageId, timeoutMs), undefined, rolloutTarget(s.maxFailedMachines), {
      ...loopOptions(deadline, s.pollIntervalMs, clock, signal),
      pollFirst: true,
      onUpdate: (r) => {
        rollout.status = r;
        if (r) core.info(`[${formatDuration(clock.now() - started)}] rollout: ${describeRollout(r)}`);
      },
      onRetry: (error, retryMs) =>
        core.warning(`Could not read the rollout status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`)
    });
  } finally {
    core.endGroup();
  }
  const status = result.value;
  rollout.status = status;
  const counts = status ? describeRollout(status) : 'no status received';
  if (result.timedOut || !status) {
    report.result = 'timeout';
    rollout.result = 'timeout';
    const pending = status?.fleets.filter((f) => f.pending > 0).map((f) => `${oneLine(f.name ?? f.id)} (${f.pending})`) ?? [];
    throw new StepFailure(`Timed out after waiting ${formatDuration(s.waitTimeoutMs)} (wait_timeout) for the rollout of image ${imageId}: ${counts}${pending.length ? `; still pending in ${pending.join(', ')}` : ''}. The machines go on installing in Clanforge.`);
  }
  rollout.result = rolloutDone(status, s.maxFailedMachines) as 'complete' | 'failed';
  setRolloutOutputs(core, status, rollout.result);
  if (rollout.result === 'failed') {
    report.result = 'rollout-failed';
    throw new StepFailure(`Rollout of image ${imageId} failed: ${status.failed} machine(s) failed to install, more than max_failed_machines (${s.maxFailedMachines}); ${counts}. Check the failed machines in the Clanforge dashboard.`);
  }
  report.result = 'rolled-out';
  core.info(`Rollout of image ${imageId} complete: ${counts}.`);
}

async function summarize(deps: Dependencies, report: Report): Promise<void> {
  if (!deps.env['GITHUB_STEP_SUMMARY']) return;
  try {
    await writeSummary(deps.core.summary, report, await deps.runContext());
  } catch (error) {
    deps.core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}

export type { Result };
