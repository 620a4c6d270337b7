/**
 * The deployment status for each point of the release, and its description as it appears
 * on the repository's Environments page. The image version id lives here: a deployment's
 * payload cannot change after the create, which happens before the id is known.
 *
 * The state texts passed in come from Clanforge answers: they only ever reach GitHub's
 * web page, redacted with the run's secrets list (deployment-tracker.ts, then the recorder
 * again) and cut to one line of 140 characters, never the runner.
 */
import type { DeploymentState } from './deployment.ts';

export interface StatusText {
  state: DeploymentState;
  description: string;
}

/** How the release ended, in the action's result terms (outputs.ts Result), with what each needs to be described. */
export type ReleaseEnd =
  /** wait: false: the version was created and not waited for. */
  | { result: 'created'; imageVersionId: number }
  | { result: 'complete'; imageVersionId: number; state: string }
  /** wait_for: rollout, no machine pending; rollout as describeRollout gives it. */
  | { result: 'rolled-out'; imageVersionId: number; rollout: string }
  | { result: 'failed'; imageVersionId: number; state: string }
  | { result: 'squashed'; imageVersionId: number; state: string }
  | { result: 'rollout-failed'; imageVersionId: number; rollout: string }
  /** wait_timeout ran out; the job goes on in Clanforge. state: the last one seen. */
  | { result: 'timeout'; imageVersionId: number | undefined; state: string | undefined }
  /** imageversion/create was sent and its answer lost: the version may exist. */
  | { result: 'outcome-unknown' }
  | { result: 'cancelled'; imageVersionId: number | undefined }
  /** Any other failure after the deployment was started. */
  | { result: 'error'; imageVersionId: number | undefined };

/** Once imageversion/create is sent: the id is not known yet. */
export function creatingStatus(diffId: number): StatusText {
  return { state: 'in_progress', description: `creating an image version from diff ${diffId}` };
}

/** Once imageversion/create answered and the wait begins: the first place the id appears. */
export function createdStatus(imageVersionId: number, state: string): StatusText {
  return { state: 'in_progress', description: `image version ${imageVersionId}: ${state}, waiting for the install job` };
}

/** After a Complete job, while the machines install it (wait_for: rollout). */
export function rollingOutStatus(imageVersionId: number): StatusText {
  return { state: 'in_progress', description: `image version ${imageVersionId}: Complete, waiting for the rollout` };
}

/** The last status of the release. */
export function finalStatus(end: ReleaseEnd): StatusText {
  switch (end.result) {
    case 'created':
      return { state: 'success', description: `image version ${end.imageVersionId} created (not waited for)` };
    case 'complete':
      return { state: 'success', description: `image version ${end.imageVersionId}: ${end.state}` };
    case 'rolled-out':
      return { state: 'success', description: `image version ${end.imageVersionId}: Complete, rolled out (${end.rollout})` };
    case 'failed':
      return { state: 'failure', description: `image version ${end.imageVersionId}: ${end.state}` };
    case 'squashed':
      return { state: 'failure', description: `image version ${end.imageVersionId}: ${end.state} (superseded by a newer job)` };
    case 'rollout-failed':
      return { state: 'failure', description: `image version ${end.imageVersionId}: rollout failed (${end.rollout})` };
    case 'timeout':
      return end.imageVersionId !== undefined
        ? {
            state: 'error',
            description: `image version ${end.imageVersionId}: timed out waiting${end.state ? ` (last state ${end.state})` : ''}; it goes on in Clanforge`
          }
        : { state: 'error', description: 'timed out before an image version was created' };
    case 'outcome-unknown':
      return {
        state: 'error',
        description: 'image version create: outcome unknown (the answer was lost); check Clanforge before running again'
      };
    case 'cancelled':
      return end.imageVersionId !== undefined
        ? { state: 'error', description: `cancelled while waiting for image version ${end.imageVersionId}; it goes on in Clanforge` }
        : { state: 'error', description: 'cancelled before an image version id was known' };
    case 'error':
      return end.imageVersionId !== undefined
        ? { state: 'error', description: `image version ${end.imageVersionId}: the step failed, see the run` }
        : { state: 'error', description: 'the step failed before an image version was created, see the run' };
  }
}
