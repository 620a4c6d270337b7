/**
 * Wires the action: settings → masking → client → stages → outputs and summary.
 * Never runs on import; index.ts calls run(). Everything that touches the outside
 * world comes in through Dependencies, so tests drive the whole flow.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ClanforgeClient } from './clanforge/client/client.ts';
import { OutcomeUnknownError } from './clanforge/errors.ts';
import type { Transport } from './clanforge/http/transport.ts';
import { transportFor } from './clanforge/http/transport-for.ts';
import { v1AccountServiceId } from './clanforge/requests.ts';
import type { OctokitFactory } from './github/deployment.ts';
import { NO_DEPLOYMENT, deploymentTracker, type DeploymentTracker } from './github/deployment-tracker.ts';
import type { Clock } from './polling/poll-loop.ts';
import { CANCEL_GRACE_MS, onCancel, type Cancellation } from './runner/cancel.ts';
import { guardCore, runnerCore, type ActionsCore, type GuardedCore } from './runner/core.ts';
import { writeDryRunSummary } from './runner/dry-run-summary.ts';
import { errorMessage, recordFailure } from './runner/failure.ts';
import { maskSecretInputs } from './runner/masking.ts';
import { StepOutputs } from './runner/outputs.ts';
import { emptyReport, noteSettings, type RunReport } from './runner/report.ts';
import { defaultUpdateDesc, runContext, type RunContext } from './runner/run-context.ts';
import { logSettings } from './runner/settings-log.ts';
import { successNotice, writeSummary } from './runner/summary.ts';
import { InputError, readSettings } from './settings/read-settings.ts';
import type { InputNames } from './settings/input-names.ts';
import type { Settings } from './settings/settings.ts';
import type { StageContext } from './stages/context.ts';
import { dryRun, planLog } from './stages/dry-run.ts';
import { Plan } from './stages/plan.ts';
import { release } from './stages/release.ts';
import { USER_AGENT } from './version.ts';

export interface Dependencies {
  core: ActionsCore;
  env: NodeJS.ProcessEnv;
  /** Default: node:http(s), or undici's env proxy agent when a proxy is configured. */
  transport: Transport | undefined;
  clock: Clock;
  runContext: () => RunContext;
  /** Where SIGINT/SIGTERM come from (the runner sends them when a workflow is cancelled). */
  signals: NodeJS.EventEmitter | undefined;
  /** Last resort after a cancel, should the graceful path hang. */
  exit: (code: number) => void;
  /** The GitHub client for the deployment record; undefined: @actions/github's getOctokit, loaded only when environment is set. */
  octokitFactory: OctokitFactory | undefined;
  /** Whether to write the summary (through core.summary); undefined: when the runner names a summary file (GITHUB_STEP_SUMMARY). */
  summary: boolean | undefined;
  /** How problems name the inputs; undefined: as the action's inputs. */
  inputNames: InputNames | undefined;
}

/** How a run ended, for a front door that reports it (the command line's exit code). */
export type RunEnd =
  /** Done as asked: created (and waited for), or nothing to deploy (on_no_changes: skip), or a dry run's plan. */
  | 'done'
  /** The inputs were refused: nothing was sent. */
  | 'bad-input'
  /** A state-changing request's outcome is unknown: it may have been processed. */
  | 'outcome-unknown'
  /** Cancelled by SIGINT or SIGTERM. */
  | 'cancelled'
  /** Any other failure: nothing was created, or the version failed, timed out or the rollout failed. */
  | 'failed';

export interface RunOutcome {
  end: RunEnd;
  report: RunReport;
}

function endOf(failure: unknown, cancelledBy: string | undefined): RunEnd {
  if (cancelledBy !== undefined) return 'cancelled';
  if (failure === undefined) return 'done';
  if (failure instanceof InputError) return 'bad-input';
  if (failure instanceof OutcomeUnknownError) return 'outcome-unknown';
  return 'failed';
}

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
    runContext: () => runContext(process.env),
    signals: process,
    exit: (code) => process.exit(code),
    octokitFactory: undefined,
    summary: undefined,
    inputNames: undefined
  };
}

/** The Clanforge client for these settings: every request aborts on a cancel; the run's one secrets list is redacted from what it reports. */
async function buildClient(
  deps: Dependencies,
  core: GuardedCore,
  settings: Settings,
  signal: AbortSignal,
  plan: Plan | undefined
): Promise<ClanforgeClient> {
  return new ClanforgeClient({
    apiUrl: settings.apiUrl,
    credentials: settings.auth,
    accountServiceId: settings.auth.accountServiceId,
    transport: deps.transport ?? (await transportFor(settings.apiUrl, deps.env)),
    userAgent: USER_AGENT,
    sleep: deps.clock.sleep,
    now: deps.clock.now,
    log: core,
    signal,
    redact: (text) => core.secrets.redact(text),
    waitBudgetMs: settings.waitTimeoutMs,
    plan
  });
}

/** What every stage gets; one wait_timeout covers every wait (update, diff, version job, rollout), from the first. */
function stageContext(
  deps: Dependencies,
  parts: Pick<StageContext, 'client' | 'settings' | 'log' | 'outputs' | 'signal' | 'report' | 'started' | 'plan'>
): StageContext {
  const { clock } = deps;
  let deadlineMs: number | undefined;
  return {
    ...parts,
    clock,
    deadline: () => (deadlineMs ??= clock.now() + parts.settings.waitTimeoutMs),
    defaultUpdateDesc: defaultUpdateDesc(deps.env),
    image: { imageId: parts.settings.imageId, gameId: parts.settings.gameId }
  };
}

function dependencies(overrides: Partial<Dependencies>): Dependencies & { core: GuardedCore } {
  const given: Dependencies = { ...defaults(), ...overrides };
  // Everything said to the runner from here on goes through the guard (runner/core.ts).
  return { ...given, core: guardCore(given.core) };
}

export async function run(overrides: Partial<Dependencies> = {}): Promise<RunOutcome> {
  const deps = dependencies(overrides);
  const { core } = deps;
  const started = deps.clock.now();
  const report = emptyReport();
  const outputs = new StepOutputs(core);
  // The run's one secrets list: made here, from the raw inputs, before anything is said; the guard,
  // the Clanforge client and the GitHub record all redact with it.
  maskSecretInputs(core, core.secrets);
  const cancel = onCancel(deps.signals, deps.exit);
  const signal = cancel.controller.signal;
  let settings: Settings | undefined;
  let record: DeploymentTracker = NO_DEPLOYMENT;
  let failure: unknown;
  try {
    settings = readSettings((name) => core.getInput(name), deps.inputNames);
    noteSettings(report, settings);
    logSettings(core, settings);
    outputs.dryRun(settings.dryRun);
    // The run's one secrets list (the guard's) redacts what goes to GitHub as it does what goes to the runner.
    record = deploymentTracker({
      settings,
      env: deps.env,
      outputs,
      log: core,
      octokitFactory: deps.octokitFactory,
      redact: (text) => core.secrets.redact(text)
    });
    // A dry run: the same stages, with a plan in place of every state-changing request.
    const plan = settings.dryRun ? new Plan(settings, core) : undefined;
    const client = await buildClient(deps, core, settings, signal, plan);
    const log = plan ? planLog(core, plan) : core;
    const ctx = stageContext(deps, { client, settings, log, outputs, signal, report, started, plan });
    plan?.attach(ctx);
    await (plan ? dryRun(ctx, plan, core) : release(ctx, record));
    // A dry run created nothing: its plan is in the log and the summary, no notice says otherwise.
    const notice = plan ? undefined : successNotice(report);
    if (notice !== undefined) core.notice(notice);
  } catch (error) {
    failure = error;
    core.setFailed(
      recordFailure(core, outputs, report, {
        error,
        cancelledBy: cancel.cancelledBy(),
        asid: settings && v1AccountServiceId(settings.auth)
      })
    );
  } finally {
    await finish(deps, { report, record, cancel, failure, started });
  }
  return { end: endOf(failure, cancel.cancelledBy()), report };
}

/** However the run ended: stop listening for signals, the deployment's last status, the summary. */
async function finish(
  deps: Dependencies,
  run: { report: RunReport; record: DeploymentTracker; cancel: Cancellation; failure: unknown; started: number }
): Promise<void> {
  const { report, record, cancel } = run;
  cancel.stop();
  // A cancelled run has CANCEL_GRACE_MS before it is ended: the last status gets part of it.
  record.finish(report, run.failure, cancel.cancelledBy() ? CANCEL_GRACE_MS / 2 : undefined);
  report.durationMs = deps.clock.now() - run.started;
  await summarize(deps, report);
  // The summary first: it must not wait for GitHub. The recorder bounds this wait (deployment.ts).
  await record.settled();
}

async function summarize(deps: Dependencies, report: RunReport): Promise<void> {
  if (!(deps.summary ?? Boolean(deps.env['GITHUB_STEP_SUMMARY']))) return;
  try {
    const context = deps.runContext();
    if (report.plan) await writeDryRunSummary(deps.core.summary, report, report.plan, context);
    else await writeSummary(deps.core.summary, report, context);
  } catch (error) {
    deps.core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
