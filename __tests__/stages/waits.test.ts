import { describe, expect, it } from '@jest/globals';
import type { Job } from '../../src/clanforge/wire/job.ts';
import { emptyReport } from '../../src/runner/report.ts';
import { readSettings } from '../../src/settings/read-settings.ts';
import type { StageContext, StageLog } from '../../src/stages/context.ts';
import { addRow, PROGRESS_LINE_EVERY_MS, PROGRESS_LINE_EVERY_POINTS, waitForStageJob, worthALine } from '../../src/stages/waits.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { FakeCore } from '../helpers/fake-core.ts';
import { EMPTY_JOB } from '../helpers/fixtures.ts';

describe('worthALine', () => {
  const last = { state: '4:Running', points: 40, atMs: 1_000_000 };
  it('logs the first poll and every new state at once', () => {
    expect(worthALine(undefined, last)).toBe(true);
    expect(worthALine(last, { ...last, state: '5:Complete', atMs: last.atMs + 1 })).toBe(true);
  });
  it('otherwise once a minute or every 10 points, whichever comes first', () => {
    expect([PROGRESS_LINE_EVERY_MS, PROGRESS_LINE_EVERY_POINTS]).toEqual([60_000, 10]);
    expect(worthALine(last, { ...last, points: 49, atMs: last.atMs + 59_999 })).toBe(false);
    expect(worthALine(last, { ...last, points: 50, atMs: last.atMs + 1 })).toBe(true);
    expect(worthALine(last, { ...last, points: 40, atMs: last.atMs + 60_000 })).toBe(true);
    expect(worthALine(last, { ...last, points: undefined, atMs: last.atMs + 30_000 })).toBe(false);
  });
});

describe('the live line of a terminal', () => {
  /** A stage context whose log has a live line that keeps every text it is given. */
  function liveContext(): { ctx: StageContext; live: string[]; core: FakeCore; clock: FakeClock } {
    const core = new FakeCore({ access_key: 'AK-live-0001', secret_key: 'SK-live-0002', accountserviceid: '12345', diffid: '5001' });
    const settings = readSettings((name) => core.getInput(name));
    const clock = new FakeClock();
    const live: string[] = [];
    const log: StageLog = {
      info: (text) => core.info(text),
      debug: (text) => core.debug(text),
      warning: (text) => core.warning(text),
      startGroup: (title) => core.startGroup(title),
      endGroup: () => core.endGroup(),
      live: (text) => {
        live.push(text);
        return true;
      }
    };
    const ctx = {
      settings,
      log,
      clock,
      signal: new AbortController().signal,
      deadline: () => clock.now() + settings.waitTimeoutMs,
      report: emptyReport(),
      started: clock.now(),
      plan: undefined
    } as unknown as StageContext;
    return { ctx, live, core, clock };
  }

  const job = (stateId: number, stateName: string, progress: number): Job => ({ ...EMPTY_JOB, stateId, stateName, progress });

  it('shows every poll of an image diff with the time in the wait, and no progress line goes to the log meanwhile', async () => {
    const { ctx, live, core } = liveContext();
    const polls = [job(4, 'Running', 20), job(4, 'Running', 60), job(5, 'Complete', 100)];
    const row = addRow(ctx, 'Image diff', 5001, job(1, 'Created', 0));
    await waitForStageJob(ctx, row, job(1, 'Created', 0), async () => polls.shift() ?? job(5, 'Complete', 100), {
      polls: 'GET /cfp/v1/imagediff/{diffid}/status',
      noun: 'diff'
    });
    expect(live.length).toBeGreaterThanOrEqual(3);
    for (const text of live) expect(text).toMatch(/^Image diff 5001: \[\d+s\] \w+ \d+%$/);
    expect(live.at(-1)).toMatch(/Complete 100%$/);
    expect(core.log.filter((line) => line.kind === 'info' && /^Image diff 5001: /.test(line.message))).toEqual([]);
  });
});
