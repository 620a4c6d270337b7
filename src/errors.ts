/**
 * An expected way for the step to fail (bad inputs, a failed job, a timeout, an API
 * failure, an empty diff under on_no_changes: fail): what happened and what to do next
 * are carried apart, so the summary can show each in its place and no message is taken
 * apart again. The message says everything a person needs, so no stack trace is logged.
 * Anything else is a bug, and keeps its stack.
 */
export interface FailureText {
  /** What happened: the first line is the summary's headline. */
  readonly happened: string;
  /** What to do next, when the failure knows it. */
  readonly remedy?: string | undefined;
  /** How the message joins the two: on its own line (default) or in the same paragraph. */
  readonly join?: '\n' | ' ';
}

export class ExpectedFailure extends Error {
  readonly happened: string;
  readonly remedy: string | undefined;
  readonly join: '\n' | ' ';
  constructor(text: string | FailureText, options?: ErrorOptions) {
    const { happened, remedy, join = '\n' } = typeof text === 'string' ? { happened: text } : text;
    super(remedy === undefined ? happened : `${happened}${join}${remedy}`, options);
    this.name = new.target.name;
    this.happened = happened;
    this.remedy = remedy;
    this.join = join;
  }
}

/**
 * wait_timeout ran out during a wait (image update, image diff, version job, rollout):
 * the step reports `timeout`. What was waited for goes on in Clanforge.
 */
export class TimeoutFailure extends ExpectedFailure {}
