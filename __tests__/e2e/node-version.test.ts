// dist/index.js run by hand on a Node older than 24: it says so, and how to get Node 24
// from the project's own devDependency, before it reads an input or sends anything.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { ACTION_ENTRY } from './helpers/run-action.ts';

/** Node 24 made to say it is another version, before the entry runs. */
function runAs(version: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"${version}"}})`,
      ACTION_ENTRY
    ],
    { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', INPUT_DIFFID: '5001' }, timeout: 20_000 }
  );
}

describe('dist/index.js on an older Node', () => {
  test('exits 1, saying it needs Node 24 and the command that runs it with the devDependency, and nothing else', () => {
    const run = runAs('20.11.1');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'dist/index.js needs Node.js 24 or later; this is Node.js 20.11.1.\n' +
        "In a clone of the action, the project's own Node 24 (the node devDependency) runs it: npm ci && npx node dist/index.js\n"
    );
  });

  test('on Node 24 it runs: the input problems, as on a runner', () => {
    const run = runAs('24.0.0');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^::error::Invalid input: no credentials/m);
  });
});
