import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  API_VERSION,
  BUDGET_MS,
  MAX_DESCRIPTION,
  REQUEST_TIMEOUT_MS,
  createDeploymentRecorder,
  cutDescription,
  defaultOctokitFactory,
  deploymentDescription,
  runUrlFromEnv,
  type DeploymentRecorderOptions,
  type GitHubRequester,
  type OctokitFactory
} from '../../src/github/deployment.ts';
import { createdStatus, creatingStatus, finalStatus, rollingOutStatus, type StatusText } from '../../src/github/deployment-status.ts';
import { startFakeGitHubApi, type FakeGitHubApi, type JobDeployment } from '../helpers/fake-github-api.ts';

const TOKEN = 'ghs_Secr3tT0kenValue+/=42';
const SHA = '3f1c2b9d8e7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const RUN_URL = 'https://github.com/studio/game/actions/runs/987654/attempts/2';
const ENVIRONMENT = 'production-eu';
const RELEASE = { accountServiceId: 12345, diffId: 678, imageId: 55, gameBuild: '1.4.2' };

// Every test names its API root explicitly; this one must never be used (nothing listens on port 9).
const savedApiUrl = process.env['GITHUB_API_URL'];
beforeAll(() => {
  process.env['GITHUB_API_URL'] = 'http://127.0.0.1:9';
});
afterAll(() => {
  if (savedApiUrl === undefined) delete process.env['GITHUB_API_URL'];
  else process.env['GITHUB_API_URL'] = savedApiUrl;
});

let github: FakeGitHubApi;
const servers: FakeGitHubApi[] = [];
afterEach(async () => {
  jest.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fakeApi(options: Parameters<typeof startFakeGitHubApi>[0] = { token: TOKEN }): Promise<FakeGitHubApi> {
  github = await startFakeGitHubApi(options);
  servers.push(github);
  return github;
}

/** A recorder on the real getOctokit, against the fake API; collects what it says. */
function recorder(overrides: Partial<DeploymentRecorderOptions> = {}) {
  const warnings: string[] = [];
  const debug: string[] = [];
  const made = createDeploymentRecorder({
    token: TOKEN,
    repository: 'studio/game',
    sha: SHA,
    environment: ENVIRONMENT,
    runUrl: RUN_URL,
    apiUrl: github.url,
    warn: (message) => warnings.push(message),
    debug: (message) => debug.push(message),
    ...overrides
  });
  return { made, warnings, debug, said: (): string => [...warnings, ...debug].join('\n') };
}

const send = (r: ReturnType<typeof createDeploymentRecorder>, s: StatusText): Promise<boolean> => r.status(s.state, s.description);

describe('the deployment', () => {
  it('is created for the run commit in the environment, with auto_merge off, no required contexts and the Clanforge ids', async () => {
    await fakeApi();
    const { made, warnings } = recorder();
    const id = await made.start(RELEASE);

    expect(id).toBe(1001);
    expect(made.deploymentId).toBe(1001);
    expect(warnings).toEqual([]);
    expect(github.requests).toHaveLength(1);
    const [request] = github.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/repos/studio/game/deployments');
    expect(request?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(request?.headers['x-github-api-version']).toBe(API_VERSION);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    // Exactly these fields: transient_environment and production_environment keep GitHub's defaults.
    expect(request?.body).toEqual({
      ref: SHA,
      environment: ENVIRONMENT,
      auto_merge: false,
      required_contexts: [],
      description: 'Clanforge image version from diff 678 (game_build 1.4.2)',
      payload: { accountserviceid: 12345, diffid: 678, imageid: 55 }
    });
  });

  it('leaves out of the payload and the description what is not known', async () => {
    await fakeApi();
    const { made } = recorder();
    await made.start({ diffId: 678 });
    expect(github.deployments[0]?.request['payload']).toEqual({ diffid: 678 });
    expect(github.deployments[0]?.request['description']).toBe('Clanforge image version from diff 678');
    expect(deploymentDescription({})).toBe('Clanforge image version');
  });

  it('is created once: a second start sends nothing and gives the same id', async () => {
    await fakeApi();
    const { made } = recorder();
    expect(await made.start(RELEASE)).toBe(1001);
    expect(await made.start(RELEASE)).toBe(1001);
    expect(github.requests.filter((r) => r.route === 'create-deployment')).toHaveLength(1);
  });

  it('takes a GitHub Enterprise Server API root with a path and a trailing slash', async () => {
    await fakeApi();
    const { made, warnings } = recorder({ apiUrl: `${github.url}/` });
    expect(await made.start(RELEASE)).toBe(1001);
    expect(github.requests[0]?.path).toBe('/repos/studio/game/deployments');
    expect(warnings).toEqual([]);
  });
});

describe('the statuses, in the order the release sets them', () => {
  const flows: [string, StatusText[], StatusText][] = [
    [
      'a Complete job',
      [creatingStatus(678), createdStatus(4242, 'Queued')],
      finalStatus({ result: 'complete', imageVersionId: 4242, state: 'Complete' })
    ],
    [
      'a complete rollout',
      [creatingStatus(678), createdStatus(4242, 'Queued'), rollingOutStatus(4242)],
      finalStatus({ result: 'rolled-out', imageVersionId: 4242, rollout: '12 completed, 0 failed, 0 pending' })
    ],
    ['wait: false', [creatingStatus(678)], finalStatus({ result: 'created', imageVersionId: 4242 })],
    [
      'a Failed job',
      [creatingStatus(678), createdStatus(4242, 'Queued')],
      finalStatus({ result: 'failed', imageVersionId: 4242, state: 'Failed' })
    ],
    [
      'a Squashed job',
      [creatingStatus(678), createdStatus(4242, 'Queued')],
      finalStatus({ result: 'squashed', imageVersionId: 4242, state: 'Squashed' })
    ],
    [
      'a failed rollout',
      [creatingStatus(678), createdStatus(4242, 'Queued'), rollingOutStatus(4242)],
      finalStatus({ result: 'rollout-failed', imageVersionId: 4242, rollout: '3 failed of 12' })
    ],
    [
      'a timeout',
      [creatingStatus(678), createdStatus(4242, 'Queued')],
      finalStatus({ result: 'timeout', imageVersionId: 4242, state: 'Running' })
    ],
    ['an outcome-unknown create', [creatingStatus(678)], finalStatus({ result: 'outcome-unknown' })],
    [
      'a cancel during the wait',
      [creatingStatus(678), createdStatus(4242, 'Queued')],
      finalStatus({ result: 'cancelled', imageVersionId: 4242 })
    ]
  ];

  it.each(flows)('%s', async (_name, progress, last) => {
    await fakeApi();
    const { made, warnings } = recorder();
    await made.start(RELEASE);
    for (const status of [...progress, last]) expect(await send(made, status)).toBe(true);

    expect(warnings).toEqual([]);
    const statuses = github.requests.filter((r) => r.route === 'create-status');
    expect(statuses.map((r) => r.path)).toEqual([...progress, last].map(() => '/repos/studio/game/deployments/1001/statuses'));
    expect(statuses.map((r) => r.body)).toEqual(
      [...progress, last].map((s) => ({ state: s.state, description: s.description, environment: ENVIRONMENT, log_url: RUN_URL }))
    );
    expect(statuses.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('maps each end of the release to GitHub state and a description naming the image version', () => {
    expect(finalStatus({ result: 'complete', imageVersionId: 4242, state: 'Complete' })).toEqual({
      state: 'success',
      description: 'image version 4242: Complete'
    });
    expect(finalStatus({ result: 'created', imageVersionId: 4242 })).toEqual({
      state: 'success',
      description: 'image version 4242 created (not waited for)'
    });
    expect(finalStatus({ result: 'rolled-out', imageVersionId: 4242, rollout: '12 completed' }).state).toBe('success');
    expect(finalStatus({ result: 'failed', imageVersionId: 4242, state: 'Failed' })).toEqual({
      state: 'failure',
      description: 'image version 4242: Failed'
    });
    expect(finalStatus({ result: 'squashed', imageVersionId: 4242, state: 'Squashed' }).state).toBe('failure');
    expect(finalStatus({ result: 'rollout-failed', imageVersionId: 4242, rollout: '3 failed' }).state).toBe('failure');
    expect(finalStatus({ result: 'timeout', imageVersionId: 4242, state: 'Running' })).toEqual({
      state: 'error',
      description: 'image version 4242: timed out waiting (last state Running); it goes on in Clanforge'
    });
    expect(finalStatus({ result: 'timeout', imageVersionId: undefined, state: undefined }).description).toBe(
      'timed out before an image version was created'
    );
    expect(finalStatus({ result: 'outcome-unknown' }).state).toBe('error');
    expect(finalStatus({ result: 'outcome-unknown' }).description).toMatch(/outcome unknown.*check Clanforge/);
    expect(finalStatus({ result: 'cancelled', imageVersionId: undefined }).state).toBe('error');
    expect(finalStatus({ result: 'error', imageVersionId: 4242 }).state).toBe('error');
    expect(creatingStatus(678)).toEqual({ state: 'in_progress', description: 'creating an image version from diff 678' });
    expect(createdStatus(4242, 'Queued')).toEqual({
      state: 'in_progress',
      description: 'image version 4242: Queued, waiting for the install job'
    });
  });

  it('keep their order when the caller does not wait for each, and settled() waits for all', async () => {
    await fakeApi();
    const { made } = recorder();
    const id = made.start(RELEASE);
    void made.status('in_progress', 'one');
    void made.status('in_progress', 'two');
    void made.status('success', 'three');
    await made.settled();
    expect(await id).toBe(1001);
    expect(github.requests.map((r) => (r.body as { description?: string }).description)).toEqual([
      'Clanforge image version from diff 678 (game_build 1.4.2)',
      'one',
      'two',
      'three'
    ]);
  });

  it('carry environment_url when given, and no log_url when the run URL is unknown', async () => {
    await fakeApi();
    const { made } = recorder({ runUrl: undefined });
    await made.start(RELEASE);
    await made.status('success', 'image version 4242: Complete', { environmentUrl: 'https://example.test/versions/4242' });
    expect(github.deployments[0]?.statuses).toEqual([
      {
        state: 'success',
        description: 'image version 4242: Complete',
        environment: ENVIRONMENT,
        environment_url: 'https://example.test/versions/4242'
      }
    ]);
  });

  it('cut the description to 140 characters on one line', async () => {
    await fakeApi();
    const { made } = recorder();
    await made.start(RELEASE);
    const long = `image version 4242: ${'Failed because the disk was full\r\n'.repeat(10)}`;
    await made.status('failure', long);
    const sent = github.deployments[0]?.statuses[0]?.['description'] as string;
    expect(sent.length).toBe(MAX_DESCRIPTION);
    expect(sent).not.toMatch(/[\r\n]/);
    expect(sent.endsWith('…')).toBe(true);
    expect(sent.startsWith('image version 4242: Failed because the disk was full Failed')).toBe(true);
  });

  it('are not sent, and nothing is said, when there is no deployment', async () => {
    await fakeApi();
    const { made, warnings } = recorder();
    expect(await made.status('in_progress', 'creating')).toBe(false);
    expect(github.requests).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('no deployment asked for', () => {
  it('sends no request and never loads the client when the recorder is not started', async () => {
    await fakeApi();
    let built = 0;
    const factory: OctokitFactory = (token, options) => {
      built++;
      return defaultOctokitFactory(token, options);
    };
    const { made, warnings } = recorder({ octokitFactory: factory });
    await made.status('success', 'image version 4242: Complete');
    await made.settled();
    expect(made.deploymentId).toBeUndefined();
    expect(built).toBe(0);
    expect(github.requests).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('GitHub failing never fails the release and warns once', () => {
  /** Runs a full success flow; returns what was said and how long it took. */
  async function flow(overrides: Partial<DeploymentRecorderOptions> = {}) {
    const r = recorder(overrides);
    const began = Date.now();
    const id = await r.made.start(RELEASE);
    const recorded: boolean[] = [];
    for (const s of [
      creatingStatus(678),
      createdStatus(4242, 'Queued'),
      finalStatus({ result: 'complete', imageVersionId: 4242, state: 'Complete' })
    ]) {
      recorded.push(await send(r.made, s));
    }
    return { ...r, id, recorded, tookMs: Date.now() - began };
  }

  it('403 on the create: one warning naming the permission, no status sent', async () => {
    await fakeApi();
    github.on('create-deployment', { status: 403 });
    const { id, recorded, warnings, said } = await flow();
    expect(id).toBeUndefined();
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('permissions: deployments: write');
    expect(warnings[0]).toContain('403');
    expect(warnings[0]).toContain('Resource not accessible by integration');
    expect(warnings[0]).toContain('The Clanforge release is not affected');
    expect(github.requests).toHaveLength(1);
    expect(said()).not.toContain(TOKEN);
  });

  it('403 on the statuses: one warning, the later statuses are still tried', async () => {
    await fakeApi();
    github.on('create-status', { status: 403 });
    const { id, recorded, warnings, debug } = await flow();
    expect(id).toBe(1001);
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /status of GitHub deployment 1001 to in_progress: GitHub answered 403 to POST \/repos\/studio\/game\/deployments\/1001\/statuses.*permissions: deployments: write/
    );
    expect(debug.filter((m) => m.includes('403'))).toHaveLength(2);
    expect(github.requests.filter((r) => r.route === 'create-status')).toHaveLength(3);
  });

  it('a rate-limited 403 says so instead of blaming the permission', async () => {
    await fakeApi();
    github.on('create-deployment', {
      status: 403,
      body: { message: 'API rate limit exceeded for installation' },
      headers: { 'x-ratelimit-remaining': '0' }
    });
    const { warnings } = await flow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('rate limit');
    expect(warnings[0]).not.toContain('permissions:');
  });

  it('404 on the create: one warning naming the repository and the permission', async () => {
    await fakeApi();
    github.on('create-deployment', { status: 404 });
    const { id, warnings } = await flow();
    expect(id).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('404');
    expect(warnings[0]).toContain('studio/game');
    expect(warnings[0]).toContain('permissions: deployments: write');
    expect(github.requests).toHaveLength(1);
  });

  it('500 on the create: one warning, no status sent', async () => {
    await fakeApi();
    github.on('create-deployment', { status: 500 });
    const { id, recorded, warnings } = await flow();
    expect(id).toBeUndefined();
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toEqual([expect.stringContaining('GitHub answered 500')]);
    expect(github.requests).toHaveLength(1);
  });

  it('one 502 on a status: one warning, the final status still recorded, no retry', async () => {
    await fakeApi();
    github.on('create-status', { status: 502 }, 1);
    const { recorded, warnings } = await flow();
    expect(recorded).toEqual([false, true, true]);
    expect(warnings).toEqual([expect.stringContaining('GitHub answered 502')]);
    expect(github.requests.filter((r) => r.route === 'create-status')).toHaveLength(3);
    expect(github.deployments[0]?.statuses.map((s) => s['state'])).toEqual(['in_progress', 'success']);
  });

  it('401: one warning saying the token is not valid', async () => {
    await fakeApi({ token: 'some-other-token' });
    const { id, warnings, said } = await flow();
    expect(id).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('401')]);
    expect(warnings[0]).toContain('github_token');
    expect(said()).not.toContain(TOKEN);
  });

  it('a dropped connection: one warning saying GitHub could not be reached', async () => {
    await fakeApi();
    github.on('create-deployment', 'close');
    const { id, warnings } = await flow();
    expect(id).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not reach the GitHub API at ${github.url}`);
  });

  it('a server that is not there: one warning, no throw', async () => {
    await fakeApi();
    const url = github.url;
    await github.close();
    servers.splice(0);
    const { id, warnings } = await flow({ apiUrl: url });
    expect(id).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not reach the GitHub API .*ECONNREFUSED/);
  });

  it('a hung create costs at most the per-request limit, and the statuses are skipped', async () => {
    await fakeApi();
    github.on('create-deployment', 'hang');
    const { id, recorded, warnings, tookMs } = await flow({ requestTimeoutMs: 300, budgetMs: 1000 });
    expect(id).toBeUndefined();
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toEqual([expect.stringContaining('did not answer POST /repos/studio/game/deployments within 0.3 s')]);
    expect(tookMs).toBeLessThan(300 + 700);
    expect(github.requests).toHaveLength(1);
  });

  it('hung statuses cost at most the total budget; once it is spent the rest are skipped', async () => {
    await fakeApi();
    github.on('create-status', 'hang');
    const { id, recorded, warnings, debug, tookMs } = await flow({ requestTimeoutMs: 300, budgetMs: 500 });
    expect(id).toBe(1001);
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('did not answer');
    // 300 ms for the first, the 200 ms left for the second, none for the third.
    expect(github.requests.filter((r) => r.route === 'create-status')).toHaveLength(2);
    expect(debug.some((m) => m.includes('already took'))).toBe(true);
    expect(tookMs).toBeLessThan(500 + 700);
  });

  it('with the default limits, a client that ignores the abort costs at most 5 s per request and 10 s in all', async () => {
    jest.useFakeTimers();
    const sent: string[] = [];
    // Answers the create, then never answers and never looks at the signal.
    const client: GitHubRequester = {
      request: (route) => {
        sent.push(route);
        return route.endsWith('/deployments') ? Promise.resolve({ status: 201, data: { id: 7 } }) : new Promise(() => {});
      }
    };
    const warnings: string[] = [];
    const made = createDeploymentRecorder({
      token: TOKEN,
      repository: 'studio/game',
      sha: SHA,
      environment: ENVIRONMENT,
      runUrl: RUN_URL,
      warn: (m) => warnings.push(m),
      octokitFactory: async () => client
    });
    expect(await made.start(RELEASE)).toBe(7);
    const began = Date.now();
    const first = made.status('in_progress', 'a');
    const second = made.status('success', 'b');
    const third = made.status('success', 'c');
    let firstDone = false;
    void first.then(() => (firstDone = true));

    await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(firstDone).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await first).toBe(false);
    await jest.advanceTimersByTimeAsync(BUDGET_MS - REQUEST_TIMEOUT_MS);
    expect(await second).toBe(false);
    // The budget is spent: the third is skipped without waiting.
    expect(await third).toBe(false);
    expect(Date.now() - began).toBe(BUDGET_MS);
    expect(sent).toHaveLength(3);
    expect(warnings).toEqual([expect.stringContaining('within 5 s')]);
    expect(REQUEST_TIMEOUT_MS).toBe(5_000);
    expect(BUDGET_MS).toBe(10_000);
  });

  it('a per-call limit shortens one status (the last one of a cancelled run)', async () => {
    await fakeApi();
    github.on('create-status', 'hang');
    const { made, warnings } = recorder();
    await made.start(RELEASE);
    const began = Date.now();
    expect(await made.status('error', 'cancelled', { timeoutMs: 200 })).toBe(false);
    expect(Date.now() - began).toBeLessThan(200 + 700);
    expect(warnings).toEqual([expect.stringContaining('within 0.2 s')]);
  });

  it('a client that cannot be loaded: one warning, no throw', async () => {
    await fakeApi();
    const { id, warnings } = await flow({ octokitFactory: () => Promise.reject(new Error("Cannot find package '@actions/github'")) });
    expect(id).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('@actions/github could not be loaded')]);
    expect(github.requests).toEqual([]);
  });

  it("a 2xx without a deployment id: one warning with GitHub's message", async () => {
    await fakeApi();
    github.on('create-deployment', { status: 202, body: { message: 'Auto-merged main into topic branch.' } });
    const { id, recorded, warnings } = await flow();
    expect(id).toBeUndefined();
    expect(recorded).toEqual([false, false, false]);
    expect(warnings).toEqual([expect.stringContaining('202')]);
    expect(warnings[0]).toContain('without a deployment id: Auto-merged');
  });

  it('a broken warn function does not throw either', async () => {
    await fakeApi();
    github.on('create-deployment', { status: 500 });
    const made = createDeploymentRecorder({
      token: TOKEN,
      repository: 'studio/game',
      sha: SHA,
      environment: ENVIRONMENT,
      runUrl: RUN_URL,
      apiUrl: github.url,
      warn: () => {
        throw new Error('logger broke');
      }
    });
    await expect(made.start(RELEASE)).resolves.toBeUndefined();
    await expect(made.status('success', 'x')).resolves.toBe(false);
  });
});

describe('nothing sent and one warning for settings GitHub would refuse', () => {
  it.each([
    ['an empty token', { token: '' }, 'github_token is empty'],
    ['a repository that is not owner/name', { repository: 'studio' }, '"studio" (GITHUB_REPOSITORY) is not owner/name'],
    ['a repository with too many parts', { repository: 'a/b/c' }, 'is not owner/name'],
    ['no commit', { sha: '' }, 'GITHUB_SHA']
  ] as [string, Partial<DeploymentRecorderOptions>, string][])('%s', async (_name, overrides, expected) => {
    await fakeApi();
    const { made, warnings } = recorder(overrides);
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(await made.status('success', 'x')).toBe(false);
    expect(warnings).toEqual([expect.stringContaining(expected)]);
    expect(github.requests).toEqual([]);
  });
});

describe('the token', () => {
  it('never appears in a message, even when GitHub quotes it back', async () => {
    await fakeApi();
    const encoded = encodeURIComponent(TOKEN);
    github.on('create-status', { status: 422, body: { message: `token ${TOKEN} / ${encoded} rejected` } });
    const { made, warnings, debug, said } = recorder();
    await made.start(RELEASE);
    await made.status('in_progress', 'a');
    await made.status('success', 'b');
    expect(warnings).toHaveLength(1);
    expect(debug.length).toBeGreaterThan(0);
    expect(said()).not.toContain(TOKEN);
    expect(said()).not.toContain(encoded);
    expect(warnings[0]).toContain('token *** / *** rejected');
  });

  it('never reaches GitHub in a description', async () => {
    await fakeApi();
    const { made } = recorder();
    await made.start({ diffId: 678, gameBuild: `build-${TOKEN}` });
    await made.status('failure', `image version 4242: Failed (${TOKEN})`);
    expect(github.requests).toHaveLength(2);
    for (const request of github.requests) expect(request.rawBody).not.toContain(TOKEN);
    expect(github.deployments[0]?.statuses[0]?.['description']).toBe('image version 4242: Failed (***)');
  });

  it('never appears in a network fault message', async () => {
    await fakeApi();
    github.on('create-deployment', 'close');
    const { made, said } = recorder();
    await made.start(RELEASE);
    expect(said()).not.toContain(TOKEN);
    expect(said()).toContain('could not reach');
  });
});

describe('runUrlFromEnv', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://ghe.example.test/',
    GITHUB_REPOSITORY: 'studio/game',
    GITHUB_RUN_ID: '987654',
    GITHUB_RUN_ATTEMPT: '2'
  };

  it('points at the attempt that sets the status', () => {
    expect(runUrlFromEnv(env)).toBe('https://ghe.example.test/studio/game/actions/runs/987654/attempts/2');
  });

  it('defaults to github.com and leaves out an attempt it cannot read', () => {
    expect(runUrlFromEnv({ ...env, GITHUB_SERVER_URL: undefined, GITHUB_RUN_ATTEMPT: 'x' })).toBe(
      'https://github.com/studio/game/actions/runs/987654'
    );
  });

  it('is undefined without a repository or a run id', () => {
    expect(runUrlFromEnv({ ...env, GITHUB_REPOSITORY: undefined })).toBeUndefined();
    expect(runUrlFromEnv({ ...env, GITHUB_RUN_ID: 'abc' })).toBeUndefined();
  });
});

describe('cutDescription', () => {
  it('keeps short text, cuts long text to the limit with an ellipsis, never inside a surrogate pair', () => {
    expect(cutDescription('image version 4242: Complete')).toBe('image version 4242: Complete');
    expect(cutDescription('a'.repeat(200))).toHaveLength(MAX_DESCRIPTION);
    const emoji = `${'a'.repeat(MAX_DESCRIPTION - 2)}😀😀`;
    const cut = cutDescription(emoji);
    expect(cut.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cutDescription('one\r\ntwo\nthree')).toBe('one two three');
  });
});

describe("the run's redaction on every text sent to GitHub and every message", () => {
  /** A Clanforge secret the run knows (the guard's list); the recorder only gets its redaction. */
  const CLANFORGE_TOKEN = 'mp_cl4nf0rge"T0ken/é';
  const runRedact = (text: string): string => {
    let out = text;
    for (const form of [CLANFORGE_TOKEN, encodeURIComponent(CLANFORGE_TOKEN), 'mp_cl4nf0rge%22T0ken/%C3%A9'])
      out = out.split(form).join('***');
    return out;
  };

  it('redacts the deployment description, the payload, every status description, log_url and environment_url', async () => {
    await fakeApi();
    const { made, warnings } = recorder({ redact: runRedact, runUrl: `${RUN_URL}?note=${CLANFORGE_TOKEN}` });
    await made.start({ diffId: 678, gameBuild: `v1 ${CLANFORGE_TOKEN}` });
    await made.status('in_progress', `image version 4242: Pending ${CLANFORGE_TOKEN}, waiting for the install job`);
    await made.status('success', `image version 4242: Complete ${encodeURIComponent(CLANFORGE_TOKEN)}`, {
      environmentUrl: `https://example.test/v/4242?t=${CLANFORGE_TOKEN}`
    });
    expect(warnings).toEqual([]);
    const sent = github.requests.map((r) => `${r.path}\n${r.rawBody}`).join('\n');
    for (const form of [CLANFORGE_TOKEN, encodeURIComponent(CLANFORGE_TOKEN), JSON.stringify(CLANFORGE_TOKEN).slice(1, -1)]) {
      expect(sent).not.toContain(form);
    }
    const d = github.deployments[0];
    expect(d?.request['description']).toBe('Clanforge image version from diff 678 (game_build v1 ***)');
    expect(d?.statuses.map((s) => s['description'])).toEqual([
      'image version 4242: Pending ***, waiting for the install job',
      'image version 4242: Complete ***'
    ]);
    expect(d?.statuses[1]?.['environment_url']).toBe('https://example.test/v/4242?t=***');
    expect(d?.statuses[0]?.['log_url']).toBe(`${RUN_URL}?note=***`);
  });

  it('redacts before the description is cut, so no part of a secret is left at the cut', async () => {
    await fakeApi();
    const { made } = recorder({ redact: runRedact });
    await made.start(RELEASE);
    await made.status('failure', `${'x'.repeat(130)} ${CLANFORGE_TOKEN}`);
    const sent = github.deployments[0]?.statuses[0]?.['description'] as string;
    expect(sent).toBe(`${'x'.repeat(130)} ***`);
  });

  it("redacts the recorder's warnings, keeping github_token redacted too", async () => {
    await fakeApi();
    github.on('create-deployment', { status: 422, body: { message: `refused ${CLANFORGE_TOKEN} and ${TOKEN}` } });
    const { made, warnings, said } = recorder({ redact: runRedact });
    await made.start(RELEASE);
    expect(warnings).toEqual([expect.stringContaining('refused *** and ***')]);
    expect(said()).not.toContain(CLANFORGE_TOKEN);
    expect(said()).not.toContain(TOKEN);
  });

  it('an environment name holding a secret: nothing sent, one warning that does not show it', async () => {
    await fakeApi();
    const { made, warnings, said } = recorder({ redact: runRedact, environment: `prod-${CLANFORGE_TOKEN}` });
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(github.requests).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("the environment name (input 'environment') holds one of the run's secrets")]);
    expect(said()).not.toContain(CLANFORGE_TOKEN);
  });
});

describe('redirects', () => {
  it('a redirect to another origin is not followed: one warning, the other host gets nothing, no status is sent', async () => {
    const other = await fakeApi();
    await fakeApi();
    github.on('create-deployment', { redirect: `${other.url}/repos/studio/game/deployments` });
    const { made, warnings, said } = recorder();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(await made.status('success', 'image version 4242: Complete')).toBe(false);
    expect(other.requests).toEqual([]);
    expect(github.requests.map((r) => r.route)).toEqual(['create-deployment']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `GitHub answered 307 to POST /repos/studio/game/deployments with a redirect to another origin (${other.url})`
    );
    expect(warnings[0]).toContain('The Clanforge release is not affected');
    expect(said()).not.toContain(TOKEN);
  });

  it('a redirect to another origin on a status: one warning, the status not recorded there, the later ones still tried', async () => {
    const other = await fakeApi();
    await fakeApi();
    github.on('create-status', { redirect: `${other.url}/elsewhere`, status: 308 }, 1);
    const { made, warnings } = recorder();
    await made.start(RELEASE);
    expect(await made.status('in_progress', 'a')).toBe(false);
    expect(await made.status('success', 'b')).toBe(true);
    expect(other.requests).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('308')]);
    expect(github.deployments[0]?.statuses.map((s) => s['description'])).toEqual(['b']);
  });

  it('a redirect within the API origin is followed, method, body and token kept', async () => {
    await fakeApi();
    github.on('create-deployment', { redirect: '/repos/studio/game/deployments' }, 1);
    const { made, warnings } = recorder();
    expect(await made.start(RELEASE)).toBe(1001);
    expect(warnings).toEqual([]);
    expect(github.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['POST', '/repos/studio/game/deployments', `token ${TOKEN}`],
      ['POST', '/repos/studio/game/deployments', `token ${TOKEN}`]
    ]);
    expect(github.requests[1]?.body).toEqual(github.requests[0]?.body);
  });

  it('a redirect loop ends after three hops with one warning', async () => {
    await fakeApi();
    github.on('create-deployment', { redirect: '/repos/studio/game/deployments' });
    const { made, warnings } = recorder();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(github.requests).toHaveLength(4);
    expect(warnings).toEqual([expect.stringContaining('more than 3 redirects')]);
  });
});

describe('GITHUB_API_URL with credentials', () => {
  it('sends nothing and warns without showing them', async () => {
    await fakeApi();
    const apiUrl = github.url.replace('http://', 'http://ci-user:S3cretPassw0rd%21@');
    const { made, warnings, said } = recorder({ apiUrl });
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(github.requests).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("holds credentials before '@'")]);
    expect(warnings[0]).toContain(github.url);
    for (const part of ['S3cretPassw0rd', 'ci-user:', 'S3cretPassw0rd!']) expect(said()).not.toContain(part);
  });
});

describe("a job that declares environment: the release is left to the job's own deployment", () => {
  const RUN_ID = '987654';
  const job = (overrides: Partial<JobDeployment> = {}): JobDeployment => ({
    id: 501,
    owner: 'studio',
    repo: 'game',
    environment: ENVIRONMENT,
    sha: SHA,
    ref: 'main',
    states: ['waiting', 'in_progress'],
    jobUrl: `https://github.com/studio/game/actions/runs/${RUN_ID}/job/31337`,
    ...overrides
  });

  function withNotice(overrides: Partial<DeploymentRecorderOptions> = {}) {
    const notices: string[] = [];
    const r = recorder({ runId: RUN_ID, notice: (m) => notices.push(m), ...overrides });
    return { ...r, notices };
  }

  it('finds it and makes no second deployment: one notice, no status, no warning', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job()] });
    const { made, warnings, notices } = withNotice();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(await made.status('success', 'image version 4242: Complete')).toBe(false);
    await made.settled();
    expect(warnings).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`This job declares environment: ${ENVIRONMENT}, and GitHub records it as deployment 501 there`);
    expect(notices[0]).toContain('deployment: false');
    expect(github.requests.map((r) => r.route)).toEqual(['list-deployments', 'list-statuses']);
    expect(github.requests[0]?.path).toBe(`/repos/studio/game/deployments?sha=${SHA}&environment=${ENVIRONMENT}&per_page=20`);
    expect(github.deployments.map((d) => d.id)).toEqual([501]);
    expect(github.deployments[0]?.statuses).toEqual([]);
  });

  it.each([
    ['for another run', { jobUrl: 'https://github.com/studio/game/actions/runs/111/job/1' }],
    ['of an earlier attempt, already finished', { states: ['in_progress', 'success'] }],
    ['in another environment', { environment: 'staging' }],
    ['for another commit', { sha: 'f'.repeat(40) }]
  ] as [string, Partial<JobDeployment>][])('a job deployment %s: the action records its own', async (_name, overrides) => {
    await fakeApi({ token: TOKEN, jobDeployments: [job(overrides)] });
    const { made, warnings, notices } = withNotice();
    expect(await made.start(RELEASE)).toBe(1001);
    expect(await made.status('success', 'x')).toBe(true);
    expect(warnings).toEqual([]);
    expect(notices).toEqual([]);
  });

  it("the action's own deployment of an earlier step is not taken for the job's (its log_url is the run, not a job page)", async () => {
    await fakeApi();
    const first = withNotice();
    await first.made.start(RELEASE);
    await first.made.status('in_progress', 'creating');
    const second = withNotice();
    expect(await second.made.start(RELEASE)).toBe(1002);
    expect(second.notices).toEqual([]);
  });

  it('the environment name is compared as GitHub compares it, ignoring case', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job({ environment: ENVIRONMENT.toUpperCase() })] });
    const { made, notices } = withNotice();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(notices).toHaveLength(1);
  });

  it('GitHub failing the lookup: the action records its own, without a warning', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job()] });
    github.on('list-deployments', { status: 500 });
    const { made, warnings, debug } = withNotice();
    expect(await made.start(RELEASE)).toBe(1001);
    expect(warnings).toEqual([]);
    expect(debug).toEqual([expect.stringContaining("Could not look for the job's own GitHub deployment")]);
  });

  it('a lookup GitHub never answers: no create, one warning, within one request time in all', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job()] });
    github.on('list-deployments', 'hang');
    const { made, warnings } = withNotice({ requestTimeoutMs: 300 });
    const began = Date.now();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(300 + 700);
    expect(github.requests.map((r) => r.route)).toEqual(['list-deployments']);
    expect(warnings).toEqual([expect.stringContaining('did not answer GET /repos/studio/game/deployments within 0.3 s')]);
  });

  it('a slow lookup leaves the create what is left of the same request time', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job({ jobUrl: 'https://github.com/studio/game/actions/runs/1/job/2' })] });
    github.on('list-deployments', { delayMs: 200 });
    github.on('create-deployment', 'hang');
    const { made, warnings } = withNotice({ requestTimeoutMs: 500 });
    const began = Date.now();
    expect(await made.start(RELEASE)).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(500 + 700);
    expect(warnings).toEqual([expect.stringMatching(/did not answer POST \/repos\/studio\/game\/deployments within 0\.[1-3] s/)]);
  });

  it('without a run id nothing is looked up', async () => {
    await fakeApi({ token: TOKEN, jobDeployments: [job()] });
    const { made } = withNotice({ runId: undefined });
    expect(await made.start(RELEASE)).toBe(1001);
    expect(github.requests.map((r) => r.route)).toEqual(['create-deployment']);
  });
});
