/**
 * What to do next, worded once for each situation: a lock on the image (the client's lock
 * errors and the lock handling of the update and diff stages, stages/locks.ts), a job the
 * action no longer waits for, a failed or squashed job, machines that failed to install.
 * The README quotes the lock remedy (a contract test keeps them equal).
 */
import type { FailureText } from '../errors.ts';
import { asidQuery } from './requests.ts';

/** The query of a reject shown in advice: ?accountserviceid=N&reinstall=0, or ?reinstall=0 without the ASID. */
export function rejectQuery(asid: number | undefined): string {
  const query = asidQuery(asid);
  return query === '' ? '?reinstall=0' : `${query}&reinstall=0`;
}

/** What to do about a diff that locks the image. */
export function imageLockedRemedy(lockingDiff: number, asid: number | undefined): string {
  return `Reject it (GET /cfp/v1/imagediff/${lockingDiff}/reject${rejectQuery(asid)}) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.`;
}

/** What to do while an image update locks the image. */
export function updateLockedRemedy(updateId: number, asid: number | undefined): string {
  return `Wait for update ${updateId} to end (GET /cfp/v1/imageupdate/${updateId}/status${asidQuery(asid)}), then re-run. The action does nothing about an update it did not start.`;
}

/** The call (`what`, after 'Could not ') was refused while an earlier diff locks the image. */
export function lockedByDiff(what: string, imageId: number, lockingDiff: number, asid: number | undefined): FailureText {
  return {
    happened: `Could not ${what}: image ${imageId} is locked by diff ${lockingDiff}, which was neither accepted nor rejected.`,
    remedy: imageLockedRemedy(lockingDiff, asid)
  };
}

/** The call was refused while an image update runs on the image. */
export function lockedByUpdate(what: string, imageId: number, updateId: number, asid: number | undefined): FailureText {
  return {
    happened: `Could not ${what}: image ${imageId} is locked by image update ${updateId}, which has not finished.`,
    remedy: updateLockedRemedy(updateId, asid)
  };
}

/** How to follow a job the action no longer waits for. */
export function statusAdvice(imageVersionId: number, asid: number | undefined): string {
  return `The job goes on in Clanforge (there is no cancel call): follow it in the dashboard or with GET /cfp/v1/imageversion/${imageVersionId}/status${asidQuery(asid)}.`;
}

/** What to do after the version's job failed. */
export function failedJobAdvice(imageVersionId: number): string {
  return `See the job of image version ${imageVersionId} in the Clanforge dashboard for the machines it failed on; fix the cause, then deploy again.`;
}

/** What to do after the version's job was squashed. */
export const SQUASHED_ADVICE = "Check the image's jobs in the Clanforge dashboard.";

/** What to do about machines that failed to install. */
export const FAILED_MACHINES_ADVICE = 'Check the failed machines in the Clanforge dashboard.';
