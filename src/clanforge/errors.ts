/** The failures the Clanforge client reports: each message says what happened and what to do. */
import { ExpectedFailure } from '../errors.ts';

/** A definite failure reported by, or on the way to, Clanforge. */
export class ClanforgeError extends ExpectedFailure {
  readonly status: number | undefined;
  /** Safe to ask again later (network trouble, 5xx, 429): only status polls use it. */
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { status?: number | undefined; transient?: boolean; retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * imagediff/create refused because an earlier diff, neither accepted nor rejected,
 * locks the image: `lockingDiffId` names it.
 */
export class ImageLockedError extends ClanforgeError {
  readonly lockingDiffId: number;
  constructor(message: string, lockingDiffId: number, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(message, options);
    this.lockingDiffId = lockingDiffId;
  }
}

/** The state-changing request may or may not have been processed: never repeat it. */
export class OutcomeUnknownError extends ExpectedFailure {}

/** A status read that failed in a way that is safe to ask again (the poll loop's isTransient). */
export function isTransient(error: unknown): error is ClanforgeError {
  return error instanceof ClanforgeError && error.transient;
}

const LOCKED = /image locked by diffid:?\s*(\d+)/i;

/** The diff that locks the image, when an API message says the image is locked. */
export function lockingDiffOf(message: string): number | undefined {
  const id = LOCKED.exec(message)?.[1];
  return id === undefined ? undefined : Number(id);
}
