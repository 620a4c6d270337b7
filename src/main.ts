/**
 * Wires the action: settings → masking → client → stages → outputs and summary.
 * Never runs on import; index.ts calls run(). Everything that touches the outside
 * world comes in through Dependencies, so tests drive the whole flow.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ClanforgeClient } from './clanforge/client.ts';
import { ClanforgeError, OutcomeUnknownError } from './clanforge/errors.ts';
import { proxyConfigured, type Transport } from './clanforge/http/transport.ts';
import { nodeTransport } from './clanforge/http/node-transport.ts';
import { describeState } from './clanforge/wire/job.ts';
import { ExpectedFailure, TimeoutFailure } from './errors.ts';
import type { Clock } from './polling/poll-loop.ts';
import { guardCore, runnerCore, type ActionsCore } from './runner/core.ts';
import { maskSecretInputs, secretInputValues } from './runner/masking.ts';
import { StepOutputs } from './runner/outputs.ts';
import { emptyReport, type Report } from './runner/report.ts';
import { defaultUpdateDesc, loadRunContext, type RunContext } from './runner/run-context.ts';
import { successOutcome, writeSummary } from './runner/summary.ts';
import { writeDryRunSummary } from './runner/dry-run-summary.ts';
import { noRecord, releaseRecord, type ReleaseRecord } from './github/release-record.ts';
import type { OctokitFactory } from './github/deployment.ts';
import { oneLine } from './runner/untrusted-text.ts';
import { readSettings } from './settings/read-settings.ts';
import type { Settings } from './settings/settings.ts';
import type { StageContext } from './stages/context.ts';
import { prepareDiff } from './stages/diff.ts';
import { dryRun } from './stages/dry-run.ts';
import { rolloutStage } from './stages/rollout.ts';
import { createVersion, statusAdvice, versionStage } from './stages/version.ts';
import { USER_AGENT } from './version.ts';

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
  /** The GitHub client for the deployment record; undefined: @actions/github's getOctokit, loaded only when environment is set. */
  octokitFactory: OctokitFactory | undefined;
}

/** How long a cancelled run may take to log and write its summary before it is ended. */
export const CANCEL_GRACE_MS = 1500;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal })
};

function defaults(): Dependencies {
  return {
    core: runnerCore,
    env: process.env,
    transport: undefined,
    clock: systemClock,
    runContext: loadRunContext,
    signals: process,
    exit: (code) => process.exit(code),
    octokitFactory: undefined
  };
}

/** The proxy transport (undici, ~100 ms to load) only when a proxy is configured. */
async function chooseTransport(settings: Settings, env: NodeJS.ProcessEnv): Promise<Transport> {
  if (!proxyConfigured(settings.apiUrl, env)) return nodeTransport;
  const { proxyTransport } = await import('./clanforge/http/proxy-transport.ts');
  return proxyTransport();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : `unexpected failure: ${String(error)}`;
}

/** Cancellation: the signal aborts every wait and request; the process ends after a grace period. */
function onCancel(deps: Dependencies): { controller: AbortController; cancelledBy: () => string | undefined; stop: () => void } {
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
  return { controller, cancelledBy: () => cancelledBy, stop: () => deps.signals?.off('SIGINT', onInt).off('SIGTERM', onTerm) };
}

/** The settings as read, one per debug line, in a group (only when debug logging is on: an empty group would show). */
export function debugSettings(core: Pick<ActionsCore, 'debug' | 'isDebug' | 'startGroup' | 'endGroup'>, s: Settings): void {
  if (!core.isDebug()) return;
  const source = s.source;
  const diffId = source.kind === 'diff' ? source.diffId : undefined;
  const imageId = source.kind === 'build' ? source.imageId : s.wait.kind === 'rollout' ? s.wait.imageId : undefined;
  const machineId = source.kind === 'build' ? source.machineId : undefined;
  const updateUrl =
    source.kind === 'build' && source.update ? (source.update.url !== undefined ? '(set, masked)' : "(the image's default)") : '(none)';
  const maxFailed = s.wait.kind === 'rollout' ? s.wait.maxFailedMachines : 0;
  const settings: [string, string | number | boolean][] = [
    ['accountserviceid', s.auth.accountServiceId ?? '(not sent)'],
    ['diffid', diffId ?? '(made by the action)'],
    ['restart', s.restart],
    ['full', s.full ?? '(not sent)'],
    ['force', s.force],
    ['game_build', s.gameBuild ?? '(not sent)'],
    ['install_at', s.installAt ?? '(not sent)'],
    ['disable_timeout', s.disableTimeout ?? '(not sent)'],
    ['disable_percentage', s.disablePercentage ?? '(not sent)'],
    ['imageid', imageId ?? '(none)'],
    ['machineid', machineId ?? '(none)'],
    ['update_url', updateUrl],
    ['on_no_changes', s.onNoChanges],
    ['reject_locking_diff', s.rejectLockingDiff],
    ['wait', s.wait.kind !== 'none'],
    ['wait_for', s.wait.kind === 'rollout' ? 'rollout' : 'job'],
    ['max_failed_machines', maxFailed],
    ['wait_timeout', `${s.waitTimeoutMs / 1000}s`],
    ['poll_interval', `${s.pollIntervalMs / 1000}s`],
    ['api_url', s.apiUrl.href],
    ['auth', s.auth.kind === 'token' ? 'token (Bearer)' : 'keys (Basic)'],
    ['environment', s.deployment?.environment ?? '(none: no GitHub deployment)'],
    ['dry_run', s.dryRun]
  ];
  core.startGroup('Settings');
  for (const [name, value] of settings) core.debug(`${name}=${value}`);
  core.endGroup();
}

/** The one notice of a successful run: what was deployed, where to find it. */
export function successNotice(report: Report): string | undefined {
  const outcome = successOutcome(report);
  if (outcome === undefined || report.imageVersionId === undefined) return undefined;
  const ids = [
    `diff ${report.diffId ?? 'unknown'}`,
    ...(report.gameBuild !== undefined ? [`game_build ${oneLine(report.gameBuild)}`] : [])
  ];
  return `Image version ${report.imageVersionId} (${ids.join(', ')}): ${outcome}`;
}

/** The stages in order: update and diff, the version, its job, the rollout; the GitHub deployment follows along. */
async function deploy(ctx: StageContext, record: ReleaseRecord): Promise<void> {
  const prepared = await prepareDiff(ctx);
  if (prepared.skipped) {
    ctx.report.result = 'skipped';
    return;
  }
  ctx.report.diffId = prepared.diffId;
  // Started, not awaited: the create is never held up by GitHub.
  record.creating(prepared.diffId);
  const created = await createVersion(ctx, prepared);
  if (ctx.settings.wait.kind === 'none') return;
  record.created(created.id, created.job);
  await versionStage(ctx, created);
  if (ctx.settings.wait.kind === 'rollout') {
    record.rollingOut(created.id);
    await rolloutStage(ctx, ctx.settings.wait, created.id);
  }
}

/** Cancelled before a version id was known: say what was under way, and what that means. */
function cancelledEarly(signal: string, report: Report, error: unknown): string {
  // The client's own messages say whether the create may have gone through.
  const said = error instanceof ClanforgeError || error instanceof OutcomeUnknownError ? ` ${error.message}` : '';
  const stage = report.stages.at(-1);
  const during = stage ? ` during ${stage.stage.toLowerCase()} ${stage.id} (it goes on in Clanforge)` : '';
  return `Cancelled (${signal}) before an image version id was known${during}.${said}`;
}

/** How the run failed, into the report; the outputs keep the last state seen. */
function recordFailure(
  core: ActionsCore,
  outputs: StepOutputs,
  report: Report,
  error: unknown,
  cancelledBy: string | undefined,
  asid: number | undefined
): string {
  if (report.imageVersionId !== undefined && report.job) outputs.job(report.imageVersionId, report.job);
  if (!cancelledBy && error instanceof TimeoutFailure) report.result = 'timeout';
  // A rollout wait cut short by the time limit (in either phase) reports rollout=timeout.
  if (report.rollout && (report.result === 'timeout' || cancelledBy)) report.rollout.result ??= 'timeout';
  if (report.rollout?.result) outputs.rollout(report.rollout.status, report.rollout.result);
  if (cancelledBy) {
    report.result = 'cancelled';
    const id = report.imageVersionId;
    if (id !== undefined) report.remedy = statusAdvice(id, asid);
    report.message =
      id !== undefined
        ? `Cancelled (${cancelledBy}) while waiting for image version ${id}; last state ${report.job ? oneLine(describeState(report.job)) : 'unknown'}. ${report.remedy}`
        : cancelledEarly(cancelledBy, report, error);
    return report.message;
  }
  if (report.result === 'created' || report.result === 'complete' || report.result === 'rolled-out') report.result = 'error';
  report.message = errorMessage(error);
  if (!(error instanceof ExpectedFailure) && error instanceof Error && error.stack) {
    // Unexpected errors keep their stack for debugging, off the main log (one debug line per frame).
    for (const line of error.stack.split('\n')) core.debug(line);
  }
  return report.message;
}

export async function run(overrides: Partial<Dependencies> = {}): Promise<void> {
  const given: Dependencies = { ...defaults(), ...overrides };
  // Everything said to the runner from here on goes through the guard (runner/core.ts).
  const guarded = guardCore(given.core);
  const deps: Dependencies = { ...given, core: guarded };
  const { core, clock } = deps;
  const started = clock.now();
  const report = emptyReport();
  const outputs = new StepOutputs(core);
  maskSecretInputs(core, guarded.secrets);
  const cancel = onCancel(deps);

  let settings: Settings | undefined;
  let record: ReleaseRecord = noRecord;
  let failure: unknown;
  try {
    settings = readSettings((name) => core.getInput(name));
    if (settings.source.kind === 'diff') report.diffId = settings.source.diffId;
    report.gameBuild = settings.gameBuild;
    debugSettings(core, settings);
    outputs.dryRun(settings.dryRun);
    record = releaseRecord({ settings, env: deps.env, outputs, log: core, octokitFactory: deps.octokitFactory });
    const client = new ClanforgeClient({
      apiUrl: settings.apiUrl,
      credentials: settings.auth,
      accountServiceId: settings.auth.accountServiceId,
      transport: deps.transport ?? (await chooseTransport(settings, deps.env)),
      userAgent: USER_AGENT,
      sleep: clock.sleep,
      now: clock.now,
      log: core,
      signal: cancel.controller.signal,
      extraSecrets: (({ runner, guard }) => [...runner, ...guard])(secretInputValues((name) => core.getInput(name)))
    });
    // One wait_timeout covers every wait (update, diff, version job, rollout), from the first.
    let deadlineMs: number | undefined;
    const waitTimeoutMs = settings.waitTimeoutMs;
    const ctx: StageContext = {
      client,
      settings,
      log: core,
      outputs,
      clock,
      signal: cancel.controller.signal,
      report,
      started,
      deadline: () => (deadlineMs ??= clock.now() + waitTimeoutMs),
      defaultUpdateDesc: defaultUpdateDesc(deps.env)
    };
    if (settings.dryRun) await dryRun(ctx);
    else await deploy(ctx, record);
    const notice = successNotice(report);
    if (notice !== undefined) core.notice(notice);
  } catch (error) {
    failure = error;
    core.setFailed(recordFailure(core, outputs, report, error, cancel.cancelledBy(), settings?.auth.accountServiceId));
  } finally {
    cancel.stop();
    // A cancelled run has CANCEL_GRACE_MS before it is ended: the last status gets part of it.
    record.finish(report, failure, cancel.cancelledBy() ? CANCEL_GRACE_MS / 2 : undefined);
    report.durationMs = clock.now() - started;
    await summarize(deps, report);
    // The summary first: it must not wait for GitHub. The recorder bounds this wait (deployment.ts).
    await record.settled();
  }
}

async function summarize(deps: Dependencies, report: Report): Promise<void> {
  if (!deps.env['GITHUB_STEP_SUMMARY']) return;
  try {
    const context = await deps.runContext();
    if (report.plan) await writeDryRunSummary(deps.core.summary, report, report.plan, context);
    else await writeSummary(deps.core.summary, report, context);
  } catch (error) {
    deps.core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
