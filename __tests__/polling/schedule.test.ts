import { DEFAULT_POLICY, nextPollDelay } from '../../src/polling/schedule.ts';
import type { JobObservation, PollPolicy } from '../../src/polling/schedule.ts';

// A fake clock: observations are built at chosen instants, nothing sleeps.
const T0 = 1_700_000_000_000; // an epoch instant on a whole second
const at = (s: number): number => T0 + s * 1000;

function running(s: number, progress: number | undefined, etaS?: number): JobObservation {
  return { atMs: at(s), stateId: 4, progress, etaMs: etaS === undefined ? undefined : at(etaS) };
}

/** Running observations every `everyS` seconds from `fromS`, progress rising `perS` percent a second (truncated). */
function rising(fromS: number, toS: number, everyS: number, perS: number, etaS?: number): JobObservation[] {
  const out: JobObservation[] = [];
  for (let s = fromS; s <= toS; s += everyS) out.push(running(s, Math.min(99, Math.floor(perS * s)), etaS));
  return out;
}

const delay = (history: readonly JobObservation[], policy: PollPolicy = DEFAULT_POLICY): number => nextPollDelay(history, policy);

describe('nextPollDelay: no usable signal', () => {
  it('waits the plain interval before the job runs', () => {
    const history: JobObservation[] = [
      { atMs: at(0), stateId: 1, progress: 0, etaMs: undefined },
      { atMs: at(10), stateId: 2, progress: 0, etaMs: undefined },
      { atMs: at(20), stateId: 3, progress: 0, etaMs: undefined }
    ];
    expect(delay(history)).toBe(10_000);
  });

  it('waits the plain interval while progress never moves and there is no ETA', () => {
    expect(delay([running(0, 0), running(10, 0), running(20, 0), running(30, 0)])).toBe(10_000);
  });

  it('waits the plain interval when progress and ETA are missing altogether', () => {
    expect(delay([{ atMs: at(0), stateId: undefined, progress: undefined, etaMs: undefined }])).toBe(10_000);
  });

  it("uses the user's interval, whatever it is", () => {
    expect(delay([running(0, 0)], { intervalMs: 30_000, minIntervalMs: 1_000 })).toBe(30_000);
    expect(delay([running(0, 0)], { intervalMs: 2_500, minIntervalMs: 1_000 })).toBe(2_500);
  });

  it('ignores pre-Running observations when reading the progress trend', () => {
    // Queued at 0 % for a long time, then a single Running value: no trend yet.
    const history: JobObservation[] = [
      { atMs: at(0), stateId: 3, progress: 0, etaMs: undefined },
      { atMs: at(10), stateId: 3, progress: 0, etaMs: undefined },
      running(20, 30)
    ];
    expect(delay(history)).toBe(10_000);
  });
});

describe('nextPollDelay: bounds', () => {
  it('never goes below the minimum interval, even when the end is due now', () => {
    expect(delay([running(100, 50, 100.2)])).toBe(1_200); // ETA + 1 s margin, 1.2 s away
    expect(delay([running(100, 50, 99.3)])).toBe(1_000); // target 0.3 s away
  });

  it('raises an interval below the floor to the floor', () => {
    expect(delay([running(0, 0)], { intervalMs: 200, minIntervalMs: 1_000 })).toBe(1_000);
  });

  it('falls back to the defaults for a nonsensical policy', () => {
    expect(delay([running(0, 0)], { intervalMs: Number.NaN, minIntervalMs: -5 })).toBe(10_000);
    expect(delay([running(100, 50, 99.3)], { intervalMs: 0, minIntervalMs: Number.NaN })).toBe(1_000);
  });

  it('stays within [min, interval] as a whole number for arbitrary histories', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const policies: PollPolicy[] = [DEFAULT_POLICY, { intervalMs: 30_000, minIntervalMs: 2_000 }];
    for (let trial = 0; trial < 2_000; trial++) {
      const history: JobObservation[] = [];
      let s = 0;
      const length = 1 + Math.floor(rnd() * 30);
      for (let i = 0; i < length; i++) {
        s += 0.5 + rnd() * 15;
        history.push({
          atMs: at(s),
          stateId: rnd() < 0.1 ? undefined : 1 + Math.floor(rnd() * 4),
          progress: rnd() < 0.1 ? undefined : Math.floor(rnd() * 101),
          etaMs: rnd() < 0.4 ? undefined : at(s + (rnd() - 0.3) * 200)
        });
      }
      for (const policy of policies) {
        const d = delay(history, policy);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(policy.minIntervalMs);
        expect(d).toBeLessThanOrEqual(policy.intervalMs);
      }
    }
  });
});

describe('nextPollDelay: accurate ETA', () => {
  it('keeps the full interval while the ETA is more than one interval away', () => {
    expect(delay([running(100, 10, 400)])).toBe(10_000);
    expect(delay([running(100, 10, 109)])).toBe(10_000); // target 110 s: exactly one interval
  });

  it('lands the next poll one second after the ETA once it is within reach', () => {
    expect(delay([running(100, 90, 106)])).toBe(7_000);
    expect(delay([running(100, 90, 100.5)])).toBe(1_500);
  });

  it('averages the whole-second rounding of recent ETAs', () => {
    const history = [80, 90, 100, 100].map((s, i) => running(s, undefined, i % 2 === 0 ? 106 : 107));
    expect(delay(history)).toBe(7_500); // mean 106.5 + 1
  });

  it('keeps following the ETA when the progress trend agrees with it', () => {
    // 0.2 %/s: the trend reaches 100 % at 497.5 s; the job says 498.
    const history = rising(400, 490, 10, 0.2, 498);
    expect(delay(history)).toBe(9_000);
  });

  it('on the fixed-interval grid, detects a 10-minute job within a second and a half, with no extra request', () => {
    const endS = 603.37;
    const probe = (s: number): JobObservation | 'done' => (s >= endS ? 'done' : running(s, Math.floor((100 * s) / endS), Math.round(endS)));
    const history: JobObservation[] = [{ atMs: at(0), stateId: 1, progress: 0, etaMs: undefined }];
    let nowS = 0;
    let requests = 0;
    for (;;) {
      nowS += delay(history) / 1000;
      requests++;
      const o = probe(nowS);
      if (o === 'done') break;
      history.push(o);
    }
    expect(nowS - endS).toBeGreaterThanOrEqual(0);
    expect(nowS - endS).toBeLessThan(1.5);
    expect(requests).toBe(Math.ceil(endS / 10)); // what fixed 10 s polling needs
  });
});

describe('nextPollDelay: implausible ETA', () => {
  it.each([
    ['milliseconds read as seconds', at(15) * 1000],
    ['microseconds read as seconds', at(15) * 1_000_000],
    ['two years ahead', at(15) + 2 * 365 * 24 * 3600 * 1000]
  ])('an ETA in %s is ignored, not averaged with the honest ones', (_, bad) => {
    const honest = { atMs: at(10), stateId: 4, progress: 5, etaMs: at(15) };
    // Taken as a real ETA, the bad one would make the ETAs look jumpy and push the poll to the full interval.
    expect(delay([{ atMs: at(0), stateId: 4, progress: 5, etaMs: bad }, honest])).toBe(6_000);
    expect(delay([{ atMs: at(0), stateId: 4, progress: 5, etaMs: undefined }, honest])).toBe(6_000);
  });
});

describe('nextPollDelay: progress trend', () => {
  it('extrapolates the end from the recent progress rate', () => {
    // 0.2 %/s observed every 10 s: the line reaches 100 % at 497.5 s.
    expect(delay(rising(400, 480, 10, 0.2))).toBe(10_000); // 17.5 s away
    const d = delay(rising(400, 490, 10, 0.2)); // 7.5 s away
    expect(d).toBeGreaterThanOrEqual(7_500);
    expect(d).toBeLessThanOrEqual(8_500);
  });

  it('is not thrown off by a single repeated value', () => {
    // 0.08 %/s seen every 10 s repeats a value every fifth poll; still a trend
    // reaching 100 % at 1250 s.
    expect(delay(rising(1005, 1205, 10, 0.08))).toBe(10_000); // 45 s away
    const d = delay(rising(1005, 1245, 10, 0.08)); // 5 s away
    expect(d).toBeGreaterThanOrEqual(4_500);
    expect(d).toBeLessThanOrEqual(6_500);
  });

  it('falls back to the plain interval when progress stalls', () => {
    const history = [...rising(100, 300, 10, 0.2), ...[310, 320, 330, 340, 350, 360].map((s) => running(s, 60))];
    expect(delay(history)).toBe(10_000);
  });

  it('starts the trend afresh after progress goes backwards', () => {
    const before = rising(100, 300, 10, 0.3); // 30 % .. 90 %
    // Progress restarts at 5 % and rises 0.1 %/s.
    const after = [310, 320, 330, 340].map((s) => running(s, Math.floor(5 + 0.1 * (s - 310))));
    expect(delay([...before, ...after])).toBe(delay(after));
    // One value after the reset is no trend at all.
    expect(delay([...before, running(310, 5)])).toBe(10_000);
  });

  it('backs off from the moment progress first showed 100 % without the job ending', () => {
    expect(delay([...rising(400, 490, 10, 0.2), running(495, 100)])).toBe(1_000);
    expect(delay([...rising(400, 490, 10, 0.2), running(495, 100), running(505, 100)])).toBe(6_000); // 1 s + 10 s / 2
  });
});

describe('nextPollDelay: wrong ETAs', () => {
  it('late ETA (job ends well before it): follows the progress trend', () => {
    const trendOnly = delay(rising(400, 490, 10, 0.2));
    expect(delay(rising(400, 490, 10, 0.2, 640))).toBe(trendOnly);
    expect(trendOnly).toBeLessThan(10_000);
  });

  it('early ETA, not yet passed, contradicted by the trend: keeps the interval', () => {
    // The job says it ends in 2 s; at 0.2 %/s from 70 % it needs another 2.5 minutes.
    expect(delay(rising(300, 350, 10, 0.2, 352))).toBe(10_000);
  });

  it('early ETA, passed: follows the progress trend instead', () => {
    expect(delay(rising(400, 490, 10, 0.2, 430))).toBe(delay(rising(400, 490, 10, 0.2)));
  });

  it('early ETA without progress: grows back to the interval instead of hammering', () => {
    // The job says 100 s but runs for ever; poll on a fake clock and record the delays.
    const history: JobObservation[] = [running(90, undefined, 100)];
    const delays: number[] = [];
    let nowS = 90;
    while (nowS < 200) {
      const d = delay(history);
      delays.push(d);
      nowS += d / 1000;
      history.push(running(nowS, undefined, 100));
    }
    // Up to the ETA, one shot just after it, then 1 s + half the time overdue.
    expect(delays.slice(0, 5)).toEqual([10_000, 1_000, 1_500, 2_250, 3_375]);
    for (let i = 2; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.slice(-3)).toEqual([10_000, 10_000, 10_000]);
    // About a dozen requests for the 110 s, where 1 s polling would make 110.
    expect(delays.length).toBeLessThanOrEqual(16);
  });

  it('jumpy ETA without progress: aims later in proportion to the jumps', () => {
    // ETAs 140 then 103 (spread 37 s): aim at 103 + 1 + 0.25 * 18.5 = 108.625 s, from 105 s.
    expect(delay([running(100, 50, 140), running(105, 50, 103)])).toBe(3_625);
    expect(delay([running(100, 50, 140), running(105, 50, 180), running(110, 50, 120)])).toBe(10_000);
  });

  it('jumpy ETA with progress: follows the progress trend', () => {
    const history = rising(400, 490, 10, 0.2).map((o, i) => ({ ...o, etaMs: at(i % 2 === 0 ? 470 : 530) }));
    expect(delay(history)).toBe(delay(rising(400, 490, 10, 0.2)));
  });
});

describe('nextPollDelay: clock skew', () => {
  it('an ETA already in the past on our clock backs off from it rather than polling every second', () => {
    expect(delay([running(100, 40, 96)])).toBe(3_000); // 4 s overdue: 1 s + 4 s / 2
    expect(delay([running(100, 40, 60)])).toBe(10_000); // long overdue: back to the interval
  });

  it('an ETA a few seconds in the past, with a progress trend, follows the trend', () => {
    const history = rising(400, 490, 10, 0.2, 487);
    expect(delay(history)).toBe(delay(rising(400, 490, 10, 0.2)));
  });
});
