// The runner protocol as @actions/core speaks it (src/runner/core.ts) with its stdout, GITHUB_OUTPUT
// and GITHUB_STEP_SUMMARY captured, each stdout write tagged with the core call that
// made it: a test can then tell the action's own workflow commands from text that only
// looks like one.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { runnerCore as actionsCore, type ActionsCore, type SummaryBuilder } from '../../src/runner/core.ts';
import { parseOutputFile, stdoutLines } from '../e2e/helpers/run-action.ts';

export interface StdoutChunk {
  /** The core method that wrote it; undefined: written outside any core call. */
  method: string | undefined;
  text: string;
}

export interface RunnerCapture {
  chunks: StdoutChunk[];
  stdout: string;
  /** GITHUB_OUTPUT as the runner parses it. */
  outputWrites: [string, string][];
  outputs: Record<string, string>;
  summary: string;
  exitCode: number | string | null | undefined;
}

/** The one workflow command each core method may write. */
export const COMMAND_OF: Record<string, string> = {
  setSecret: 'add-mask',
  notice: 'notice',
  warning: 'warning',
  error: 'error',
  setFailed: 'error',
  debug: 'debug',
  startGroup: 'group',
  endGroup: 'endgroup'
};

/**
 * A new job summary builder of @actions/core's own class: core.summary is a singleton
 * that keeps the first GITHUB_STEP_SUMMARY path it saw, and each capture has its own file.
 */
export function freshSummary(): SummaryBuilder {
  const Summary = actionsCore.summary.constructor as new () => SummaryBuilder;
  return new Summary();
}

/**
 * Runs `body` with a core that is the action's runnerCore (@actions/core), except that
 * inputs come from `inputs` and the summary starts empty. process.stdout.write, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and process.exitCode are restored afterwards.
 */
export async function withRunnerCore(inputs: Record<string, string>, body: (core: ActionsCore) => Promise<void>): Promise<RunnerCapture> {
  const dir = await mkdtemp(join(tmpdir(), 'cf-runner-core-'));
  const outputFile = join(dir, 'output.txt');
  const summaryFile = join(dir, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const saved = { output: process.env['GITHUB_OUTPUT'], summary: process.env['GITHUB_STEP_SUMMARY'], exitCode: process.exitCode };
  const write = process.stdout.write;
  const chunks: StdoutChunk[] = [];
  let method: string | undefined;
  const tagged =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      const outer = method;
      method = name;
      try {
        return fn(...args);
      } finally {
        method = outer;
      }
    };
  const core: ActionsCore = {
    ...actionsCore,
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: tagged('setOutput', actionsCore.setOutput),
    setSecret: tagged('setSecret', actionsCore.setSecret),
    info: tagged('info', actionsCore.info),
    notice: tagged('notice', actionsCore.notice),
    warning: tagged('warning', actionsCore.warning),
    error: tagged('error', actionsCore.error),
    debug: tagged('debug', actionsCore.debug),
    startGroup: tagged('startGroup', actionsCore.startGroup),
    endGroup: tagged('endGroup', actionsCore.endGroup),
    setFailed: tagged('setFailed', actionsCore.setFailed),
    summary: freshSummary()
  };
  process.env['GITHUB_OUTPUT'] = outputFile;
  process.env['GITHUB_STEP_SUMMARY'] = summaryFile;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push({ method, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
    return true;
  }) as typeof process.stdout.write;
  let exitCode: RunnerCapture['exitCode'];
  try {
    await body(core);
  } finally {
    process.stdout.write = write;
    exitCode = process.exitCode;
    process.exitCode = saved.exitCode;
    for (const [name, value] of [
      ['GITHUB_OUTPUT', saved.output],
      ['GITHUB_STEP_SUMMARY', saved.summary]
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  try {
    const outputWrites = parseOutputFile(await readFile(outputFile, 'utf8'));
    return {
      chunks,
      stdout: chunks.map((c) => c.text).join(''),
      outputWrites,
      outputs: Object.fromEntries(outputWrites),
      summary: await readFile(summaryFile, 'utf8'),
      exitCode
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the runner would execute from this stdout is only what the action meant: every
 * line that is a workflow command (`::` after leading blanks) is the single line written
 * by the core call that issues exactly that command; no `##[` anywhere; nothing written
 * outside a core call.
 */
export function expectOnlyOwnCommands(capture: RunnerCapture): void {
  for (const chunk of capture.chunks) {
    expect(chunk.method).toBeDefined();
    const lines = stdoutLines(chunk.text);
    const command = COMMAND_OF[chunk.method as string];
    if (command !== undefined) {
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith(`::${command}::`)).toBe(true);
    } else {
      for (const line of lines) expect(line).not.toMatch(/^\s*::/);
    }
  }
  expect(capture.stdout).not.toContain('##[');
}
