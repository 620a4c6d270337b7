// The bundle's entry, one for both front doors. The runner runs dist/index.js
// (action.yml: runs.main): the action. dist/cli.js, the command line's bin, sets
// CLI_MARK, imports this bundle and calls cli(): the same engine, held once in dist/.
import { run } from './main.ts';
import { nodeVersionProblem } from './runner/node-version.ts';

/** Set on globalThis by dist/cli.js before it imports the bundle: the command line started it, not the runner. */
export const CLI_MARK = Symbol.for('clanforge-image-version:cli');

/** The command line; its code is loaded only here, so an action run never reads it. */
export async function cli(argv: readonly string[]): Promise<number> {
  const { commandLine } = await import('./cli.ts');
  return commandLine(argv);
}

if (!(CLI_MARK in globalThis)) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem === undefined) await run();
  else {
    process.stderr.write(problem);
    process.exitCode = 1;
  }
}
