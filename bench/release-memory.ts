// The whole step with a huge diff: the bundled action (dist/index.js) makes a diff, reads
// what it changed and creates the version (`wait: true`), against the emulator in this
// process, for the emulator's default diff (5 files), for 100 000 files (a diff-status
// answer of about 12 MB) and, to see whether memory follows the answer, for 400 000
// (about 49 MB). Wall time, CPU time and peak RSS of the step's own process: the goal is
// a big release that costs about what a small one does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Readable } from 'node:stream';
import { EMULATOR_IMAGE_ID, ROUTE_NAMES, startEmulator, type EmulatorOptions } from '../emulator/index.ts';
import type { BenchPart } from './part.ts';
import { ACTION_ENTRY, median, parseOutputFile, runnerStep } from './runner.ts';

/** Runs of each release, interleaved, after one warm-up of each. */
const RUNS = 5;
/** undefined: the emulator's default diff (DEFAULT_DIFF_CHANGES, 5 files). */
const SIZES = [undefined, 100_000, 400_000] as const;
/**
 * "About the same": the 100 000-file release may peak at most this far above the small
 * one. Less than a third of the small release's peak, and far below what holding the
 * answer parsed would cost (JSON.parse of it alone: +70 MB, answer-read.ts).
 */
const TARGET_RSS_GROWTH_BYTES = 20e6;
/**
 * Bounded: four times the files may add to the peak at most this share of the extra answer
 * bytes (37 MB). Holding the answer's text alone would add all of them; a bounded read adds
 * nothing but noise (the optimizing compiler and the young generation, a few MB either way).
 */
const TARGET_RSS_SCALING_SHARE = 0.5;

/**
 * Loaded into the step's process before dist/index.js (`node --import`): on exit it writes
 * the process's own resource usage (getrusage(RUSAGE_SELF): this process only, not the
 * bench) to fd 3, a pipe only this part opens. The action's environment is untouched.
 */
const USAGE_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs';" +
    'process.on("exit", () => { try { writeSync(3, JSON.stringify(process.resourceUsage())); } catch {} });'
)}`;

interface Usage {
  /** KiB on Linux. */
  maxRSS: number;
  userCPUTime: number;
  systemCPUTime: number;
}

interface StepResult {
  wallMs: number;
  cpuMs: number;
  rssBytes: number;
  answerBytes: number;
  files: number;
}

const text = (stream: Readable | null): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    if (stream === null) return resolve('');
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/** One release against a fresh emulator (so every run sees the same state): the diff and the version complete at once. */
async function release(files: number | undefined): Promise<StepResult> {
  const options: EmulatorOptions = {
    diffs: { plan: { durationSeconds: 0, ...(files === undefined ? {} : { files }) } },
    versions: { plan: { durationSeconds: 0 } }
  };
  const emulator = await startEmulator(options);
  const step = runnerStep({
    access_key: emulator.accessKey,
    secret_key: emulator.secretKey,
    accountserviceid: String(emulator.accountServiceIds[0]),
    imageid: String(EMULATOR_IMAGE_ID),
    machineid: '9001',
    wait: 'true',
    api_url: emulator.url
  });
  try {
    const started = performance.now();
    let exitedMs = 0;
    const child = spawn(process.execPath, ['--import', USAGE_HOOK, ACTION_ENTRY], {
      env: step.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe']
    });
    child.on('exit', () => (exitedMs = performance.now() - started));
    const [stdout, stderr, usageText, code] = await Promise.all([
      text(child.stdout),
      text(child.stderr),
      text(child.stdio[3] as Readable),
      new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve))
    ]);
    if (code !== 0) throw new Error(`dist/index.js exited with ${code}:\n${stdout}${stderr}`);
    const outputs = parseOutputFile(readFileSync(step.outputFile, 'utf8'));
    const listed = ['files_added', 'files_modified', 'files_removed'].reduce((sum, name) => sum + Number(outputs.get(name)), 0);
    if (!outputs.get('imageversionid') || outputs.get('jobstateid') !== '5') throw new Error(`no complete version:\n${stdout}`);
    const answers = emulator.requests.filter((r) => r.route === ROUTE_NAMES.imageDiffStatus && r.status === 200);
    const usage = JSON.parse(usageText) as Usage;
    return {
      wallMs: exitedMs,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      rssBytes: usage.maxRSS * 1024,
      answerBytes: Math.max(...answers.map((r) => r.responseBytes ?? 0)),
      files: listed
    };
  } finally {
    step.remove();
    await emulator.close();
  }
}

const size = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

async function run(): Promise<string> {
  const load = loadavg()[0] ?? 0;
  const results = SIZES.map((): StepResult[] => []);
  for (let i = -1; i < RUNS; i++) {
    for (const [k, files] of SIZES.entries()) {
      const result = await release(files);
      if (i >= 0) results[k]?.push(result);
    }
  }
  const rows = results.map((runs) => ({
    files: runs[0]?.files ?? 0,
    answerBytes: runs[0]?.answerBytes ?? 0,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rss: median(runs.map((r) => r.rssBytes)),
    rssMax: Math.max(...runs.map((r) => r.rssBytes))
  }));
  const [small, large, larger] = rows;
  if (small === undefined || large === undefined || larger === undefined) throw new Error('no runs');
  const growth = large.rss - small.rss;
  const scaling = larger.rss - large.rss;
  const growthOk = growth <= TARGET_RSS_GROWTH_BYTES;
  const scalingLimit = TARGET_RSS_SCALING_SHARE * (larger.answerBytes - large.answerBytes);
  const scalingOk = scaling <= scalingLimit;
  const count = (n: number): string => n.toLocaleString('en-US');
  const lines = [
    `Node ${process.version}, ${cpus().length} CPUs, load average ${load.toFixed(2)} at the start. The whole step, ` +
      '`node dist/index.js` in a runner-like environment, `wait: true`: imagediff/create, the diff status with ' +
      '`diff_info=1`, imageinstall/status, imageversion/create, against the emulator in the bench process (a fresh one ' +
      "per run; the diff and the version job complete at once, so the time is the step's own). Median of " +
      `${RUNS} interleaved runs after a warm-up. Peak RSS and CPU time: the step's process alone, ` +
      '`process.resourceUsage()` (getrusage RUSAGE_SELF) written at its exit by a `--import` hook.',
    '',
    '| files | diff-status answer | wall (ms) | CPU (ms) | peak RSS (MB) | max peak RSS (MB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${count(row.files)} | ${size(row.answerBytes)} | ${row.wallMs.toFixed(0)} | ${row.cpuMs.toFixed(0)} | ` +
        `${mb(row.rss)} | ${mb(row.rssMax)} |`
    ),
    '',
    `**Verdict: ${growthOk && scalingOk ? 'PASS' : 'FAIL'}** peak RSS within ${mb(growth)} MB of the small release ` +
      `(${count(large.files)} files, ${size(large.answerBytes)} answer)`,
    `- ${growthOk ? 'PASS' : 'FAIL'} about the same: ${mb(large.rss)} MB against ${mb(small.rss)} MB ` +
      `(target <= +${mb(TARGET_RSS_GROWTH_BYTES)} MB); ${(large.wallMs - small.wallMs).toFixed(0)} ms longer`,
    `- ${scalingOk ? 'PASS' : 'FAIL'} bounded: ${count(larger.files)} files (${size(larger.answerBytes)}) peak ` +
      `${scaling >= 0 ? '+' : ''}${mb(scaling)} MB over ${count(large.files)}, for ${mb(larger.answerBytes - large.answerBytes)} MB more ` +
      `answer (target <= +${mb(scalingLimit)} MB, ${TARGET_RSS_SCALING_SHARE * 100} % of it)`
  ];
  return lines.join('\n');
}

export const releaseMemory: BenchPart = { title: 'A release with a 100 000-file diff (whole step)', run };
