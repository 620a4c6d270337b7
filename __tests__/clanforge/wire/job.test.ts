import { describe, expect, it } from '@jest/globals';
import { isUnknownState, outcomeOf, parseJob, plausibleTime, stateIdOfName, stateOf } from '../../../src/clanforge/wire/job.ts';
import { toId } from '../../../src/clanforge/wire/liberal-values.ts';
import { formatEta, formatTime } from '../../../src/format.ts';

/** 2026-12-01T00:00:00Z, the wall clock the parser judges job times against. */
const NOW_MS = 1_796_083_200_000;
const NOW_S = NOW_MS / 1000;

describe('toId', () => {
  it.each([
    [4242, 4242],
    ['4242', 4242],
    [' 4242 ', 4242],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
  ])('accepts %p', (value, id) => expect(toId(value)).toBe(id));

  it.each([
    1e21,
    4242.5,
    '4242.5',
    2 ** 53,
    '9007199254740993',
    0,
    '0',
    -1,
    '-1',
    '',
    'abc',
    '4e3',
    null,
    undefined,
    true,
    NaN,
    Infinity,
    [4242],
    { id: 4242 }
  ])('refuses %p rather than round it', (value) => expect(toId(value)).toBeUndefined());
});

describe('job state without jobstateid', () => {
  it.each([
    ['Created', 1, 'running'],
    ['Pending', 2, 'running'],
    ['Queued', 3, 'running'],
    ['Running', 4, 'running'],
    ['Complete', 5, 'complete'],
    ['Completed', 5, 'complete'],
    ['COMPLETED', 5, 'complete'],
    ['  complete\n', 5, 'complete'],
    ['Failed', 6, 'failed'],
    ['failed', 6, 'failed'],
    ['Squashed', 7, 'squashed'],
    ['squashed ', 7, 'squashed']
  ])('decides %p from the name: state %i, %s', (name, state, outcome) => {
    const job = parseJob({ jobstatename: name }, NOW_MS);
    expect(job.stateId).toBeUndefined();
    expect(stateIdOfName(name)).toBe(state);
    expect(stateOf(job)).toBe(state);
    expect(outcomeOf(job)).toBe(outcome);
    expect(isUnknownState(job)).toBe(false);
  });

  it('keeps waiting on a name it does not know, and says the state is unknown', () => {
    for (const body of [{ jobstatename: 'Installing' }, { jobstatename: '' }, {}, { jobstateid: null, jobstatename: 'Done' }]) {
      const job = parseJob(body, NOW_MS);
      expect(outcomeOf(job)).toBe('running');
      expect(isUnknownState(job)).toBe(true);
    }
  });

  it('goes by the id when there is one, whatever the name says', () => {
    expect(outcomeOf(parseJob({ jobstateid: 4, jobstatename: 'Complete' }, NOW_MS))).toBe('running');
    expect(outcomeOf(parseJob({ jobstateid: '5', jobstatename: 'Running' }, NOW_MS))).toBe('complete');
  });

  it('still reads a non-zero jobfailed as failed', () => {
    expect(outcomeOf(parseJob({ jobstatename: 'Running', jobfailed: 1 }, NOW_MS))).toBe('failed');
  });
});

describe('unknown jobstateid', () => {
  it.each([0, 8, 99, -1])('treats %i as running and unknown, keeping the name', (id) => {
    const job = parseJob({ jobstateid: id, jobstatename: 'Mystery' }, NOW_MS);
    expect(outcomeOf(job)).toBe('running');
    expect(isUnknownState(job)).toBe(true);
    expect(job).toMatchObject({ stateId: id, stateName: 'Mystery' });
  });

  it('an unknown id is not rescued by a known name', () => {
    const job = parseJob({ jobstateid: 8, jobstatename: 'Complete' }, NOW_MS);
    expect(outcomeOf(job)).toBe('running');
    expect(isUnknownState(job)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7])('knows state %i', (id) => expect(isUnknownState(parseJob({ jobstateid: id }, NOW_MS))).toBe(false));
});

describe('job times', () => {
  const eta = NOW_S + 600;

  it('keeps a plausible jobeta in seconds, also as a string', () => {
    expect(parseJob({ jobeta: eta }, NOW_MS).eta).toBe(eta);
    expect(parseJob({ jobeta: String(eta) }, NOW_MS).eta).toBe(eta);
  });

  it.each([
    ['milliseconds', eta * 1000],
    ['microseconds', eta * 1_000_000],
    ['before 2000', 946_684_799],
    ['more than a year ahead', NOW_S + 367 * 24 * 3600],
    ['zero (unset)', 0],
    ['negative', -5]
  ])('drops a jobeta in %s: unknown, never an invalid date', (_, value) => {
    const job = parseJob({ jobstateid: 4, jobeta: value, jobcreated: value, jobupdated: value, jobstart: String(value) }, NOW_MS);
    expect(job).toMatchObject({ eta: undefined, created: undefined, updated: undefined, start: undefined });
    expect(plausibleTime(value, NOW_MS)).toBeUndefined();
  });

  it('every time it keeps can be formatted', () => {
    for (const value of [946_684_800, NOW_S - 3600, NOW_S, NOW_S + 365 * 24 * 3600]) {
      const job = parseJob({ jobeta: value, jobcreated: value }, NOW_MS);
      expect(job.eta).toBe(value);
      expect(() => formatEta(job.eta as number, NOW_MS)).not.toThrow();
      expect(formatTime(job.created as number)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    }
  });

  it('judges times against the wall clock by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(parseJob({ jobeta: now + 60 }).eta).toBe(now + 60);
    expect(parseJob({ jobeta: (now + 60) * 1000 }).eta).toBeUndefined();
  });
});
