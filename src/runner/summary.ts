/**
 * The job summary: a headline that says what is true, what to do when it failed, the
 * run's fields, the stages, what the diff changed, the rollout by fleet and region.
 *
 * Tables are HTML built here (GitHub renders a <table> without <th> rows, and keeps the
 * align attribute), so numbers can sit on the right; every piece of outside text goes
 * through the summary-cell or summary-pre variant of untrustedText.
 */
import { listedChanges } from '../clanforge/wire/diff.ts';
import { outcomeOf } from '../clanforge/wire/job.ts';
import { total, type Rollout } from '../clanforge/wire/rollout.ts';
import {
  andMore,
  count,
  describeChanges,
  describeRollout,
  formatDuration,
  formatSpan,
  formatTime,
  jobStateText,
  oneLine,
  plural
} from '../format.ts';
import type { SummaryBuilder } from './core.ts';
import type { RunReport } from './report.ts';
import type { RunContext } from './run-context.ts';
import { escapeHtml, untrustedText } from './untrusted-text.ts';

/** A table cell from any text: escaped, line breaks as <br>, at most 64 KiB (the guard redacts). */
const cell = (text: string): string => untrustedText(text, 'summary-cell');
/** The inside of a <pre> block: escaped, line breaks kept, at most 64 KiB. */
const pre = (text: string): string => untrustedText(text, 'summary-pre');

/** A cell of a summary table: HTML (already escaped), on the right for numbers. */
export interface SummaryCell {
  html: string;
  right?: boolean;
  header?: boolean;
}

/** An id: digits as the API gives them. */
const num = (n: number): SummaryCell => ({ html: String(n), right: true });
/** A count of machines: grouped as a person reads it (10,000). */
const amount = (n: number): SummaryCell => ({ html: count(n), right: true });
const text = (value: string): SummaryCell => ({ html: cell(value) });
const head = (name: string): SummaryCell => ({ html: escapeHtml(name), header: true });
const heads = (...names: string[]): SummaryCell[] => names.map((name) => head(name));

export function htmlTable(rows: readonly SummaryCell[][]): string {
  const td = (c: SummaryCell): string => {
    const tag = c.header ? 'th' : 'td';
    return `<${tag}${c.right ? ' align="right"' : ''}>${c.html}</${tag}>`;
  };
  return `<table>${rows.map((row) => `<tr>${row.map(td).join('')}</tr>`).join('')}</table>`;
}

/** What a successful run did, after "Image version N": also the notice's text. */
export function successOutcome(report: RunReport): string | undefined {
  switch (report.result) {
    case 'created':
      return 'created; its install job goes on in Clanforge (not waited for)';
    case 'complete':
      // A Complete job: Clanforge accepted the version; the machines install it after.
      return 'accepted; machines install it next (not waited for)';
    case 'rolled-out': {
      const r = report.rollout;
      const status = r?.status;
      if (!r || !status) return 'installed on every machine';
      if (status.failed > 0)
        return `rolled out: ${plural(status.failed, 'machine')} failed (allowed up to ${r.maxFailedMachines}), ${status.completed} of ${total(status)} installed it`;
      if (total(status) === 0) return `accepted; image ${r.imageId} has no machines to install it`;
      return `installed on every machine (${plural(total(status), 'machine')})`;
    }
    default:
      return undefined;
  }
}

/** The one notice of a successful run: what was deployed, where to find it. */
export function successNotice(report: RunReport): string | undefined {
  const outcome = successOutcome(report);
  if (outcome === undefined || report.imageVersionId === undefined) return undefined;
  const ids = [
    `diff ${report.diffId ?? 'unknown'}`,
    ...(report.gameBuild !== undefined ? [`game_build ${oneLine(report.gameBuild)}`] : [])
  ];
  return `Image version ${report.imageVersionId} (${ids.join(', ')}): ${outcome}`;
}

/** `; 1 machine failed (allowed up to 2)`: failed machines within max_failed_machines, said as a complete rollout says them. */
function failedWithin(report: RunReport): string {
  const r = report.rollout;
  const failed = r?.status?.failed ?? 0;
  return r && failed > 0 && failed <= r.maxFailedMachines
    ? `; ${plural(failed, 'machine')} failed (allowed up to ${r.maxFailedMachines})`
    : '';
}

/** In the rollout phase: the job was Complete and the machines were being waited for. */
const inRollout = (report: RunReport): boolean =>
  report.rollout !== undefined && report.job !== undefined && outcomeOf(report.job) === 'complete';

/** A failure headline is at most this long (the message follows in full below it). */
export const HEADLINE_MAX_CHARS = 140;

/** The first line of the failure message, capped: what went wrong, for the headline. */
function firstLine(report: RunReport): string | undefined {
  const line = report.message?.split('\n')[0]?.trim();
  if (!line) return undefined;
  return line.length > HEADLINE_MAX_CHARS ? `${line.slice(0, HEADLINE_MAX_CHARS - 1).trimEnd()}…` : line;
}

export function headline(report: RunReport): string {
  const id = report.imageVersionId;
  const outcome = successOutcome(report);
  if (outcome !== undefined && id !== undefined) {
    const caveat = report.result === 'rolled-out' && (report.rollout?.status?.failed ?? 0) > 0;
    return `${caveat ? '⚠️' : '✅'} Image version ${id} ${outcome}`;
  }
  const stage = report.stages.at(-1);
  const during = stage ? `${stage.stage.toLowerCase()} ${stage.id}` : undefined;
  switch (report.result) {
    case 'skipped':
      return '⏭️ No changes: the empty diff was rejected and no version was created (on_no_changes: skip)';
    case 'failed':
      return `❌ Image version ${id}: the install job failed`;
    case 'squashed':
      return `❌ Image version ${id}: the install job was squashed (a newer job superseded it)`;
    case 'rollout-failed': {
      const r = report.rollout;
      return `❌ Image version ${id}: the rollout failed, ${plural(r?.status?.failed ?? 0, 'machine')} failed (more than max_failed_machines, ${r?.maxFailedMachines ?? 0})`;
    }
    case 'timeout':
      if (id === undefined)
        return during
          ? `⏱️ Timed out waiting for ${during}: no image version was created`
          : '⏱️ Timed out before an image version was created';
      if (inRollout(report))
        return `⏱️ Timed out waiting for the rollout of image version ${id}: machines go on installing in Clanforge${failedWithin(report)}`;
      return `⏱️ Timed out waiting for the install job of image version ${id}: it goes on in Clanforge`;
    case 'cancelled':
      if (id === undefined)
        return `🛑 Cancelled before an image version id was known${during ? ` (during ${during}, which goes on in Clanforge)` : ''}`;
      if (inRollout(report))
        return `🛑 Cancelled while waiting for the rollout of image version ${id}: machines go on installing in Clanforge`;
      return `🛑 Cancelled while waiting for image version ${id}: its install job goes on in Clanforge`;
    default: {
      const what = firstLine(report);
      const after = id !== undefined ? ` (after image version ${id} was created)` : '';
      if (what !== undefined) return `❌ ${what}${after}`;
      return id !== undefined ? `❌ The step failed after image version ${id} was created` : '❌ The step failed';
    }
  }
}

/** `v2.7.0` for refs/tags/v2.7.0, `main` for refs/heads/main; other refs as they are. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

function rolloutText(report: RunReport): string | undefined {
  if (!report.rollout) return undefined;
  const { imageId, status, result, maxFailedMachines } = report.rollout;
  const allowed =
    status && status.failed > 0 && status.failed <= maxFailedMachines && result !== 'failed' ? `, allowed up to ${maxFailedMachines}` : '';
  return `image ${imageId}: ${result ?? 'not finished'}${status ? ` (${describeRollout(status)}${allowed})` : ''}`;
}

/** The run's fields: what was deployed, from what, when, from which commit. No header row. */
export function summaryRows(report: RunReport, context: RunContext): SummaryCell[][] {
  const rows: [string, SummaryCell][] = [];
  const id = (n: number | undefined): SummaryCell => (n !== undefined ? num(n) : text('–'));
  rows.push(['Image version', id(report.imageVersionId)]);
  if (report.updateId !== undefined) rows.push(['Image update', num(report.updateId)]);
  rows.push(['Diff', id(report.diffId)]);
  if (report.gameBuild !== undefined) rows.push(['Game build', text(report.gameBuild)]);
  const job = report.job;
  if (job) {
    const running = outcomeOf(job) === 'running';
    const eta = running && job.eta !== undefined ? `, ETA ${formatTime(job.eta)}` : '';
    rows.push(['Job', text(`${jobStateText(job)}${eta}`)]);
  }
  const rollout = rolloutText(report);
  if (rollout !== undefined) rows.push(['Rollout', text(rollout)]);
  const { waitStartedMs: start, waitEndedMs: end } = report;
  rows.push(['Wait', text(start !== undefined && end !== undefined ? formatSpan(start, end) : 'none')]);
  if (context.ref) rows.push(['Ref', text(shortRef(context.ref))]);
  if (context.sha) {
    const short = cell(context.sha.slice(0, 7));
    rows.push([
      'Commit',
      { html: context.commitUrl ? `<a href="${escapeHtml(context.commitUrl)}"><code>${short}</code></a>` : `<code>${short}</code>` }
    ]);
  }
  return rows.map(([label, value]) => [{ html: escapeHtml(label) }, value]);
}

/** A failure, once: what happened in a block, then what to do next when the stage knows it. */
function failure(report: RunReport): string | undefined {
  if (!report.message || successOutcome(report) !== undefined || report.result === 'skipped') return undefined;
  const { remedy, happened } = report;
  if (remedy === undefined) return `<pre>${pre(report.message)}</pre>`;
  return `<pre>${pre(happened ?? report.message)}</pre>\n<p><b>What to do next:</b> ${cell(remedy)}</p>`;
}

export async function writeSummary(summary: SummaryBuilder, report: RunReport, context: RunContext): Promise<void> {
  // A paragraph: a bare line would run into the table below it.
  summary.addHeading('Clanforge image version', 2).addRaw(`<p>${cell(headline(report))}</p>`, true);
  const failed = failure(report);
  if (failed !== undefined) summary.addRaw(failed, true);
  summary.addRaw(htmlTable(summaryRows(report, context)), true);
  if (report.stages.some((r) => r.stage !== 'Image version')) {
    summary
      .addHeading('Stages', 3)
      .addRaw(
        htmlTable([
          [...heads('Stage', 'State'), { ...head('Took'), right: true }],
          ...report.stages.map((r) => [text(r.stage), text(r.state), { html: formatDuration(r.durationMs), right: true }])
        ]),
        true
      );
  }
  if (report.changes) {
    const c = report.changes;
    summary.addHeading('Diff', 3).addRaw(`<p>${cell(describeChanges(c))}</p>`, true);
    const { lines, more } = listedChanges(c);
    if (lines.length > 0) {
      // One path per line: a line break inside a path is shown as ⏎.
      summary.addRaw(`<pre>${pre(lines.map(oneLine).join('\n') + (more > 0 ? `\n${andMore(more)}` : ''))}</pre>`, true);
    }
  }
  const status = report.rollout?.status;
  const fleets = status?.fleets ?? [];
  if (status && fleets.length > 0) {
    summary.addHeading('Rollout by fleet and region', 3).addRaw(htmlTable(fleetRows(status)), true);
    const pending = fleets.filter((f) => f.pending > 0);
    if (report.rollout?.result === 'timeout' && pending.length > 0) {
      // In a <p>, so a fleet name is not read as Markdown.
      summary.addRaw(`<p>Still pending: ${cell(pending.map((f) => `${oneLine(f.name ?? f.id)} (${f.pending})`).join(', '))}</p>`, true);
    }
  }
  await summary.write();
}

/** A failed count: marked (⚠️, bold) when machines failed. */
function failedCell(failed: number): SummaryCell {
  return failed > 0 ? { html: `⚠️ <b>${count(failed)}</b>`, right: true } : amount(failed);
}

/** Fleet/region table: each fleet's totals (its name in bold), then its regions (the name not repeated). */
export function fleetRows(rollout: Rollout): SummaryCell[][] {
  const right = (c: SummaryCell): SummaryCell => ({ ...c, right: true });
  const rows: SummaryCell[][] = [[head('Fleet'), head('Region'), ...heads('Completed', 'Pending', 'Failed').map(right)]];
  for (const fleet of rollout.fleets) {
    rows.push([
      { html: `<b>${cell(oneLine(fleet.name ?? fleet.id))}</b>` },
      text('all regions'),
      amount(fleet.completed),
      amount(fleet.pending),
      failedCell(fleet.failed)
    ]);
    for (const region of fleet.regions) {
      rows.push([
        { html: '' },
        text(oneLine(region.name ?? region.id)),
        amount(region.completed),
        amount(region.pending),
        failedCell(region.failed)
      ]);
    }
  }
  return rows;
}
