/**
 * The run's side of the GitHub deployment (input environment): when to start it, which
 * status each point of the release gives, and the deployment_id output.
 *
 * The Clanforge release never waits for GitHub: `creating` starts the deployment and
 * queues its first status without awaiting either, right before imageversion/create is
 * sent, and the recorder (deployment.ts) runs its calls in order in the background. Only
 * the end of the step waits for them (`settled`), and the recorder bounds that: each
 * request at most REQUEST_TIMEOUT_MS (5 s), all of a run's requests at most BUDGET_MS
 * (10 s) together.
 *
 * Every text from Clanforge (a job's state name) is redacted with the run's redaction before
 * it is put into a description, and the recorder redacts every text it sends again.
 *
 * Without environment, `NO_DEPLOYMENT` stands in: no request, and @actions/github is never loaded.
 */
import { OutcomeUnknownError } from '../clanforge/errors.ts';
import type { Job } from '../clanforge/wire/job.ts';
import type { StepOutputs } from '../runner/outputs.ts';
import type { RunReport } from '../runner/report.ts';
import { describeRollout, oneLine } from '../format.ts';
import type { Settings } from '../settings/settings.ts';
import { createDeploymentRecorder, runUrlFromEnv, type OctokitFactory } from './deployment.ts';
import { createdStatus, creatingStatus, finalStatus, rollingOutStatus, type ReleaseEnd } from './deployment-status.ts';

export interface DeploymentTracker {
  /** Right before imageversion/create is sent: the deployment, then `in_progress`. Never waits. */
  creating(diffId: number): void;
  /** The create answered and the step waits for the job. */
  created(imageVersionId: number, job: Job): void;
  /** The job is Complete and the step waits for the rollout. */
  rollingOut(imageVersionId: number): void;
  /** The last status, from how the run ended; nothing when the deployment was never started. */
  finish(report: RunReport, error: unknown, timeoutMs?: number): void;
  /** Resolves when GitHub was told everything, within the recorder's bounds. */
  settled(): Promise<void>;
}

/** No environment: nothing is recorded and nothing is sent. */
export const NO_DEPLOYMENT: DeploymentTracker = {
  creating: () => undefined,
  created: () => undefined,
  rollingOut: () => undefined,
  finish: () => undefined,
  settled: async () => undefined
};

/** How the run ended, in the terms of the deployment's last status; undefined when there is none to give. */
export function releaseEnd(report: RunReport, error: unknown, redact: (text: string) => string = (text) => text): ReleaseEnd | undefined {
  const id = report.imageVersionId;
  // Redacted before the line breaks go: a secret spanning lines is still whole here.
  const state = (fallback: string): string => oneLine(redact(report.job?.stateName ?? fallback));
  const rollout = (): string => (report.rollout?.status ? redact(describeRollout(report.rollout.status)) : 'no status received');
  switch (report.result) {
    case 'skipped':
      return undefined;
    case 'created':
      return id === undefined ? { result: 'error', imageVersionId: id } : { result: 'created', imageVersionId: id };
    case 'complete':
      return id === undefined
        ? { result: 'error', imageVersionId: id }
        : { result: 'complete', imageVersionId: id, state: state('Complete') };
    case 'rolled-out':
      return id === undefined ? { result: 'error', imageVersionId: id } : { result: 'rolled-out', imageVersionId: id, rollout: rollout() };
    case 'failed':
      return id === undefined ? { result: 'error', imageVersionId: id } : { result: 'failed', imageVersionId: id, state: state('Failed') };
    case 'squashed':
      return id === undefined
        ? { result: 'error', imageVersionId: id }
        : { result: 'squashed', imageVersionId: id, state: state('Squashed') };
    case 'rollout-failed':
      return id === undefined
        ? { result: 'error', imageVersionId: id }
        : { result: 'rollout-failed', imageVersionId: id, rollout: rollout() };
    case 'timeout':
      return { result: 'timeout', imageVersionId: id, state: report.job?.stateName !== undefined ? state('') : undefined };
    case 'cancelled':
      return { result: 'cancelled', imageVersionId: id };
    case 'error':
      return id === undefined && error instanceof OutcomeUnknownError
        ? { result: 'outcome-unknown' }
        : { result: 'error', imageVersionId: id };
  }
}

export interface TrackerOptions {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  outputs: StepOutputs;
  log: { warning(message: string): void; notice(message: string): void; debug(message: string): void };
  /** Tests pass a fake; default: @actions/github's getOctokit, loaded on first use. */
  octokitFactory?: OctokitFactory | undefined;
  /**
   * The run's redaction (main passes the guard's, runner/core.ts: one secrets list for the
   * runner's sinks and GitHub): applied to every text sent to GitHub and every message.
   */
  redact?: ((text: string) => string) | undefined;
}

/** The record for this run: NO_DEPLOYMENT without environment or on a dry run (nothing is deployed). */
export function deploymentTracker(options: TrackerOptions): DeploymentTracker {
  const { settings, env, outputs, log } = options;
  const redact = options.redact ?? ((text: string) => text);
  const target = settings.deployment;
  if (target === undefined || settings.dryRun) return NO_DEPLOYMENT;
  const recorder = createDeploymentRecorder({
    token: target.token,
    repository: env['GITHUB_REPOSITORY'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    environment: target.environment,
    runUrl: runUrlFromEnv(env),
    apiUrl: env['GITHUB_API_URL'] || undefined,
    warn: (message) => log.warning(message),
    notice: (message) => log.notice(message),
    debug: (message) => log.debug(message),
    redact,
    runId: env['GITHUB_RUN_ID'] || undefined,
    octokitFactory: options.octokitFactory
  });
  const imageId = settings.imageId;
  let started = false;
  let finished = false;
  return {
    creating(diffId) {
      if (started) return;
      started = true;
      void recorder
        .start({ accountServiceId: settings.auth.accountServiceId, diffId, imageId, gameBuild: settings.gameBuild })
        .then((id) => {
          if (id !== undefined) outputs.deployment(id);
        });
      const status = creatingStatus(diffId);
      void recorder.status(status.state, status.description);
    },
    created(imageVersionId, job) {
      if (!started || finished) return;
      const status = createdStatus(imageVersionId, oneLine(redact(job.stateName ?? 'unknown state')));
      void recorder.status(status.state, status.description);
    },
    rollingOut(imageVersionId) {
      if (!started || finished) return;
      const status = rollingOutStatus(imageVersionId);
      void recorder.status(status.state, status.description);
    },
    finish(report, error, timeoutMs) {
      if (!started || finished) return;
      finished = true;
      const end = releaseEnd(report, error, redact);
      if (end === undefined) return;
      const status = finalStatus(end);
      void recorder.status(status.state, status.description, { timeoutMs });
    },
    settled: () => recorder.settled()
  };
}
