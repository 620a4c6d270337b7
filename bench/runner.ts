// What the GitHub runner gives a node action, rebuilt for the benchmarks: INPUT_*
// variables (with action.yml's defaults), the GITHUB_* file commands as temp files,
// the run's identity and an event payload; plus a timed spawn of one step.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseOutputFile as parseRunnerOutputFile } from '../__tests__/e2e/helpers/run-action.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** The bundle under test: dist/, or BENCH_DIST to compare another build (e.g. from `ncc build -o`). */
export const DIST = path.resolve(process.env['BENCH_DIST'] ?? path.join(ROOT, 'dist'));
export const ACTION_ENTRY = path.join(DIST, 'index.js');

/** INPUT_* for every input action.yml gives a default: the runner always sets those. */
function inputDefaults(): Record<string, string> {
  const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined) env[inputVar(name)] = String(spec.default);
  }
  return env;
}

function inputVar(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const REPOSITORY = 'your-org/game-server';

/** A push-of-a-tag payload shaped like GitHub's (the action's usual trigger). */
function pushEvent(): unknown {
  const api = `https://api.github.com/repos/${REPOSITORY}`;
  const repoUrls = Object.fromEntries(
    [
      'archive',
      'assignees',
      'blobs',
      'branches',
      'collaborators',
      'comments',
      'commits',
      'compare',
      'contents',
      'contributors',
      'deployments',
      'downloads',
      'events',
      'forks',
      'git_commits',
      'git_refs',
      'git_tags',
      'hooks',
      'issue_comment',
      'issue_events',
      'issues',
      'keys',
      'labels',
      'languages',
      'merges',
      'milestones',
      'notifications',
      'pulls',
      'releases',
      'stargazers',
      'statuses',
      'subscribers',
      'subscription',
      'tags',
      'teams',
      'trees'
    ].map((name) => [`${name}_url`, `${api}/${name}{/id}`])
  );
  const person = { name: 'Release Bot', email: 'release-bot@example.com', username: 'release-bot' };
  return {
    ref: 'refs/tags/v1.4.2',
    before: '0000000000000000000000000000000000000000',
    after: SHA,
    created: true,
    deleted: false,
    forced: false,
    base_ref: 'refs/heads/main',
    compare: `https://github.com/${REPOSITORY}/compare/v1.4.2`,
    commits: [],
    head_commit: {
      id: SHA,
      tree_id: SHA,
      distinct: true,
      message: 'Release 1.4.2',
      timestamp: '2026-11-20T10:00:00Z',
      url: `https://github.com/${REPOSITORY}/commit/${SHA}`,
      author: person,
      committer: person,
      added: [],
      removed: [],
      modified: ['server/config.json']
    },
    repository: {
      id: 123456789,
      node_id: 'R_kgDOHa1b2c',
      name: 'game-server',
      full_name: REPOSITORY,
      private: true,
      owner: { login: 'your-org', id: 987654, type: 'Organization', url: 'https://api.github.com/users/your-org' },
      html_url: `https://github.com/${REPOSITORY}`,
      description: 'Dedicated game server',
      fork: false,
      url: api,
      ...repoUrls,
      created_at: 1700000000,
      updated_at: '2026-11-20T09:00:00Z',
      pushed_at: 1763632800,
      git_url: `git://github.com/${REPOSITORY}.git`,
      ssh_url: `git@github.com:${REPOSITORY}.git`,
      clone_url: `https://github.com/${REPOSITORY}.git`,
      size: 48213,
      stargazers_count: 0,
      watchers_count: 0,
      language: 'C++',
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      forks_count: 0,
      open_issues_count: 3,
      default_branch: 'main',
      master_branch: 'main',
      organization: 'your-org',
      visibility: 'private'
    },
    pusher: { name: 'release-bot', email: 'release-bot@example.com' },
    organization: { login: 'your-org', id: 987654, url: 'https://api.github.com/orgs/your-org' },
    sender: { login: 'release-bot', id: 4242, type: 'User', site_admin: false }
  };
}

export interface RunnerStep {
  env: NodeJS.ProcessEnv;
  dir: string;
  outputFile: string;
  summaryFile: string;
  /** Clears the output and summary files for the next run. */
  reset(): void;
  remove(): void;
}

/**
 * A fresh step environment. Nothing from the bench's own environment leaks in
 * (no NODE_OPTIONS, no proxy variables) except PATH and HOME.
 */
export function runnerStep(inputs: Record<string, string>): RunnerStep {
  const dir = mkdtempSync(path.join(tmpdir(), 'clanforge-bench-'));
  const file = (name: string, content = ''): string => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const outputFile = file('output');
  const summaryFile = file('step_summary');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_OWNER: 'your-org',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_RUN_ID: '19876543210',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Release to Clanforge',
    GITHUB_JOB: 'release',
    GITHUB_ACTION: 'clanforge',
    GITHUB_ACTOR: 'release-bot',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: file('event.json', JSON.stringify(pushEvent())),
    GITHUB_REF: 'refs/tags/v1.4.2',
    GITHUB_REF_NAME: 'v1.4.2',
    GITHUB_REF_TYPE: 'tag',
    GITHUB_SHA: SHA,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ENV: file('env'),
    GITHUB_PATH: file('path'),
    GITHUB_STATE: file('state'),
    ...inputDefaults()
  };
  for (const [name, value] of Object.entries(inputs)) env[inputVar(name)] = value;
  return {
    env,
    dir,
    outputFile,
    summaryFile,
    reset: () => {
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  };
}

/** A GITHUB_OUTPUT file read as the runner reads it (the end-to-end tests' parser); the last write wins. */
export function parseOutputFile(text: string): Map<string, string> {
  return new Map(parseRunnerOutputFile(text));
}

export interface StepRun {
  /** Spawn to process exit, in ms. */
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one script with the runner's node (this process's: Node 24) and times it. */
export function runStep(script: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let exitedMs = 0;
    const child = spawn(process.execPath, [...args, script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', () => {
      exitedMs = performance.now() - started;
    });
    child.on('close', (code) =>
      resolve({
        ms: exitedMs || performance.now() - started,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8')
      })
    );
  });
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: a value that was measured, not an interpolation.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
