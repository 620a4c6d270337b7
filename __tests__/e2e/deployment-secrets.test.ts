// End to end: secrets and outside text on the way to GitHub, redirects away from
// GITHUB_API_URL, and one deployment per run when the job declares environment:, with the
// bundled action against the emulator and a fake GitHub REST API on loopback. Apart from
// e2e/deployment.test.ts so that its timing rows do not share the machine with these.
import { afterAll, describe, expect, test } from '@jest/globals';
import type { JobDeployment } from '../helpers/fake-github-api.ts';
import { expectNoLeaks, nth } from './helpers/assertions.ts';
import {
  allGitHubScenarios,
  descriptionsOf,
  ENVIRONMENT,
  expectSameRelease,
  expectTokenSafe,
  FIRST_DEPLOYMENT,
  RUN_URL,
  statesOf,
  withGitHub,
  type DeploymentResult
} from './helpers/github-scenario.ts';
import { commands, RUN_CONTEXT } from './helpers/run-action.ts';
import {
  ACCESS_KEY,
  allScenarios,
  BASIC_TOKEN,
  CREATE,
  DIFF_ID,
  FIRST_VERSION,
  SECRET_KEY,
  STATUS,
  TWO_SECOND_JOB,
  type Case
} from './helpers/scenario.ts';

afterAll(() => Promise.all([allScenarios(), allGitHubScenarios()]));

/** The same release without environment: what the Clanforge side must still look like. */
const BASELINE_NO_WAIT = withGitHub({ environment: null });
const BASELINE_WAIT = withGitHub({ environment: null, inputs: { wait: 'true' }, emulator: { time: { scale: TWO_SECOND_JOB } } });

/** What GitHub Actions made for this run's job when the job declares `environment: production`. */
const JOB_DEPLOYMENT: JobDeployment = {
  id: 44001,
  owner: 'studio',
  repo: 'space-game',
  environment: ENVIRONMENT,
  sha: RUN_CONTEXT.GITHUB_SHA,
  ref: 'v2.7.0',
  states: ['waiting', 'in_progress'],
  jobUrl: `${RUN_URL}/job/90210`
};

describe('secrets and outside text on the way to GitHub', () => {
  const rows: Case<DeploymentResult>[] = [
    {
      name: 'Clanforge state names holding the keys and the Basic token (as given and encoded): *** in every status, nothing secret sent to GitHub',
      result: withGitHub({
        inputs: { wait: 'true' },
        emulator: {
          time: { scale: TWO_SECOND_JOB },
          faults: {
            answerFields: [
              { route: CREATE, fields: { jobstatename: `Pending ${SECRET_KEY}` } },
              { route: STATUS, fields: { jobstatename: `Complete ${ACCESS_KEY} ${encodeURIComponent(BASIC_TOKEN)}` } }
            ]
          }
        }
      }),
      check: (r) => {
        expect(r.run.code).toBe(0);
        const d = nth(r.deployments, 0);
        expect(descriptionsOf(d)).toEqual([
          `creating an image version from diff ${DIFF_ID}`,
          `image version ${FIRST_VERSION}: Pending ***, waiting for the install job`,
          `image version ${FIRST_VERSION}: Complete *** ***`
        ]);
        expectTokenSafe(r);
      }
    },
    {
      name: 'a 307 from GITHUB_API_URL to another host: not followed; one warning; the other host gets nothing; same release',
      result: withGitHub({ redirectTo: 'create-deployment' }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_NO_WAIT);
        expect(r.elsewhere).toEqual([]);
        const warnings = commands(r.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toMatch(
          /GitHub answered 307 to POST \/repos\/studio\/space-game\/deployments with a redirect to another origin \(http:\/\/127\.0\.0\.1:\d+\), which the action does not follow/
        );
        expect(r.github.map((q) => q.route)).toEqual(['list-deployments', 'create-deployment']);
        expect(r.run.outputs['deployment_id']).toBeUndefined();
        expectTokenSafe(r);
      }
    },
    {
      name: 'a 307 to another host on every status: not followed; one warning; the deployment stays on GITHUB_API_URL',
      result: withGitHub({ redirectTo: 'create-status' }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_NO_WAIT);
        expect(r.elsewhere).toEqual([]);
        expect(commands(r.run, 'warning')).toEqual([expect.stringContaining('redirect to another origin')]);
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expectTokenSafe(r);
      }
    },
    {
      name: 'credentials in GITHUB_API_URL: not printed; nothing sent; one warning; same release',
      result: withGitHub({ apiUrl: (url) => url.replace('http://', 'http://ghe-user:Ap1Passw0rd-9q@') }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_NO_WAIT);
        expect(r.github).toEqual([]);
        const warnings = commands(r.run, 'warning');
        expect(warnings).toEqual([expect.stringContaining("holds credentials before '@'")]);
        expectNoLeaks(r.run, {
          secrets: [r.token, 'Ap1Passw0rd-9q', 'ghe-user:Ap1Passw0rd-9q'],
          extraMask: (mask) => mask === r.token,
          sent: r.sent
        });
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe('one deployment per run: a job that declares environment: gets its own from GitHub', () => {
  const rows: Case<DeploymentResult>[] = [
    {
      name: "GitHub's deployment of this run's job in the environment: no second one, a notice saying so, no status, no warning",
      result: withGitHub({ jobDeployments: [JOB_DEPLOYMENT], inputs: { wait: 'true' }, emulator: { time: { scale: TWO_SECOND_JOB } } }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_WAIT);
        expect(r.github.map((q) => q.route)).toEqual(['list-deployments', 'list-statuses']);
        expect(r.deployments.map((d) => d.id)).toEqual([JOB_DEPLOYMENT.id]);
        expect(nth(r.deployments, 0).statuses).toEqual([]);
        expect(commands(r.run, 'warning')).toEqual([]);
        expect(commands(r.run, 'notice')).toContainEqual(
          expect.stringContaining(
            `This job declares environment: ${ENVIRONMENT}, and GitHub records it as deployment ${JOB_DEPLOYMENT.id} there; the action adds no second deployment`
          )
        );
        expect(r.run.outputs['deployment_id']).toBeUndefined();
        expectTokenSafe(r);
      }
    },
    {
      name: "a job's deployment of another run in the environment: the action records its own",
      result: withGitHub({ jobDeployments: [{ ...JOB_DEPLOYMENT, jobUrl: 'https://github.com/studio/space-game/actions/runs/1/job/2' }] }),
      check: (r) => {
        expect(r.run.code).toBe(0);
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expect(statesOf(nth(r.deployments, 1))).toEqual(['in_progress', 'success']);
        expect(commands(r.run, 'notice').filter((n) => n.includes('declares environment'))).toEqual([]);
        expectTokenSafe(r);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});
