/**
 * A fake GitHub REST API for the deployment record: a real HTTP server on 127.0.0.1 (random
 * port) that keeps every request and answers the two routes the action calls as GitHub does.
 *
 *   const github = await startFakeGitHubApi();
 *   // point the action at github.url (GITHUB_API_URL, or the recorder's apiUrl)
 *   github.on('create-status', { status: 403 });   // or 'hang', 'close', { delayMs }
 *   github.requests              // method, path, headers, JSON body, in arrival order
 *   github.deployments           // what was created, with its statuses
 *   await github.close();
 *
 * Routes:
 * - `create-deployment`: POST /repos/{owner}/{repo}/deployments → 201 with the deployment
 *   (its creator is github-actions[bot], as for a workflow's GITHUB_TOKEN)
 * - `create-status`: POST /repos/{owner}/{repo}/deployments/{id}/statuses → 201 with the
 *   status (404 for an id it never made)
 * - `list-deployments`: GET /repos/{owner}/{repo}/deployments?sha=&environment= → the
 *   deployments, newest first, filtered as GitHub filters them (environment ignoring case)
 * - `list-statuses`: GET /repos/{owner}/{repo}/deployments/{id}/statuses → its statuses, newest first
 * - anything else: 404 `{ message: 'Not Found' }`, as GitHub answers.
 * With `token`, a request without `authorization: token <token>` gets 401 Bad credentials.
 * `jobDeployments` are there before the step: what GitHub Actions makes for a job that
 * declares `environment:` (creator github-actions[bot], no description, an empty payload,
 * statuses whose log_url is the job's page of the run).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = 'create-deployment' | 'create-status' | 'list-deployments' | 'list-statuses' | 'other';

export interface RecordedRequest {
  route: Route;
  method: string;
  /** Path and query as sent. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The JSON body, parsed; undefined when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  /** performance.now() when the request had fully arrived. */
  receivedAt: number;
}

/**
 * What a route does instead of its normal answer:
 * - `{ status }`: that status with `body` (default: GitHub's message for it) and `headers`
 * - `{ delayMs }`: the normal answer, that much later
 * - `{ redirect }`: a 307 (or `status`) with that Location
 * - `'hang'`: read the request and never answer (until the client gives up or close())
 * - `'close'`: destroy the connection without answering
 */
export type Behaviour =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { delayMs: number }
  /** A redirect (default 307) to this URL; the request is not acted on. */
  | { redirect: string; status?: number }
  | 'hang'
  | 'close';

export interface FakeDeployment {
  id: number;
  owner: string;
  repo: string;
  /** The login that made it: github-actions[bot] for all of them here. */
  creator: string;
  /** The create request's body. */
  request: Record<string, unknown>;
  statuses: Record<string, unknown>[];
}

export interface FakeGitHubApi {
  /** `http://127.0.0.1:<port>`: the REST API root. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly deployments: FakeDeployment[];
  /** From now on (for the next `times` requests of the route, default all), behave so. */
  on(route: Route, behaviour: Behaviour, times?: number): void;
  /** Back to normal answers; the recorded requests are kept. */
  reset(): void;
  close(): Promise<void>;
}

/** A deployment GitHub Actions made for a job with `environment:`, there before the step runs. */
export interface JobDeployment {
  id: number;
  owner: string;
  repo: string;
  environment: string;
  sha: string;
  ref: string;
  /** Its statuses, oldest first, each with the job's page as log_url and target_url. */
  states: string[];
  /** `https://github.com/{owner}/{repo}/actions/runs/{run}/job/{job}`. */
  jobUrl: string;
}

export interface FakeGitHubApiOptions {
  /** When set, only `authorization: token <token>` (or `Bearer`) is accepted. */
  token?: string;
  /** The first deployment's id; later ones count up. Default 1001. */
  firstId?: number;
  /** Deployments GitHub Actions already made for jobs (see JobDeployment). */
  jobDeployments?: JobDeployment[];
}

const MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Internal Server Error',
  502: 'Server Error',
  503: 'Service Unavailable'
};

function routeOf(method: string, pathname: string): { route: Route; owner?: string; repo?: string; id?: number } {
  if (method === 'GET') {
    let m = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(pathname);
    if (m) return { route: 'list-deployments', owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? '') };
    m = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(pathname);
    if (m) return { route: 'list-statuses', owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? ''), id: Number(m[3]) };
  }
  if (method === 'POST') {
    let m = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(pathname);
    if (m) return { route: 'create-deployment', owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? '') };
    m = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(pathname);
    if (m) return { route: 'create-status', owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? ''), id: Number(m[3]) };
  }
  return { route: 'other' };
}

/** The login a workflow's GITHUB_TOKEN acts as, and GitHub Actions makes a job's deployment as. */
export const ACTIONS_BOT = 'github-actions[bot]';

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startFakeGitHubApi(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
  const requests: RecordedRequest[] = [];
  const deployments: FakeDeployment[] = [];
  const behaviours = new Map<Route, { behaviour: Behaviour; left: number }>();
  let nextId = options.firstId ?? 1001;
  let nextStatusId = 1;
  const timers = new Set<NodeJS.Timeout>();

  const jobStatuses = new Map<number, Record<string, unknown>[]>();
  for (const job of options.jobDeployments ?? []) {
    deployments.push({
      id: job.id,
      owner: job.owner,
      repo: job.repo,
      creator: ACTIONS_BOT,
      request: { ref: job.ref, sha: job.sha, environment: job.environment, description: null, payload: {}, task: 'deploy' },
      statuses: []
    });
    jobStatuses.set(
      job.id,
      job.states.map((state) => ({ state, description: '', log_url: job.jobUrl, target_url: job.jobUrl, environment: job.environment }))
    );
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const target = routeOf(method, new URL(path, 'http://fake').pathname);
      requests.push({ route: target.route, method, path, headers: req.headers, body, rawBody, receivedAt: performance.now() });

      const planned = behaviours.get(target.route);
      let behaviour: Behaviour | undefined;
      if (planned) {
        behaviour = planned.behaviour;
        if (--planned.left <= 0) behaviours.delete(target.route);
      }
      if (behaviour === 'hang') return;
      if (behaviour === 'close') {
        req.socket.destroy();
        return;
      }
      if (behaviour && 'redirect' in behaviour) {
        send(res, behaviour.status ?? 307, { message: 'Moved' }, { location: behaviour.redirect });
        return;
      }
      if (behaviour && 'status' in behaviour) {
        const message = MESSAGES[behaviour.status] ?? 'Error';
        send(
          res,
          behaviour.status,
          behaviour.body ?? { message, documentation_url: 'https://docs.github.com/rest', status: String(behaviour.status) },
          behaviour.headers
        );
        return;
      }
      const answer = (): void => normal(target, body, req, res, new URL(path, 'http://fake').searchParams);
      if (behaviour && 'delayMs' in behaviour) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, behaviour.delayMs);
        timers.add(timer);
      } else answer();
    });
  });

  function normal(
    target: ReturnType<typeof routeOf>,
    body: unknown,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    query: URLSearchParams
  ): void {
    if (options.token !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
        send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
        return;
      }
    }
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const at = new Date().toISOString();
    if (target.route === 'list-deployments') {
      const sha = query.get('sha');
      const environment = query.get('environment');
      const listed = deployments
        .filter((d) => d.owner === target.owner && d.repo === target.repo)
        .filter((d) => sha === null || (d.request['sha'] ?? d.request['ref']) === sha)
        .filter((d) => environment === null || String(d.request['environment']).toLowerCase() === environment.toLowerCase())
        .reverse()
        .map((d) => ({
          id: d.id,
          sha: d.request['sha'] ?? d.request['ref'],
          ref: d.request['ref'],
          task: d.request['task'] ?? 'deploy',
          payload: d.request['payload'] ?? {},
          environment: d.request['environment'],
          description: d.request['description'] ?? null,
          creator: { login: d.creator, type: 'Bot' }
        }));
      send(res, 200, listed);
      return;
    }
    if (target.route === 'list-statuses') {
      const deployment = deployments.find((d) => d.id === target.id && d.owner === target.owner && d.repo === target.repo);
      if (!deployment) {
        send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
        return;
      }
      const statuses = [...(jobStatuses.get(deployment.id) ?? []), ...deployment.statuses];
      send(
        res,
        200,
        [...statuses].reverse().map((status, i) => ({ id: i + 1, creator: { login: deployment.creator }, ...status }))
      );
      return;
    }
    if (target.route === 'create-deployment') {
      const deployment: FakeDeployment = {
        id: nextId++,
        owner: target.owner ?? '',
        repo: target.repo ?? '',
        creator: ACTIONS_BOT,
        request: fields,
        statuses: []
      };
      deployments.push(deployment);
      send(res, 201, {
        id: deployment.id,
        node_id: `DE_${deployment.id}`,
        url: `${url}/repos/${deployment.owner}/${deployment.repo}/deployments/${deployment.id}`,
        sha: fields['ref'],
        ref: fields['ref'],
        task: fields['task'] ?? 'deploy',
        payload: fields['payload'] ?? {},
        environment: fields['environment'] ?? 'production',
        description: fields['description'] ?? null,
        created_at: at,
        updated_at: at,
        statuses_url: `${url}/repos/${deployment.owner}/${deployment.repo}/deployments/${deployment.id}/statuses`,
        transient_environment: fields['transient_environment'] ?? false,
        production_environment: fields['production_environment'] ?? false
      });
      return;
    }
    if (target.route === 'create-status') {
      const deployment = deployments.find((d) => d.id === target.id && d.owner === target.owner && d.repo === target.repo);
      if (!deployment) {
        send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
        return;
      }
      deployment.statuses.push(fields);
      send(res, 201, {
        id: nextStatusId++,
        state: fields['state'],
        description: fields['description'] ?? '',
        environment: fields['environment'] ?? deployment.request['environment'],
        log_url: fields['log_url'] ?? '',
        target_url: fields['log_url'] ?? '',
        environment_url: fields['environment_url'] ?? '',
        deployment_url: `${url}/repos/${deployment.owner}/${deployment.repo}/deployments/${deployment.id}`,
        created_at: at,
        updated_at: at
      });
      return;
    }
    send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    deployments,
    on(route, behaviour, times = Number.POSITIVE_INFINITY) {
      behaviours.set(route, { behaviour, left: times });
    },
    reset() {
      behaviours.clear();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests hold their sockets open; end them so close() returns.
        server.closeAllConnections();
      });
    }
  };
}
