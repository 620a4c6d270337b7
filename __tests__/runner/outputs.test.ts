import { describe, expect, it } from '@jest/globals';
import type { Job } from '../../src/clanforge/wire/job.ts';
import { jobOutputs } from '../../src/runner/outputs.ts';

const JOB: Job = {
  stateId: 6,
  stateName: 'Failed',
  progress: 40,
  failed: 1,
  error: 'disk full\n<machine 7>',
  created: 1800000000,
  updated: 1800000100,
  eta: 1800000600,
  start: undefined
};

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
    const empty = {
      stateId: undefined,
      stateName: undefined,
      progress: undefined,
      failed: undefined,
      error: undefined,
      created: undefined,
      updated: undefined,
      eta: undefined,
      start: undefined
    };
    expect(Object.values(jobOutputs(1, empty)).slice(1)).toEqual(Array(8).fill(''));
  });
});
