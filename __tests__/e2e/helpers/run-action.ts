// The runner's side of a step, for every script that runs the bundled action
// (dist/index.js): the end-to-end tests, `npm run demo` and `npm run summary-preview`.
// A clean environment holding only the runner's variables, every input of action.yml
// as INPUT_* (given value or its default), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files
// that exist before the step starts, and stdout and GITHUB_OUTPUT read back the way
// the runner reads them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { watchChild } from './child-end.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ACTION_ENTRY = join(ROOT, 'dist', 'index.js');

/** The token the runner puts in for `${{ github.token }}` (distinctive, so a leak is found by substring). */
export const RUNNER_GITHUB_TOKEN = 'ghs_e2eRunnerT0ken4Vq9ZkLw2Xp';

/** A default as the runner evaluates it; `${{ github.token }}` is the only expression action.yml uses. */
function evaluated(value: string): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, RUNNER_GITHUB_TOKEN);
}

/** Inputs declared in action.yml with their defaults ('' when none). */
function declaredInputs(): Record<string, string> {
  const manifest = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.inputs).map(([name, spec]) => [name, spec.default === undefined ? '' : evaluated(String(spec.default))])
  );
}

const DECLARED = declaredInputs();

/** RUNNER_OS as the runner names this machine's platform. */
const RUNNER_OS = process.platform === 'win32' ? 'Windows' : process.platform === 'darwin' ? 'macOS' : 'Linux';

/** The runner's run identity; the summary shows ref and sha. */
export const RUN_CONTEXT = {
  GITHUB_REF: 'refs/tags/v2.7.0',
  GITHUB_SHA: '5f1c0ffee0ddba11d00dfacade5eed0123456789',
  GITHUB_REPOSITORY: 'studio/space-game',
  GITHUB_RUN_ID: '8675309',
  GITHUB_SERVER_URL: 'https://github.com'
} as const;

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout split into lines as the runner splits it (no trailing empty line). */
  lines: string[];
  /** Last value of each output, as the runner keeps it. */
  outputs: Record<string, string>;
  /** Every output write in order (outputs are set twice when waiting). */
  outputWrites: [string, string][];
  summary: string;
  durationMs: number;
  /** performance.now() when the process exited. */
  exitedAt: number;
  /** Date.now() when the process was started and when it exited, comparable with the emulator's request times. */
  startedAtEpoch: number;
  exitedAtEpoch: number;
  /** The run was killed for taking longer than `killAfterMs`. */
  killed: boolean;
}

/** What a step left for people to see: enough to check it for leaks. */
export type StepRecord = Pick<ActionRun, 'lines' | 'stderr' | 'outputWrites' | 'summary'>;

export interface RunOptions {
  /** Inputs by action.yml name; unknown names are refused so typos fail loudly. */
  inputs: Record<string, string>;
  /** Extra runner variables (RUNNER_DEBUG, ...), and the run identity over RUN_CONTEXT. */
  env?: Record<string, string>;
  /** Safety net: SIGKILL after this long. Default 20 s. */
  killAfterMs?: number;
}

export interface StartedAction {
  /** Resolves once the process was spawned (the temp files are made first). */
  child: Promise<ChildProcess>;
  result: Promise<ActionRun>;
}

/**
 * GITHUB_OUTPUT exactly as the runner reads it (actions/runner, FileCommandManager on
 * Linux): lines end at LF only (a CR stays part of the line); a line is `name=value`
 * when its first `=` comes before any `<<`, else `name<<DELIM` followed by value lines up
 * to a line that is exactly DELIM; the value is the text between, without the LF before
 * DELIM. Empty lines are skipped; a missing name, delimiter or closing line is an error.
 */
export function parseOutputFile(text: string): [string, string][] {
  const writes: [string, string][] = [];
  let index = 0;
  const readLine = (): { line: string; newline: boolean } | null => {
    if (index >= text.length) return null;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      const line = text.slice(index);
      index = text.length;
      return { line, newline: false };
    }
    const line = text.slice(index, lf);
    index = lf + 1;
    return { line, newline: true };
  };
  for (let read = readLine(); read !== null; read = readLine()) {
    const { line } = read;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new Error(`GITHUB_OUTPUT: invalid format ${JSON.stringify(line)}: name must not be empty`);
      writes.push([name, line.slice(equals + 1)]);
      continue;
    }
    if (heredoc < 0) throw new Error(`GITHUB_OUTPUT: invalid format ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '')
      throw new Error(`GITHUB_OUTPUT: invalid format ${JSON.stringify(line)}: name and delimiter must not be empty`);
    const start = index;
    let end = index;
    for (let value = readLine(); value === null || value.line !== delimiter; value = readLine()) {
      if (value === null) throw new Error(`GITHUB_OUTPUT: matching delimiter not found for ${name}`);
      if (!value.newline) throw new Error(`GITHUB_OUTPUT: EOF marker missing new line for ${name}`);
      end = index - 1;
    }
    writes.push([name, end > start ? text.slice(start, end) : '']);
  }
  return writes;
}

/** stdout as the runner reads it, line by line: a line ends at LF, CRLF or a lone CR. */
export function stdoutLines(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** Unescapes a workflow command's message (%25, %0D, %0A), as the runner does. */
export function commandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Messages of one workflow command (`::error::…`), unescaped. */
export function commands(run: Pick<ActionRun, 'lines'>, name: string): string[] {
  const prefix = `::${name}::`;
  return run.lines.filter((line) => line.startsWith(prefix)).map((line) => commandData(line.slice(prefix.length)));
}

export function startAction(options: RunOptions): StartedAction {
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run npm run package`);
  for (const name of Object.keys(options.inputs)) {
    if (!(name in DECLARED)) throw new Error(`action.yml declares no input '${name}'`);
  }
  const started = performance.now();
  let spawned: (child: ChildProcess) => void = () => {};
  const childReady = new Promise<ChildProcess>((resolve) => (spawned = resolve));
  const result = (async (): Promise<ActionRun> => {
    const dir = await mkdtemp(join(tmpdir(), 'cf-e2e-'));
    try {
      const outputFile = join(dir, 'output.txt');
      const summaryFile = join(dir, 'summary.md');
      await writeFile(outputFile, '');
      await writeFile(summaryFile, '');
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_WORKSPACE: dir,
        RUNNER_TEMP: dir,
        RUNNER_OS,
        ...RUN_CONTEXT,
        ...options.env
      };
      for (const [name, fallback] of Object.entries(DECLARED)) {
        env[`INPUT_${name.toUpperCase()}`] = options.inputs[name] ?? fallback;
      }
      const startedAtEpoch = Date.now();
      const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      spawned(child);
      const { code, signal, stdout, stderr, killed, exitedAt, exitedAtEpoch } = await watchChild(child, options.killAfterMs ?? 20_000);
      const outputWrites = parseOutputFile(await readFile(outputFile, 'utf8'));
      return {
        code,
        signal,
        stdout,
        stderr,
        lines: stdoutLines(stdout),
        outputs: Object.fromEntries(outputWrites),
        outputWrites,
        summary: await readFile(summaryFile, 'utf8'),
        durationMs: exitedAt - started,
        exitedAt,
        startedAtEpoch,
        exitedAtEpoch,
        killed
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return { child: childReady, result };
}

export function runAction(options: RunOptions): Promise<ActionRun> {
  return startAction(options).result;
}
