/** The job summary of a dry run: what was read, and the requests a real run would send. */
import { formatDuration } from '../format.ts';
import type { SummaryBuilder, SummaryTableRow } from './core.ts';
import type { DryRunPlan, Report } from './report.ts';
import type { RunContext } from './run-context.ts';
import { escapeHtml, untrustedText } from './untrusted-text.ts';

const cell = (text: string): string => untrustedText(text, 'summary-cell');
const pre = (text: string): string => untrustedText(text, 'summary-pre');

export function planRows(plan: DryRunPlan): SummaryTableRow[] {
  return [
    ['#', 'Request', 'Parameters', 'Purpose'].map((data) => ({ data, header: true })),
    ...plan.requests.map((r, i) => [
      String(i + 1),
      `<code>${cell(`${r.method} ${r.path}`)}</code>`,
      r.params.map(([name, value]) => `<code>${cell(`${name}=${value}`)}</code>`).join('<br>'),
      cell(r.purpose)
    ])
  ];
}

export async function writeDryRunSummary(summary: SummaryBuilder, report: Report, plan: DryRunPlan, context: RunContext): Promise<void> {
  const failed = report.message !== undefined;
  summary.addHeading('Clanforge image version: dry run', 2);
  summary.addRaw(
    failed
      ? '<p>❌ The dry run found a problem a real run would hit. Nothing was changed.</p>'
      : '<p>🧪 Dry run: the inputs are valid, only safe reads were made, and nothing was changed.</p>',
    true
  );
  if (plan.reads.length > 0) {
    summary.addHeading('Read', 3).addRaw(`<ul>${plan.reads.map((read) => `<li>${cell(read)}</li>`).join('')}</ul>`, true);
  }
  if (!failed) {
    summary.addHeading('Requests a real run would send', 3);
    if (plan.requests.length === 0) summary.addRaw('<p>None that change state.</p>', true);
    else {
      summary.addTable(planRows(plan));
      summary.addRaw(
        `<p>Each with <code>Authorization: ${escapeHtml(plan.authorization)}</code>; values in &lt;…&gt; are known only during a real run.</p>`,
        true
      );
    }
    if (plan.notes.length > 0) summary.addRaw(`<ul>${plan.notes.map((note) => `<li>${cell(note)}</li>`).join('')}</ul>`, true);
  }
  if (report.message) summary.addRaw(`<pre>${pre(report.message)}</pre>`, true);
  const rows: SummaryTableRow[] = [
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ['Duration', formatDuration(report.durationMs)]
  ];
  if (context.ref) rows.push(['Ref', cell(context.ref)]);
  if (context.sha) rows.push(['Commit', cell(context.sha)]);
  summary.addTable(rows);
  if (context.runUrl) summary.addRaw(`<a href="${escapeHtml(context.runUrl)}">Workflow run</a>`, true);
  await summary.write();
}
