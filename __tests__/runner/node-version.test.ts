import { describe, expect, it } from '@jest/globals';
import { NODE_MAJOR, nodeVersionProblem } from '../../src/runner/node-version.ts';

describe('nodeVersionProblem', () => {
  it('accepts Node 24 and later', () => {
    expect(NODE_MAJOR).toBe(24);
    for (const version of ['24.0.0', '24.11.1', '25.2.0', '100.0.0']) expect(nodeVersionProblem(version)).toBeUndefined();
  });
  it('names an older or unreadable version and the command that runs the bundle with the devDependency', () => {
    for (const version of ['23.11.0', '20.20.2', '', 'v24']) {
      const problem = nodeVersionProblem(version) ?? '';
      expect(problem).toContain(`this is Node.js ${version}.`);
      expect(problem).toContain('npm ci && npx node dist/index.js');
    }
  });
});
