import { describe, expect, it } from '@jest/globals';
import type { Job } from '../../src/clanforge/wire/job.ts';
import { jobOutputs } from '../../src/runner/outputs.ts';
import { EMPTY_JOB, FAILED_JOB as JOB } from '../helpers/fixtures.ts';

describe('jobOutputs', () => {
  it('turns every job field into text, missing ones into empty strings', () => {
    expect(jobOutputs(9001, JOB)).toEqual({
      imageversionid: '9001',
      jobstatename: 'Failed',
      jobstateid: '6',
      jobprogress: '40',
      jobfailed: '1',
      joberror: 'disk full\n<machine 7>',
      jobeta: '1800000600',
      jobcreated: '1800000000',
      jobupdated: '1800000100'
    });
    expect(Object.values(jobOutputs(1, EMPTY_JOB)).slice(1)).toEqual(Array(8).fill(''));
  });

  it('gives the state the action decided as jobstateid: from the name when the answer has no id', () => {
    const named = (stateName: string | undefined, stateId?: number): Job => ({ ...JOB, stateId, stateName, failed: undefined });
    const cases: [string | undefined, number | undefined, string][] = [
      ['Complete', undefined, '5'],
      ['completed', undefined, '5'],
      [' COMPLETED ', undefined, '5'],
      ['Failed', undefined, '6'],
      ['Squashed', undefined, '7'],
      ['Created', undefined, '1'],
      ['Pending', undefined, '2'],
      ['Queued', undefined, '3'],
      ['Running', undefined, '4'],
      ['Installing', undefined, ''],
      [undefined, undefined, ''],
      // An id in the answer wins, an unknown one stays as it came.
      ['Complete', 4, '4'],
      ['Complete', 99, '99'],
      ['Running', 0, '0']
    ];
    for (const [name, id, expected] of cases) {
      const outputs = jobOutputs(7, named(name, id));
      expect({ name, id, jobstateid: outputs['jobstateid'] }).toEqual({ name, id, jobstateid: expected });
      expect(outputs['jobstatename']).toBe(name ?? '');
    }
  });
});
