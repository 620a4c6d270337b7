/**
 * The runner protocol the action speaks: inputs, outputs, masking, logging, the job
 * summary and the run's identity. Start-up time is the budget here (bench/coldstart.ts):
 * everything this module loads runs on every step, so it loads only node:fs, node:os
 * and @actions/core's command module.
 *
 * - Not `import * as core from '@actions/core'`: that entry also loads the package's
 *   OIDC client (@actions/http-client, tunnel, undici), ~1 MB parsed on every start
 *   (+90 ms) for code this action never runs. command.js imports only node:os; the
 *   package's `exports` map does not list it, hence the relative path (the pinned
 *   lockfile keeps it stable).
 * - Outputs: the same heredoc as core's file-command.js, but that module imports
 *   node:crypto for randomUUID (~9 ms; the global webcrypto costs as much).
 * - Summary: the same HTML as core's summary.js, but that module reads `fs.promises`
 *   when it loads, which pulls in node:fs/promises with readline and the REPL
 *   history (~4 ms).
 * - Run context: @actions/github's Context module, imported directly and statically
 *   (as a lazily loaded chunk it cost a second module load at the end of every run).
 * __tests__/actions-core.test.ts checks each against @actions/core's own output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { issue, issueCommand } from '../node_modules/@actions/core/lib/command.js';
import { Context } from '../node_modules/@actions/github/lib/context.js';

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

/**
 * A random v4 UUID. The kernel's CSPRNG (/dev/urandom, on Linux and macOS runners)
 * is a 16-byte read; where it is missing (Windows) the web crypto global is used.
 */
export function randomUuid(source = '/dev/urandom'): string {
  const bytes = Buffer.alloc(16);
  try {
    const fd = fs.openSync(source, 'r');
    try {
      if (fs.readSync(fd, bytes, 0, 16, null) !== 16) throw new Error('short read');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return globalThis.crypto.randomUUID();
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One output as a GITHUB_OUTPUT heredoc, exactly as core's prepareKeyValueMessage. */
export function outputEntry(name: string, value: string, uuid: string = randomUuid()): string {
  const delimiter = `ghadelimiter_${uuid}`;
  // Refuse, as core does, rather than let a value end the heredoc early.
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (value.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${name}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}`;
}

function setOutput(name: string, value: string): void {
  const file = process.env['GITHUB_OUTPUT'];
  if (file) {
    if (!fs.existsSync(file)) throw new Error(`Missing file at path: ${file}`);
    fs.appendFileSync(file, `${outputEntry(name, value)}${os.EOL}`, { encoding: 'utf8' });
    return;
  }
  // Outside a runner (no GITHUB_OUTPUT file) fall back to the stdout command, as core does;
  // the command escapes line breaks, but a legacy `##[` would still act anywhere in the line.
  process.stdout.write(os.EOL);
  issueCommand('set-output', { name }, value.replaceAll('##[', '##［'));
}

function wrap(tag: string, content: string): string {
  return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}

/** The job summary, rendered as core's Summary renders these calls. */
export class Summary implements SummaryBuilder {
  private buffer = '';

  addRaw(text: string, addEOL = false): this {
    this.buffer += text;
    if (addEOL) this.buffer += os.EOL;
    return this;
  }

  addHeading(text: string, level?: number | string): this {
    const tag = `h${level}`;
    return this.addRaw(wrap(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag) ? tag : 'h1', text), true);
  }

  addTable(rows: SummaryTableRow[]): this {
    const body = rows
      .map((row) => wrap('tr', row.map((cell) => (typeof cell === 'string' ? wrap('td', cell) : wrap(cell.header ? 'th' : 'td', cell.data))).join('')))
      .join('');
    return this.addRaw(wrap('table', body), true);
  }

  stringify(): string {
    return this.buffer;
  }

  emptyBuffer(): this {
    this.buffer = '';
    return this;
  }

  async write(options?: { overwrite?: boolean }): Promise<this> {
    const file = process.env['GITHUB_STEP_SUMMARY'];
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
    }
    // Synchronous: one small write at the end of the step, and no fs/promises to load.
    (options?.overwrite ? fs.writeFileSync : fs.appendFileSync)(file, this.buffer, { encoding: 'utf8' });
    return this.emptyBuffer();
  }
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
  summary: new Summary()
};

/** The run's identity, for the job summary. */
export interface RunContext {
  ref: string;
  sha: string;
  repository: string;
  runUrl: string | undefined;
}

/**
 * ref, sha and the run link from @actions/github's Context. Its module imports only
 * node:fs and node:os, so it is imported directly (the package entry would load
 * Octokit as well); it reads the same GITHUB_* variables and the event payload.
 */
export function runContext(): RunContext {
  const repository = process.env['GITHUB_REPOSITORY'] ?? '';
  let context: Context;
  try {
    context = new Context();
  } catch {
    // An unreadable event payload must not cost the summary its ref and commit.
    context = Object.assign(Object.create(Context.prototype) as Context, {
      ref: process.env['GITHUB_REF'],
      sha: process.env['GITHUB_SHA'],
      runId: parseInt(process.env['GITHUB_RUN_ID'] ?? '', 10),
      serverUrl: process.env['GITHUB_SERVER_URL'] ?? 'https://github.com'
    });
  }
  return {
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    repository,
    runUrl: repository && context.runId ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}` : undefined
  };
}

/** Async for the Dependencies.runContext contract (main.ts). */
export async function loadRunContext(): Promise<RunContext> {
  return runContext();
}
