/**
 * The job summary of a dry run: what was read, and the requests a real run would send.
 * Laid out by the normal summary's rules (summary.ts): a headline paragraph, HTML tables
 * with numbers on the right, the run's fields without a header row, the short ref and
 * the short commit linked to its page, no link to the run the reader is on.
 */
import { formatDuration } from '../format.ts';
import type { SummaryBuilder } from './core.ts';
import type { DryRunPlan, RunReport } from './report.ts';
import type { RunContext } from './run-context.ts';
import { htmlTable, summaryRows, type SummaryCell } from './summary.ts';
import { escapeHtml, untrustedText } from './untrusted-text.ts';

const cell = (text: string): string => untrustedText(text, 'summary-cell');
const pre = (text: string): string => untrustedText(text, 'summary-pre');

const head = (name: string, right = false): SummaryCell => ({ html: escapeHtml(name), header: true, right });

export function planRows(plan: DryRunPlan): SummaryCell[][] {
  return [
    [head('#', true), head('Request'), head('Parameters'), head('Purpose')],
    ...plan.requests.map((r, i) => [
      { html: String(i + 1), right: true },
      { html: `<code>${cell(`${r.method} ${r.path}`)}</code>` },
      { html: r.params.map(([name, value]) => `<code>${cell(`${name}=${value}`)}</code>`).join('<br>') },
      { html: cell(r.purpose) }
    ])
  ];
}

/** The Ref and Commit rows exactly as the normal summary shows them (short ref, linked short commit). */
function refAndCommitRows(report: RunReport, context: RunContext): SummaryCell[][] {
  const wanted = new Set(['Ref', 'Commit']);
  return summaryRows(report, context).filter(([label]) => label !== undefined && wanted.has(label.html));
}

/** The run's fields: no header row. */
export function dryRunRows(report: RunReport, context: RunContext): SummaryCell[][] {
  return [
    [{ html: 'Duration' }, { html: escapeHtml(formatDuration(report.durationMs)), right: true }],
    ...refAndCommitRows(report, context)
  ];
}

export function dryRunHeadline(report: RunReport): string {
  return report.message !== undefined
    ? '❌ The dry run found a problem a real run would hit. Nothing was changed.'
    : '🧪 Dry run: the inputs are valid, only safe reads were made, and nothing was changed.';
}

export async function writeDryRunSummary(summary: SummaryBuilder, report: RunReport, plan: DryRunPlan, context: RunContext): Promise<void> {
  const failed = report.message !== undefined;
  // A paragraph: a bare line would run into what follows it.
  summary.addHeading('Clanforge image version: dry run', 2).addRaw(`<p>${cell(dryRunHeadline(report))}</p>`, true);
  if (plan.reads.length > 0) {
    summary.addHeading('Read', 3).addRaw(`<ul>${plan.reads.map((read) => `<li>${cell(read)}</li>`).join('')}</ul>`, true);
  }
  if (!failed) {
    summary.addHeading('Requests a real run would send', 3);
    if (plan.requests.length === 0) summary.addRaw('<p>None that change state.</p>', true);
    else {
      summary.addRaw(htmlTable(planRows(plan)), true);
      summary.addRaw(
        `<p>Each with <code>Authorization: ${escapeHtml(plan.authorization)}</code>; values in &lt;…&gt; are known only during a real run.</p>`,
        true
      );
    }
    if (plan.notes.length > 0) summary.addRaw(`<ul>${plan.notes.map((note) => `<li>${cell(note)}</li>`).join('')}</ul>`, true);
  }
  if (report.message) summary.addRaw(`<pre>${pre(report.message)}</pre>`, true);
  summary.addRaw(htmlTable(dryRunRows(report, context)), true);
  await summary.write();
}
