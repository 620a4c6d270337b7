import { afterEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Job } from '../../src/clanforge/wire/job.ts';
import type { Report } from '../../src/runner/report.ts';
import type { RunContext } from '../../src/runner/run-context.ts';
import { summaryRows, writeSummary } from '../../src/runner/summary.ts';

const JOB: Job = { stateId: 6, stateName: 'Failed', progress: 40, failed: 1, error: 'disk full\n<machine 7>', created: 1800000000, updated: 1800000100, eta: 1800000600, start: undefined };
const CONTEXT: RunContext = { ref: 'refs/tags/v2.0.0', sha: '0123abcd', repository: 'studio/game', runUrl: 'https://github.com/studio/game/actions/runs/42' };
const REPORT: Report = { result: 'failed', diffId: 678, imageVersionId: 9001, job: JOB, message: 'Image version 9001 failed', durationMs: 372_000, waited: true, stages: [] };

describe('summary', () => {
  it('lists id, diff, state, progress, error, duration, ref and commit, escaped', () => {
    const rows = summaryRows(REPORT, CONTEXT).map((r) => r.map((c) => (typeof c === 'string' ? c : c.data)));
    expect(rows).toEqual([
      ['Field', 'Value'],
      ['Image version', '9001'],
      ['Diff', '678'],
      ['State', 'Failed (6)'],
      ['Progress', '40%'],
      ['Job error', 'disk full<br>&lt;machine 7&gt;'],
      ['Duration', '6m 12s'],
      ['Ref', 'refs/tags/v2.0.0'],
      ['Commit', '0123abcd']
    ]);
  });

  it('shows the ETA while the job is still running', () => {
    const rows = summaryRows({ ...REPORT, result: 'timeout' }, CONTEXT).map((r) => r.map((c) => (typeof c === 'string' ? c : c.data)));
    expect(rows).toContainEqual(['ETA', '2027-01-15 08:10:00 UTC']);
  });

  it.each([
    [{ imageVersionId: undefined, stages: [{ stage: 'Image diff', id: 5001, state: 'Running 50%', durationMs: 1 }] }, '⏱️ Timed out waiting for the image diff: no image version was created'],
    [{ rollout: { imageId: 77, status: undefined, result: 'timeout' as const }, job: { ...JOB, stateId: 5, failed: 0 } }, '⏱️ Timed out waiting for the rollout (machines go on installing in Clanforge)'],
    [{}, '⏱️ Timed out waiting for the image version job (it goes on in Clanforge)']
  ] as [Partial<Report>, string][])('names what timed out in the headline', async (extra, headline) => {
    const { FakeSummary } = await import('../helpers/fake-core.ts');
    const summary = new FakeSummary();
    await writeSummary(summary, { ...REPORT, result: 'timeout', ...extra }, CONTEXT);
    expect(summary.text.split('\n')[1]).toBe(headline);
  });

  describe('written through @actions/core to GITHUB_STEP_SUMMARY', () => {
    const saved = process.env['GITHUB_STEP_SUMMARY'];
    afterEach(() => {
      if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
      else process.env['GITHUB_STEP_SUMMARY'] = saved;
      core.summary.emptyBuffer();
    });

    it('renders a table, the message and the run link', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
      writeFileSync(file, '');
      process.env['GITHUB_STEP_SUMMARY'] = file;
      await writeSummary(core.summary, REPORT, CONTEXT);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('<h2>Clanforge image version</h2>');
      expect(text).toContain('❌ Image version job failed');
      expect(text).toContain('<tr><td>Image version</td><td>9001</td></tr>');
      expect(text).toContain('<pre>Image version 9001 failed</pre>');
      expect(text).toContain('<a href="https://github.com/studio/game/actions/runs/42">Workflow run</a>');
      expect(readFileSync(file, 'utf8')).toBe(text);
    });
  });
});
