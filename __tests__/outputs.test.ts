import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { actionsCore, type RunContext } from '../src/actions-core.ts';
import type { Job } from '../src/job.ts';
import { jobOutputs, summaryRows, writeSummary, type Report } from '../src/outputs.ts';
import { formatDuration, formatEta, formatTime } from '../src/format.ts';
import { USER_AGENT, VERSION } from '../src/version.ts';

const JOB: Job = { stateId: 6, stateName: 'Failed', progress: 40, failed: 1, error: 'disk full\n<machine 7>', created: 1800000000, updated: 1800000100, eta: 1800000600, start: undefined };
const CONTEXT: RunContext = { ref: 'refs/tags/v2.0.0', sha: '0123abcd', repository: 'studio/game', runUrl: 'https://github.com/studio/game/actions/runs/42' };
const REPORT: Report = { result: 'failed', diffId: 678, imageVersionId: 9001, job: JOB, message: 'Image version 9001 failed', durationMs: 372_000, waited: true, stages: [] };

describe('jobOutputs', () => {
  it('turns every job field into text, missing ones into empty strings', () => {
    expect(jobOutputs(9001, JOB)).toEqual({
      imageversionid: '9001', jobstatename: 'Failed', jobstateid: '6', jobprogress: '40', jobfailed: '1',
      joberror: 'disk full\n<machine 7>', jobeta: '1800000600', jobcreated: '1800000000', jobupdated: '1800000100'
    });
    const empty = { stateId: undefined, stateName: undefined, progress: undefined, failed: undefined, error: undefined, created: undefined, updated: undefined, eta: undefined, start: undefined };
    expect(Object.values(jobOutputs(1, empty)).slice(1)).toEqual(Array(8).fill(''));
  });
});

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
    const { FakeSummary } = await import('./helpers/fake-core.ts');
    const summary = new FakeSummary();
    await writeSummary(summary, { ...REPORT, result: 'timeout', ...extra }, CONTEXT);
    expect(summary.text.split('\n')[1]).toBe(headline);
  });

  describe('written through @actions/core to GITHUB_STEP_SUMMARY', () => {
    const saved = process.env['GITHUB_STEP_SUMMARY'];
    afterEach(() => {
      if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
      else process.env['GITHUB_STEP_SUMMARY'] = saved;
      actionsCore.summary.emptyBuffer();
    });

    it('renders a table, the message and the run link', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
      writeFileSync(file, '');
      process.env['GITHUB_STEP_SUMMARY'] = file;
      await writeSummary(actionsCore.summary, REPORT, CONTEXT);
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

describe('format', () => {
  it('formats durations, times and ETAs', () => {
    expect([0, 999, 59_000, 60_000, 372_000, 3_600_000, 3_725_000].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m', '6m 12s', '1h', '1h 2m 5s']);
    expect(formatTime(1800000000)).toBe('2027-01-15 08:00:00 UTC');
    expect(formatEta(1800000130, 1800000000_000)).toBe('08:02:10 UTC, in 2m 10s');
    expect(formatEta(1800000000, 1800000030_000)).toBe('08:00:00 UTC, 30s ago');
  });
});

describe('version', () => {
  it('matches package.json and names the action in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`clanforge-image-version-action/${pkg.version} node/${process.versions.node}`);
  });
});
