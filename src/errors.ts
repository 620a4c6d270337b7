/**
 * An expected way for the step to fail (bad inputs, a failed job, a timeout, an API
 * failure, an empty diff under on_no_changes: fail): its message says everything a
 * person needs, so no stack trace is logged. Anything else is a bug, and keeps its stack.
 */
export class ExpectedFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * wait_timeout ran out during a wait (image update, image diff, version job, rollout):
 * the step reports `timeout`. What was waited for goes on in Clanforge.
 */
export class TimeoutFailure extends ExpectedFailure {}
