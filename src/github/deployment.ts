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
 * Every text sent to GitHub (descriptions, payload values, log_url, environment_url) and
 * every message the recorder writes goes through the run's redaction (`redact`: the one
 * secrets list of the run's guard, runner/core.ts), then github_token's forms and any
 * credentials in GITHUB_API_URL. Values that must reach GitHub exactly (the repository,
 * the commit, the environment name) are never altered: when one holds a secret, nothing
 * is sent and the warning says which.
 *
 * Redirects are followed only within the API's origin (GitHub uses them for a renamed
 * repository); one to another origin is a failure like any other, and nothing is sent
 * there.
 *
 * A job that declares `environment:` gets a deployment from GitHub itself (creator
 * github-actions[bot], statuses whose log_url is the job's page under this run). When
 * `runId` is given, the create first looks for that deployment in the same environment
 * for the same commit; when the job has one, the release is left to it, with a notice
 * saying how to have the action's record instead (`deployment: false` on the job's
 * environment), so a run records one deployment per environment, not two. The lookup and
 * the create share one request's REQUEST_TIMEOUT_MS; a lookup GitHub fails (a 5xx, a
 * 403) leaves the action to record its own.
 *
 * GitHub cannot change a deployment's payload after the create, so the image version id,
 * known only once imageversion/create answered, travels in the status descriptions
 * ("image version 4242: Complete", see deployment-status.ts) and, when the caller has one,
 * in `environment_url`.
 */
import { safeAlone, secretForms } from '../settings/secret-forms.ts';
import { isObject, propertyOf } from '../unknown-shape.ts';

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
  request(route: string, parameters: Record<string, unknown>): Promise<GitHubAnswer>;
}

/** An answer as Octokit gives it; headers and url are there for a redirect (the request is sent with redirect: 'manual'). */
export interface GitHubAnswer {
  status: number;
  data: unknown;
  headers?: Record<string, unknown> | undefined;
  /** The URL the request went to. */
  url?: string | undefined;
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
  /** The run's redaction (the guard's one secrets list), applied to every text sent to GitHub and every message. */
  redact?: ((text: string) => string) | undefined;
  /** GITHUB_RUN_ID: when given, a deployment GitHub already made for this run's job in the environment is looked for first. */
  runId?: string | undefined;
  /** Says that the release was left to the job's own deployment. */
  notice?: ((message: string) => void) | undefined;
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
  /** GitHub did not answer in time, or the run's budget was spent. */
  readonly timedOut: boolean;
  constructor(message: string, status?: number, timedOut = false) {
    super(message);
    this.status = status;
    this.timedOut = timedOut;
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

/** Replaces each secret in every form it can travel in (settings/secret-forms.ts), longest first. */
function secretsRedactor(values: readonly string[]): (text: string) => string {
  const secrets = [...new Set(values.flatMap((value) => secretForms(value)))].sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('***') : out), text);
}

/** The API root as parsed; undefined when it does not parse (it is then only ever shown as given, without credentials). */
function parsedApiUrl(apiUrl: string | undefined): URL | undefined {
  if (apiUrl === undefined || !URL.canParse(apiUrl)) return undefined;
  return new URL(apiUrl);
}

/** The credentials an API root carries before '@', in the forms a message could quote them. */
function apiUrlSecrets(apiUrl: string | undefined): string[] {
  const url = parsedApiUrl(apiUrl);
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(apiUrl ?? '')?.[1];
  if (userinfo === undefined) return [];
  const parts = [url?.username, url?.password].filter((part): part is string => part !== undefined && part !== '');
  const decoded = parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return [`${userinfo}@`, ...[...parts, ...decoded].filter((part) => safeAlone(part))];
}

/** The API root as messages show it: scheme, host and path; never credentials, a query or a fragment. */
function shownApiUrl(apiUrl: string | undefined): string | undefined {
  if (apiUrl === undefined) return undefined;
  const url = parsedApiUrl(apiUrl);
  if (url === undefined) return apiUrl.replace(/^([^:/]*:\/\/)[^/?#]*@/, '$1***@').replace(/[?#].*$/, '');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Every string inside a value, redacted; numbers and booleans as they are. */
function redactValues(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, redact));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValues(item, redact)]));
  return value;
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
const LIST_ROUTE = 'GET /repos/{owner}/{repo}/deployments';
const LIST_STATUSES_ROUTE = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
/** Parameters that fill a route's path, not its body. */
const PATH_PARAMETERS = new Set(['owner', 'repo', 'deployment_id']);
/** Same-origin redirects followed for one request, at most. */
const MAX_REDIRECTS = 3;
/** The job's own deployments looked at, at most (each costs a request). */
const MAX_JOB_CANDIDATES = 3;
/** Who GitHub Actions creates a job's deployment as. */
const ACTIONS_BOT = 'github-actions[bot]';
/** A deployment whose latest status is one of these is still going: the job it belongs to runs now. */
const ACTIVE_STATES = new Set(['queued', 'pending', 'waiting', 'in_progress']);

/** The recorder's state: the client, the budget spent, the deployment, and the queue of calls. */
class Recorder implements DeploymentRecorder {
  private readonly options: DeploymentRecorderOptions;
  private readonly now: () => number;
  private readonly requestTimeoutMs: number;
  private readonly budgetMs: number;
  private readonly apiUrl: string | undefined;
  private readonly shownApi: string | undefined;
  private readonly owner: string | undefined;
  private readonly repo: string | undefined;
  private readonly ownerName: boolean;
  private readonly redact: (text: string) => string;
  private warned = false;
  private spentMs = 0;
  private client: Promise<GitHubRequester> | undefined;
  private started = false;
  private createFailed = false;
  /** The job's own deployment, when the release was left to it: no status is sent. */
  private jobDeployment: number | undefined;
  private id: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DeploymentRecorderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.budgetMs = options.budgetMs ?? BUDGET_MS;
    this.apiUrl = options.apiUrl?.replace(/\/+$/, '') || undefined;
    this.shownApi = shownApiUrl(this.apiUrl);
    const [owner, repo, ...rest] = options.repository.split('/');
    this.owner = owner;
    this.repo = repo;
    this.ownerName = Boolean(owner) && Boolean(repo) && rest.length === 0;
    const runRedact = options.redact ?? ((text: string) => text);
    const own = secretsRedactor([options.token, ...apiUrlSecrets(this.apiUrl)]);
    this.redact = (text) => own(runRedact(text));
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
    const { token, repository, sha, environment } = this.options;
    if (!token) return 'github_token is empty; it needs `permissions: deployments: write`.';
    if (!this.ownerName) return `the repository "${repository}" (GITHUB_REPOSITORY) is not owner/name.`;
    if (!sha) return 'the commit (GITHUB_SHA) is unknown.';
    if (apiUrlSecrets(this.apiUrl).length > 0) {
      return `GITHUB_API_URL (${this.shownApi ?? ''}) holds credentials before '@': give the REST API root without them (github_token authenticates), so nothing was sent.`;
    }
    // Sent exactly as they are, in the URL or the body: never with a secret inside.
    const exact: [string, string][] = [
      ['the repository (GITHUB_REPOSITORY)', repository],
      ['the commit (GITHUB_SHA)', sha],
      ["the environment name (input 'environment')", environment]
    ];
    const holding = exact.find(([, value]) => this.redact(value) !== value);
    if (holding !== undefined) return `${holding[0]} holds one of the run's secrets, so nothing was sent to GitHub.`;
    return undefined;
  }

  private async create(release: DeploymentStart): Promise<number | undefined> {
    const unusable = this.unusableOptions();
    if (unusable !== undefined) {
      this.report(`Could not record the GitHub deployment: ${unusable}${NOT_AFFECTED}`);
      return undefined;
    }
    // The lookup and the create share one request's time: a GitHub that does not answer
    // still costs the release at most REQUEST_TIMEOUT_MS here.
    const deadline = this.now() + this.requestTimeoutMs;
    const left = (): number => Math.max(1, deadline - this.now());
    let jobs: number | undefined;
    try {
      jobs = await this.findJobDeployment(left);
    } catch (error) {
      this.report(
        `Could not record the GitHub deployment in environment "${this.options.environment}": ${messageOf(error)}.${NOT_AFFECTED}`
      );
      return undefined;
    }
    if (jobs !== undefined) {
      this.jobDeployment = jobs;
      this.say(
        this.options.notice,
        `This job declares environment: ${this.options.environment}, and GitHub records it as deployment ${jobs} there; the action adds no second deployment (input environment). To have the action record the release with its Clanforge progress instead, give the job's environment \`deployment: false\` (see the README, "The release on GitHub's Environments page").`
      );
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
          payload: redactValues(deploymentPayload(release), this.redact)
        },
        left()
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

  /**
   * The deployment GitHub made for this run's job in the environment, when the job declares
   * `environment:`: created by github-actions[bot] for this commit, with a status whose
   * log_url (or target_url) is a job page of this run, and still going. Undefined when there
   * is none, without runId, or when GitHub could not say (then the action records its own);
   * throws only when GitHub did not answer in time (the create would not be answered either).
   */
  private async findJobDeployment(left: () => number): Promise<number | undefined> {
    const runId = this.options.runId;
    if (runId === undefined || !/^\d+$/.test(runId)) return undefined;
    const jobPage = new RegExp(`/actions/runs/${runId}/job/\\d+(?:[/?#]|$)`);
    try {
      const listed = await this.send(LIST_ROUTE, { sha: this.options.sha, environment: this.options.environment, per_page: 20 }, left());
      const candidates = (Array.isArray(listed.data) ? listed.data : [])
        .filter(
          (d) =>
            propertyOf(propertyOf(d, 'creator'), 'login') === ACTIONS_BOT &&
            propertyOf(d, 'sha') === this.options.sha &&
            String(propertyOf(d, 'environment')).toLowerCase() === this.options.environment.toLowerCase()
        )
        .map((d) => propertyOf(d, 'id'))
        .filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0)
        .slice(0, MAX_JOB_CANDIDATES);
      for (const id of candidates) {
        const statuses = await this.send(LIST_STATUSES_ROUTE, { deployment_id: id, per_page: 20 }, left());
        const list = Array.isArray(statuses.data) ? statuses.data : [];
        const ours = list.some((status) =>
          ['log_url', 'target_url'].some((field) => {
            const url = propertyOf(status, field);
            return typeof url === 'string' && jobPage.test(url);
          })
        );
        // Newest first: the first status is the deployment's state now.
        const state = propertyOf(list[0], 'state');
        if (ours && typeof state === 'string' && ACTIVE_STATES.has(state)) return id;
      }
      return undefined;
    } catch (error) {
      if (error instanceof Problem && error.timedOut) throw error;
      this.debug(`Could not look for the job's own GitHub deployment (${messageOf(error)}); the action records its own.`);
      return undefined;
    }
  }

  /** The new deployment's id; a Problem when the answer carries none. */
  private createdId(answer: GitHubAnswer): number {
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
      else if (this.jobDeployment !== undefined)
        this.debug(`GitHub deployment status "${state}" not sent: the job's own deployment records the run.`);
      return false;
    }
    const { runUrl } = this.options;
    try {
      await this.send(
        STATUS_ROUTE,
        {
          deployment_id: deploymentId,
          state,
          description: cutDescription(this.redact(description)),
          environment: this.options.environment,
          ...(runUrl !== undefined ? { log_url: this.redact(runUrl) } : {}),
          ...(extra.environmentUrl !== undefined ? { environment_url: this.redact(extra.environmentUrl) } : {})
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
  private async send(route: string, parameters: Record<string, unknown>, limitMs: number): Promise<GitHubAnswer> {
    const { owner, repo } = this;
    const shown = shownRoute(route, { owner, repo, ...parameters });
    const left = this.budgetMs - this.spentMs;
    if (left <= 0)
      throw new Problem(
        `the GitHub API calls of this run already took ${this.budgetMs / 1000} s in total, so ${shown} was skipped`,
        undefined,
        true
      );
    const timeoutMs = Math.min(limitMs, left);
    const began = this.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race holds the bound even if the client ignored the signal.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Problem(`GitHub did not answer ${shown} within ${Number((timeoutMs / 1000).toFixed(1))} s`, undefined, true));
      }, timeoutMs);
    });
    try {
      const octokit = await Promise.race([this.loadClient(), timedOut]);
      const request = { signal: controller.signal, log: silentLog, redirect: 'manual' };
      const headers = { 'x-github-api-version': API_VERSION };
      let answer = await this.race(octokit.request(route, { owner, repo, ...parameters, headers, request }), timedOut);
      // Same-origin redirects only, repeated verbatim (method and body), as GitHub's REST docs ask.
      for (let hops = 0; isRedirect(answer.status); hops++) {
        const target = this.redirectTarget(shown, answer, hops);
        const body = Object.fromEntries(Object.entries(parameters).filter(([name]) => !PATH_PARAMETERS.has(name)));
        const method = route.split(' ')[0] ?? 'GET';
        answer = await this.race(octokit.request(`${method} ${target}`, { ...(method === 'GET' ? {} : body), headers, request }), timedOut);
      }
      return answer;
    } catch (error) {
      if (error instanceof Problem) throw error;
      throw describeFailure(shown, error, this.shownApi, this.options.repository);
    } finally {
      clearTimeout(timer);
      this.spentMs += Math.max(0, this.now() - began);
    }
  }

  private race(call: Promise<GitHubAnswer>, timedOut: Promise<never>): Promise<GitHubAnswer> {
    call.catch(() => undefined);
    return Promise.race([call, timedOut]);
  }

  /** Where a redirect answer points, when the action follows it: the same origin, within MAX_REDIRECTS; else a Problem. */
  private redirectTarget(shown: string, answer: GitHubAnswer, hops: number): string {
    const location = propertyOf(answer.headers, 'location');
    const from = answer.url !== undefined && URL.canParse(answer.url) ? new URL(answer.url) : parsedApiUrl(this.apiUrl);
    if (typeof location !== 'string' || location === '' || from === undefined || !URL.canParse(location, from.href)) {
      throw new Problem(`GitHub answered ${answer.status} to ${shown} without a redirect the action can follow`, answer.status);
    }
    const target = new URL(location, from);
    if (target.origin !== from.origin) {
      throw new Problem(
        `GitHub answered ${answer.status} to ${shown} with a redirect to another origin (${target.protocol}//${target.host}), which the action does not follow: github_token and the record go only to GITHUB_API_URL's origin (${from.origin}); check GITHUB_API_URL`,
        answer.status
      );
    }
    if (hops >= MAX_REDIRECTS) throw new Problem(`GitHub answered ${shown} with more than ${MAX_REDIRECTS} redirects`, answer.status);
    return target.href;
  }

  /** The client, built once; a factory that throws is reported like one whose promise rejects. */
  private loadClient(): Promise<GitHubRequester> {
    const factory = this.options.octokitFactory ?? defaultOctokitFactory;
    this.client ??= Promise.resolve().then(() => factory(this.options.token, { baseUrl: this.apiUrl }));
    return this.client;
  }
}

const isRedirect = (status: number): boolean => status >= 300 && status < 400 && status !== 304;

export function createDeploymentRecorder(options: DeploymentRecorderOptions): DeploymentRecorder {
  return new Recorder(options);
}
