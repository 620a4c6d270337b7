// The runner's entry point (action.yml: runs.main → dist/index.js).
import { run } from './main.ts';
import { nodeVersionProblem } from './runner/node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem === undefined) await run();
else {
  process.stderr.write(problem);
  process.exitCode = 1;
}
