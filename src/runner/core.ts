/**
 * The runner, as the action sees it: @actions/core behind one guard.
 *
 * ActionsCore is the part of @actions/core the action uses, so tests pass a recording
 * fake and `npx @github/local-action` (which stands in for @actions/core) sees every
 * output, mask and summary piece.
 *
 * The guard is the one place text reaches the runner. main wraps the runner's core in it
 * before anything is said, so every log line, group title, annotation, output and
 * summary piece (the client's own log lines included) goes through untrustedText for
 * its sink, whoever built the message: the action's fixed messages interpolate
 * outside values freely, and the guard does not need to tell the two apart.
 *
 * - info, debug, group titles: one line each (the action's own log lines have no
 *   line breaks, so every break shown as ⏎ came from outside).
 * - warning, error, notice, setFailed: line breaks kept, each line neutralised, cut with a note.
 * - setOutput: redacted, cut; the value keeps its newlines (heredoc form).
 * - summary: each piece redacted (raw and HTML-escaped forms of every secret); a
 *   piece that would take the summary past MAX_SUMMARY_BYTES is left out, and a note
 *   says how much was. Escaping is done where the HTML is built (summary.ts).
 * - setSecret: the value is masked by the runner and redacted here from then on.
 */
import * as core from '@actions/core';
import { Secrets, untrustedText } from './untrusted-text.ts';

/** The part of the job summary builder the action uses; core.summary is one. */
export interface SummaryBuilder {
  addHeading(text: string, level?: number | string): SummaryBuilder;
  addRaw(text: string, addEOL?: boolean): SummaryBuilder;
  write(options?: { overwrite?: boolean }): Promise<unknown>;
  emptyBuffer(): SummaryBuilder;
}

/** What the action needs from the runner: a subset of @actions/core's API. */
export type ActionsCore = Pick<
  typeof core,
  | 'getInput'
  | 'setOutput'
  | 'setSecret'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'debug'
  | 'isDebug'
  | 'startGroup'
  | 'endGroup'
  | 'setFailed'
> & {
  readonly summary: SummaryBuilder;
  /**
   * A terminal's one live progress line: shows a wait's progress text in place and says
   * true, so the wait writes no progress line of its own; absent (the runner): lines as usual.
   */
  readonly live?: ((text: string) => boolean) | undefined;
};

/**
 * @actions/core itself. One difference: outside a runner (no GITHUB_OUTPUT file) an
 * output falls back to a stdout command, where a legacy `##[` would act anywhere in the
 * line, so it is neutralised there.
 */
export const runnerCore: ActionsCore = {
  getInput: core.getInput,
  setOutput: (name, value) => core.setOutput(name, process.env['GITHUB_OUTPUT'] ? value : String(value).replaceAll('##[', '##［')),
  setSecret: core.setSecret,
  info: core.info,
  notice: core.notice,
  warning: core.warning,
  error: core.error,
  debug: core.debug,
  isDebug: core.isDebug,
  startGroup: core.startGroup,
  endGroup: core.endGroup,
  setFailed: core.setFailed,
  summary: core.summary
};

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const MAX_SUMMARY_BYTES = 512 * 1024;

export interface GuardedCore extends ActionsCore {
  readonly secrets: Secrets;
}

class GuardedSummary implements SummaryBuilder {
  #used = 0;
  #leftOut = 0;
  readonly #inner: SummaryBuilder;
  readonly #secrets: Secrets;

  constructor(inner: SummaryBuilder, secrets: Secrets) {
    this.#inner = inner;
    this.#secrets = secrets;
  }

  /** Whether a piece of this many bytes still fits; counts it either way. */
  #fits(bytes: number): boolean {
    if (this.#used + bytes > MAX_SUMMARY_BYTES) {
      this.#leftOut += bytes;
      return false;
    }
    this.#used += bytes;
    return true;
  }

  addHeading(text: string, level?: number | string): this {
    const safe = this.#secrets.redact(text);
    if (this.#fits(Buffer.byteLength(safe) + 12)) this.#inner.addHeading(safe, level);
    return this;
  }

  addRaw(text: string, addEOL?: boolean): this {
    const safe = this.#secrets.redact(text);
    if (this.#fits(Buffer.byteLength(safe) + 1)) this.#inner.addRaw(safe, addEOL);
    return this;
  }

  async write(options?: { overwrite?: boolean }): Promise<unknown> {
    if (this.#leftOut > 0) {
      this.#inner.addRaw(
        `<p>… ${this.#leftOut} more bytes of this summary were left out: GitHub refuses a step summary over 1 MiB.</p>`,
        true
      );
    }
    this.#used = 0;
    this.#leftOut = 0;
    return this.#inner.write(options);
  }

  emptyBuffer(): this {
    this.#used = 0;
    this.#leftOut = 0;
    this.#inner.emptyBuffer();
    return this;
  }
}

/** An Error is shown as core shows it (`Name: message`). */
const text = (message: string | Error): string => (message instanceof Error ? message.toString() : message);

export function guardCore(inner: ActionsCore, secrets: Secrets = new Secrets()): GuardedCore {
  const log = (message: string): string => untrustedText(message, 'log', secrets);
  const annotation = (message: string | Error): string => untrustedText(text(message), 'annotation', secrets);
  return {
    secrets,
    getInput: (name, options) => inner.getInput(name, options),
    setSecret: (secret) => {
      if (secret === '') return;
      secrets.add(secret);
      inner.setSecret(secret);
    },
    setOutput: (name, value) => inner.setOutput(name, untrustedText(String(value), 'output', secrets)),
    info: (message) => inner.info(log(message)),
    debug: (message) => inner.debug(log(message)),
    notice: (message, properties) => inner.notice(annotation(message), properties),
    warning: (message, properties) => inner.warning(annotation(message), properties),
    error: (message, properties) => inner.error(annotation(message), properties),
    setFailed: (message) => inner.setFailed(annotation(message)),
    isDebug: () => inner.isDebug(),
    startGroup: (name) => inner.startGroup(log(name)),
    endGroup: () => inner.endGroup(),
    ...(inner.live !== undefined ? { live: (text: string) => inner.live?.(log(text)) ?? false } : {}),
    summary: new GuardedSummary(inner.summary, secrets)
  };
}
