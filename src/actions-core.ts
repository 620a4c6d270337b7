/**
 * The runner protocol the action speaks: inputs, outputs, masking, logging and the
 * job summary, built on @actions/core's own modules.
 *
 * Why not `import * as core from '@actions/core'`: that entry point also loads the
 * package's OIDC client, which pulls in @actions/http-client, tunnel and undici.
 * Bundled, that is ~1 MB parsed on every start (measured: +90 ms, almost doubling a
 * bare node start) for code this action never runs. The command, file-command and
 * summary modules import only node built-ins. The package's `exports` map does not
 * list them, hence the relative paths; the pinned lockfile keeps them stable and
 * the unit tests exercise every function here.
 */
import * as os from 'node:os';
import { issue, issueCommand } from '../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../node_modules/@actions/core/lib/file-command.js';
import { summary } from '../node_modules/@actions/core/lib/summary.js';

/** The subset of the job summary builder the action uses. */
export interface SummaryBuilder {
  addHeading(text: string, level?: number | string): SummaryBuilder;
  addTable(rows: SummaryTableRow[]): SummaryBuilder;
  addRaw(text: string, addEOL?: boolean): SummaryBuilder;
  write(options?: { overwrite?: boolean }): Promise<unknown>;
  emptyBuffer(): SummaryBuilder;
}
export type SummaryTableRow = (string | { data: string; header?: boolean })[];

/** What the action needs from the runner; tests pass a recording fake. */
export interface ActionsCore {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  isDebug(): boolean;
  startGroup(name: string): void;
  endGroup(): void;
  setFailed(message: string): void;
  summary: SummaryBuilder;
}

/** Same lookup and trimming as core.getInput. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function setOutput(name: string, value: string): void {
  if (process.env['GITHUB_OUTPUT']) {
    issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    return;
  }
  // Outside a runner (no GITHUB_OUTPUT file) fall back to the stdout command, as core does.
  process.stdout.write(os.EOL);
  issueCommand('set-output', { name }, value);
}

export const actionsCore: ActionsCore = {
  getInput: (name) => getInput(name),
  setOutput,
  setSecret: (secret) => issueCommand('add-mask', {}, secret),
  info: (message) => process.stdout.write(message + os.EOL),
  warning: (message) => issueCommand('warning', {}, message),
  error: (message) => issueCommand('error', {}, message),
  debug: (message) => issueCommand('debug', {}, message),
  isDebug: () => process.env['RUNNER_DEBUG'] === '1',
  startGroup: (name) => issue('group', name),
  endGroup: () => issue('endgroup'),
  setFailed: (message) => {
    process.exitCode = 1;
    issueCommand('error', {}, message);
  },
  summary: summary as unknown as SummaryBuilder
};

/** The run's identity, for the job summary. */
export interface RunContext {
  ref: string;
  sha: string;
  repository: string;
  runUrl: string | undefined;
}

/**
 * Read from @actions/github's Context class (its module imports only fs and os;
 * the package entry would load Octokit as well).
 */
export async function loadRunContext(): Promise<RunContext> {
  const { Context } = await import('../node_modules/@actions/github/lib/context.js');
  const context = new Context();
  const repository = process.env['GITHUB_REPOSITORY'] ?? '';
  const runUrl =
    repository && context.runId
      ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
      : undefined;
  return { ref: context.ref ?? '', sha: context.sha ?? '', repository, runUrl };
}
