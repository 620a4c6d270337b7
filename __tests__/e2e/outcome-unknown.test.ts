// After a create whose outcome is unknown, dist/index.js finds out with safe reads only
// (imageinstall/status, image/options) and never repeats the create: the three results
// against the emulator's lost-answer fault and its install and lock model.
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_IMAGE_ID, ROUTE_NAMES } from '../../emulator/index.ts';
import { expectNoLeaks, failureOf } from './helpers/assertions.ts';
import { commands } from './helpers/run-action.ts';
import { allScenarios, CREATE, DIFF_ID, scenario, TWO_SECOND_JOB, type Case, type ScenarioResult } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const IMAGE = String(EMULATOR_IMAGE_ID);
const SAFE_READS = new Set<string>([
  ROUTE_NAMES.imageInstallStatus,
  ROUTE_NAMES.imageOptions,
  ROUTE_NAMES.imageDiffStatus,
  ROUTE_NAMES.imageVersionStatus,
  ROUTE_NAMES.imageRollout
]);
/** The not-created verdict needs the check's whole minute, in real time. */
const MINUTE_AND_MORE = 90_000;

/** One create, whatever happened; every request after it a safe read. */
function expectCreateNeverRepeated(result: ScenarioResult): void {
  expect(result.creates).toHaveLength(1);
  const after = result.requests.slice(result.requests.findIndex((r) => r.route === CREATE) + 1);
  for (const request of after) expect(SAFE_READS.has(request.route ?? '')).toBe(true);
}

const checks = (result: ScenarioResult) => result.requests.filter((r) => r.route === ROUTE_NAMES.imageOptions);

const CASES: Case[] = [
  {
    name: 'created: the answer is lost after the create went through; the version is found, reported and waited for',
    result: scenario({
      emulator: { time: { scale: TWO_SECOND_JOB }, faults: { specs: [{ route: CREATE, kind: 'lost' }] } },
      inputs: { imageid: IMAGE, wait: 'true', poll_interval: '1' }
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expectCreateNeverRepeated(result);
      expect(result.creates[0]?.status).toBe('reset');
      expect(result.versions).toHaveLength(1);
      const id = String(result.versions[0]?.imageversionid);
      expect(result.run.outputs).toMatchObject({ imageversionid: id, jobstateid: '5' });
      const warnings = commands(result.run, 'warning');
      expect(warnings).toContainEqual(expect.stringContaining('for up to 60 s whether an image version was created from diff'));
      // What happened follows as its own sentence, not nested inside another.
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^The create went through after all: image version ${id} of image ${IMAGE} is being installed\\. The create request reached Clanforge but no answer came back \\([^()]*\\)\\. The safe reads show it went through: `
          )
        )
      );
      expect(warnings.join('\n')).not.toContain('answer was lost (');
      // Read once before the create (the baseline), then in the check.
      expect(result.requests.findIndex((r) => r.route === ROUTE_NAMES.imageInstallStatus)).toBeLessThan(
        result.requests.findIndex((r) => r.route === CREATE)
      );
      expect(checks(result).length).toBeGreaterThan(0);
      expect(result.run.summary).toContain(id);
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'created: a 500 to a create that was processed',
    result: scenario({
      emulator: { faults: { specs: [{ route: CREATE, kind: 'respond', status: 500, process: true }] } },
      inputs: { imageid: IMAGE }
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expectCreateNeverRepeated(result);
      expect(result.versions).toHaveLength(1);
      expect(result.run.outputs['imageversionid']).toBe(String(result.versions[0]?.imageversionid));
      expect(commands(result.run, 'warning').join('\n')).toContain('HTTP 500');
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'not created: a reset before the create was processed; the diff still locks the image a minute later',
    result: scenario({
      emulator: {
        diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: DIFF_ID } },
        faults: { specs: [{ route: CREATE, kind: 'reset', process: false }] }
      },
      inputs: { imageid: IMAGE },
      killAfterMs: MINUTE_AND_MORE
    }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expectCreateNeverRepeated(result);
      expect(result.versions).toHaveLength(0);
      const message = failureOf(result.run);
      expect(message).toMatch(
        /^The image version was not created: safe to re-run\. Diff 4242 still locks image 77 60 s later, so no version was made from it\./
      );
      expect(message).toContain('no answer came back');
      expect(message).not.toContain('It may or may not have created');
      // Reads over the whole minute, the last at its end.
      const reads = checks(result);
      expect(reads.length).toBeGreaterThanOrEqual(6);
      expect((reads.at(-1)?.time ?? 0) - (reads[0]?.time ?? 0)).toBeGreaterThanOrEqual(59_000);
      expect(result.run.outputs).not.toHaveProperty('imageversionid');
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'unknown: the create went through but neither read proves it (installs done, lock gone): fails as before, with both findings',
    result: scenario({
      emulator: {
        versions: { plan: { durationSeconds: 0 } },
        rollouts: { plan: { durationSeconds: 0 } },
        faults: { specs: [{ route: CREATE, kind: 'lost' }] }
      },
      inputs: { imageid: IMAGE, wait_timeout: '3' }
    }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expectCreateNeverRepeated(result);
      const message = failureOf(result.run);
      expect(message).toMatch(
        /^The create request reached Clanforge but no answer came back .* It may or may not have created an image version, so it was not repeated/s
      );
      expect(message).toContain('The safe reads after it did not settle it: Could not tell whether an image version was created.');
      expect(message).toMatch(/imageinstall\/status \(\d+ reads?\): no incomplete install targets a version of image 77/);
      expect(message).toContain('image/options: diff 4242 no longer locks image 77');
      expect(message).toContain('most likely went through');
      // The check's bound is what wait_timeout leaves, not the full minute.
      expect(commands(result.run, 'warning')).toContainEqual(
        expect.stringMatching(/for up to [1-3] s \(what wait_timeout leaves\) whether/)
      );
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'unknown: the reads fail (HTTP 503); each read failure named',
    result: scenario({
      emulator: {
        faults: {
          specs: [
            { route: CREATE, kind: 'lost' },
            { route: ROUTE_NAMES.imageInstallStatus, request: [2, 3, 4, 5, 6, 7, 8, 9], kind: 'respond', status: 503 },
            { route: ROUTE_NAMES.imageOptions, kind: 'respond', status: 503 }
          ]
        }
      },
      inputs: { imageid: IMAGE, wait_timeout: '3' }
    }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expectCreateNeverRepeated(result);
      const message = failureOf(result.run);
      expect(message).toMatch(/imageinstall\/status could not be read \(\d+ reads? failed, last: status request answered HTTP 503/);
      expect(message).toMatch(/image\/options could not be read \(\d+ reads? failed, last: image\/options request answered HTTP 503/);
      expectNoLeaks(result.run);
    }
  }
];

describe('after a create whose outcome is unknown', () => {
  test.each(CASES)('$name', async ({ result, check }) => check(await result), MINUTE_AND_MORE);
});
