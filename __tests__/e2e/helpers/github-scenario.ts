// The deployment scenarios' shared part: a fake GitHub API the bundled action is pointed
// at (GITHUB_API_URL), the run with it, and the checks every deployment row makes. Used by
// e2e/deployment.test.ts and e2e/deployment-secrets.test.ts; each file starts its own
// scenarios (and baselines) when it loads.
import { expect } from '@jest/globals';
import {
  startFakeGitHubApi,
  type Behaviour,
  type FakeDeployment,
  type FakeGitHubApi,
  type JobDeployment,
  type RecordedRequest as GitHubRequest,
  type Route
} from '../../helpers/fake-github-api.ts';
import { expectNoLeaks } from './assertions.ts';
import { commands, RUN_CONTEXT, RUNNER_GITHUB_TOKEN } from './run-action.ts';
import { scenario, type ScenarioResult, type ScenarioSetup } from './scenario.ts';

export const ENVIRONMENT = 'production';
/** A token given as an input (a PAT), distinct from the runner's default one. */
export const GIVEN_TOKEN = 'ghp_e2eGivenT0kenM4xR8sQ2wN6';
export const FIRST_DEPLOYMENT = 55501;
export const RUN_URL = `${RUN_CONTEXT.GITHUB_SERVER_URL}/${RUN_CONTEXT.GITHUB_REPOSITORY}/actions/runs/${RUN_CONTEXT.GITHUB_RUN_ID}`;
/** The recorder's documented bounds (src/github/deployment.ts): 5 s per request, 10 s in all. */
export const REQUEST_TIMEOUT_MS = 5_000;
export const BUDGET_MS = 10_000;

export interface DeploymentResult extends ScenarioResult {
  github: GitHubRequest[];
  deployments: FakeDeployment[];
  /** The token the step was given (and must mask). */
  token: string;
  /** Requests that reached the other host a redirect pointed at (redirectTo). */
  elsewhere: GitHubRequest[];
  /** Every request line and body both fake APIs received: no secret may be in them. */
  sent: string[];
}

export interface DeploymentSetup extends ScenarioSetup {
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
/** For afterAll: every GitHub scenario of the file, settled. */
export function allGitHubScenarios(): Promise<unknown> {
  return Promise.allSettled(pending);
}

/** A scenario with a fake GitHub API the step is pointed at (GITHUB_API_URL), which only accepts the step's token. */
export function withGitHub(setup: DeploymentSetup): Promise<DeploymentResult> {
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
export function expectTokenSafe(result: DeploymentResult): void {
  expectNoLeaks(result.run, { secrets: [result.token], extraMask: (mask) => mask === result.token, sent: result.sent });
  expect(commands(result.run, 'add-mask')).toContain(result.token);
}

export const statesOf = (d: FakeDeployment): unknown[] => d.statuses.map((s) => s['state']);
export const descriptionsOf = (d: FakeDeployment): unknown[] => d.statuses.map((s) => s['description']);

/** The Clanforge side of two runs is the same (ids, states, exit code); timestamps may differ. */
export function expectSameRelease(result: DeploymentResult, baseline: DeploymentResult): void {
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
