import { describe, expect, it } from '@jest/globals';
import { ClanforgeError, OutcomeUnknownError } from '../../src/clanforge/errors.ts';
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

  it("takes a client error's remedy as the report's, the message whole", () => {
    const report = emptyReport();
    const error = new ClanforgeError('Could not create the image version: Clanforge answered HTTP 403 Forbidden\nCheck access_key.', {
      status: 403,
      remedy: 'Check access_key.'
    });
    expect(recordFailure(core, outputs, report, { error, cancelledBy: undefined, asid: 1 })).toBe(error.message);
    expect(report.remedy).toBe('Check access_key.');
  });

  it('keeps a remedy a stage set, and takes none that is not the end of the message', () => {
    const report = emptyReport();
    report.remedy = 'What the stage said.';
    recordFailure(core, outputs, report, { error: new ClanforgeError('x\ny', { remedy: 'y' }), cancelledBy: undefined, asid: 1 });
    expect(report.remedy).toBe('What the stage said.');
    expect(new ClanforgeError('Could not x\nCheck y.', { remedy: 'Something else.' }).remedy).toBeUndefined();
  });
});
