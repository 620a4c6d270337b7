// `npm run bench [-- --quick] [part…]`: runs every benchmark part in order (or only the
// parts named) and prints its markdown. A new part is a module exporting a BenchPart,
// added to the list below under a name.
import { answerRead } from './answer-read.ts';
import { bundleSize } from './bundle.ts';
import { coldStart } from './coldstart.ts';
import type { BenchOptions, BenchPart } from './part.ts';
import { realTimeCheck } from './realtime.ts';
import { releaseMemory } from './release-memory.ts';
import { pollingSimulation } from './simulate.ts';

const allParts: Readonly<Record<string, BenchPart>> = {
  coldstart: coldStart,
  bundle: bundleSize,
  polling: pollingSimulation,
  realtime: realTimeCheck,
  'answer-read': answerRead,
  'release-memory': releaseMemory
};

const args = process.argv.slice(2);
const named = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => (a.startsWith('--') ? a !== '--quick' : !Object.hasOwn(allParts, a)));
if (unknown.length > 0) {
  console.error(
    `unknown argument(s): ${unknown.join(' ')}\nusage: npm run bench [-- --quick] [part…]  (--quick skips the real-time part; ` +
      `parts: ${Object.keys(allParts).join(', ')})`
  );
  process.exit(2);
}
const options: BenchOptions = { quick: args.includes('--quick') };
const parts = named.length > 0 ? named.flatMap((name) => allParts[name] ?? []) : Object.values(allParts);

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
