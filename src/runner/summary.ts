/** The job summary: a headline, the run's fields, the stages, what the diff changed, the rollout. */
import { changedPaths, describeChanges } from '../clanforge/wire/diff.ts';
import { describeRollout, type Rollout } from '../clanforge/wire/rollout.ts';
import { formatDuration, formatTime } from '../format.ts';
import type { SummaryBuilder, SummaryTableRow } from './core.ts';
import type { Report, Result } from './report.ts';
import type { RunContext } from './run-context.ts';
import { escapeHtml, oneLine, untrustedText } from './untrusted-text.ts';

/** A table cell from any text: escaped, line breaks as <br>, at most 64 KiB (the guard redacts). */
const cell = (text: string): string => untrustedText(text, 'summary-cell');
/** The inside of a <pre> block: escaped, line breaks kept, at most 64 KiB. */
const pre = (text: string): string => untrustedText(text, 'summary-pre');

const HEADLINES: Record<Result, string> = {
  skipped: '⏭️ No changes: the empty diff was rejected and no version was created (on_no_changes: skip)',
  created: '✅ Image version created (not waited for)',
  complete: '✅ Image version installed: job Complete',
  'rolled-out': '✅ Image version installed and rolled out: no machine pending',
  failed: '❌ Image version job failed',
  'rollout-failed': '❌ Rollout failed: more machines failed to install than max_failed_machines allows',
  squashed: '❌ Image version job squashed (superseded)',
  timeout: '⏱️ Timed out waiting for the image version job (it goes on in Clanforge)',
  cancelled: '🛑 Cancelled (a job already created goes on in Clanforge)',
  error: '❌ The step failed'
};

/** The summary lists at most this many changed paths. */
export const MAX_LISTED_PATHS = 50;

function headline(report: Report): string {
  if (report.result !== 'timeout') return HEADLINES[report.result];
  if (report.imageVersionId === undefined) {
    const stage = report.stages.at(-1)?.stage.toLowerCase() ?? 'the first stage';
    return `⏱️ Timed out waiting for the ${stage}: no image version was created`;
  }
  if (report.rollout && report.job?.stateId === 5) return '⏱️ Timed out waiting for the rollout (machines go on installing in Clanforge)';
  return HEADLINES.timeout;
}

export function summaryRows(report: Report, context: RunContext): SummaryTableRow[] {
  const job = report.job;
  const rows: [string, string][] = [];
  rows.push(['Image version', report.imageVersionId !== undefined ? String(report.imageVersionId) : '–']);
  rows.push(['Diff', report.diffId !== undefined ? String(report.diffId) : '–']);
  if (job) {
    rows.push(['State', `${job.stateName ?? 'unknown'}${job.stateId !== undefined ? ` (${job.stateId})` : ''}`]);
    rows.push(['Progress', job.progress !== undefined ? `${job.progress}%` : '–']);
    if (job.eta !== undefined && (report.result === 'created' || report.result === 'timeout' || report.result === 'cancelled')) rows.push(['ETA', formatTime(job.eta)]);
    if (job.error) rows.push(['Job error', job.error]);
  }
  if (report.rollout) {
    const { imageId, status, result } = report.rollout;
    rows.push(['Rollout', `image ${imageId}: ${result ?? 'not finished'}${status ? ` (${describeRollout(status)})` : ''}`]);
  }
  const waitedOnSomething = report.waited || report.stages.some((r) => r.stage !== 'Image version');
  rows.push(['Duration', `${formatDuration(report.durationMs)}${waitedOnSomething ? '' : ' (no wait)'}`]);
  if (context.ref) rows.push(['Ref', context.ref]);
  if (context.sha) rows.push(['Commit', context.sha]);
  return [
    [{ data: 'Field', header: true }, { data: 'Value', header: true }],
    ...rows.map(([k, v]) => [k, cell(v)])
  ];
}

export async function writeSummary(summary: SummaryBuilder, report: Report, context: RunContext): Promise<void> {
  summary.addHeading('Clanforge image version', 2).addRaw(headline(report), true);
  summary.addTable(summaryRows(report, context));
  if (report.stages.some((r) => r.stage !== 'Image version')) {
    summary.addHeading('Stages', 3).addTable([
      ['Stage', 'Id', 'State', 'Duration'].map((data) => ({ data, header: true })),
      ...report.stages.map((r) => [r.stage, String(r.id), cell(r.state), formatDuration(r.durationMs)])
    ]);
  }
  if (report.changes) {
    const c = report.changes;
    summary.addHeading('Diff', 3).addRaw(describeChanges(c), true);
    const listed = changedPaths(c);
    if (listed.length > 0) {
      const more = listed.length > MAX_LISTED_PATHS ? `\n… and ${listed.length - MAX_LISTED_PATHS} more` : '';
      // One path per line: a line break inside a path is shown as ⏎.
      summary.addRaw(`<pre>${pre(listed.slice(0, MAX_LISTED_PATHS).map(oneLine).join('\n') + more)}</pre>`, true);
    }
  }
  if (report.message && !['complete', 'created', 'rolled-out', 'skipped'].includes(report.result)) {
    summary.addRaw(`<pre>${pre(report.message)}</pre>`, true);
  }
  const status = report.rollout?.status;
  const fleets = status?.fleets ?? [];
  if (status && fleets.length > 0) {
    summary.addHeading('Rollout by fleet and region', 3).addTable(fleetRows(status));
    const pending = fleets.filter((f) => f.pending > 0);
    if (report.rollout?.result === 'timeout' && pending.length > 0) {
      // In a <p>, so a fleet name is not read as Markdown.
      summary.addRaw(`<p>Still pending: ${cell(pending.map((f) => `${oneLine(f.name ?? f.id)} (${f.pending})`).join(', '))}</p>`, true);
    }
  }
  if (context.runUrl) summary.addRaw(`<a href="${escapeHtml(context.runUrl)}">Workflow run</a>`, true);
  await summary.write();
}

/** Fleet/region table: one row per region, fleets' totals first. */
export function fleetRows(rollout: Rollout): SummaryTableRow[] {
  const header: SummaryTableRow = ['Fleet', 'Region', 'Completed', 'Pending', 'Failed'].map((data) => ({ data, header: true }));
  const rows: SummaryTableRow[] = [header];
  for (const fleet of rollout.fleets) {
    const fleetName = cell(oneLine(fleet.name ?? fleet.id));
    rows.push([`<b>${fleetName}</b>`, 'all', String(fleet.completed), String(fleet.pending), String(fleet.failed)]);
    for (const region of fleet.regions) {
      rows.push([fleetName, cell(oneLine(region.name ?? region.id)), String(region.completed), String(region.pending), String(region.failed)]);
    }
  }
  return rows;
}
