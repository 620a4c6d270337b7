/** Human-readable durations, times and fixed messages for log lines and the summary. */
import type { DiffChanges } from './clanforge/wire/diff.ts';
import { describeState, outcomeOf, type Job } from './clanforge/wire/job.ts';
import { total, type Counts } from './clanforge/wire/rollout.ts';

/** Every way a line ends for the runner (LF, CR, CRLF) or for a log viewer (NEL, LS, PS). */
export const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** How a line break inside outside text is shown on one line. */
export const VISIBLE_NEWLINE = '⏎';

/** Line breaks shown as ⏎: for a value printed inside a line of the action's own text. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAK, VISIBLE_NEWLINE);
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m ? ` ${m}m` : ''}${s ? ` ${s}s` : ''}`;
  if (m > 0) return `${m}m${s ? ` ${s}s` : ''}`;
  return `${s}s`;
}

/** Unix seconds → `2026-11-27 12:03:40 UTC`. */
export function formatTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `12:03:40 UTC, in 2m 10s` (or `… ago` once passed). */
export function formatEta(unixSeconds: number, nowMs: number): string {
  const delta = unixSeconds * 1000 - nowMs;
  const when = formatTime(unixSeconds).slice(11);
  return delta >= 0 ? `${when}, in ${formatDuration(delta)}` : `${when}, ${formatDuration(-delta)} ago`;
}

/**
 * The warning for a job state the action does not know (jobstateid 0, 8, 99, or no id
 * and an undocumented name). The name came from outside: one line, quoted.
 */
export function unknownStateWarning(what: string, job: { stateId: number | undefined; stateName: string | undefined }): string {
  const id = job.stateId !== undefined ? `jobstateid ${job.stateId}` : 'no jobstateid';
  const name = job.stateName !== undefined ? `jobstatename "${oneLine(job.stateName)}"` : 'no jobstatename';
  return `${what} reports a job state the action does not know (${id}, ${name}): it counts as still running, so the wait goes on until the job reaches a known end state or wait_timeout runs out.`;
}

/** A job's state for a reader: a Complete job without its 100%, any other with its progress. */
export function jobStateText(job: Job): string {
  return outcomeOf(job) === 'complete' ? (job.stateName ?? 'Complete') : describeState(job);
}

/** `1 machine`, `2 machines`. */
/** `25,000`: a count as a person reads it (a 100 000-file diff, a 10 000-machine rollout). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** `1 added, 3 modified, 1 removed`: a diff's counts. */
export function describeChanges(changes: DiffChanges): string {
  return `${count(changes.added.count)} added, ${count(changes.modified.count)} modified, ${count(changes.removed.count)} removed`;
}

/** `completed 37/40, pending 3, failed 0`: a rollout's machine counts. */
export function describeRollout(c: Counts): string {
  return `completed ${count(c.completed)}/${count(total(c))}, pending ${count(c.pending)}, failed ${count(c.failed)}`;
}

/** The line after the listed paths of a diff: `… and 99,950 more`. */
export function andMore(more: number): string {
  return `… and ${count(more)} more`;
}

/** `2027-01-15 08:00:00 – 08:10:00 UTC (10m)`: a span of epoch ms, the date once when both ends share it. */
export function formatSpan(startMs: number, endMs: number): string {
  const start = formatTime(Math.floor(startMs / 1000));
  const end = formatTime(Math.floor(endMs / 1000));
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `${start.slice(0, -4)} – ${sameDay ? end.slice(11) : end} (${formatDuration(endMs - startMs)})`;
}
