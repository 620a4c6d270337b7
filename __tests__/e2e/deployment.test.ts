// End to end: the release recorded as a GitHub deployment (input environment), with the
// bundled action (dist/index.js) as a child process against the emulator and a fake
// GitHub REST API on loopback (GITHUB_API_URL, which @actions/github reads when it loads
// in the child). Every scenario starts when this file loads; the tests assert on what
// each one saw.
import { afterAll, describe, expect, test } from '@jest/globals';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import {
  allGitHubScenarios,
  BUDGET_MS,
  descriptionsOf,
  ENVIRONMENT,
  expectSameRelease,
  expectTokenSafe,
  FIRST_DEPLOYMENT,
  GIVEN_TOKEN,
  REQUEST_TIMEOUT_MS,
  RUN_URL,
  statesOf,
  withGitHub,
  type DeploymentResult
} from './helpers/github-scenario.ts';
import { commands, RUN_CONTEXT, RUNNER_GITHUB_TOKEN } from './helpers/run-action.ts';
import { allScenarios, CREATE, DIFF_ID, FIRST_VERSION, LONG_JOB, TWO_SECOND_JOB, type Case } from './helpers/scenario.ts';

afterAll(() => Promise.all([allScenarios(), allGitHubScenarios()]));

/** The same release without environment: what the Clanforge side must still look like. */
const BASELINE_NO_WAIT = withGitHub({ environment: null });
const BASELINE_WAIT = withGitHub({ environment: null, inputs: { wait: 'true' }, emulator: { time: { scale: TWO_SECOND_JOB } } });

describe('the deployment and its statuses', () => {
  const rows: Case<DeploymentResult>[] = [
    {
      name: 'wait: true, Complete: deployment for GITHUB_SHA with the payload, then in_progress, in_progress, success',
      result: withGitHub({ inputs: { wait: 'true', game_build: '2.7.0' }, emulator: { time: { scale: TWO_SECOND_JOB } } }),
      check: (r) => {
        expect(r.run.code).toBe(0);
        expect(r.deployments).toHaveLength(1);
        const d = nth(r.deployments, 0);
        expect([d.owner, d.repo].join('/')).toBe(RUN_CONTEXT.GITHUB_REPOSITORY);
        expect(d.request).toEqual({
          ref: RUN_CONTEXT.GITHUB_SHA,
          environment: ENVIRONMENT,
          auto_merge: false,
          required_contexts: [],
          description: `Clanforge image version from diff ${DIFF_ID} (game_build 2.7.0)`,
          payload: { accountserviceid: 12345, diffid: DIFF_ID }
        });
        expect(statesOf(d)).toEqual(['in_progress', 'in_progress', 'success']);
        expect(descriptionsOf(d)).toEqual([
          `creating an image version from diff ${DIFF_ID}`,
          expect.stringMatching(new RegExp(`^image version ${FIRST_VERSION}: \\w+, waiting for the install job$`)),
          `image version ${FIRST_VERSION}: Complete`
        ]);
        for (const status of d.statuses) {
          expect(status['log_url']).toBe(RUN_URL);
          expect(status['environment']).toBe(ENVIRONMENT);
        }
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        // The runner's default token, as Octokit sends it.
        expect(nth(r.github, 0).headers.authorization).toBe(`token ${RUNNER_GITHUB_TOKEN}`);
        expect(commands(r.run, 'warning')).toEqual([]);
        expectTokenSafe(r);
      }
    },
    {
      name: 'diffid with imageid and wait: true: the payload holds the imageid given',
      result: withGitHub({ inputs: { wait: 'true', imageid: '77' }, emulator: { time: { scale: TWO_SECOND_JOB } } }),
      check: (r) => {
        expect(r.run.code).toBe(0);
        expect(nth(r.deployments, 0).request['payload']).toEqual({ accountserviceid: 12345, diffid: DIFF_ID, imageid: 77 });
        expectTokenSafe(r);
      }
    },
    {
      name: 'wait: false: the last status is success "created (not waited for)"; a given github_token is used and masked',
      result: withGitHub({ token: GIVEN_TOKEN }),
      check: (r) => {
        expect(r.run.code).toBe(0);
        const d = nth(r.deployments, 0);
        expect(statesOf(d)).toEqual(['in_progress', 'success']);
        expect(descriptionsOf(d)).toEqual([
          `creating an image version from diff ${DIFF_ID}`,
          `image version ${FIRST_VERSION} created (not waited for)`
        ]);
        expect(nth(r.github, 0).headers.authorization).toBe(`token ${GIVEN_TOKEN}`);
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expectTokenSafe(r);
      }
    },
    {
      name: 'the job Failed: failure "image version N: Failed", the step fails as without environment',
      result: withGitHub({
        inputs: { wait: 'true' },
        emulator: { time: { scale: TWO_SECOND_JOB }, versions: { plan: { outcome: 'failed' } } }
      }),
      check: (r) => {
        expect(r.run.code).toBe(1);
        expect(failureOf(r.run)).toContain(`Image version ${FIRST_VERSION} failed`);
        const d = nth(r.deployments, 0);
        expect(statesOf(d)).toEqual(['in_progress', 'in_progress', 'failure']);
        expect(descriptionsOf(d).at(-1)).toBe(`image version ${FIRST_VERSION}: Failed`);
        expectTokenSafe(r);
      }
    },
    {
      name: 'wait_timeout ran out: error "timed out waiting"',
      result: withGitHub({ inputs: { wait: 'true', wait_timeout: '2' }, emulator: LONG_JOB }),
      check: (r) => {
        expect(r.run.code).toBe(1);
        expect(failureOf(r.run)).toContain('Timed out');
        const d = nth(r.deployments, 0);
        expect(statesOf(d)).toEqual(['in_progress', 'in_progress', 'error']);
        expect(descriptionsOf(d).at(-1)).toMatch(
          new RegExp(`^image version ${FIRST_VERSION}: timed out waiting \\(last state \\w+\\); it goes on in Clanforge$`)
        );
        expectTokenSafe(r);
      }
    },
    {
      // The installs are done and the lock gone before the first safe read, so the outcome check cannot tell.
      name: 'the create answer was lost and the safe reads cannot tell: error "outcome unknown"',
      result: withGitHub({
        emulator: {
          versions: { plan: { durationSeconds: 0 } },
          rollouts: { plan: { durationSeconds: 0 } },
          faults: { specs: [{ route: CREATE, kind: 'lost' }] }
        },
        inputs: { imageid: '77', wait_timeout: '3' }
      }),
      check: (r) => {
        expect(r.run.code).toBe(1);
        expect(r.creates).toHaveLength(1);
        const d = nth(r.deployments, 0);
        expect(statesOf(d)).toEqual(['in_progress', 'error']);
        expect(descriptionsOf(d).at(-1)).toContain('outcome unknown');
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expectTokenSafe(r);
      }
    },
    {
      name: 'the create is refused (active allocations): the deployment started at the create ends in error',
      result: withGitHub({ emulator: { versions: { activeAllocations: 2 } } }),
      check: (r) => {
        expect(r.run.code).toBe(1);
        const d = nth(r.deployments, 0);
        expect(statesOf(d)).toEqual(['in_progress', 'error']);
        expectTokenSafe(r);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe('GitHub failing never changes the Clanforge result', () => {
  const rows: Case<DeploymentResult>[] = [
    {
      name: '403 to the deployment: one warning naming deployments: write; same outputs and exit code; no status sent',
      result: withGitHub({ behave: [['create-deployment', { status: 403 }]] }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_NO_WAIT);
        const warnings = commands(r.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toContain('permissions: deployments: write');
        expect(nth(warnings, 0)).toContain('The Clanforge release is not affected');
        expect(r.run.outputs['deployment_id']).toBeUndefined();
        // The lookup of the job's own deployment (none here), then the create.
        expect(r.github.map((q) => q.route)).toEqual(['list-deployments', 'create-deployment']);
        expectTokenSafe(r);
      }
    },
    {
      name: '500 to every status: one warning; deployment_id still set; same outputs and exit code',
      result: withGitHub({
        behave: [['create-status', { status: 500 }]],
        inputs: { wait: 'true' },
        emulator: { time: { scale: TWO_SECOND_JOB } }
      }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_WAIT);
        const warnings = commands(r.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toContain('GitHub answered 500');
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expectTokenSafe(r);
      }
    },
    {
      name: '500 to the deployment with a failing job: one warning, and the job failure is the step failure',
      result: withGitHub({
        behave: [['create-deployment', { status: 500 }]],
        inputs: { wait: 'true' },
        emulator: { time: { scale: TWO_SECOND_JOB }, versions: { plan: { outcome: 'failed' } } }
      }),
      check: (r) => {
        expect(r.run.code).toBe(1);
        expect(failureOf(r.run)).toContain(`Image version ${FIRST_VERSION} failed`);
        expect(commands(r.run, 'warning')).toHaveLength(1);
        expectTokenSafe(r);
      }
    },
    {
      name: 'a GitHub that never answers the deployment: the create is not held up by its 5 s timeout, and the step ends within 5 s of it',
      result: withGitHub({
        behave: [['create-deployment', 'hang']],
        during: async (emulator) => {
          await emulator.waitForRequests(1, { route: CREATE, timeoutMs: 15_000 });
          return { create: performance.now() };
        }
      }),
      check: async (r) => {
        const baseline = await BASELINE_NO_WAIT;
        expectSameRelease(r, baseline);
        // The deployment POST and the create go out together; had the create waited for GitHub,
        // it would have been sent only once the POST's 5 s request timeout gave up. Both instants
        // are on this process's clock, so the machine's load shifts them alike.
        const deploymentArrived = nth(
          r.github.filter((q) => q.route === 'create-deployment'),
          0
        ).receivedAt;
        const createSeen = nth(Object.values(r.marks), 0);
        expect(createSeen - deploymentArrived).toBeLessThan(REQUEST_TIMEOUT_MS);
        expect(r.run.killed).toBe(false);
        expect(r.run.durationMs).toBeLessThan(baseline.run.durationMs + REQUEST_TIMEOUT_MS + 2_000);
        const warnings = commands(r.run, 'warning');
        expect(warnings).toHaveLength(1);
        expect(nth(warnings, 0)).toContain('did not answer');
        // Statuses are skipped after a failed create.
        expect(r.github.map((q) => q.route)).toEqual(['list-deployments', 'create-deployment']);
        expectTokenSafe(r);
      }
    },
    {
      name: 'a GitHub that never answers the statuses: the step ends within the 10 s budget',
      result: withGitHub({ behave: [['create-status', 'hang']] }),
      check: async (r) => {
        const baseline = await BASELINE_NO_WAIT;
        expectSameRelease(r, baseline);
        expect(r.run.killed).toBe(false);
        expect(r.run.durationMs).toBeLessThan(baseline.run.durationMs + BUDGET_MS + 2_000);
        expect(commands(r.run, 'warning')).toHaveLength(1);
        expect(r.run.outputs['deployment_id']).toBe(String(FIRST_DEPLOYMENT));
        expectTokenSafe(r);
      }
    },
    {
      name: 'GitHub unreachable (the connection is closed): one warning, same result',
      result: withGitHub({ behave: [['create-deployment', 'close']] }),
      check: async (r) => {
        expectSameRelease(r, await BASELINE_NO_WAIT);
        expect(commands(r.run, 'warning')).toHaveLength(1);
        expectTokenSafe(r);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

describe('without environment', () => {
  test('no request reaches GitHub, no deployment_id, the token is not even read', async () => {
    for (const r of [await BASELINE_NO_WAIT, await BASELINE_WAIT]) {
      expect(r.run.code).toBe(0);
      expect(r.github).toEqual([]);
      expect(r.run.outputs['deployment_id']).toBeUndefined();
      expect(r.run.outputs['dry_run']).toBe('false');
      // The keys' masks only: github_token is not used, so it is not masked either, and appears nowhere.
      expectNoLeaks(r.run, { secrets: [RUNNER_GITHUB_TOKEN] });
    }
  });
});
