/** What a command needs of the process, passed in so tests can stand in for it. */
import type { RunEnd } from '../main.ts';
import type { LogStream } from './terminal-core.ts';

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: LogStream;
  /** Where SIGINT and SIGTERM come from. */
  signals: NodeJS.EventEmitter | undefined;
  /** Ends the process at once: the last resort after a cancel, should the graceful end hang. */
  exit: (code: number) => void;
}

/** The exit codes a script can act on (docs/cli.md). */
export const EXIT_CODES: Readonly<Record<RunEnd, number>> = {
  done: 0,
  failed: 1,
  'bad-input': 2,
  'outcome-unknown': 3,
  cancelled: 130
};

/** Whether stderr can hold a live line: a terminal that is not dumb. */
export function isLiveTerminal(io: Pick<CommandIo, 'stderr' | 'env'>): boolean {
  return io.stderr.isTTY === true && io.env['TERM'] !== 'dumb';
}
