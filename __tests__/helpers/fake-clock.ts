import type { Clock } from '../../src/polling/poll-loop.ts';

/** A clock whose sleep returns at once, moving time forward: loops run without waiting. */
export class FakeClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];
  constructor(start = 1_800_000_000_000) {
    this.time = start;
  }
  now = (): number => this.time;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    this.sleeps.push(ms);
    this.time += ms;
  };
}
