/**
 * An expected way for the step to fail (a failed job, a timeout, an empty diff under
 * on_no_changes: fail): its message says everything, so no stack trace is logged.
 */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}
