// End to end: the release recorded as a GitHub deployment (input environment), with the
// bundled action (dist/index.js) as a child process against the emulator and a fake
// GitHub REST API on loopback (GITHUB_API_URL, which @actions/github reads when it loads
// in the child). Every scenario starts when this file loads; the tests assert on what
// each one saw.
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  startFakeGitHubApi,
  type Behaviour,
  type FakeDeployment,
  type FakeGitHubApi,
  type JobDeployment,
  type RecordedRequest as GitHubRequest,
  type Route
} from '../helpers/fake-github-api.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { commands, RUN_CONTEXT, RUNNER_GITHUB_TOKEN } from './helpers/run-action.ts';
import {
  ACCESS_KEY,
  allScenarios,
  BASIC_TOKEN,
  CREATE,
  DIFF_ID,
  FIRST_VERSION,
  LONG_JOB,
  scenario,
  SECRET_KEY,
  STATUS,
  TWO_SECOND_JOB,
  type Case,
  type ScenarioResult,
  type ScenarioSetup
} from './helpers/scenario.ts';

const ENVIRONMENT = 'production';
/** A token given as an input (a PAT), distinct from the runner's default one. */
const GIVEN_TOKEN = 'ghp_e2eGivenT0kenM4xR8sQ2wN6';
const FIRST_DEPLOYMENT = 55501;
const RUN_URL = `${RUN_CONTEXT.GITHUB_SERVER_URL}/${RUN_CONTEXT.GITHUB_REPOSITORY}/actions/runs/${RUN_CONTEXT.GITHUB_RUN_ID}`;
/** The recorder's documented bounds (src/github/deployment.ts): 5 s per request, 10 s in all. */
const REQUEST_TIMEOUT_MS = 5_000;
const BUDGET_MS = 10_000;

interface DeploymentResult extends ScenarioResult {
  github: GitHubRequest[];
  deployments: FakeDeployment[];
  /** The token the step was given (and must mask). */
  token: string;
  /** Requests that reached the other host a redirect pointed at (redirectTo). */
  elsewhere: GitHubRequest[];
  /** Every request line and body both fake APIs received: no secret may be in them. */
  sent: string[];
}

interface DeploymentSetup extends ScenarioSetup {
  /** undefined: environment is production; null: not set. */
  environment?: string | null;
  /** github_token input; undefined: the runner's default token. */
  token?: string;
  /** Behaviours of the fake GitHub API, per route. */
  behave?: [Route, Behaviour][];
  /** Deployments GitHub Actions made for jobs before the step (a job that declares environment:). */
  jobDeployments?: JobDeployment[];
  /** This route answers with a redirect to a second fake API, on another port (another origin). */
  redirectTo?: Route;
  /** GITHUB_API_URL as the step gets it, from the fake API's URL. */
  apiUrl?: (url: string) => string;
}

const pending: Promise<unknown>[] = [];
afterAll(() => Promise.all([allScenarios(), Promise.allSettled(pending)]));

/** A scenario with a fake GitHub API the step is pointed at (GITHUB_API_URL), which only accepts the step's token. */
function withGitHub(setup: DeploymentSetup): Promise<DeploymentResult> {
  const token = setup.token ?? RUNNER_GITHUB_TOKEN;
  const promise = (async () => {
    const api = await startFakeGitHubApi({ token, firstId: FIRST_DEPLOYMENT, jobDeployments: setup.jobDeployments ?? [] });
    const other: FakeGitHubApi | undefined = setup.redirectTo ? await startFakeGitHubApi({ firstId: 77001 }) : undefined;
    try {
      for (const [route, behaviour] of setup.behave ?? []) api.on(route, behaviour);
      if (setup.redirectTo && other)
        api.on(setup.redirectTo, { redirect: `${other.url}/repos/${RUN_CONTEXT.GITHUB_REPOSITORY}/deployments` });
      const given = setup.inputs;
      const result = await scenario({
        ...setup,
        inputs: (emulator) => ({
          ...(typeof given === 'function' ? given(emulator) : (given ?? {})),
          ...(setup.environment === null ? {} : { environment: setup.environment ?? ENVIRONMENT }),
          ...(setup.token !== undefined ? { github_token: setup.token } : {})
        }),
        env: { GITHUB_API_URL: setup.apiUrl ? setup.apiUrl(api.url) : api.url, ...setup.env }
      });
      const elsewhere = [...(other?.requests ?? [])];
      const sent = [...api.requests, ...elsewhere].map((q) => `${q.method} ${q.path}\n${q.rawBody}`);
      return { ...result, github: [...api.requests], deployments: [...api.deployments], token, elsewhere, sent };
    } finally {
      await api.close();
      await other?.close();
    }
  })();
  promise.catch(() => {});
  pending.push(promise);
  return promise;
}

/** The token masked after the keys, and nowhere else; no key or token, in any form, in what GitHub received. */
function expectTokenSafe(result: DeploymentResult): void {
  expectNoLeaks(result.run, { secrets: [result.token], extraMask: (mask) => mask === result.token, sent: result.sent });
  expect(commands(result.run, 'add-mask')).toContain(result.token);
}

const statesOf = (d: FakeDeployment): unknown[] => d.statuses.map((s) => s['state']);
const descriptionsOf = (d: FakeDeployment): unknown[] => d.statuses.map((s) => s['description']);

/** The same release without environment: what the Clanforge side must still look like. */
const BASELINE_NO_WAIT = withGitHub({ environment: null });
const BASELINE_WAIT = withGitHub({ environment: null, inputs: { wait: 'true' }, emulator: { time: { scale: TWO_SECOND_JOB } } });

/** The Clanforge side of two runs is the same (ids, states, exit code); timestamps may differ. */
function expectSameRelease(result: DeploymentResult, baseline: DeploymentResult): void {
  expect(result.run.code).toBe(baseline.run.code);
  const names = ['imageversionid', 'diffid', 'jobstateid', 'jobstatename', 'jobfailed', 'joberror', 'skipped', 'dry_run'];
  const pick = (outputs: Record<string, string>): Record<string, string | undefined> =>
    Object.fromEntries(names.map((n) => [n, outputs[n]]));
  expect(pick(result.run.outputs)).toEqual(pick(baseline.run.outputs));
  expect(
    Object.keys(result.run.outputs)
      .filter((n) => n !== 'deployment_id')
      .sort()
  ).toEqual(Object.keys(baseline.run.outputs).sort());
  expect(result.creates).toHaveLength(1);
  expect(commands(result.run, 'error')).toEqual(commands(baseline.run, 'error'));
}

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
