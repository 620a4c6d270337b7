/**
 * Text from outside the action (any field of any answer, error bodies, inputs echoed
 * back) on its way to the runner. The runner executes a stdout line that starts with
 * `::` (after leading whitespace) and a legacy `##[...]` command anywhere in a line;
 * it splits stdout at LF and at a lone CR. `untrustedText` is the one function such
 * text goes through, with one variant per sink:
 *
 * - `log`: one line. Secrets → `***`, CR/LF → `⏎`, other control characters → `�`,
 *   `##[` → `##［` and a leading `::` → `：:`, cut at MAX_LOG_CHARS with a note.
 * - `annotation`: the message of a warning or error. The action's own messages use
 *   line breaks (cause, then advice; a multi-line joberror), and the command protocol
 *   escapes them (%0A), so the whole message stays one stdout line after `::error::`
 *   and its lines are data: they keep their breaks and a `::` of their own; control
 *   characters and `##[` are neutralised; cut at MAX_ANNOTATION_CHARS with a note.
 * - `output`: secrets → `***`, everything else intact (newlines too: GITHUB_OUTPUT takes
 *   the heredoc form), cut at MAX_TEXT_CHARS.
 * - `summary-cell` / `summary-pre`: secrets → `***`, cut at MAX_TEXT_CHARS, HTML-escaped;
 *   newlines become `<br>` in a cell and stay inside `<pre>`. The summary is not read
 *   for commands, so `::` and `##[` stay as they came.
 */

import { LINE_BREAK, oneLine } from '../format.ts';

/** Longest single log line; a changed path or a state name never needs more. */
export const MAX_LOG_CHARS = 8 * 1024;
/** Annotations are shown in a box: the runner shortens long ones anyway, so say it here. */
export const MAX_ANNOTATION_CHARS = 4 * 1024;
/** Any one API text (joberror, error_message, changed paths) in the summary or an output. */
export const MAX_TEXT_CHARS = 64 * 1024;

export type Sink = 'log' | 'annotation' | 'output' | 'summary-cell' | 'summary-pre';

/**
 * The values that must never leave the action: keys, token, the build URL and its
 * credentials. Replaced longest first, so a key inside the token is not half-replaced;
 * each also in its HTML-escaped form, which is how it sits in the summary.
 */
export class Secrets {
  #values: string[] = [];

  add(secret: string): void {
    for (const form of [secret, escapeHtml(secret)]) {
      if (form !== '' && !this.#values.includes(form)) this.#values.push(form);
    }
    this.#values.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#values) if (result.includes(secret)) result = result.split(secret).join('***');
    return result;
  }

  get size(): number {
    return this.#values.length;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Control characters other than tab: ANSI escapes could repaint the log. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** A line whose first non-blank characters are `::` is a workflow command. */
const LEADING_COMMAND = /^(\s*):/;

/** No control characters, no legacy `##[` command anywhere. */
function neutraliseInLine(text: string): string {
  return text.replace(CONTROL, '\uFFFD').replaceAll('##[', '##［');
}

/** One physical stdout line, unable to act as a workflow command. */
function neutraliseLine(line: string): string {
  const result = neutraliseInLine(line);
  return /^\s*::/.test(result) ? result.replace(LEADING_COMMAND, '$1：') : result;
}

/** At most max characters, never splitting a surrogate pair, with a note saying what was left out. */
export function cut(text: string, max: number, where = ''): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (cut: ${text.length - end} more characters not shown${where})`;
}

/** The text as `sink` may carry it. `secrets` is left out only where a later layer redacts. */
export function untrustedText(text: string, sink: Sink, secrets?: Secrets): string {
  const redacted = secrets ? secrets.redact(text) : text;
  switch (sink) {
    case 'log':
      return neutraliseLine(cut(oneLine(redacted), MAX_LOG_CHARS));
    case 'annotation':
      return cut(redacted, MAX_ANNOTATION_CHARS, '; annotations are kept short, the job summary and the outputs have more')
        .split(LINE_BREAK)
        .map(neutraliseInLine)
        .join('\n');
    case 'output':
      return cut(redacted, MAX_TEXT_CHARS);
    case 'summary-cell':
      return escapeHtml(cut(redacted, MAX_TEXT_CHARS)).replace(LINE_BREAK, '<br>');
    case 'summary-pre':
      return escapeHtml(cut(redacted, MAX_TEXT_CHARS).replace(/\r\n?/g, '\n'));
  }
}
