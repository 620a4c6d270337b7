/**
 * The release as a GitHub deployment (input `environment`): one deployment for the run's
 * commit, then a status per stage of the release.
 *
 * The GitHub API is secondary to the Clanforge release, so nothing here throws or holds the
 * release up for long:
 * - every request is cut off after REQUEST_TIMEOUT_MS, and all of them together may take at
 *   most BUDGET_MS; once that is spent, later calls are skipped;
 * - the first problem gives one warning through `warn` (naming the permission or the
 *   fault); later ones only go to `debug`. After a failed create, statuses are skipped;
 * - no retries: @actions/github's Octokit has neither the retry nor the throttling plugin,
 *   and a repeated create would make a second deployment.
 *
 * @actions/github (Octokit, undici: ~100 ms to load) is imported only when a deployment is
 * started, so a run without `environment` starts as fast as before.
 *
 * GitHub cannot change a deployment's payload after the create, so the image version id,
 * known only once imageversion/create answered, travels in the status descriptions
 * ("image version 4242: Complete", see deployment-status.ts) and, when the caller has one,
 * in `environment_url`.
 */

/** One request to GitHub may take this long before it is abandoned. */
export const REQUEST_TIMEOUT_MS = 5_000;
/** All requests of a run together may take this long; later calls are skipped. */
export const BUDGET_MS = 10_000;
/** GitHub refuses longer status descriptions (422); deployment descriptions are cut alike. */
export const MAX_DESCRIPTION = 140;
/** The REST API version the requests are written against. */
export const API_VERSION = '2022-11-28';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error';

/** What the recorder needs from an Octokit: `octokit.request`. */
export interface GitHubRequester {
  request(route: string, parameters: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export interface OctokitOptions {
  /** The REST API root when given explicitly (GitHub Enterprise Server: https://host/api/v3). */
  baseUrl: string | undefined;
}

/** Builds the client; the default loads @actions/github on first use. */
export type OctokitFactory = (token: string, options: OctokitOptions) => Promise<GitHubRequester>;

export interface DeploymentRecorderOptions {
  /** `github_token`; never appears in a message. */
  token: string;
  /** `owner/name` (GITHUB_REPOSITORY). */
  repository: string;
  /** The commit deployed (GITHUB_SHA). */
  sha: string;
  /** The GitHub environment (input `environment`). */
  environment: string;
  /** The run's page, sent as each status's `log_url` (see runUrlFromEnv); undefined leaves it out. */
  runUrl: string | undefined;
  /** Default: what @actions/github reads, GITHUB_API_URL or https://api.github.com. */
  apiUrl?: string | undefined;
  /** The one warning of the run, when GitHub could not be told. */
  warn: (message: string) => void;
  /** Problems after the first warning, and skipped calls. */
  debug?: ((message: string) => void) | undefined;
  /** Milliseconds, for the budget. Default Date.now. */
  now?: (() => number) | undefined;
  octokitFactory?: OctokitFactory | undefined;
  requestTimeoutMs?: number | undefined;
  budgetMs?: number | undefined;
}

/** What the deployment says about the release; ids only when known. */
export interface DeploymentStart {
  accountServiceId?: number | undefined;
  diffId?: number | undefined;
  imageId?: number | undefined;
  gameBuild?: string | undefined;
}

export interface StatusExtra {
  /** `environment_url`: the "View deployment" link on the Environments page. */
  environmentUrl?: string | undefined;
  /** A shorter limit for this call (for example the last status of a cancelled run). */
  timeoutMs?: number | undefined;
}

export interface DeploymentRecorder {
  /** Creates the deployment; resolves to its id (output `deployment_id`), or undefined when GitHub could not be told. Never rejects. */
  start(release: DeploymentStart): Promise<number | undefined>;
  /** Adds a status; resolves to whether GitHub recorded it. Never rejects. Calls run in order, each after the create. */
  status(state: DeploymentState, description: string, extra?: StatusExtra): Promise<boolean>;
  /** The deployment's id once created. */
  readonly deploymentId: number | undefined;
  /** Resolves when every call made so far has finished. */
  settled(): Promise<void>;
}

/**
 * The run's page: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`,
 * with `/attempts/N` so a status keeps pointing at the attempt that set it after a re-run.
 */
export function runUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const runId = env['GITHUB_RUN_ID'] ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository) || !/^\d+$/.test(runId)) return undefined;
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const attempt = env['GITHUB_RUN_ATTEMPT'] ?? '';
  return `${server}/${repository}/actions/runs/${runId}${/^[1-9]\d*$/.test(attempt) ? `/attempts/${attempt}` : ''}`;
}

/** At most `max` UTF-16 units on one line, cut with an ellipsis, never inside a surrogate pair. */
export function cutDescription(text: string, max: number = MAX_DESCRIPTION): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** `Clanforge image version from diff 77 (game_build 1.4.2)`. */
export function deploymentDescription(release: DeploymentStart): string {
  const diff = release.diffId !== undefined ? ` from diff ${release.diffId}` : '';
  const build = release.gameBuild !== undefined && release.gameBuild !== '' ? ` (game_build ${release.gameBuild})` : '';
  return cutDescription(`Clanforge image version${diff}${build}`);
}

/** The payload: the Clanforge ids known when the deployment is created. */
export function deploymentPayload(release: DeploymentStart): Record<string, number> {
  const payload: Record<string, number> = {};
  if (release.accountServiceId !== undefined) payload['accountserviceid'] = release.accountServiceId;
  if (release.diffId !== undefined) payload['diffid'] = release.diffId;
  if (release.imageId !== undefined) payload['imageid'] = release.imageId;
  return payload;
}

/** Octokit's log goes to the console by default, with text from the answer: keep it quiet. */
const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** getOctokit from @actions/github, loaded on first use (it honours GITHUB_API_URL and the runner's proxy settings). */
export const defaultOctokitFactory: OctokitFactory = async (token, options) => {
  const { getOctokit } = await import('@actions/github');
  // GITHUB_API_URL is read when @actions/github loads; an explicit root wins over it.
  return getOctokit(token, { log: silentLog, ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}) });
};

/** Why a call did not reach its end. */
class Problem extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

interface HttpFailure {
  status: number;
  response: { headers?: Record<string, string | undefined>; data?: unknown } | undefined;
  message: string;
}

/** Octokit's RequestError, duck-typed: network faults come as status 500 without a response. */
function httpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, response, message } = error as { status?: unknown; response?: unknown; message?: unknown };
  if (typeof status !== 'number' || typeof response !== 'object' || response === null) return undefined;
  return { status, response: response as HttpFailure['response'], message: typeof message === 'string' ? message : '' };
}

/**
 * The innermost cause of a fetch failure, as undici reports it ("ECONNREFUSED: connect
 * ECONNREFUSED 127.0.0.1:443"). Duck-typed: socket errors may come from another realm.
 */
function faultText(error: unknown): string {
  let current: unknown = error;
  let text = 'unknown error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    const said = typeof message === 'string' ? message : '';
    if (typeof code === 'string' && code !== '') text = said && !said.startsWith(code) ? `${code}: ${said}` : said || code;
    else if (said) text = said;
    current = cause;
  }
  return text;
}

export function createDeploymentRecorder(options: DeploymentRecorderOptions): DeploymentRecorder {
  const now = options.now ?? Date.now;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const budgetMs = options.budgetMs ?? BUDGET_MS;
  const factory = options.octokitFactory ?? defaultOctokitFactory;
  const apiUrl = options.apiUrl?.replace(/\/+$/, '') || undefined;
  const [owner, repo, ...rest] = options.repository.split('/');

  // The token in every form a message could quote it.
  const secrets = options.token ? [options.token, encodeURIComponent(options.token), JSON.stringify(options.token).slice(1, -1)] : [];
  const redact = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  const clean = (text: string): string => cutDescription(redact(text), 400);

  let warned = false;
  // A broken logger must not break the release either.
  const say = (log: ((message: string) => void) | undefined, message: string): void => {
    try {
      log?.(clean(message));
    } catch {
      // Nothing else to tell.
    }
  };
  /** The first problem is the run's one warning; later ones go to debug. */
  const report = (message: string): void => {
    say(warned ? options.debug : options.warn, message);
    warned = true;
  };
  const debug = (message: string): void => say(options.debug, message);

  let spentMs = 0;
  let client: Promise<GitHubRequester> | undefined;
  let started = false;
  let createFailed = false;
  let deploymentId: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };

  const suffix = ' The Clanforge release is not affected.';

  /** One request, bounded by the per-request limit and what is left of the budget. */
  async function send(route: string, parameters: Record<string, unknown>, limitMs: number): Promise<{ status: number; data: unknown }> {
    const shown = route.replace(/\{(\w+)\}/g, (whole, name: string) =>
      String(({ owner, repo, ...parameters } as Record<string, unknown>)[name] ?? whole)
    );
    const left = budgetMs - spentMs;
    if (left <= 0)
      throw new Problem(`the GitHub API calls of this run already took ${budgetMs / 1000} s in total, so ${shown} was skipped`);
    const timeoutMs = Math.min(limitMs, left);
    const began = now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race holds the bound even if the client ignored the signal.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Problem(`GitHub did not answer ${shown} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    try {
      // A factory that throws is reported like one whose promise rejects.
      client ??= Promise.resolve().then(() => factory(options.token, { baseUrl: apiUrl }));
      const octokit = await Promise.race([client, timedOut]);
      const call = octokit.request(route, {
        owner,
        repo,
        ...parameters,
        headers: { 'x-github-api-version': API_VERSION },
        request: { signal: controller.signal, log: silentLog }
      });
      call.catch(() => undefined);
      return await Promise.race([call, timedOut]);
    } catch (error) {
      if (error instanceof Problem) throw error;
      throw describe(shown, error);
    } finally {
      clearTimeout(timer);
      spentMs += Math.max(0, now() - began);
    }
  }

  /** A person-readable reason, naming the permission where that is the likely cause. */
  function describe(route: string, error: unknown): Problem {
    const failure = httpFailure(error);
    if (!failure) {
      const text = faultText(error);
      if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(text)) {
        return new Problem(`@actions/github could not be loaded (${text})`);
      }
      return new Problem(`could not reach the GitHub API${apiUrl ? ` at ${apiUrl}` : ''} for ${route} (${text})`);
    }
    const { status } = failure;
    const said = failure.message ? `: ${failure.message}` : '';
    const headers = failure.response?.headers ?? {};
    if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') {
      return new Problem(`GitHub answered ${status} to ${route} (API rate limit exceeded${said})`, status);
    }
    if (status === 401)
      return new Problem(`GitHub answered 401 to ${route}${said}: github_token is not a valid token for this API`, status);
    if (status === 403) {
      return new Problem(
        `GitHub answered 403 to ${route}${said}: the token needs \`permissions: deployments: write\` (in the workflow or the job)`,
        status
      );
    }
    if (status === 404) {
      return new Problem(
        `GitHub answered 404 to ${route}${said}: check that the token can see ${options.repository} and has \`permissions: deployments: write\`, and that GITHUB_API_URL is the REST API root`,
        status
      );
    }
    if (status === 422) return new Problem(`GitHub refused ${route} (422${said})`, status);
    return new Problem(`GitHub answered ${status} to ${route}${said}`, status);
  }

  async function create(release: DeploymentStart): Promise<number | undefined> {
    const route = 'POST /repos/{owner}/{repo}/deployments';
    if (!options.token) {
      report(`Could not record the GitHub deployment: github_token is empty; it needs \`permissions: deployments: write\`.${suffix}`);
      return undefined;
    }
    if (!owner || !repo || rest.length > 0) {
      report(
        `Could not record the GitHub deployment: the repository "${options.repository}" (GITHUB_REPOSITORY) is not owner/name.${suffix}`
      );
      return undefined;
    }
    if (!options.sha) {
      report(`Could not record the GitHub deployment: the commit (GITHUB_SHA) is unknown.${suffix}`);
      return undefined;
    }
    try {
      const answer = await send(
        route,
        {
          ref: options.sha,
          environment: options.environment,
          auto_merge: false,
          required_contexts: [],
          description: cutDescription(redact(deploymentDescription(release))),
          payload: deploymentPayload(release)
        },
        requestTimeoutMs
      );
      const id = (answer.data as { id?: unknown } | null)?.id;
      if (answer.status !== 201 || typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
        const message = (answer.data as { message?: unknown } | null)?.message;
        throw new Problem(
          `GitHub answered ${answer.status} to POST /repos/${owner}/${repo}/deployments without a deployment id${typeof message === 'string' ? `: ${message}` : ''}`,
          answer.status
        );
      }
      deploymentId = id;
      return id;
    } catch (error) {
      report(`Could not record the GitHub deployment in environment "${options.environment}": ${(error as Error).message}.${suffix}`);
      return undefined;
    }
  }

  async function addStatus(state: DeploymentState, description: string, extra: StatusExtra): Promise<boolean> {
    if (deploymentId === undefined) {
      if (!createFailed) debug(`GitHub deployment status "${state}" not sent: no deployment was started.`);
      return false;
    }
    const route = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
    try {
      await send(
        route,
        {
          deployment_id: deploymentId,
          state,
          description: cutDescription(redact(description)),
          environment: options.environment,
          ...(options.runUrl !== undefined ? { log_url: options.runUrl } : {}),
          ...(extra.environmentUrl !== undefined ? { environment_url: extra.environmentUrl } : {})
        },
        Math.min(requestTimeoutMs, extra.timeoutMs ?? requestTimeoutMs)
      );
      return true;
    } catch (error) {
      report(`Could not set the status of GitHub deployment ${deploymentId} to ${state}: ${(error as Error).message}.${suffix}`);
      return false;
    }
  }

  return {
    start(release) {
      if (started) {
        debug('The GitHub deployment was already started; a second start is ignored.');
        return enqueue(async () => deploymentId);
      }
      started = true;
      return enqueue(async () => {
        const id = await create(release);
        if (id === undefined) createFailed = true;
        return id;
      }).catch(() => undefined);
    },
    status(state, description, extra = {}) {
      return enqueue(() => addStatus(state, description, extra)).catch(() => false);
    },
    get deploymentId() {
      return deploymentId;
    },
    async settled() {
      await queue;
    }
  };
}
