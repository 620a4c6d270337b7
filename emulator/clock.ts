// Clocks for the emulator: the wall clock, and a hand-driven one for tests.
import type { Clock } from './types.ts';

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock that only moves when told to, so job timelines can be walked without sleeping. */
export function manualClock(startMs: number = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    }
  };
}
