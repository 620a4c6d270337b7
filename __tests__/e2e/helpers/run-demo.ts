// Runs `npm run demo` (scripts/demo.ts) as a child process, without colours.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './run-action.ts';

export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the demo now; the promise is marked handled so a failure surfaces where it is awaited. */
export function demo(...args: string[]): Promise<DemoRun> {
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
