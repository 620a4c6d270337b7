// The command line's entry point (package.json bin → dist/cli.js, which checks the Node
// version and then loads this bundle, dist/cli/index.js). See docs/cli.md.
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  exit: (code) => process.exit(code)
});
