import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatEta, formatTime } from '../src/format.ts';

describe('format', () => {
  it('formats durations, times and ETAs', () => {
    expect([0, 999, 59_000, 60_000, 372_000, 3_600_000, 3_725_000].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m', '6m 12s', '1h', '1h 2m 5s']);
    expect(formatTime(1800000000)).toBe('2027-01-15 08:00:00 UTC');
    expect(formatEta(1800000130, 1800000000_000)).toBe('08:02:10 UTC, in 2m 10s');
    expect(formatEta(1800000000, 1800000030_000)).toBe('08:00:00 UTC, 30s ago');
  });
});
