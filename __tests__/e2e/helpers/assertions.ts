// Assertions every end-to-end scenario shares.
import { expect } from '@jest/globals';
import { commandData, type ActionRun } from './run-action.ts';
import { SECRETS } from './scenario.ts';

/**
 * The step's secrets: masked first, each on an `::add-mask::` line of its own, and
 * nowhere else (log, stderr, outputs, summary).
 */
export function expectNoSecretLeaks(run: ActionRun): void {
  const maskLines = SECRETS.map((secret) => `::add-mask::${secret}`);
  expect(run.lines.slice(0, 3)).toEqual(maskLines);
  const elsewhere = [
    ...run.lines.filter((line) => !maskLines.includes(line)),
    run.stderr,
    ...run.outputWrites.flat(),
    run.summary
  ];
  for (const text of elsewhere) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
  // Only the mask lines may carry a secret.
  expect(run.lines.filter((line) => line.startsWith('::add-mask::'))).toEqual(maskLines);
}

/** The step's single failure message, unescaped. */
export function failureOf(run: ActionRun): string {
  const errors = run.lines.filter((line) => line.startsWith('::error::'));
  expect(errors).toHaveLength(1);
  return commandData(errors[0].slice('::error::'.length));
}
