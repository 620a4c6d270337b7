// End to end: answers that name the job's state without a jobstateid (the API documents
// the id as optional). The outputs carry the state the action decided, so a workflow's
// `if: steps.x.outputs.jobstateid == '5'` sees a job named Complete as complete.
import { afterAll, describe, expect, test } from '@jest/globals';
import { ROUTE_NAMES as R, type AnswerFieldSpec } from '../../emulator/index.ts';
import { FIRST_VERSION, TWO_SECOND_JOB, allScenarios, scenario } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const WAIT = { wait: 'true', poll_interval: '1' };
/** No jobstateid in any create or status answer (as --drop-field create:jobstateid --drop-field status:jobstateid). */
const NO_STATE_ID: AnswerFieldSpec[] = [
  { route: R.imageVersionCreate, fields: { jobstateid: undefined } },
  { route: R.imageVersionStatus, fields: { jobstateid: undefined } }
];

const S = {
  waited: scenario({ inputs: WAIT, emulator: { time: { scale: TWO_SECOND_JOB }, faults: { answerFields: NO_STATE_ID } } }),
  completedSpelling: scenario({
    inputs: WAIT,
    emulator: {
      time: { scale: TWO_SECOND_JOB },
      faults: { answerFields: [...NO_STATE_ID, { route: R.imageVersionCreate, fields: { jobstatename: 'Completed' } }] }
    }
  }),
  failedByName: scenario({
    emulator: { faults: { answerFields: [{ route: R.imageVersionCreate, fields: { jobstateid: undefined, jobstatename: 'failed' } }] } }
  }),
  unknownId: scenario({
    emulator: { faults: { answerFields: [{ route: R.imageVersionCreate, fields: { jobstateid: 99, jobstatename: 'Complete' } }] } }
  })
};

describe('jobstateid output from the job state name when the answer has no id', () => {
  test('a waited job that ends Complete: jobstateid 5', async () => {
    const { run, statuses } = await S.waited;
    expect(run.code).toBe(0);
    expect(statuses.length).toBeGreaterThan(0);
    expect(run.outputs).toMatchObject({
      imageversionid: String(FIRST_VERSION),
      jobstatename: expect.stringMatching(/^Complete/),
      jobstateid: '5'
    });
    // Every write of jobstateid matched its name, the create's too.
    const ids = run.outputWrites.filter(([name]) => name === 'jobstateid').map(([, value]) => value);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids.every((id) => /^[1-7]$/.test(id))).toBe(true);
  });

  test('a create answer named "Completed" with wait: true: done at once, jobstateid 5', async () => {
    const { run, statuses } = await S.completedSpelling;
    expect(run.code).toBe(0);
    expect(statuses).toHaveLength(0);
    expect(run.outputs).toMatchObject({ jobstatename: 'Completed', jobstateid: '5' });
  });

  test('a create answer named "failed" (wait: false): the step fails, jobstateid 6', async () => {
    const { run } = await S.failedByName;
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ jobstatename: 'failed', jobstateid: '6' });
  });

  test('an unknown id stays as it came, whatever the name says', async () => {
    const { run } = await S.unknownId;
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ jobstatename: 'Complete', jobstateid: '99' });
  });
});
