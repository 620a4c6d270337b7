// The action declares `using: node24`; the suite must run on that runtime, not on
// whatever node the machine has. package.json pins the `node` package for this.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  throw new Error(`tests must run on Node 24 (action.yml: using node24), got ${process.version}`);
}
