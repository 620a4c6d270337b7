/**
 * How a run that did not succeed is reported: the result, the message the step fails with,
 * the remedy, and the outputs that keep the last state seen. A cancel (SIGINT/SIGTERM from
 * the runner) says what was under way and that it goes on in Clanforge.
 */
import { describeState } from '../clanforge/wire/job.ts';
import { ExpectedFailure, TimeoutFailure } from '../errors.ts';
import { statusAdvice } from '../clanforge/remedies.ts';
import type { ActionsCore } from './core.ts';
import type { StepOutputs } from './outputs.ts';
import type { RunReport } from './report.ts';
import { oneLine } from '../format.ts';

export interface Failure {
  error: unknown;
  /** The signal that cancelled the run, if one did. */
  cancelledBy: string | undefined;
  /** accountserviceid, for the status request the remedy names (undefined before the settings were read). */
  asid: number | undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : `unexpected failure: ${String(error)}`;
}

/** Whether the error says it: the Clanforge client's errors tell whether the request went through (clanforge/errors.ts). */
function saysWhatHappened(error: unknown): error is Error {
  return error instanceof Error && 'saysWhatHappened' in error && error.saysWhatHappened === true;
}

/** Cancelled before a version id was known: say what was under way, and what that means. */
export function cancelledEarly(signal: string, report: RunReport, error: unknown): string {
  const said = saysWhatHappened(error) ? ` ${error.message}` : '';
  const stage = report.stages.at(-1);
  const during = stage ? ` during ${stage.stage.toLowerCase()} ${stage.id} (it goes on in Clanforge)` : '';
  return `Cancelled (${signal}) before an image version id was known${during}.${said}`;
}

/** The outputs a failed run still sets: the job and rollout as last seen (a rollout cut short: timeout). */
function keepLastState(outputs: StepOutputs, report: RunReport, cancelled: boolean): void {
  if (report.imageVersionId !== undefined && report.job) outputs.job(report.imageVersionId, report.job);
  if (report.rollout && (report.result === 'timeout' || cancelled)) report.rollout.result ??= 'timeout';
  if (report.rollout?.result) outputs.rollout(report.rollout.status, report.rollout.result);
}

function cancelled(report: RunReport, signal: string, failure: Failure): string {
  report.result = 'cancelled';
  const id = report.imageVersionId;
  if (id === undefined) return cancelledEarly(signal, report, failure.error);
  const last = report.job ? oneLine(describeState(report.job)) : 'unknown';
  report.happened = `Cancelled (${signal}) while waiting for image version ${id}; last state ${last}.`;
  report.remedy = statusAdvice(id, failure.asid);
  return `${report.happened} ${report.remedy}`;
}

/** How the run failed, into the report and the outputs; returns the message the step fails with. */
export function recordFailure(core: Pick<ActionsCore, 'debug'>, outputs: StepOutputs, report: RunReport, failure: Failure): string {
  const { error, cancelledBy } = failure;
  if (!cancelledBy && error instanceof TimeoutFailure) report.result = 'timeout';
  keepLastState(outputs, report, cancelledBy !== undefined);
  if (cancelledBy) return (report.message = cancelled(report, cancelledBy, failure));
  if (report.result === 'created' || report.result === 'complete' || report.result === 'rolled-out') report.result = 'error';
  report.message = errorMessage(error);
  // What happened and what to do next, carried apart by the error: the summary shows each on its own.
  if (error instanceof ExpectedFailure) {
    report.happened = error.happened;
    report.remedy = error.remedy;
  }
  if (!(error instanceof ExpectedFailure) && error instanceof Error && error.stack) {
    // Unexpected errors keep their stack for debugging, off the main log (one debug line per frame).
    for (const line of error.stack.split('\n')) core.debug(line);
  }
  return report.message;
}
