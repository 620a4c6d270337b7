// The command line over the process (docs/cli.md). dist/cli.js, the package's bin, checks
// the Node version, then imports the bundle (dist/index.js) and calls its cli(), which
// loads this module: the action's runs never load it.
import { main } from './cli/main.ts';

/** Runs the command line on this process's streams, signals and environment; returns the exit code. */
export function commandLine(argv: readonly string[]): Promise<number> {
  return main(argv, {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    exit: (code) => process.exit(code)
  });
}
