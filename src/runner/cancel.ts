/**
 * Cancellation: the runner sends SIGINT/SIGTERM when a workflow is cancelled. The signal
 * aborts every wait and request; the process ends after a grace period, should the
 * graceful path (log, outputs, summary) hang.
 */

/** How long a cancelled run may take to log and write its summary before it is ended. */
export const CANCEL_GRACE_MS = 1500;

export interface Cancellation {
  controller: AbortController;
  /** The signal that cancelled the run, if one did. */
  cancelledBy(): string | undefined;
  /** Stops listening (the run is over). */
  stop(): void;
}

export function onCancel(signals: NodeJS.EventEmitter | undefined, exit: (code: number) => void): Cancellation {
  const controller = new AbortController();
  let cancelledBy: string | undefined;
  const onSignal = (name: string) => (): void => {
    if (cancelledBy) return;
    cancelledBy = name;
    controller.abort();
    setTimeout(() => exit(1), CANCEL_GRACE_MS).unref();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  signals?.on('SIGINT', onInt).on('SIGTERM', onTerm);
  return { controller, cancelledBy: () => cancelledBy, stop: () => signals?.off('SIGINT', onInt).off('SIGTERM', onTerm) };
}
