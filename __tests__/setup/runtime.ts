// The action declares `using: node24`; the suite must run on that runtime, not on
// whatever node the machine has. package.json pins the `node` package for this: its
// install script puts Node 24 in node_modules/.bin, which npm scripts run first.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  throw new Error(
    `tests must run on Node 24 (action.yml: using node24), got ${process.version} (${process.execPath}). ` +
      "npm scripts take Node 24 from the 'node' devDependency, whose install script sets it up; " +
      'it did not run, most likely because of `npm ci --ignore-scripts` or ignore-scripts=true in an .npmrc. ' +
      'Fix: run `npm rebuild node` (or `npm ci` without --ignore-scripts), or put Node 24 on PATH, then `npm test`.'
  );
}
