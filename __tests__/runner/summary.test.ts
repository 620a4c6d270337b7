import { afterEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Job } from '../../src/clanforge/wire/job.ts';
import type { Rollout } from '../../src/clanforge/wire/rollout.ts';
import type { RunReport } from '../../src/runner/report.ts';
import type { RunContext } from '../../src/runner/run-context.ts';
import {
  fleetRows,
  headline,
  htmlTable,
  shortRef,
  successOutcome,
  summaryRows,
  writeSummary,
  type SummaryCell
} from '../../src/runner/summary.ts';
import { FakeSummary } from '../helpers/fake-core.ts';
import { FAILED_JOB as JOB, SUMMARY_SHA, summaryContext } from '../helpers/fixtures.ts';

const COMPLETE: Job = { ...JOB, stateId: 5, stateName: 'Complete', progress: 100, failed: 0, error: undefined };
const RUNNING: Job = { ...JOB, stateId: 4, stateName: 'Running', failed: 0, error: undefined };
const SHA = SUMMARY_SHA;
const CONTEXT: RunContext = summaryContext('refs/tags/v2.0.0');
const REMEDY =
  'See the job of image version 9001 in the Clanforge dashboard for the machines it failed on; fix the cause, then deploy again.';
const REPORT: RunReport = {
  result: 'failed',
  diffId: 678,
  imageVersionId: 9001,
  job: JOB,
  message: `Image version 9001 failed after 6m (job Failed 40%):\ndisk full\n<machine 7>\n${REMEDY}`,
  happened: 'Image version 9001 failed after 6m (job Failed 40%):\ndisk full\n<machine 7>',
  remedy: REMEDY,
  durationMs: 372_000,
  waited: true,
  stages: [],
  gameBuild: 'v2.0.0 <rc>',
  waitStartedMs: 1_800_000_000_000,
  waitEndedMs: 1_800_000_372_000
};
const FLEETS: Rollout = {
  completed: 39,
  pending: 0,
  failed: 1,
  fleets: [
    {
      id: '1',
      name: 'Production',
      completed: 25,
      pending: 0,
      failed: 1,
      regions: [
        { id: '10', name: 'Europe', completed: 14, pending: 0, failed: 0 },
        { id: '11', name: 'North <America>', completed: 11, pending: 0, failed: 1 }
      ]
    },
    { id: '2', name: undefined, completed: 14, pending: 0, failed: 0, regions: [] }
  ]
};

const plain = (rows: SummaryCell[][]): string[][] => rows.map((r) => r.map((c) => `${c.right ? '>' : ''}${c.html}`));

describe('summary rows', () => {
  it('lists version, diff, game_build, job, wait span, short ref and linked short commit; numbers on the right, no header row', () => {
    expect(plain(summaryRows({ ...REPORT, updateId: 3001 }, CONTEXT))).toEqual([
      ['Image version', '>9001'],
      ['Image update', '>3001'],
      ['Diff', '>678'],
      ['Game build', 'v2.0.0 &lt;rc&gt;'],
      ['Job', 'Failed 40%'],
      ['Wait', '2027-01-15 08:00:00 – 08:06:12 UTC (6m 12s)'],
      ['Ref', 'v2.0.0'],
      ['Commit', `<a href="https://github.com/studio/game/commit/${SHA}"><code>0123abc</code></a>`]
    ]);
  });

  it('shows a Complete job without its 100%, a running one with its ETA, no wait as none', () => {
    const rows = (extra: Partial<RunReport>): string[][] =>
      plain(summaryRows({ ...REPORT, ...extra }, { ...CONTEXT, commitUrl: undefined }));
    expect(rows({ job: COMPLETE })).toContainEqual(['Job', 'Complete']);
    expect(rows({ job: RUNNING, result: 'timeout' })).toContainEqual(['Job', 'Running 40%, ETA 2027-01-15 08:10:00 UTC']);
    expect(rows({ waitStartedMs: undefined, waitEndedMs: undefined })).toContainEqual(['Wait', 'none']);
    expect(rows({ gameBuild: undefined }).map(([label]) => label)).not.toContain('Game build');
    expect(rows({})).toContainEqual(['Commit', '<code>0123abc</code>']);
  });

  it('says how many failed machines were allowed in the rollout row', () => {
    const rollout = { imageId: 77, maxFailedMachines: 1, status: FLEETS, result: 'complete' as const };
    expect(plain(summaryRows({ ...REPORT, result: 'rolled-out', job: COMPLETE, rollout }, CONTEXT))).toContainEqual([
      'Rollout',
      'image 77: complete (completed 39/40, pending 0, failed 1, allowed up to 1)'
    ]);
  });

  it('shortens branch and tag refs only', () => {
    expect(['refs/tags/v2.7.0', 'refs/heads/main', 'refs/pull/12/merge'].map(shortRef)).toEqual(['v2.7.0', 'main', 'refs/pull/12/merge']);
  });

  it('builds HTML tables with align="right" on numbers', () => {
    expect(
      htmlTable([
        [
          { html: 'A', header: true },
          { html: 'N', header: true, right: true }
        ],
        [{ html: 'x' }, { html: '1', right: true }]
      ])
    ).toBe('<table><tr><th>A</th><th align="right">N</th></tr><tr><td>x</td><td align="right">1</td></tr></table>');
  });
});

describe('fleet table', () => {
  it('names a fleet once, marks failed counts, escapes names, numbers on the right', () => {
    expect(plain(fleetRows(FLEETS))).toEqual([
      ['Fleet', 'Region', '>Completed', '>Pending', '>Failed'],
      ['<b>Production</b>', 'all regions', '>25', '>0', '>⚠️ <b>1</b>'],
      ['', 'Europe', '>14', '>0', '>0'],
      ['', 'North &lt;America&gt;', '>11', '>0', '>⚠️ <b>1</b>'],
      ['<b>2</b>', 'all regions', '>14', '>0', '>0']
    ]);
  });
});

describe('headline', () => {
  const rollout = (status: Rollout | undefined, result: 'complete' | 'failed' | 'timeout' | undefined, maxFailedMachines = 1) => ({
    imageId: 77,
    maxFailedMachines,
    status,
    result
  });
  const none: Rollout = { ...FLEETS, failed: 0, completed: 40, fleets: [] };
  const empty: Rollout = { completed: 0, pending: 0, failed: 0, fleets: [] };
  const diffRow = { stage: 'Image diff', id: 5001, state: 'Running 50%', durationMs: 1 };
  it.each(
    (
      [
        [{ result: 'created', job: RUNNING }, '✅ Image version 9001 created; its install job goes on in Clanforge (not waited for)'],
        [{ result: 'complete', job: COMPLETE }, '✅ Image version 9001 accepted; machines install it next (not waited for)'],
        [
          { result: 'rolled-out', job: COMPLETE, rollout: rollout(none, 'complete') },
          '✅ Image version 9001 installed on every machine (40 machines)'
        ],
        [
          { result: 'rolled-out', job: COMPLETE, rollout: rollout(FLEETS, 'complete') },
          '⚠️ Image version 9001 rolled out: 1 machine failed (allowed up to 1), 39 of 40 installed it'
        ],
        [
          { result: 'rolled-out', job: COMPLETE, rollout: rollout({ ...FLEETS, failed: 2, completed: 38 }, 'complete', 3) },
          '⚠️ Image version 9001 rolled out: 2 machines failed (allowed up to 3), 38 of 40 installed it'
        ],
        [
          { result: 'rolled-out', job: COMPLETE, rollout: rollout(empty, 'complete') },
          '✅ Image version 9001 accepted; image 77 has no machines to install it'
        ],
        [{ result: 'failed' }, '❌ Image version 9001: the install job failed'],
        [{ result: 'squashed' }, '❌ Image version 9001: the install job was squashed (a newer job superseded it)'],
        [
          { result: 'rollout-failed', job: COMPLETE, rollout: rollout({ ...FLEETS, failed: 3 }, 'failed', 2) },
          '❌ Image version 9001: the rollout failed, 3 machines failed (more than max_failed_machines, 2)'
        ],
        [
          { result: 'timeout', imageVersionId: undefined, stages: [diffRow] },
          '⏱️ Timed out waiting for image diff 5001: no image version was created'
        ],
        [{ result: 'timeout', imageVersionId: undefined }, '⏱️ Timed out before an image version was created'],
        [{ result: 'timeout', job: RUNNING }, '⏱️ Timed out waiting for the install job of image version 9001: it goes on in Clanforge'],
        [
          { result: 'timeout', job: COMPLETE, rollout: rollout(undefined, 'timeout') },
          '⏱️ Timed out waiting for the rollout of image version 9001: machines go on installing in Clanforge'
        ],
        [{ result: 'cancelled', job: RUNNING }, '🛑 Cancelled while waiting for image version 9001: its install job goes on in Clanforge'],
        [
          { result: 'cancelled', job: COMPLETE, rollout: rollout(undefined, 'timeout') },
          '🛑 Cancelled while waiting for the rollout of image version 9001: machines go on installing in Clanforge'
        ],
        [
          { result: 'cancelled', imageVersionId: undefined, stages: [diffRow] },
          '🛑 Cancelled before an image version id was known (during image diff 5001, which goes on in Clanforge)'
        ],
        [
          { result: 'skipped', imageVersionId: undefined },
          '⏭️ No changes: the empty diff was rejected and no version was created (on_no_changes: skip)'
        ],
        [{ result: 'error', message: undefined }, '❌ The step failed after image version 9001 was created'],
        [{ result: 'error', imageVersionId: undefined, message: undefined }, '❌ The step failed'],
        [
          {
            result: 'error',
            imageVersionId: undefined,
            message:
              'Could not create the image diff: image 77 is locked by diff 4990, which was neither accepted nor rejected.\nReject it …',
            remedy: 'Reject it …'
          },
          '❌ Could not create the image diff: image 77 is locked by diff 4990, which was neither accepted nor rejected.'
        ],
        [
          { result: 'error', message: 'Could not read the rollout status of image 77: Clanforge answered HTTP 403 Forbidden' },
          '❌ Could not read the rollout status of image 77: Clanforge answered HTTP 403 Forbidden (after image version 9001 was created)'
        ],
        [{ result: 'error', imageVersionId: undefined, message: `Could not ${'x'.repeat(300)}` }, `❌ Could not ${'x'.repeat(129)}…`]
      ] as [Partial<RunReport>, string][]
    ).map(([extra, expected]) => [expected, extra] as const)
  )('%s', async (expected, extra) => {
    const report = { ...REPORT, ...extra };
    expect(headline(report)).toBe(expected);
    // In the summary, as a paragraph of its own right under the heading.
    const summary = new FakeSummary();
    await writeSummary(summary, report, CONTEXT);
    expect(summary.text.split('\n')[1]).toBe(`<p>${expected}</p>`);
  });

  it('has a success outcome (the notice text) only for a run that deployed', () => {
    expect(successOutcome({ ...REPORT, result: 'complete' })).toBe('accepted; machines install it next (not waited for)');
    for (const result of ['skipped', 'failed', 'rollout-failed', 'squashed', 'timeout', 'cancelled', 'error'] as const)
      expect(successOutcome({ ...REPORT, result })).toBeUndefined();
  });
});

describe('summary', () => {
  it("shows a failed job's error once, then what to do next", async () => {
    const summary = new FakeSummary();
    await writeSummary(summary, REPORT, CONTEXT);
    expect(summary.text).toContain(
      '<pre>Image version 9001 failed after 6m (job Failed 40%):\ndisk full\n&lt;machine 7&gt;</pre>\n<p><b>What to do next:</b> See the job of image version 9001'
    );
    expect(summary.text.split('disk full')).toHaveLength(2);
    expect(summary.text.split('See the job of image version 9001')).toHaveLength(2);
    expect(summary.text).not.toContain('Workflow run');
    expect(summary.text).not.toContain('<th>Field</th>');
  });

  it('shows a client error once, then its remedy under What to do next, with its first line as the headline', async () => {
    const summary = new FakeSummary();
    const remedy = 'The image has active allocations: retry when they end, or set force: true to install anyway.';
    const happened = 'Could not create the image version: Clanforge answered HTTP 400 Bad Request: image has <2> active allocations';
    const message = `${happened}\n${remedy}`;
    await writeSummary(
      summary,
      { ...REPORT, result: 'error', imageVersionId: undefined, job: undefined, message, happened, remedy },
      CONTEXT
    );
    expect(summary.text).toContain(
      '<p>❌ Could not create the image version: Clanforge answered HTTP 400 Bad Request: image has &lt;2&gt; active allocations</p>'
    );
    expect(summary.text).toContain(
      `<pre>Could not create the image version: Clanforge answered HTTP 400 Bad Request: image has &lt;2&gt; active allocations</pre>\n<p><b>What to do next:</b> ${remedy}</p>`
    );
    expect(summary.text.split(remedy)).toHaveLength(2);
  });

  it('shows a message without a known remedy as it is, and none on success', async () => {
    const timeout = new FakeSummary();
    await writeSummary(timeout, { ...REPORT, result: 'timeout', remedy: undefined, message: 'Timed out <x>' }, CONTEXT);
    expect(timeout.text).toContain('<pre>Timed out &lt;x&gt;</pre>');
    expect(timeout.text).not.toContain('What to do next');
    const ok = new FakeSummary();
    await writeSummary(ok, { ...REPORT, result: 'complete', job: COMPLETE, message: 'stale' }, CONTEXT);
    expect(ok.text).not.toContain('<pre>');
  });

  it('lists the stages without repeating their ids, durations on the right', async () => {
    const summary = new FakeSummary();
    const stages = [
      { stage: 'Image diff', id: 5001, state: 'Complete', durationMs: 61_000 },
      { stage: 'Image version', id: 9001, state: 'Failed 40%', durationMs: 2_000 }
    ];
    await writeSummary(summary, { ...REPORT, stages }, CONTEXT);
    expect(summary.text).toContain(
      '<table><tr><th>Stage</th><th>State</th><th align="right">Took</th></tr><tr><td>Image diff</td><td>Complete</td><td align="right">1m 1s</td></tr><tr><td>Image version</td><td>Failed 40%</td><td align="right">2s</td></tr></table>'
    );
  });

  describe('written through @actions/core to GITHUB_STEP_SUMMARY', () => {
    const saved = process.env['GITHUB_STEP_SUMMARY'];
    afterEach(() => {
      if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
      else process.env['GITHUB_STEP_SUMMARY'] = saved;
      core.summary.emptyBuffer();
    });

    it('renders the headline paragraph, the error and the table', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
      writeFileSync(file, '');
      process.env['GITHUB_STEP_SUMMARY'] = file;
      await writeSummary(core.summary, REPORT, CONTEXT);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('<h2>Clanforge image version</h2>\n<p>❌ Image version 9001: the install job failed</p>');
      expect(text).toContain('<tr><td>Image version</td><td align="right">9001</td></tr>');
      expect(text).toContain('<pre>Image version 9001 failed after 6m');
      expect(readFileSync(file, 'utf8')).toBe(text);
    });
  });
});
