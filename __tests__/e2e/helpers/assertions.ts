// Assertions every end-to-end scenario shares.
import { expect } from '@jest/globals';
import { findLeaks, type LeakCheck } from './leaks.ts';
import { commandData, type ActionRun, type StepRecord } from './run-action.ts';
import { SECRETS } from './scenario.ts';

/**
 * The step's keys and token (and `secrets`, such as a build URL's credentials): masked
 * first, each on an `::add-mask::` line of its own, and nowhere else (log, stderr,
 * outputs, summary). Masks beyond the keys' must pass `extraMask`; without it there are none.
 */
export function expectNoLeaks(step: StepRecord, check: Omit<LeakCheck, 'keys'> = {}): void {
  expect(findLeaks(step, { keys: SECRETS, ...check })).toEqual([]);
}

/** The step's single failure message, unescaped. */
export function failureOf(run: ActionRun): string {
  const errors = run.lines.filter((line) => line.startsWith('::error::'));
  expect(errors).toHaveLength(1);
  return commandData(errors[0]?.slice('::error::'.length) ?? '');
}

/** items[index], failing the test (not a TypeError later) when there is no such item. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`expected an item at index ${index}, got ${items.length} item(s)`);
  return item;
}
