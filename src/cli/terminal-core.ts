/**
 * The runner, as the command line stands in for it: the ActionsCore the engine talks to
 * (runner/core.ts), behind the same guard that redacts every secret and neutralises
 * outside text (main.ts wraps it).
 *
 * - info, notice, warning, error, group titles and (with --debug) debug lines go to
 *   stderr as plain text (`warning: …`), never as workflow commands.
 * - setSecret: nothing to do here; the guard keeps the secret and redacts it.
 * - setOutput collects the outputs (for --json); setFailed prints the failure and keeps it.
 * - summary: a SummaryFile (--summary FILE).
 * - live: on a terminal, the one progress line of a wait, rewritten in place (carriage
 *   return, clear line), cut to the terminal's width so it stays one line, cleared before
 *   any other line and when a wait's group ends; off a terminal there is none, and the
 *   engine prints its plain progress lines.
 */
import type { ActionsCore, SummaryBuilder } from '../runner/core.ts';

/** Where the log goes: process.stderr, or a test's stand-in. */
export interface LogStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

const CLEAR_LINE = '\r\x1b[2K';

/** The one live line of a terminal. */
class LiveLine {
  #text: string | undefined;
  #shown = false;
  readonly #out: LogStream;

  constructor(out: LogStream) {
    this.#out = out;
  }

  show(text: string): void {
    this.#text = text;
    this.#draw();
  }

  /** Prints a line above the live line, which stays. */
  print(line: string): void {
    this.#clear();
    this.#out.write(`${line}\n`);
    if (this.#text !== undefined) this.#draw();
  }

  /** The wait is over (or the run): the live line goes. */
  end(): void {
    this.#clear();
    this.#text = undefined;
  }

  #draw(): void {
    // A terminal that does not say its width (0) is taken as 80 columns.
    const width = Math.max(20, (this.#out.columns || 80) - 1);
    const chars = [...(this.#text ?? '')];
    const text = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('');
    this.#out.write(`${CLEAR_LINE}${text}`);
    this.#shown = true;
  }

  #clear(): void {
    if (!this.#shown) return;
    this.#out.write(CLEAR_LINE);
    this.#shown = false;
  }
}

export interface TerminalCore extends ActionsCore {
  /** The outputs as last set, by name. */
  readonly outputs: ReadonlyMap<string, string>;
  /** The message the run failed with, if it failed. */
  failure(): string | undefined;
  /** Prints a line of the command line's own (through the live line, when there is one). */
  print(line: string): void;
  /** Clears the live line at the end of the run. */
  close(): void;
}

export interface TerminalOptions {
  stderr: LogStream;
  getInput: (name: string) => string;
  debug: boolean;
  summary: SummaryBuilder;
  /** Whether to keep one live progress line: a terminal that is not dumb. */
  live: boolean;
}

/** `warning: first line`, further lines indented under it. */
function prefixed(prefix: string, message: string | Error): string {
  const text = message instanceof Error ? message.toString() : message;
  return `${prefix}: ${text.split('\n').join('\n  ')}`;
}

export function terminalCore(options: TerminalOptions): TerminalCore {
  const { stderr, debug } = options;
  const live = options.live ? new LiveLine(stderr) : undefined;
  const print = (line: string): void => {
    if (live) live.print(line);
    else stderr.write(`${line}\n`);
  };
  const outputs = new Map<string, string>();
  let failure: string | undefined;
  return {
    outputs,
    failure: () => failure,
    print,
    close: () => live?.end(),
    getInput: (name, opts) => {
      const value = options.getInput(name);
      return opts?.trimWhitespace === false ? value : value.trim();
    },
    setOutput: (name, value) => void outputs.set(name, String(value)),
    setSecret: () => undefined,
    info: (message) => print(message),
    notice: (message) => print(prefixed('notice', message)),
    warning: (message) => print(prefixed('warning', message)),
    error: (message) => print(prefixed('error', message)),
    debug: (message) => {
      if (debug) print(`debug: ${message}`);
    },
    isDebug: () => debug,
    startGroup: (name) => {
      live?.end();
      print(name);
    },
    endGroup: () => live?.end(),
    setFailed: (message) => {
      failure = message instanceof Error ? message.message : message;
      print(prefixed('error', message));
    },
    summary: options.summary,
    ...(live
      ? {
          live: (text: string) => {
            live.show(text);
            return true;
          }
        }
      : {})
  };
}
