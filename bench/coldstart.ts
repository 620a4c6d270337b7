// Cold start: wall time of the bundled action (dist/index.js) doing a create without
// wait against the emulator, next to a bare script for the same request with global
// `fetch` (bench/reference-fetch.mjs: the target) and the leanest node:http one
// (bench/reference.cjs, for scale). Each run is a fresh `node` process, as on a runner.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import type { BenchPart } from './part.ts';
import { ACTION_ENTRY, median, parseOutputFile, quantile, runStep, runnerStep } from './runner.ts';
import type { RunnerStep, StepRun } from './runner.ts';

/** The bar the target is set against: a bare script with global `fetch`. */
export const REFERENCE = path.join(import.meta.dirname, 'reference-fetch.mjs');
/** The leanest script for the same request (node:http, CommonJS); shown for scale. */
export const LEAN_REFERENCE = path.join(import.meta.dirname, 'reference.cjs');
/** Pairs measured; odd so the median is one run. The machine is noisy: interleave and repeat. */
const RUNS = 41;
const WARMUP = 3;
/** The action's median over the fetch script's. */
export const TARGET_RATIO = 1.5;

interface Program {
  name: string;
  script: string;
  check(run: StepRun, step: RunnerStep): void;
}

function outputsOf(step: RunnerStep): Map<string, string> {
  return parseOutputFile(readText(step.outputFile));
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

function expectSuccess(name: string, run: StepRun): void {
  if (run.code !== 0) throw new Error(`${name} exited with ${run.code}:\n${run.stdout}${run.stderr}`);
}

const ACTION: Program = {
  name: '(a) action: `node dist/index.js`',
  script: ACTION_ENTRY,
  check(run, step) {
    expectSuccess('dist/index.js', run);
    const outputs = outputsOf(step);
    for (const name of ['imageversionid', 'jobstatename', 'jobstateid', 'jobupdated']) {
      if (!outputs.get(name)) throw new Error(`dist/index.js: output ${name} missing:\n${readText(step.outputFile)}`);
    }
    if (!readText(step.summaryFile).includes('Clanforge image version')) throw new Error('dist/index.js: no job summary');
  }
};

/** A reference script: it must have made the request and written its two outputs. */
function reference(name: string, script: string): Program {
  const file = path.basename(script);
  return {
    name,
    script,
    check(run, step) {
      expectSuccess(file, run);
      const outputs = outputsOf(step);
      if (!outputs.get('imageversionid') || !outputs.get('jobstatename')) throw new Error(`${file}: outputs missing`);
    }
  };
}

const FETCH_REFERENCE = reference('(b) target reference: `node bench/reference-fetch.mjs` (fetch)', REFERENCE);
const HTTP_REFERENCE = reference('(c) lean reference: `node bench/reference.cjs` (node:http), for scale', LEAN_REFERENCE);

const f0 = (x: number): string => x.toFixed(0);
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);

async function run(): Promise<string> {
  const emulator = await startEmulator();
  const empty = runnerStep({});
  const emptyScript = path.join(empty.dir, 'empty.cjs');
  writeFileSync(emptyScript, '');
  const step = runnerStep({
    access_key: emulator.accessKey,
    secret_key: emulator.secretKey,
    accountserviceid: String(emulator.accountServiceIds[0]),
    diffid: '77',
    game_build: 'v1.4.2',
    api_url: emulator.url
  });
  const bare: Program = { name: '(d) bare `node` (empty script), for scale', script: emptyScript, check: (r) => expectSuccess('empty', r) };
  const programs = [ACTION, FETCH_REFERENCE, HTTP_REFERENCE, bare];
  const times = programs.map((): number[] => []);
  const load = loadavg()[0] ?? 0;
  try {
    for (let i = -WARMUP; i < RUNS; i++) {
      // Rotate the order so drift in machine load falls on every program alike.
      for (let k = 0; k < programs.length; k++) {
        const index = ((i % programs.length) + programs.length + k) % programs.length;
        const program = programs[index] as Program;
        step.reset();
        const result = await runStep(program.script, step.env);
        program.check(result, step);
        if (i >= 0) (times[index] as number[]).push(result.ms);
      }
    }
  } finally {
    step.remove();
    empty.remove();
    await emulator.close();
  }

  const stats = times.map((t) => {
    const sorted = [...t].sort((a, b) => a - b);
    return { median: median(sorted), p90: quantile(sorted, 0.9), min: sorted[0] ?? Number.NaN };
  });
  const [a, b, c, d] = stats as [(typeof stats)[0], (typeof stats)[0], (typeof stats)[0], (typeof stats)[0]];
  const ratio = a.median / b.median;
  const rows = programs.map((p, i) => {
    const s = stats[i] as (typeof stats)[0];
    return `| ${p.name} | ${f1(s.median)} | ${f1(s.p90)} | ${f1(s.min)} |`;
  });
  return [
    `Node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${f2(load)} at the start. ${RUNS} interleaved runs each after ${WARMUP} warm-up rounds; ` +
      'wall time from spawn to exit, in a runner-like environment (INPUT_* with action.yml defaults, GITHUB_OUTPUT, ' +
      'GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH with a push payload, GITHUB_REF/SHA), against the emulator on loopback ' +
      'in the bench process. The action writes 9 outputs and the job summary; each reference sends one request and ' +
      'writes 2 outputs.',
    '',
    '| program | median (ms) | p90 (ms) | min (ms) |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `**Verdict: ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}** ratio a/b of medians ${f2(ratio)} (target <= ${TARGET_RATIO}); ` +
      `p90 ratio ${f2(a.p90 / b.p90)}; against the node:http script (a/c) ${f2(a.median / c.median)}; ` +
      `above bare node: action +${f0(a.median - d.median)} ms, fetch script +${f0(b.median - d.median)} ms, ` +
      `node:http script +${f0(c.median - d.median)} ms.`
  ].join('\n');
}

export const coldStart: BenchPart = { title: 'Cold start (create without wait)', run };
