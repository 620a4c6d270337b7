/** The failures the Clanforge client reports: each says what happened and, apart, what to do. */
import { ExpectedFailure, type FailureText } from '../errors.ts';

export interface ClanforgeErrorOptions {
  status?: number | undefined;
  transient?: boolean;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** A definite failure reported by, or on the way to, Clanforge. */
export class ClanforgeError extends ExpectedFailure {
  /** The message says whether anything was created (a cancelled run repeats it: runner/failure.ts). */
  readonly saysWhatHappened = true;
  readonly status: number | undefined;
  /** Safe to ask again later (network trouble, 5xx, 429): only status polls use it. */
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(text: string | FailureText, options: ClanforgeErrorOptions = {}) {
    super(text, { cause: options.cause });
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

type LockErrorOptions = Pick<ClanforgeErrorOptions, 'status' | 'cause'>;

/**
 * imagediff/create or imageupdate/create refused because an earlier diff, neither
 * accepted nor rejected, locks the image: `lockingDiffId` names it (read once from the
 * answer, lockFromMessage). The remedy comes from clanforge/locks.ts.
 */
export class ImageLockedError extends ClanforgeError {
  readonly lockingDiffId: number;
  constructor(text: FailureText, lockingDiffId: number, options: LockErrorOptions = {}) {
    super(text, options);
    this.lockingDiffId = lockingDiffId;
  }
}

/** imageupdate/create or imagediff/create refused while an image update runs ("locked by updateid: N"): `lockingUpdateId` names it. */
export class UpdateLockedError extends ClanforgeError {
  readonly lockingUpdateId: number;
  constructor(text: FailureText, lockingUpdateId: number, options: LockErrorOptions = {}) {
    super(text, options);
    this.lockingUpdateId = lockingUpdateId;
  }
}

/**
 * The state-changing request may or may not have been processed: never repeat it.
 * `happened` says what happened to the request; `remedy`, what to check before a re-run.
 * `checkable`: Clanforge got the request and its answer was lost or was a 5xx, so safe
 * reads can tell what happened (the outcome check after a create). Not for a redirect or
 * an answer of the wrong shape: those come from something that does not behave as the
 * API does, and the reads would go to it too.
 */
export class OutcomeUnknownError extends ExpectedFailure {
  /** The message says whether anything was created (a cancelled run repeats it: runner/failure.ts). */
  readonly saysWhatHappened = true;
  readonly checkable: boolean;
  constructor(text: string | FailureText, options: { cause?: unknown; checkable?: boolean } = {}) {
    super(text, { cause: options.cause });
    this.checkable = options.checkable ?? false;
  }
}

/** A status read that failed in a way that is safe to ask again (the poll loop's isTransient). */
export function isTransient(error: unknown): error is ClanforgeError {
  return error instanceof ClanforgeError && error.transient;
}
