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
import { propertyOf } from '../unknown-shape.ts';

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
  /** The answer said the rate limit is spent (x-ratelimit-remaining: 0). */
  rateLimited: boolean;
  message: string;
}

/** Octokit's RequestError, duck-typed: network faults come as status 500 without a response. */
function httpFailure(error: unknown): HttpFailure | undefined {
  const status = propertyOf(error, 'status');
  const response = propertyOf(error, 'response');
  if (typeof status !== 'number' || typeof response !== 'object' || response === null) return undefined;
  const message = propertyOf(error, 'message');
  const rateLimited = propertyOf(propertyOf(response, 'headers'), 'x-ratelimit-remaining') === '0';
  return { status, rateLimited, message: typeof message === 'string' ? message : '' };
}

/**
 * The innermost cause of a fetch failure, as undici reports it ("ECONNREFUSED: connect
 * ECONNREFUSED 127.0.0.1:443"). Duck-typed: socket errors may come from another realm.
 */
function faultText(error: unknown): string {
  let current: unknown = error;
  let text = 'unknown error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = propertyOf(current, 'code');
    const message = propertyOf(current, 'message');
    const said = typeof message === 'string' ? message : '';
    if (typeof code === 'string' && code !== '') text = said && !said.startsWith(code) ? `${code}: ${said}` : said || code;
    else if (said) text = said;
    current = propertyOf(current, 'cause');
  }
  return text;
}

/** What a caught error says (the recorder's own calls only throw Problem). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replaces the token in every form a message could quote it. */
function tokenRedactor(token: string): (text: string) => string {
  const secrets = token ? [token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)] : [];
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** A route with its placeholders filled in, for messages: `POST /repos/studio/game/deployments`. */
function shownRoute(route: string, values: Record<string, unknown>): string {
  return route.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

/** A person-readable reason for an HTTP failure, naming the permission where that is the likely cause. */
function describeHttpFailure(route: string, failure: HttpFailure, repository: string): Problem {
  const { status } = failure;
  const said = failure.message ? `: ${failure.message}` : '';
  if ((status === 403 || status === 429) && failure.rateLimited) {
    return new Problem(`GitHub answered ${status} to ${route} (API rate limit exceeded${said})`, status);
  }
  if (status === 401) return new Problem(`GitHub answered 401 to ${route}${said}: github_token is not a valid token for this API`, status);
  if (status === 403) {
    return new Problem(
      `GitHub answered 403 to ${route}${said}: the token needs \`permissions: deployments: write\` (in the workflow or the job)`,
      status
    );
  }
  if (status === 404) {
    return new Problem(
      `GitHub answered 404 to ${route}${said}: check that the token can see ${repository} and has \`permissions: deployments: write\`, and that GITHUB_API_URL is the REST API root`,
      status
    );
  }
  if (status === 422) return new Problem(`GitHub refused ${route} (422${said})`, status);
  return new Problem(`GitHub answered ${status} to ${route}${said}`, status);
}

/** A person-readable reason for any failed call: HTTP, network, or a client that did not load. */
function describeFailure(route: string, error: unknown, apiUrl: string | undefined, repository: string): Problem {
  const failure = httpFailure(error);
  if (failure) return describeHttpFailure(route, failure, repository);
  const text = faultText(error);
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(text)) {
    return new Problem(`@actions/github could not be loaded (${text})`);
  }
  return new Problem(`could not reach the GitHub API${apiUrl ? ` at ${apiUrl}` : ''} for ${route} (${text})`);
}

const NOT_AFFECTED = ' The Clanforge release is not affected.';
const CREATE_ROUTE = 'POST /repos/{owner}/{repo}/deployments';
const STATUS_ROUTE = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';

/** The recorder's state: the client, the budget spent, the deployment, and the queue of calls. */
class Recorder implements DeploymentRecorder {
  private readonly options: DeploymentRecorderOptions;
  private readonly now: () => number;
  private readonly requestTimeoutMs: number;
  private readonly budgetMs: number;
  private readonly apiUrl: string | undefined;
  private readonly owner: string | undefined;
  private readonly repo: string | undefined;
  private readonly ownerName: boolean;
  private readonly redact: (text: string) => string;
  private warned = false;
  private spentMs = 0;
  private client: Promise<GitHubRequester> | undefined;
  private started = false;
  private createFailed = false;
  private id: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DeploymentRecorderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.budgetMs = options.budgetMs ?? BUDGET_MS;
    this.apiUrl = options.apiUrl?.replace(/\/+$/, '') || undefined;
    const [owner, repo, ...rest] = options.repository.split('/');
    this.owner = owner;
    this.repo = repo;
    this.ownerName = Boolean(owner) && Boolean(repo) && rest.length === 0;
    this.redact = tokenRedactor(options.token);
  }

  get deploymentId(): number | undefined {
    return this.id;
  }

  start(release: DeploymentStart): Promise<number | undefined> {
    if (this.started) {
      this.debug('The GitHub deployment was already started; a second start is ignored.');
      return this.enqueue(async () => this.id);
    }
    this.started = true;
    return this.enqueue(async () => {
      const id = await this.create(release);
      if (id === undefined) this.createFailed = true;
      return id;
    }).catch(() => undefined);
  }

  status(state: DeploymentState, description: string, extra: StatusExtra = {}): Promise<boolean> {
    return this.enqueue(() => this.addStatus(state, description, extra)).catch(() => false);
  }

  async settled(): Promise<void> {
    await this.queue;
  }

  /** Calls run one after another, each after the create. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A broken logger must not break the release either. */
  private say(log: ((message: string) => void) | undefined, message: string): void {
    try {
      log?.(cutDescription(this.redact(message), 400));
    } catch {
      // Nothing else to tell.
    }
  }

  /** The first problem is the run's one warning; later ones go to debug. */
  private report(message: string): void {
    this.say(this.warned ? this.options.debug : this.options.warn, message);
    this.warned = true;
  }

  private debug(message: string): void {
    this.say(this.options.debug, message);
  }

  /** Why no deployment can be created from these options, before any request. */
  private unusableOptions(): string | undefined {
    const { token, repository, sha } = this.options;
    if (!token) return 'github_token is empty; it needs `permissions: deployments: write`.';
    if (!this.ownerName) return `the repository "${repository}" (GITHUB_REPOSITORY) is not owner/name.`;
    if (!sha) return 'the commit (GITHUB_SHA) is unknown.';
    return undefined;
  }

  private async create(release: DeploymentStart): Promise<number | undefined> {
    const unusable = this.unusableOptions();
    if (unusable !== undefined) {
      this.report(`Could not record the GitHub deployment: ${unusable}${NOT_AFFECTED}`);
      return undefined;
    }
    try {
      const answer = await this.send(
        CREATE_ROUTE,
        {
          ref: this.options.sha,
          environment: this.options.environment,
          auto_merge: false,
          required_contexts: [],
          description: cutDescription(this.redact(deploymentDescription(release))),
          payload: deploymentPayload(release)
        },
        this.requestTimeoutMs
      );
      this.id = this.createdId(answer);
      return this.id;
    } catch (error) {
      this.report(
        `Could not record the GitHub deployment in environment "${this.options.environment}": ${messageOf(error)}.${NOT_AFFECTED}`
      );
      return undefined;
    }
  }

  /** The new deployment's id; a Problem when the answer carries none. */
  private createdId(answer: { status: number; data: unknown }): number {
    const id = propertyOf(answer.data, 'id');
    if (answer.status === 201 && typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
    const message = propertyOf(answer.data, 'message');
    throw new Problem(
      `GitHub answered ${answer.status} to POST /repos/${this.owner}/${this.repo}/deployments without a deployment id${typeof message === 'string' ? `: ${message}` : ''}`,
      answer.status
    );
  }

  private async addStatus(state: DeploymentState, description: string, extra: StatusExtra): Promise<boolean> {
    const deploymentId = this.id;
    if (deploymentId === undefined) {
      if (!this.createFailed) this.debug(`GitHub deployment status "${state}" not sent: no deployment was started.`);
      return false;
    }
    try {
      await this.send(
        STATUS_ROUTE,
        {
          deployment_id: deploymentId,
          state,
          description: cutDescription(this.redact(description)),
          environment: this.options.environment,
          ...(this.options.runUrl !== undefined ? { log_url: this.options.runUrl } : {}),
          ...(extra.environmentUrl !== undefined ? { environment_url: extra.environmentUrl } : {})
        },
        Math.min(this.requestTimeoutMs, extra.timeoutMs ?? this.requestTimeoutMs)
      );
      return true;
    } catch (error) {
      this.report(`Could not set the status of GitHub deployment ${deploymentId} to ${state}: ${messageOf(error)}.${NOT_AFFECTED}`);
      return false;
    }
  }

  /** One request, bounded by the per-request limit and what is left of the budget. */
  private async send(route: string, parameters: Record<string, unknown>, limitMs: number): Promise<{ status: number; data: unknown }> {
    const { owner, repo } = this;
    const shown = shownRoute(route, { owner, repo, ...parameters });
    const left = this.budgetMs - this.spentMs;
    if (left <= 0)
      throw new Problem(`the GitHub API calls of this run already took ${this.budgetMs / 1000} s in total, so ${shown} was skipped`);
    const timeoutMs = Math.min(limitMs, left);
    const began = this.now();
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
      const octokit = await Promise.race([this.loadClient(), timedOut]);
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
      throw describeFailure(shown, error, this.apiUrl, this.options.repository);
    } finally {
      clearTimeout(timer);
      this.spentMs += Math.max(0, this.now() - began);
    }
  }

  /** The client, built once; a factory that throws is reported like one whose promise rejects. */
  private loadClient(): Promise<GitHubRequester> {
    const factory = this.options.octokitFactory ?? defaultOctokitFactory;
    this.client ??= Promise.resolve().then(() => factory(this.options.token, { baseUrl: this.apiUrl }));
    return this.client;
  }
}

export function createDeploymentRecorder(options: DeploymentRecorderOptions): DeploymentRecorder {
  return new Recorder(options);
}
