// The summary preview's rendering step: the job summary as @actions/core writes it
// (HTML blocks with a bare headline line) and GFM pipe tables keep their structure.
import { describe, expect, test } from '@jest/globals';
import { annotationsOf, summaryBody, summaryPage } from '../scripts/summary-preview.ts';

const WRITTEN =
  '<h2>Clanforge image version</h2>\n' +
  '✅ Image version installed: job Complete\n' +
  '<table><tr><th>Field</th><th>Value</th></tr><tr><td>Image version</td><td>1001</td></tr></table>\n' +
  '<h3>Diff</h3>\n' +
  '1 added, 0 modified, 0 removed\n' +
  '<pre>+ Server/a &lt;b&gt;.pak</pre>\n';

describe('summary preview rendering', () => {
  test('raw HTML from the summary passes through: headings, table, pre', () => {
    const html = summaryBody(WRITTEN);
    expect(html).toContain('<h2>Clanforge image version</h2>');
    expect(html).toContain('<h3>Diff</h3>');
    expect(html).toContain('<tr><th>Field</th><th>Value</th></tr><tr><td>Image version</td><td>1001</td></tr>');
    expect(html).toContain('<pre>+ Server/a &lt;b&gt;.pak</pre>');
    expect(html).not.toContain('&lt;table');
  });

  test('a GFM pipe table becomes a table, with its column alignment', () => {
    const html = summaryBody('### Rollout\n\n| Fleet | Failed |\n|---|---:|\n| Production | 1 |\n');
    expect(html).toContain('<h3>Rollout</h3>');
    expect(html).toMatch(/<th>Fleet<\/th>\s*<th align="right">Failed<\/th>/);
    expect(html).toMatch(/<td>Production<\/td>\s*<td align="right">1<\/td>/);
  });

  test('the page wraps the summary in markdown-body with GitHub CSS and lists the annotations', () => {
    const annotations = annotationsOf([
      '::add-mask::x',
      '::warning title=Rollout::1 machine failed%0A(allowed up to 1)',
      'plain',
      '::notice::Image version 1001'
    ]);
    expect(annotations).toEqual([
      { kind: 'warning', message: '1 machine failed\n(allowed up to 1)' },
      { kind: 'notice', message: 'Image version 1001' }
    ]);
    const page = summaryPage(WRITTEN, 'a <case>', '.markdown-body { color: #1f2328; }', annotations);
    expect(page).toMatch(/<article class="markdown-body">\s*<h2>Clanforge image version<\/h2>/);
    expect(page).toContain('.markdown-body { color: #1f2328; }');
    expect(page).toContain('<title>a &lt;case&gt;</title>');
    expect(page).toContain('1 machine failed\n(allowed up to 1)');
    expect(page).toContain('0 errors, 1 warning, 1 notice');
  });
});
