/** Step outputs and the job summary. */
import type { ActionsCore, RunContext, SummaryBuilder, SummaryTableRow } from './actions-core.ts';
import { formatDuration, formatTime } from './format.ts';
import type { Job } from './job.ts';

/** The job fields exposed as outputs; missing fields become empty strings. */
export function jobOutputs(imageVersionId: number, job: Job): Record<string, string> {
  const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));
  return {
    imageversionid: String(imageVersionId),
    jobstatename: text(job.stateName),
    jobstateid: text(job.stateId),
    jobprogress: text(job.progress),
    jobfailed: text(job.failed),
    joberror: text(job.error),
    jobeta: text(job.eta),
    jobcreated: text(job.created),
    jobupdated: text(job.updated)
  };
}

export function setJobOutputs(core: Pick<ActionsCore, 'setOutput'>, imageVersionId: number, job: Job): void {
  for (const [name, value] of Object.entries(jobOutputs(imageVersionId, job))) core.setOutput(name, value);
}

/** How the run ended, from the user's point of view. */
export type Result = 'created' | 'complete' | 'failed' | 'squashed' | 'timeout' | 'cancelled' | 'error';

export interface Report {
  result: Result;
  diffId: number | undefined;
  imageVersionId: number | undefined;
  job: Job | undefined;
  /** The failure message shown to the user, when there is one. */
  message: string | undefined;
  durationMs: number;
  waited: boolean;
}

const HEADLINES: Record<Result, string> = {
  created: '✅ Image version created (not waited for)',
  complete: '✅ Image version installed: job Complete',
  failed: '❌ Image version job failed',
  squashed: '❌ Image version job squashed (superseded)',
  timeout: '⏱️ Timed out waiting for the image version job (it goes on in Clanforge)',
  cancelled: '🛑 Cancelled (a job already created goes on in Clanforge)',
  error: '❌ The step failed'
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function summaryRows(report: Report, context: RunContext): SummaryTableRow[] {
  const job = report.job;
  const rows: [string, string][] = [];
  rows.push(['Image version', report.imageVersionId !== undefined ? String(report.imageVersionId) : '–']);
  rows.push(['Diff', report.diffId !== undefined ? String(report.diffId) : '–']);
  if (job) {
    rows.push(['State', `${job.stateName ?? 'unknown'}${job.stateId !== undefined ? ` (${job.stateId})` : ''}`]);
    rows.push(['Progress', job.progress !== undefined ? `${job.progress}%` : '–']);
    if (job.eta !== undefined && report.result !== 'complete') rows.push(['ETA', formatTime(job.eta)]);
    if (job.error) rows.push(['Job error', job.error]);
  }
  rows.push(['Duration', `${formatDuration(report.durationMs)}${report.waited ? '' : ' (no wait)'}`]);
  if (context.ref) rows.push(['Ref', context.ref]);
  if (context.sha) rows.push(['Commit', context.sha]);
  return [
    [{ data: 'Field', header: true }, { data: 'Value', header: true }],
    ...rows.map(([k, v]) => [k, escapeHtml(v).replace(/\r?\n/g, '<br>')])
  ];
}

export async function writeSummary(summary: SummaryBuilder, report: Report, context: RunContext): Promise<void> {
  summary.addHeading('Clanforge image version', 2).addRaw(HEADLINES[report.result], true);
  summary.addTable(summaryRows(report, context));
  if (report.message && report.result !== 'complete' && report.result !== 'created') {
    summary.addRaw(`<pre>${escapeHtml(report.message)}</pre>`, true);
  }
  if (context.runUrl) summary.addRaw(`<a href="${escapeHtml(context.runUrl)}">Workflow run</a>`, true);
  await summary.write();
}
