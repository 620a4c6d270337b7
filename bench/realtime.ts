// One real run of the bundled action with `wait: true` against the emulator: does the
// scheduler notice the end of a real job as fast, and with as few requests, as the
// simulated clock (bench/simulate.ts) says?
import { readFileSync } from 'node:fs';
import { ROUTE_NAMES, startEmulator } from '../emulator/index.ts';
import type { BenchPart } from './part.ts';
import { ACTION_ENTRY, parseOutputFile, runStep, runnerStep } from './runner.ts';
import { simulatedPair } from './simulate.ts';

/**
 * Emulated seconds of the job and the time scale: 263 s / 10 = 26.3 s real, off the
 * 10 s grid so fixed polling gets no lucky hit on the end.
 */
const JOB_SECONDS = 263;
const TIME_SCALE = 10;
const POLL_MS = 10_000;

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);

async function run(): Promise<string> {
  const realMs = (JOB_SECONDS * 1000) / TIME_SCALE;
  process.stderr.write(
    `(real time: a ${realMs / 1000} s job, this part takes about ${Math.ceil(realMs / 1000) + 2} s; --quick skips it)\n`
  );
  const emulator = await startEmulator({
    time: { scale: TIME_SCALE },
    versions: { plan: { durationSeconds: JOB_SECONDS, eta: 'honest' } }
  });
  const step = runnerStep({
    access_key: emulator.accessKey,
    secret_key: emulator.secretKey,
    accountserviceid: String(emulator.accountServiceIds[0]),
    diffid: '77',
    wait: 'true',
    api_url: emulator.url
  });
  let exitMs: number;
  let outputs: Map<string, string>;
  try {
    const spawnedAt = Date.now();
    const result = await runStep(ACTION_ENTRY, step.env);
    // Spawn instant plus spawn-to-exit: the moment the step would end on a runner.
    exitMs = spawnedAt + result.ms;
    if (result.code !== 0) throw new Error(`dist/index.js failed:\n${result.stdout}${result.stderr}`);
    outputs = parseOutputFile(readFileSync(step.outputFile, 'utf8'));
  } finally {
    step.remove();
    await emulator.close();
  }
  const id = Number(outputs.get('imageversionid'));
  const version = emulator.versions.get(id);
  if (!version) throw new Error(`no image version ${id} in the emulator`);
  if (outputs.get('jobstateid') !== '5') throw new Error(`job ended in state ${outputs.get('jobstateid')}`);
  const endMs = version.job.endMs;
  const create = emulator.requests.find((r) => r.route === ROUTE_NAMES.imageVersionCreate);
  const polls = emulator.requests.filter((r) => r.route === ROUTE_NAMES.imageVersionStatus);
  const last = polls[polls.length - 1];
  if (!create || !last) throw new Error('no create or status request recorded');
  const seenMs = last.time - endMs;
  const exitDelayMs = exitMs - endMs;

  // Fixed 10 s polling on the same timeline: polls 10 s apart from the create answer,
  // the first one at or after the end shows it.
  const fixedPolls = Math.max(1, Math.ceil((endMs - create.time) / POLL_MS));
  const fixedSeenMs = create.time + fixedPolls * POLL_MS - endMs;
  const sim = simulatedPair({ mode: 'accurate' }, realMs);
  const gaps = polls.map((p, i) => (p.time - (i === 0 ? create.time : (polls[i - 1]?.time ?? 0))) / 1000);

  return [
    `Node ${process.version}. One ${realMs / 1000} s job (emulator: ${JOB_SECONDS} emulated s at time scale ${TIME_SCALE}, ` +
      `honest jobeta), \`wait: true\`, default poll_interval ${POLL_MS / 1000} s. Times on the emulator's clock; ` +
      'delay is measured against the instant the job completed.',
    '',
    '| | status requests | end noticed after (s) |',
    '|---|---:|---:|',
    `| real run: request that saw Complete | ${polls.length} | ${f2(seenMs / 1000)} |`,
    `| real run: action exited | | ${f2(exitDelayMs / 1000)} |`,
    `| fixed 10 s polling, same timeline | ${fixedPolls} | ${f2(fixedSeenMs / 1000)} |`,
    `| simulation, ${realMs / 1000} s job, accurate ETA (mean) | ${f1(sim.ours.meanRequests)} | ${f2(sim.ours.meanDelayS)} |`,
    `| simulation, fixed 10 s polling (mean) | ${f1(sim.fixed10.meanRequests)} | ${f2(sim.fixed10.meanDelayS)} |`,
    '',
    `Gaps between requests (s, from the create): ${gaps.map(f1).join(', ')}.`,
    '',
    `**Verdict: ${seenMs <= 1_500 && polls.length <= fixedPolls ? 'PASS' : 'FAIL'}** the real run saw the end ` +
      `${f2(seenMs / 1000)} s after it happened (target <= 1.5 s) with ${polls.length} status requests ` +
      `(fixed 10 s: ${fixedPolls} requests, ${f2(fixedSeenMs / 1000)} s late).`
  ].join('\n');
}

export const realTimeCheck: BenchPart = { title: 'Real-time check (bundled action, emulator)', realTime: true, run };
