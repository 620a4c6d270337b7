/** The failures the Clanforge client reports: each message says what happened and what to do. */
import { ExpectedFailure } from '../errors.ts';

/** A definite failure reported by, or on the way to, Clanforge. */
export class ClanforgeError extends ExpectedFailure {
  /** The message says whether anything was created (a cancelled run repeats it: runner/failure.ts). */
  readonly saysWhatHappened = true;
  readonly status: number | undefined;
  /** Safe to ask again later (network trouble, 5xx, 429): only status polls use it. */
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  /** What to do next, when known: the message's last line(s), kept apart so the summary can show it on its own. */
  readonly remedy: string | undefined;
  constructor(message: string, options: ClanforgeErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.remedy = options.remedy !== undefined && message.endsWith(options.remedy) ? options.remedy : undefined;
  }
}

export interface ClanforgeErrorOptions {
  status?: number | undefined;
  transient?: boolean;
  retryAfterMs?: number | undefined;
  cause?: unknown;
  /** The end of the message that says what to do next. */
  remedy?: string | undefined;
}

type LockErrorOptions = Pick<ClanforgeErrorOptions, 'status' | 'cause' | 'remedy'>;

/**
 * imagediff/create refused because an earlier diff, neither accepted nor rejected,
 * locks the image: `lockingDiffId` names it (read once from the answer, lockFromMessage).
 */
export class ImageLockedError extends ClanforgeError {
  readonly lockingDiffId: number;
  constructor(message: string, lockingDiffId: number, options: LockErrorOptions = {}) {
    super(message, options);
    this.lockingDiffId = lockingDiffId;
  }
}

/** imageupdate/create or imagediff/create refused while an image update runs ("locked by updateid: N"): `lockingUpdateId` names it. */
export class UpdateLockedError extends ClanforgeError {
  readonly lockingUpdateId: number;
  constructor(message: string, lockingUpdateId: number, options: LockErrorOptions = {}) {
    super(message, options);
    this.lockingUpdateId = lockingUpdateId;
  }
}

/**
 * The state-changing request may or may not have been processed: never repeat it.
 * `happened` says what happened to the request, without the advice on what to check.
 * `checkable`: Clanforge got the request and its answer was lost or was a 5xx, so safe
 * reads can tell what happened (the outcome check after a create). Not for a redirect or
 * an answer of the wrong shape: those come from something that does not behave as the
 * API does, and the reads would go to it too.
 */
export class OutcomeUnknownError extends ExpectedFailure {
  /** The message says whether anything was created (a cancelled run repeats it: runner/failure.ts). */
  readonly saysWhatHappened = true;
  readonly happened: string;
  readonly checkable: boolean;
  constructor(message: string, options: { cause?: unknown; happened?: string; checkable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.happened = options.happened ?? message;
    this.checkable = options.checkable ?? false;
  }
}

/** A status read that failed in a way that is safe to ask again (the poll loop's isTransient). */
export function isTransient(error: unknown): error is ClanforgeError {
  return error instanceof ClanforgeError && error.transient;
}
