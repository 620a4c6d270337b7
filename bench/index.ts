// `npm run bench`: runs every benchmark part in order and prints its markdown.
// A new part is a module exporting a BenchPart, added to the list below.
import type { BenchPart } from './part.ts';
import { pollingSimulation } from './simulate.ts';

const parts: readonly BenchPart[] = [pollingSimulation];

let failed = false;
for (const part of parts) {
  const started = performance.now();
  process.stdout.write(`## ${part.title}\n\n`);
  try {
    process.stdout.write(`${await part.run()}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`part failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.stdout.write(`\n_(${((performance.now() - started) / 1000).toFixed(1)} s)_\n\n`);
}
// Missing a performance target is reported in the verdict lines, not the exit code:
// only a part that could not run fails the command.
if (failed) process.exitCode = 1;
