/**
 * What locks an image, on the two calls that meet it: imagediff/create and
 * imageupdate/create (Unity's own sample meets "image locked by diffid: N" on the
 * update). The same rules on both:
 * - locked by a diff: fail naming it and the remedy, or with reject_locking_diff reject
 *   it (reinstall=0) and make the call again, once;
 * - locked by an image update: fail naming it; no automatic action (an update cannot be
 *   rejected, it ends by itself).
 */
import { ImageLockedError, UpdateLockedError } from '../clanforge/errors.ts';
import { asidQuery } from '../clanforge/requests.ts';
import type { StageContext } from './context.ts';

export interface LockedCall<T> {
  imageId: number;
  /** After 'Could not ': 'create the image diff', 'start the image update'. */
  what: string;
  /** Said when it is tried again: 'creating the diff again'. */
  again: string;
  call: () => Promise<T>;
}

/** The query of a reject shown in advice: ?accountserviceid=N&reinstall=0, or ?reinstall=0 with a token alone. */
export function rejectQuery(asid: number | undefined): string {
  const query = asidQuery(asid);
  return query === '' ? '?reinstall=0' : `${query}&reinstall=0`;
}

/** Why the call cannot be made while an earlier diff locks the image (reject_locking_diff: false); a dry run says the same. */
export function imageLockedMessage(imageId: number, lockingDiff: number, asid: number | undefined, what = 'create the image diff'): string {
  return `Could not ${what}: image ${imageId} is locked by diff ${lockingDiff}, which was neither accepted nor rejected.\n${imageLockedRemedy(lockingDiff, asid)}`;
}

/** What to do about a diff that locks the image: the last line of imageLockedMessage. */
export function imageLockedRemedy(lockingDiff: number, asid: number | undefined): string {
  return `Reject it (GET /cfp/v1/imagediff/${lockingDiff}/reject${rejectQuery(asid)}) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.`;
}

/** Why the call cannot be made while an image update runs; no automatic action. */
export function updateLockedMessage(imageId: number, updateId: number, asid: number | undefined, what: string): string {
  return `Could not ${what}: image ${imageId} is locked by image update ${updateId}, which has not finished.\n${updateLockedRemedy(updateId, asid)}`;
}

/** What to do while an image update locks the image: the last line of updateLockedMessage. */
export function updateLockedRemedy(updateId: number, asid: number | undefined): string {
  return `Wait for update ${updateId} to end (GET /cfp/v1/imageupdate/${updateId}/status${asidQuery(asid)}), then re-run. The action does nothing about an update it did not start.`;
}

export async function withLockHandling<T>(ctx: StageContext, locked: LockedCall<T>): Promise<T> {
  const { client, settings: s, log } = ctx;
  const { imageId, what } = locked;
  const asid = s.auth.accountServiceId;
  try {
    return await locked.call();
  } catch (error) {
    if (error instanceof UpdateLockedError) {
      throw new UpdateLockedError(updateLockedMessage(imageId, error.lockingUpdateId, asid, what), error.lockingUpdateId, {
        status: error.status,
        cause: error,
        remedy: updateLockedRemedy(error.lockingUpdateId, asid)
      });
    }
    if (!(error instanceof ImageLockedError)) throw error;
    const lockingDiff = error.lockingDiffId;
    if (!s.rejectLockingDiff) {
      throw new ImageLockedError(imageLockedMessage(imageId, lockingDiff, asid, what), lockingDiff, {
        status: error.status,
        cause: error,
        remedy: imageLockedRemedy(lockingDiff, asid)
      });
    }
    log.warning(
      `Image ${imageId} is locked by diff ${lockingDiff}. reject_locking_diff is true: REJECTING DIFF ${lockingDiff} (reinstall=0) and ${locked.again}, once.`
    );
    await client.rejectImageDiff(lockingDiff);
    log.info(`Rejected diff ${lockingDiff}.`);
    return locked.call();
  }
}
