// `npm run demo` end to end: the script starts its emulator, runs dist/index.js and
// renders log, outputs and summary for a terminal. Both runs start when the file loads.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY } from '../../emulator/defaults.ts';
import { ROOT } from './helpers/run-action.ts';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function demo(...args: string[]): Promise<DemoRun> {
  const run = new Promise<DemoRun>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
  run.catch(() => {});
  return run;
}

const runs = {
  complete: demo('--job-seconds', '1'),
  fail: demo('--fail', '--job-seconds', '1'),
  conflicting: demo('--fail', '--squash')
};
afterAll(() => Promise.allSettled(Object.values(runs)));

const TOKEN = Buffer.from(`${EMULATOR_ACCESS_KEY}:${EMULATOR_SECRET_KEY}`).toString('base64');

function expectTidy(stdout: string): void {
  const lines = stdout.split('\n');
  // Workflow commands are rendered, never shown raw.
  expect(lines.filter((line) => /^\s*(│ )?::[a-z-]+/.test(line))).toEqual([]);
  expect(stdout).not.toContain(TOKEN);
  // The keys are named once, in the header that says they are test keys.
  const withKeys = lines.filter((line) => line.includes(EMULATOR_ACCESS_KEY) || line.includes(EMULATOR_SECRET_KEY));
  expect(withKeys).toEqual([expect.stringMatching(/^ {2}Keys {6}emulator-access-key \/ emulator-secret-key: the emulator's test keys/)]);
  expect(stdout).toMatch(/^ {14}access_key: +\*\*\*$/m);
}

describe('npm run demo', () => {
  test('shows a completed job: log with a group, outputs, summary table, exit 0', async () => {
    const { code, stdout, stderr } = await runs.complete;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}Emulator {2}http:\/\/127\.0\.0\.1:\d+ /m);
    for (const title of ['Step log', 'Step outputs', 'Job summary', 'Result']) expect(stdout).toContain(`── ${title} `);
    expect(stdout).toContain('  Created image version 1001: Created 0%');
    expect(stdout).toMatch(/^ {2}▾ Waiting for image version 1001 /m);
    expect(stdout).toMatch(/^ {2}│ \[\d+s\] Complete 100%$/m);
    expect(stdout).toMatch(/^ {2}imageversionid {2}1001$/m);
    expect(stdout).toMatch(/^ {2}jobstateid {6}5$/m);
    expect(stdout).toMatch(/^ {2}joberror {8}\(empty\)$/m);
    expect(stdout).toContain('  ✅ Image version installed: job Complete');
    expect(stdout).toMatch(/^ {2}Image version {2}1001$/m);
    expect(stdout).toMatch(/^ {2}State {10}Complete \(5\)$/m);
    expect(stdout).not.toMatch(/<\/?(table|tr|td|th|h2|pre|a)\b/);
    expect(stdout).toContain('✔ The step exited with code 0');
    expect(stdout).not.toContain('Debug:');
    expectTidy(stdout);
  });

  test('--fail shows the failing step and its multi-line error, and still exits 0', async () => {
    const { code, stdout, stderr } = await runs.fail;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}Error: Image version 1001 failed after \d+s \(job Failed 40%\):$/m);
    expect(stdout).toMatch(/^ {9}machine 48213: checksum mismatch for gamefiles\/server\.pak$/m);
    expect(stdout).toMatch(/^ {2}joberror {8}Image install failed on 2 of 12 machines\n {18}machine 48213/m);
    expect(stdout).toContain('  ❌ Image version job failed');
    expect(stdout).toContain('The step exited with code 1: the step failed as expected');
    expectTidy(stdout);
  });

  test('refuses two scenarios at once', async () => {
    const { code, stderr } = await runs.conflicting;
    expect(code).toBe(2);
    expect(stderr).toContain('choose one of --fail, --squash, --timeout');
  });
});
