import { describe, expect, it } from '@jest/globals';
import {
  andMore,
  count,
  describeChanges,
  describeRollout,
  formatDuration,
  formatEta,
  formatSpan,
  formatTime,
  jobStateText,
  plural
} from '../src/format.ts';

describe('format', () => {
  it('formats durations, times and ETAs', () => {
    expect([0, 999, 59_000, 60_000, 372_000, 3_600_000, 3_725_000].map(formatDuration)).toEqual([
      '0s',
      '1s',
      '59s',
      '1m',
      '6m 12s',
      '1h',
      '1h 2m 5s'
    ]);
    expect(formatTime(1800000000)).toBe('2027-01-15 08:00:00 UTC');
    expect(formatEta(1800000130, 1800000000_000)).toBe('08:02:10 UTC, in 2m 10s');
    expect(formatEta(1800000000, 1800000030_000)).toBe('08:00:00 UTC, 30s ago');
  });

  it('says a Complete job without its 100%, counts with their noun, spans of time once', () => {
    const job = {
      stateId: 5,
      stateName: 'Completed',
      progress: 100,
      failed: 0,
      error: undefined,
      created: undefined,
      updated: undefined,
      eta: undefined,
      start: undefined
    };
    expect(jobStateText(job)).toBe('Completed');
    expect(jobStateText({ ...job, stateId: 4, stateName: 'Running', progress: 40 })).toBe('Running 40%');
    expect([plural(1, 'machine'), plural(2, 'machine'), plural(0, 'machine')]).toEqual(['1 machine', '2 machines', '0 machines']);
    expect(formatSpan(1800000000_000, 1800000600_000)).toBe('2027-01-15 08:00:00 – 08:10:00 UTC (10m)');
    expect(formatSpan(1800000000_000, 1800100000_000)).toBe('2027-01-15 08:00:00 – 2027-01-16 11:46:40 UTC (27h 46m 40s)');
  });

  it('groups counts of files and machines by thousands, as a person reads them', () => {
    expect([count(0), count(999), count(1000), count(99_950), count(1_234_567)]).toEqual(['0', '999', '1,000', '99,950', '1,234,567']);
    expect(plural(10_000, 'machine')).toBe('10,000 machines');
    const files = (n: number) => ({ count: n, first: [] });
    expect(describeChanges({ added: files(25_000), modified: files(50_000), removed: files(1) })).toBe(
      '25,000 added, 50,000 modified, 1 removed'
    );
    expect(describeRollout({ completed: 9_998, pending: 1, failed: 1 })).toBe('completed 9,998/10,000, pending 1, failed 1');
    expect(andMore(99_950)).toBe('… and 99,950 more');
  });
});
