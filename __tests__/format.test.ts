import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatEta, formatSpan, formatTime, jobStateText, plural } from '../src/format.ts';

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
});
