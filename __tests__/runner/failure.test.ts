import { describe, expect, it } from '@jest/globals';
import { ClanforgeError, OutcomeUnknownError } from '../../src/clanforge/errors.ts';
import { cancelledEarly } from '../../src/runner/failure.ts';
import { emptyReport } from '../../src/runner/report.ts';

describe('cancelledEarly', () => {
  it.each([
    ['a Clanforge error', new ClanforgeError('Could not create the image version: request failed: aborted')],
    ['an unknown outcome', new OutcomeUnknownError('The create may have been processed: check before re-running.')]
  ])('repeats %s: its message says whether anything was created', (_, error) => {
    expect(cancelledEarly('SIGTERM', emptyReport(), error)).toBe(
      `Cancelled (SIGTERM) before an image version id was known. ${error.message}`
    );
  });

  it('does not repeat any other error, and names the stage under way', () => {
    const report = emptyReport();
    report.stages.push({ stage: 'Image diff', id: 7, state: 'Running', durationMs: 0 });
    expect(cancelledEarly('SIGINT', report, new Error('The operation was aborted'))).toBe(
      'Cancelled (SIGINT) before an image version id was known during image diff 7 (it goes on in Clanforge).'
    );
  });
});
