import { describe, expect, it } from '@jest/globals';
import { PROGRESS_LINE_EVERY_MS, PROGRESS_LINE_EVERY_POINTS, worthALine } from '../../src/stages/waits.ts';

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
