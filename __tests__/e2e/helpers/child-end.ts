// How a spawned front door (dist/index.js, dist/cli.js) ended: its exit, what it wrote,
// and whether the test had to kill it. One watcher for every end-to-end helper.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed with SIGKILL after killAfterMs: it hung. */
  killed: boolean;
  /** performance.now() and Date.now() when the process exited (before its streams closed). */
  exitedAt: number;
  exitedAtEpoch: number;
}

/** Collects the child's stdout and stderr from now on, kills it after killAfterMs, and resolves when it closed. */
export function watchChild(child: ChildProcessByStdio<null, Readable, Readable>, killAfterMs: number): Promise<ChildEnd> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, killAfterMs);
  let exitedAt = 0;
  let exitedAtEpoch = 0;
  child.on('exit', () => {
    exitedAt = performance.now();
    exitedAtEpoch = Date.now();
  });
  return new Promise<ChildEnd>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, killed, exitedAt, exitedAtEpoch });
    });
  });
}
