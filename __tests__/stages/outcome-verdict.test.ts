import { FakeClock } from '../helpers/fake-clock.ts';
import {
  CHECK_INTERVAL_MS,
  CHECK_WINDOW_MS,
  checkOutcome,
  checkSchedule,
  createdVersion,
  decideOutcome,
  type LockSeen,
  type OutcomeQuestion,
  type Round
} from '../../src/stages/outcome-verdict.ts';
import { InstallFold, type Installs } from '../../src/clanforge/wire/installs.ts';
import type { ImageLock } from '../../src/clanforge/wire/image-options.ts';

const Q: OutcomeQuestion = { diffId: 555, imageId: 77, highestVersionSeen: 4242 };

/** An imageinstall/status row as the wire has it. */
function row(fields: { imageId?: number; targetImageVersionId?: number; created?: number }): Record<string, unknown> {
  return {
    jobid: 1,
    jobstateid: 2,
    ...(fields.imageId !== undefined ? { image: { imageid: fields.imageId } } : {}),
    ...(fields.targetImageVersionId !== undefined ? { target_imageversionid: fields.targetImageVersionId } : {}),
    ...(fields.created !== undefined ? { jobcreated: fields.created } : {})
  };
}

/** The rows as a read folds them. */
function installs(...rows: Record<string, unknown>[]): Installs {
  const fold = new InstallFold();
  for (const r of rows) fold.add(r);
  return { listed: true, rows: fold.rows, groups: fold.groups, skipped: fold.skipped };
}
const options = (lock: ImageLock | undefined): LockSeen => ({ lock });
const OURS = options({ diffId: 555, updateId: undefined });
const FREE = options({ diffId: undefined, updateId: undefined });

function round(atMs: number, i: Installs | Error, o: LockSeen | Error): Round {
  return {
    atMs,
    installs: i instanceof Error ? { ok: false, error: i.message } : { ok: true, value: i },
    options: o instanceof Error ? { ok: false, error: o.message } : { ok: true, value: o }
  };
}

describe('checkSchedule', () => {
  it('reads at once, then every 10 s up to 60 s', () => {
    expect(checkSchedule(1000, 1_000_000)).toEqual([1000, 11000, 21000, 31000, 41000, 51000, 61000]);
  });

  it('stops at the deadline, and reads the deadline itself when the interval does not reach it', () => {
    expect(checkSchedule(0, 25_000)).toEqual([0, 10_000, 20_000, 25_000]);
    expect(checkSchedule(0, 20_000)).toEqual([0, 10_000, 20_000]);
  });

  it('reads once even with no time left', () => {
    expect(checkSchedule(5000, 4000)).toEqual([5000]);
  });

  it('takes another pace and window', () => {
    expect(checkSchedule(0, 1e9, 15_000, 40_000)).toEqual([0, 15_000, 30_000, 40_000]);
  });
});

describe('decideOutcome', () => {
  const end = CHECK_WINDOW_MS;

  it('created: an install of this image targets a newer version', () => {
    const rounds = [
      round(0, installs(row({ imageId: 77, targetImageVersionId: 4243 }), row({ imageId: 77, targetImageVersionId: 4100 })), FREE)
    ];
    const verdict = decideOutcome(Q, rounds, 0);
    expect(verdict).toMatchObject({ kind: 'created', imageVersionId: 4243 });
    expect(verdict.message).toContain('image version 4243 of image 77');
    expect(verdict.findings).toContain('installs of image 77 target version 4243 newer than 4242');
  });

  it('created: a named install is proof even before the lock read tells', () => {
    expect(createdVersion(Q, [round(0, installs(row({ imageId: 77, targetImageVersionId: 4243 })), new Error('timeout'))])).toBe(4243);
    expect(createdVersion(Q, [round(0, installs(row({ imageId: 77, targetImageVersionId: 4243 })), options(undefined))])).toBe(4243);
  });

  it('not created from a named install while the diff still locks the image (the reads disagree)', () => {
    const rounds = [
      round(0, installs(row({ imageId: 77, targetImageVersionId: 4243 })), OURS),
      round(end, installs(row({ imageId: 77, targetImageVersionId: 4243 })), OURS)
    ];
    expect(createdVersion(Q, rounds)).toBeUndefined();
    expect(decideOutcome(Q, rounds, 0).kind).toBe('unknown');
  });

  it('ignores installs of other images, of older versions, and rows created long before the create', () => {
    const sentAtMs = 1_800_000_000_000;
    const rows = [
      row({ imageId: 78, targetImageVersionId: 5000 }),
      row({ imageId: 77, targetImageVersionId: 4242 }),
      row({ imageId: 77, targetImageVersionId: 4243, created: sentAtMs / 1000 - 3600 })
    ];
    expect(createdVersion({ ...Q, sentAtMs }, [round(0, installs(...rows), FREE)])).toBeUndefined();
    // Within the clock-skew allowance, the row counts.
    expect(
      createdVersion({ ...Q, sentAtMs }, [
        round(0, installs(row({ imageId: 77, targetImageVersionId: 4243, created: sentAtMs / 1000 - 60 })), FREE)
      ])
    ).toBe(4243);
  });

  it('created from a row that names no image only when the diff no longer locks the image', () => {
    const unnamed = installs(row({ targetImageVersionId: 4243 }));
    expect(createdVersion(Q, [round(0, unnamed, OURS)])).toBeUndefined();
    expect(createdVersion(Q, [round(0, unnamed, options(undefined))])).toBeUndefined();
    expect(createdVersion(Q, [round(0, unnamed, OURS), round(10_000, unnamed, FREE)])).toBe(4243);
    expect(createdVersion(Q, [round(0, unnamed, options({ diffId: 600, updateId: undefined }))])).toBe(4243);
  });

  it('with no version seen before, needs the lock released and exactly one candidate', () => {
    const q = { ...Q, highestVersionSeen: undefined };
    expect(createdVersion(q, [round(0, installs(row({ imageId: 77, targetImageVersionId: 10 })), OURS)])).toBeUndefined();
    expect(createdVersion(q, [round(0, installs(row({ imageId: 77, targetImageVersionId: 10 })), FREE)])).toBe(10);
    expect(
      createdVersion(q, [
        round(0, installs(row({ imageId: 77, targetImageVersionId: 10 }), row({ imageId: 77, targetImageVersionId: 11 })), FREE)
      ])
    ).toBeUndefined();
  });

  it('two newer versions of this image are not a proof of which one', () => {
    const rounds = [
      round(0, installs(row({ imageId: 77, targetImageVersionId: 4243 }), row({ imageId: 77, targetImageVersionId: 4244 })), FREE)
    ];
    const verdict = decideOutcome(Q, rounds, 0);
    expect(verdict.kind).toBe('unknown');
    expect(verdict.findings).toContain('target versions 4243, 4244');
  });

  it('not-created: the diff still locks the image in every read, the last one after the minute', () => {
    const rounds = [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000].map((t) =>
      round(t, installs(row({ imageId: 78, targetImageVersionId: 9000 })), OURS)
    );
    const verdict = decideOutcome(Q, rounds, 0);
    expect(verdict.kind).toBe('not-created');
    expect(verdict.message).toBe(
      'The image version was not created: safe to re-run. Diff 555 still locks image 77 60 s later, so no version was made from it.'
    );
    expect(verdict.findings).toContain('image/options: diff 555 still locks image 77 (last read 60 s after the checks began)');
    expect(verdict.findings).toContain('no incomplete install targets a version of image 77 newer than 4242');
  });

  it('unknown when the minute did not pass (wait_timeout), saying so', () => {
    const verdict = decideOutcome(Q, [round(0, installs(), OURS), round(20_000, installs(), OURS)], 0);
    expect(verdict.kind).toBe('unknown');
    expect(verdict.message).toContain('too soon to call it not created');
  });

  it('unknown when a lock read said otherwise, even if the diff locks again later', () => {
    const rounds = [round(0, installs(), FREE), round(end, installs(), OURS)];
    expect(decideOutcome(Q, rounds, 0).kind).toBe('unknown');
  });

  it('unknown, most likely created, when the lock is gone but no install names the version', () => {
    const verdict = decideOutcome(Q, [round(0, installs(), FREE), round(end, installs(), FREE)], 0);
    expect(verdict).toMatchObject({ kind: 'unknown', likelyCreated: true });
    expect(verdict.findings).toContain('diff 555 no longer locks image 77, now not locked');
    expect(verdict.message).toContain('most likely went through');
  });

  it('unknown with both failures in the findings when nothing could be read', () => {
    const verdict = decideOutcome(
      Q,
      [round(0, new Error('connection reset'), new Error('HTTP 503')), round(end, new Error('connection reset'), new Error('HTTP 503'))],
      0
    );
    expect(verdict).toMatchObject({ kind: 'unknown', likelyCreated: false });
    expect(verdict.findings).toBe(
      'imageinstall/status could not be read (2 reads failed, last: connection reset). image/options could not be read (2 reads failed, last: HTTP 503).'
    );
  });

  it('says when installs were not listed or the lock not told', () => {
    const verdict = decideOutcome(Q, [round(end, { listed: false, rows: 0, groups: [], skipped: 0 }, options(undefined))], 0);
    expect(verdict.kind).toBe('unknown');
    expect(verdict.findings).toContain('imageinstall/status did not list installs (1 read)');
    expect(verdict.findings).toContain('image/options did not say what locks image 77');
  });
});

describe('checkOutcome on a fake clock', () => {
  function deps(clock: FakeClock, reads: { installs: () => Installs; options: () => LockSeen }, deadlineMs = clock.now() + 3_600_000) {
    const calls: number[] = [];
    return {
      calls,
      deps: {
        ...Q,
        clock,
        deadlineMs,
        readInstalls: async () => {
          calls.push(clock.now());
          return reads.installs();
        },
        readOptions: async () => reads.options()
      }
    };
  }

  it('reads every 10 s for a minute and finds the diff still locking: not created', async () => {
    const clock = new FakeClock(0);
    const { calls, deps: d } = deps(clock, { installs: () => installs(), options: () => OURS });
    const verdict = await checkOutcome(d);
    expect(verdict.kind).toBe('not-created');
    expect(calls).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(clock.sleeps).toEqual(Array(6).fill(CHECK_INTERVAL_MS));
  });

  it('stops at the first proof of a create', async () => {
    const clock = new FakeClock(0);
    let n = 0;
    const { calls, deps: d } = deps(clock, {
      installs: () => (++n >= 3 ? installs(row({ imageId: 77, targetImageVersionId: 4243 })) : installs()),
      options: () => (n >= 3 ? FREE : OURS)
    });
    const seen: Round[] = [];
    const verdict = await checkOutcome({ ...d, onRound: (r) => seen.push(r) });
    expect(verdict).toMatchObject({ kind: 'created', imageVersionId: 4243 });
    expect(calls).toEqual([0, 10_000, 20_000]);
    expect(seen).toHaveLength(3);
  });

  it('keeps reading after failed reads, and reports them', async () => {
    const clock = new FakeClock(0);
    const d = {
      ...Q,
      clock,
      deadlineMs: 1e9,
      readInstalls: async (): Promise<Installs> => {
        throw new Error('socket hang up');
      },
      readOptions: async (): Promise<LockSeen> => OURS
    };
    const verdict = await checkOutcome(d);
    expect(verdict.kind).toBe('not-created');
    expect(verdict.findings).toContain('imageinstall/status could not be read (7 reads failed, last: socket hang up)');
  });

  it('ends at the deadline: a short wait_timeout cannot call it not created', async () => {
    const clock = new FakeClock(0);
    const { calls, deps: d } = deps(clock, { installs: () => installs(), options: () => OURS }, 25_000);
    const verdict = await checkOutcome(d);
    expect(calls).toEqual([0, 10_000, 20_000, 25_000]);
    expect(verdict.kind).toBe('unknown');
  });

  it('skips slots a slow read overran, but still reads at the end of the window', async () => {
    const clock = new FakeClock(0);
    const calls: number[] = [];
    const verdict = await checkOutcome({
      ...Q,
      clock,
      deadlineMs: 1e9,
      readInstalls: async () => {
        calls.push(clock.now());
        clock.time += 25_000;
        return installs();
      },
      readOptions: async () => OURS
    });
    // Reads at 0 (until 25 s), 30 s (until 55 s), then the last slot, 60 s.
    expect(calls).toEqual([0, 30_000, 60_000]);
    expect(verdict.kind).toBe('not-created');
  });

  it('a cancel rejects instead of deciding', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const d = {
      ...Q,
      clock,
      deadlineMs: 1e9,
      signal: controller.signal,
      readInstalls: async () => {
        controller.abort();
        return installs();
      },
      readOptions: async () => OURS
    };
    await expect(checkOutcome(d)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
