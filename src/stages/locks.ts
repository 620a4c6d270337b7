/**
 * What locks an image, on the two calls that meet it: imagediff/create and
 * imageupdate/create (Unity's own sample meets "image locked by diffid: N" on the
 * update). The same rules on both:
 * - locked by a diff: fail naming it and the remedy, or with reject_locking_diff reject
 *   it (reinstall=0) and make the call again, once;
 * - locked by an image update: fail naming it; no automatic action (an update cannot be
 *   rejected, it ends by itself).
 * The errors carry the ids; clanforge/locks.ts words them.
 */
import { ImageLockedError, UpdateLockedError } from '../clanforge/errors.ts';
import { lockedByDiff, lockedByUpdate } from '../clanforge/remedies.ts';
import type { StageContext } from './context.ts';

export interface LockedCall<T> {
  imageId: number;
  /** After 'Could not ': 'create the image diff', 'start the image update'. */
  what: string;
  /** Said when it is tried again: 'creating the diff again'. */
  again: string;
  call: () => Promise<T>;
}

export async function withLockHandling<T>(ctx: StageContext, locked: LockedCall<T>): Promise<T> {
  const { client, settings: s, log } = ctx;
  const { imageId, what } = locked;
  const asid = client.core.v1Asid;
  try {
    return await locked.call();
  } catch (error) {
    if (error instanceof UpdateLockedError) {
      const id = error.lockingUpdateId;
      throw new UpdateLockedError(lockedByUpdate(what, imageId, id, asid), id, { status: error.status, cause: error });
    }
    if (!(error instanceof ImageLockedError)) throw error;
    const lockingDiff = error.lockingDiffId;
    if (!s.rejectLockingDiff) {
      throw new ImageLockedError(lockedByDiff(what, imageId, lockingDiff, asid), lockingDiff, { status: error.status, cause: error });
    }
    log.warning(
      `Image ${imageId} is locked by diff ${lockingDiff}. reject_locking_diff is true: REJECTING DIFF ${lockingDiff} (reinstall=0) and ${locked.again}, once.`
    );
    await client.diffs.reject(lockingDiff);
    log.info(`Rejected diff ${lockingDiff}.`);
    return locked.call();
  }
}
