import { describe, expect, it } from '@jest/globals';
import { ClanforgeError, isTransient } from '../../src/clanforge/errors.ts';
import { outcomeOf, type Job } from '../../src/clanforge/wire/job.ts';
import { MAX_ERROR_BACKOFF_MS, errorBackoffMs, jobTarget, pollUntil, type WaitOptions } from '../../src/polling/poll-loop.ts';
import { DEFAULT_POLICY } from '../../src/polling/schedule.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

function job(stateId: number, progress: number, extra: Partial<Job> = {}): Job {
  const names: Record<number, string> = {
    1: 'Created',
    2: 'Pending',
    3: 'Queued',
    4: 'Running',
    5: 'Complete',
    6: 'Failed',
    7: 'Squashed'
  };
  return {
    stateId,
    stateName: names[stateId],
    progress,
    failed: stateId === 6 ? 1 : 0,
    error: undefined,
    created: undefined,
    updated: undefined,
    eta: undefined,
    start: undefined,
    ...extra
  };
}

function options(clock: FakeClock, extra: Partial<WaitOptions> = {}): WaitOptions & { updates: Job[]; retries: [string, number][] } {
  const updates: Job[] = [];
  const retries: [string, number][] = [];
  return {
    timeoutMs: 3_600_000,
    policy: DEFAULT_POLICY,
    clock,
    requestTimeoutMs: 30_000,
    isTransient,
    onUpdate: (j) => void updates.push(j),
    onRetry: (e, ms) => void retries.push([e.message, ms]),
    updates,
    retries,
    ...extra
  };
}

/** A job waited on as the stages wait on one: pollUntil with jobTarget; the outcome read from the last job. */
async function waitForJob(
  poll: (timeoutMs: number) => Promise<Job>,
  initial: Job,
  o: WaitOptions & { onUnknownState?: (job: Job) => void }
) {
  const result = await pollUntil(poll, initial, jobTarget(o.onUnknownState), o);
  return { ...result, outcome: outcomeOf(result.value), job: result.value };
}

/** A job whose state at each poll comes from a script; records poll times. */
function scripted(clock: FakeClock, script: (Job | Error)[]) {
  const times: number[] = [];
  const poll = async (): Promise<Job> => {
    times.push(clock.now());
    const next = script.shift();
    if (next === undefined) throw new Error('polled more than scripted');
    if (next instanceof Error) throw next;
    return next;
  };
  return { poll, times };
}

describe('pollUntil on a job (jobTarget)', () => {
  it('returns at once when the job already ended', async () => {
    const clock = new FakeClock();
    const { poll, times } = scripted(clock, []);
    const result = await waitForJob(poll, job(5, 100), options(clock));
    expect(result).toMatchObject({ outcome: 'complete', timedOut: false, polls: 0 });
    expect(times).toEqual([]);
  });

  it('polls until Complete and reports changes only', async () => {
    const clock = new FakeClock();
    const { poll, times } = scripted(clock, [job(2, 0), job(2, 0), job(4, 10), job(4, 10), job(4, 60), job(5, 100)]);
    const o = options(clock);
    const result = await waitForJob(poll, job(1, 0), o);
    expect(result).toMatchObject({ outcome: 'complete', timedOut: false, polls: 6 });
    expect(o.updates.map((j) => `${j.stateName} ${j.progress}`)).toEqual(['Pending 0', 'Running 10', 'Running 60', 'Complete 100']);
    // Never more than once a second, never slower than poll_interval.
    const gaps = times.map((t, i) => t - (i === 0 ? 1_800_000_000_000 : times[i - 1]!));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThanOrEqual(10_000);
    }
  });

  it.each([
    [job(6, 30, { error: 'disk full\non 3 machines' }), 'failed'],
    [job(4, 30, { failed: 2 }), 'failed'],
    [job(7, 0), 'squashed'],
    [job(5, 100, { stateName: 'Completed' }), 'complete']
  ] as [Job, string][])('ends on %o as %s', async (last, outcome) => {
    const clock = new FakeClock();
    const { poll } = scripted(clock, [job(4, 10), last]);
    expect((await waitForJob(poll, job(1, 0), options(clock))).outcome).toBe(outcome);
  });

  it('times out with the latest state, polling last at the deadline', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    let progress = 0;
    const times: number[] = [];
    const poll = async (): Promise<Job> => {
      times.push(clock.now());
      return job(4, Math.min(99, ++progress));
    };
    const result = await waitForJob(poll, job(1, 0), options(clock, { timeoutMs: 95_000 }));
    expect(result.timedOut).toBe(true);
    expect(result.outcome).toBe('running');
    expect(result.job.progress).toBe(times.length);
    expect(times.at(-1)).toBe(start + 95_000);
    expect(clock.now()).toBe(start + 95_000);
  });

  it('never polls sooner than a second before the deadline, even for the last poll', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const times: number[] = [];
    const poll = async (): Promise<Job> => {
      times.push(clock.now());
      return job(4, 5);
    };
    // No signal: polls every 10 s; the deadline falls 500 ms after the second poll.
    const result = await waitForJob(poll, job(1, 0), options(clock, { timeoutMs: 20_500 }));
    expect(result.timedOut).toBe(true);
    expect(times.map((t) => t - start)).toEqual([10_000, 20_000]);
    expect(clock.now()).toBe(start + 20_500);
  });

  it('keeps going through transient errors with backoff and Retry-After', async () => {
    const clock = new FakeClock();
    const { poll, times } = scripted(clock, [
      new ClanforgeError('status request answered HTTP 500', { transient: true }),
      new ClanforgeError('status request failed: ECONNRESET', { transient: true }),
      new ClanforgeError('status request answered HTTP 429', { transient: true, retryAfterMs: 15_000 }),
      job(5, 100)
    ]);
    const o = options(clock);
    const result = await waitForJob(poll, job(4, 50), o);
    expect(result.outcome).toBe('complete');
    expect(o.retries).toEqual([
      ['status request answered HTTP 500', 2000],
      ['status request failed: ECONNRESET', 4000],
      ['status request answered HTTP 429', 15_000]
    ]);
    expect(times[1]! - times[0]!).toBe(2000);
    expect(times[2]! - times[1]!).toBe(4000);
    expect(times[3]! - times[2]!).toBe(15_000);
  });

  it('tells onRetry the wait that will really happen: a Retry-After past the deadline is cut to it', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { poll, times } = scripted(clock, [
      job(4, 50),
      new ClanforgeError('status request answered HTTP 503', { transient: true, retryAfterMs: 500_000 }),
      job(4, 60)
    ]);
    const o = options(clock, { timeoutMs: 30_000, pollFirst: true });
    const result = await waitForJob(poll, job(4, 40), o);
    expect(result.timedOut).toBe(true);
    // The failed poll came at 26 s: 4 s were left, and 4 s is what was said and waited.
    const failedAt = times[1]!;
    const left = start + 30_000 - failedAt;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(30_000);
    expect(o.retries).toEqual([['status request answered HTTP 503', left]]);
    expect(clock.now()).toBe(start + 30_000);
  });

  it('fails at once on an error that is not transient', async () => {
    const clock = new FakeClock();
    const fatal = new ClanforgeError('HTTP 403: Forbidden', { status: 403 });
    const { poll } = scripted(clock, [job(4, 10), fatal]);
    await expect(waitForJob(poll, job(1, 0), options(clock))).rejects.toBe(fatal);
  });

  it('stops when cancelled', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const poll = async (): Promise<Job> => {
      controller.abort();
      return job(4, 10);
    };
    await expect(waitForJob(poll, job(1, 0), options(clock, { signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ends on a job that gives only a name, no jobstateid', async () => {
    const clock = new FakeClock();
    const named = (stateName: string, progress: number): Job => ({ ...job(4, progress), stateId: undefined, stateName, failed: undefined });
    const { poll } = scripted(clock, [named('Queued', 0), named('Running', 50), named('Completed', 100)]);
    const unknown: Job[] = [];
    const result = await waitForJob(poll, named('Created', 0), { ...options(clock), onUnknownState: (j) => void unknown.push(j) });
    expect(result).toMatchObject({ outcome: 'complete', timedOut: false, polls: 3 });
    expect(unknown).toEqual([]);
  });

  it.each([0, 8, 99])('keeps waiting through unknown state %i and says so once', async (id) => {
    const clock = new FakeClock();
    const odd = (progress: number): Job => ({ ...job(4, progress), stateId: id, stateName: 'Mystery' });
    const { poll } = scripted(clock, [job(4, 10), odd(20), odd(30), job(4, 40), odd(50), job(5, 100)]);
    const unknown: Job[] = [];
    const result = await waitForJob(poll, job(1, 0), { ...options(clock), onUnknownState: (j) => void unknown.push(j) });
    expect(result).toMatchObject({ outcome: 'complete', polls: 6 });
    expect(unknown).toEqual([odd(20)]);
  });

  it('says so for an unknown initial state too, and not for one that ends the wait', async () => {
    const clock = new FakeClock();
    const unknown: Job[] = [];
    const first = { ...job(4, 0), stateId: 8, stateName: 'Mystery' };
    const { poll } = scripted(clock, [{ ...job(4, 0), stateId: 9 }, job(5, 100)]);
    await waitForJob(poll, first, { ...options(clock), onUnknownState: (j) => void unknown.push(j) });
    expect(unknown).toEqual([first]);
    // An unknown id with jobfailed set is a failure, not an unknown state.
    const failedOdd = { ...job(4, 0), stateId: 99, failed: 1 };
    const done = await waitForJob(scripted(clock, []).poll, failedOdd, { ...options(clock), onUnknownState: (j) => void unknown.push(j) });
    expect(done.outcome).toBe('failed');
    expect(unknown).toHaveLength(1);
  });

  it('waits on an unknown state without a callback', async () => {
    const clock = new FakeClock();
    const { poll } = scripted(clock, [{ ...job(4, 0), stateId: 0 }, job(5, 100)]);
    expect((await waitForJob(poll, job(1, 0), options(clock))).outcome).toBe('complete');
  });

  it('bounds the error backoff', () => {
    const e = new ClanforgeError('x', { transient: true });
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => errorBackoffMs(n, e, DEFAULT_POLICY))).toEqual([
      2000,
      4000,
      8000,
      16_000,
      30_000,
      30_000,
      MAX_ERROR_BACKOFF_MS
    ]);
  });
});
