import { describe, expect, it } from '@jest/globals';
import { ClanforgeError, OutcomeUnknownError } from '../../src/clanforge/errors.ts';
import { ExpectedFailure } from '../../src/errors.ts';
import { cancelledEarly, recordFailure } from '../../src/runner/failure.ts';
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

describe('recordFailure', () => {
  const outputs = { job: () => {}, rollout: () => {} } as unknown as Parameters<typeof recordFailure>[1];
  const core = { debug: () => {} };

  it("takes what happened and what to do from the error's fields; the message is both", () => {
    const report = emptyReport();
    const error = new ClanforgeError(
      { happened: 'Could not create the image version: Clanforge answered HTTP 403 Forbidden', remedy: 'Check access_key.' },
      { status: 403 }
    );
    expect(error.message).toBe('Could not create the image version: Clanforge answered HTTP 403 Forbidden\nCheck access_key.');
    expect(recordFailure(core, outputs, report, { error, cancelledBy: undefined, asid: 1 })).toBe(error.message);
    expect(report.happened).toBe('Could not create the image version: Clanforge answered HTTP 403 Forbidden');
    expect(report.remedy).toBe('Check access_key.');
  });

  it('joins a remedy in the same paragraph when the failure says so, and keeps none for an error without one', () => {
    expect(new ExpectedFailure({ happened: 'It was squashed.', remedy: 'Check the jobs.', join: ' ' }).message).toBe(
      'It was squashed. Check the jobs.'
    );
    const report = emptyReport();
    recordFailure(core, outputs, report, { error: new ClanforgeError('x\ny'), cancelledBy: undefined, asid: 1 });
    expect(report.remedy).toBeUndefined();
    expect(report.message).toBe('x\ny');
  });

  it('a cancel while waiting names the version, its last state and how to follow it, apart', () => {
    const report = emptyReport();
    report.imageVersionId = 4242;
    const message = recordFailure(core, outputs, report, { error: new Error('aborted'), cancelledBy: 'SIGTERM', asid: 12345 });
    expect(report.happened).toBe('Cancelled (SIGTERM) while waiting for image version 4242; last state unknown.');
    expect(report.remedy).toBe(
      'The job goes on in Clanforge (there is no cancel call): follow it in the dashboard or with GET /cfp/v1/imageversion/4242/status?accountserviceid=12345.'
    );
    expect(message).toBe(`${report.happened} ${report.remedy}`);
  });
});
