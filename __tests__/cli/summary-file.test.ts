// --summary FILE holds what the action writes to the runner's summary file, byte for byte.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as actionsCore from '@actions/core';
import { SummaryFile } from '../../src/cli/summary-file.ts';
import { emptyReport } from '../../src/runner/report.ts';
import { writeSummary } from '../../src/runner/summary.ts';
import type { SummaryBuilder } from '../../src/runner/core.ts';

let dir = '';
/** @actions/core's summary keeps the first file it is given: one file for every write of the action's builder here. */
let actionFile = '';
let summaryBefore: string | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-summary-'));
  actionFile = join(dir, 'action.md');
  summaryBefore = process.env['GITHUB_STEP_SUMMARY'];
  process.env['GITHUB_STEP_SUMMARY'] = actionFile;
});
afterAll(async () => {
  if (summaryBefore === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
  else process.env['GITHUB_STEP_SUMMARY'] = summaryBefore;
  await rm(dir, { recursive: true, force: true });
});

const CONTEXT = { ref: 'refs/tags/v2.7.0', sha: '5f1c0ffee0ddba11d00dfacade5eed0123456789', repository: 'studio/game', runUrl: undefined };

/** What a builder writes: the action's (@actions/core, to the runner's summary file) or the command line's (--summary FILE). */
async function written(build: (summary: SummaryBuilder) => Promise<void>, builder: 'action' | 'cli'): Promise<string> {
  const file = builder === 'action' ? actionFile : join(dir, `cli-${Math.random().toString(36).slice(2)}.md`);
  await writeFile(file, '');
  await build(builder === 'action' ? actionsCore.summary.emptyBuffer() : new SummaryFile(file));
  return readFile(file, 'utf8');
}

describe('SummaryFile', () => {
  test("a run's summary is the action's, byte for byte", async () => {
    const report = emptyReport();
    report.imageVersionId = 1001;
    report.diffId = 4242;
    report.result = 'created';
    report.stages.push({ stage: 'Image diff', id: 5001, state: 'Complete', durationMs: 61_000 });
    const build = (summary: SummaryBuilder): Promise<void> => writeSummary(summary, report, CONTEXT);
    const cli = await written(build, 'cli');
    expect(cli).toContain('<h2>Clanforge image version</h2>');
    expect(cli).toBe(await written(build, 'action'));
  });

  test('headings of every level, raw pieces with and without a line end', async () => {
    const build = async (summary: SummaryBuilder): Promise<void> => {
      summary.addHeading('one').addHeading('three', 3).addHeading('odd', 'x').addRaw('<p>a</p>').addRaw('<p>b</p>', true);
      await summary.write();
    };
    expect(await written(build, 'cli')).toBe(await written(build, 'action'));
  });

  test('the first write replaces the file, a later one adds to it', async () => {
    const file = join(dir, 'twice.md');
    await writeFile(file, 'from before\n');
    const summary = new SummaryFile(file);
    await summary.addRaw('first', true).write();
    await summary.addRaw('second', true).write();
    expect(await readFile(file, 'utf8')).toBe('first\nsecond\n');
  });

  test('without a file, writes nothing', async () => {
    await expect(new SummaryFile(undefined).addRaw('x').write()).resolves.toBeInstanceOf(SummaryFile);
  });
});
