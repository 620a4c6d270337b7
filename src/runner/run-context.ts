/**
 * The run's identity for the job summary: ref, commit, and the links to the run and the commit.
 *
 * Read from the GITHUB_* variables the runner sets, the same ones @actions/github's
 * `context` reads: that package's entry also loads Octokit (~1.2 MB bundled, +24 ms
 * on every start, measured with bench/coldstart.ts), and none of its event payload is
 * needed here.
 */

export interface RunContext {
  ref: string;
  sha: string;
  repository: string;
  runUrl: string | undefined;
  /** The commit's page on GitHub. */
  commitUrl?: string | undefined;
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const runId = Number.parseInt(env['GITHUB_RUN_ID'] ?? '', 10);
  const serverUrl = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  return {
    ref: env['GITHUB_REF'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    repository,
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    commitUrl: repository && env['GITHUB_SHA'] ? `${serverUrl}/${repository}/commit/${env['GITHUB_SHA']}` : undefined
  };
}

/** `v1.2.3 (abc1234)`: the ref and short commit of the run, for the image update's description. */
export function defaultUpdateDesc(env: NodeJS.ProcessEnv): string {
  const ref = env['GITHUB_REF_NAME'] || env['GITHUB_REF'] || '';
  const sha = (env['GITHUB_SHA'] ?? '').slice(0, 7);
  const text = `${ref}${sha ? ` (${sha})` : ''}`.trim();
  return text || 'clanforge-image-version-action';
}
