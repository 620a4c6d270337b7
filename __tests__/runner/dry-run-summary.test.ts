import { describe, expect, it } from '@jest/globals';
import { dryRunHeadline, dryRunRows, planRows, writeDryRunSummary } from '../../src/runner/dry-run-summary.ts';
import { emptyReport, type DryRunPlan, type RunReport } from '../../src/runner/report.ts';
import type { RunContext } from '../../src/runner/run-context.ts';
import { FakeSummary } from '../helpers/fake-core.ts';
import { SUMMARY_SHA, summaryContext } from '../helpers/fixtures.ts';

const SHA = SUMMARY_SHA;
const CONTEXT: RunContext = summaryContext('refs/tags/v2.7.0');
const PLAN: DryRunPlan = {
  reads: ['Diff 678: Complete, <3 files> changed'],
  requests: [
    {
      method: 'GET',
      path: '/cfp/v1/imageversion/create',
      params: [
        ['diffid', '678'],
        ['game_build', 'v2.7.0 <beta> & co']
      ],
      shownQuery: 'diffid=678&game_build=v2.7.0%20%3Cbeta%3E%20%26%20co',
      purpose: 'Creates the image version <from the diff>'
    }
  ],
  notes: ['full: auto decides <at run time>'],
  authorization: 'Basic ***'
};
const REPORT: RunReport = { ...emptyReport(), result: 'created', diffId: 678, durationMs: 61_000, plan: PLAN };
const FAILED: RunReport = { ...REPORT, result: 'error', message: 'Image 42 is locked by diff 7 <pending>' };

async function render(report: RunReport, context: RunContext = CONTEXT, plan: DryRunPlan = PLAN): Promise<string> {
  const summary = new FakeSummary();
  await writeDryRunSummary(summary, report, plan, context);
  expect(summary.written).toBe(1);
  return summary.text;
}

describe('dry-run summary', () => {
  it('lists the requests in an HTML table, the # column on the right, outside text escaped', () => {
    expect(planRows(PLAN)).toEqual([
      [
        { html: '#', header: true, right: true },
        { html: 'Request', header: true, right: false },
        { html: 'Parameters', header: true, right: false },
        { html: 'Purpose', header: true, right: false }
      ],
      [
        { html: '1', right: true },
        { html: '<code>GET /cfp/v1/imageversion/create</code>' },
        { html: '<code>diffid=678</code><br><code>game_build=v2.7.0 &lt;beta&gt; &amp; co</code>' },
        { html: 'Creates the image version &lt;from the diff&gt;' }
      ]
    ]);
  });

  it("shows the run's fields without a header row: Duration on the right, the short ref, the short commit linked to its page", () => {
    expect(dryRunRows(REPORT, CONTEXT)).toEqual([
      [{ html: 'Duration' }, { html: '1m 1s', right: true }],
      [{ html: 'Ref' }, { html: 'v2.7.0' }],
      [{ html: 'Commit' }, { html: `<a href="https://github.com/studio/game/commit/${SHA}"><code>0123abc</code></a>` }]
    ]);
  });

  it('leaves out the ref and the commit when the run does not know them, and the link when there is no commit page', () => {
    expect(dryRunRows(REPORT, { ...CONTEXT, ref: '', sha: '', commitUrl: undefined })).toEqual([
      [{ html: 'Duration' }, { html: '1m 1s', right: true }]
    ]);
    expect(dryRunRows(REPORT, { ...CONTEXT, commitUrl: undefined })).toContainEqual([{ html: 'Commit' }, { html: '<code>0123abc</code>' }]);
  });

  it('writes the headline as a paragraph under the heading, then the reads, the requests and the fields; no link to the run', async () => {
    const text = await render(REPORT);
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '# Clanforge image version: dry run',
      '<p>🧪 Dry run: the inputs are valid, only safe reads were made, and nothing was changed.</p>'
    ]);
    expect(text).toContain('<ul><li>Diff 678: Complete, &lt;3 files&gt; changed</li></ul>');
    expect(text).toContain(
      '<table><tr><th align="right">#</th><th>Request</th><th>Parameters</th><th>Purpose</th></tr><tr><td align="right">1</td><td><code>GET /cfp/v1/imageversion/create</code></td>'
    );
    expect(text).toContain('<p>Each with <code>Authorization: Basic ***</code>;');
    expect(text).toContain('<ul><li>full: auto decides &lt;at run time&gt;</li></ul>');
    expect(lines.at(-2)).toBe(
      `<table><tr><td>Duration</td><td align="right">1m 1s</td></tr><tr><td>Ref</td><td>v2.7.0</td></tr><tr><td>Commit</td><td><a href="https://github.com/studio/game/commit/${SHA}"><code>0123abc</code></a></td></tr></table>`
    );
    expect(text).not.toContain('Workflow run');
    expect(text).not.toContain('actions/runs/42');
    expect(text).not.toContain('<th>Field</th>');
    expect(text).not.toContain('refs/tags/');
    // The full SHA only in the commit link.
    expect(text.split(SHA)).toHaveLength(2);
    // Every table is HTML: no Markdown table rows.
    expect(lines.filter((line) => line.startsWith('|'))).toEqual([]);
  });

  it('says when no request would change state', async () => {
    const text = await render(REPORT, CONTEXT, { ...PLAN, requests: [] });
    expect(text).toContain('<p>None that change state.</p>');
    expect(text).not.toContain('<th align="right">#</th>');
    expect(text).not.toContain('Authorization');
  });

  it("on a problem: the failure headline, the message once in a block, no requests; still the run's fields", async () => {
    expect(dryRunHeadline(FAILED)).toBe('❌ The dry run found a problem a real run would hit. Nothing was changed.');
    const text = await render(FAILED);
    expect(text.split('\n')[1]).toBe('<p>❌ The dry run found a problem a real run would hit. Nothing was changed.</p>');
    expect(text).toContain('<pre>Image 42 is locked by diff 7 &lt;pending&gt;</pre>');
    expect(text.split('locked by diff 7')).toHaveLength(2);
    expect(text).not.toContain('Requests a real run would send');
    expect(text).toContain('<tr><td>Ref</td><td>v2.7.0</td></tr>');
  });

  it('escapes a ref and a commit that carry HTML', () => {
    const rows = dryRunRows(REPORT, { ...CONTEXT, ref: 'refs/heads/<b>x', sha: '<i>abcdef9', commitUrl: 'https://x/"y' });
    expect(rows).toContainEqual([{ html: 'Ref' }, { html: '&lt;b&gt;x' }]);
    expect(rows).toContainEqual([{ html: 'Commit' }, { html: '<a href="https://x/&quot;y"><code>&lt;i&gt;abcd</code></a>' }]);
  });
});
