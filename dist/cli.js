#!/usr/bin/env node
// clanforge-image-version, the command line of the Clanforge image version action
// (docs/cli.md). npm run package copies this file to dist/cli.js, the package's bin: it
// checks the Node version before anything else is loaded, then marks the process as the
// command line's and starts the action's own bundle (dist/index.js) through its cli().
// Plain JavaScript an old Node can still read, so it can say what to do.
const version = process.versions.node;
if (!(Number(version.split('.')[0]) >= 24)) {
  const here = process.argv[1] || 'dist/cli.js';
  process.stderr.write(
    `clanforge-image-version needs Node.js 24 or later; this is Node.js ${version}.\n` +
      `Run it with Node 24 from npm:  npx --yes node@24 ${here} ...\n` +
      "or from a checkout of the repository, with the project's own Node 24:  npm ci && npx node dist/cli.js ...\n"
  );
  process.exit(2);
}
// CLI_MARK of src/index.ts: the bundle then runs no action of its own.
globalThis[Symbol.for('clanforge-image-version:cli')] = true;
import('./index.js')
  .then(({ cli }) => cli(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
