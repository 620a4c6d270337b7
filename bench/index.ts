// `npm run bench [-- --quick]`: runs every benchmark part in order and prints its
// markdown. A new part is a module exporting a BenchPart, added to the list below.
import { bundleSize } from './bundle.ts';
import { coldStart } from './coldstart.ts';
import type { BenchOptions, BenchPart } from './part.ts';
import { realTimeCheck } from './realtime.ts';
import { pollingSimulation } from './simulate.ts';

const parts: readonly BenchPart[] = [coldStart, bundleSize, pollingSimulation, realTimeCheck];

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick');
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: npm run bench [-- --quick]  (--quick skips the real-time part)`);
  process.exit(2);
}
const options: BenchOptions = { quick: args.includes('--quick') };

let failed = false;
for (const part of parts) {
  const started = performance.now();
  process.stdout.write(`## ${part.title}\n\n`);
  if (part.realTime && options.quick) {
    process.stdout.write('Skipped (--quick).\n\n');
    continue;
  }
  try {
    process.stdout.write(`${await part.run(options)}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`part failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.stdout.write(`\n_(${((performance.now() - started) / 1000).toFixed(1)} s)_\n\n`);
}
// Missing a performance target is reported in the verdict lines, not the exit code:
// only a part that could not run fails the command.
if (failed) process.exitCode = 1;
