// Request, job and run values that several unit tests start from.

import type { CreateParams } from '../../src/clanforge/requests.ts';
import type { Job } from '../../src/clanforge/wire/job.ts';
import type { RunContext } from '../../src/runner/run-context.ts';

/** imageversion/create for diff 678 with every optional parameter left out. */
export const CREATE_PARAMS: CreateParams = {
  diffId: 678,
  restart: false,
  full: undefined,
  gameBuild: undefined,
  force: false,
  installAt: undefined,
  disableTimeout: undefined,
  disablePercentage: undefined
};

/** A job with no field known; spread it and set what a test needs. */
export const EMPTY_JOB: Job = {
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

/** A failed install job whose error text has a line break and markup, and no start time. */
export const FAILED_JOB: Job = {
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

/** The commit both summaries link to. */
export const SUMMARY_SHA = '0123abcd4567ef0123abcd4567ef0123abcd4567';

/** The run a summary describes: a tag push in studio/game with a commit link. */
export function summaryContext(ref: string): RunContext {
  return {
    ref,
    sha: SUMMARY_SHA,
    repository: 'studio/game',
    runUrl: 'https://github.com/studio/game/actions/runs/42',
    commitUrl: `https://github.com/studio/game/commit/${SUMMARY_SHA}`
  };
}
