import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runContext } from '../../src/runner/run-context.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-context-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('run context', () => {
  const NAMES = ['GITHUB_REF', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL', 'GITHUB_EVENT_PATH'];
  /** runContext() reads process.env by default, as @actions/github's context does. */
  function withEnv<T>(env: Record<string, string>, fn: () => T): T {
    const saved = NAMES.map((name) => [name, process.env[name]] as const);
    for (const name of NAMES) delete process.env[name];
    Object.assign(process.env, env);
    try {
      return fn();
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  it('reads ref, sha and the run link from the GITHUB_* variables', async () => {
    const env = {
      GITHUB_REF: 'refs/tags/v1.4.2',
      GITHUB_SHA: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
      GITHUB_REPOSITORY: 'studio/game',
      GITHUB_RUN_ID: '19876543210',
      GITHUB_SERVER_URL: 'https://ghe.example.com'
    };
    const expected = {
      ref: 'refs/tags/v1.4.2',
      sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
      repository: 'studio/game',
      runUrl: 'https://ghe.example.com/studio/game/actions/runs/19876543210',
      commitUrl: 'https://ghe.example.com/studio/game/commit/6dcb09b5b57875f334f61aebed695e2e4193db5e'
    };
    expect(withEnv(env, () => runContext())).toEqual(expected);
  });

  it('defaults to github.com and has no link without a repository or run id', () => {
    expect(withEnv({ GITHUB_REPOSITORY: 'studio/game', GITHUB_RUN_ID: '42' }, () => runContext()).runUrl).toBe(
      'https://github.com/studio/game/actions/runs/42'
    );
    expect(withEnv({ GITHUB_REPOSITORY: 'studio/game' }, () => runContext()).runUrl).toBeUndefined();
    expect(withEnv({ GITHUB_RUN_ID: '42' }, () => runContext()).runUrl).toBeUndefined();
    expect(withEnv({}, () => runContext())).toEqual({ ref: '', sha: '', repository: '', runUrl: undefined });
  });

  it('still gives ref and sha when the event payload is broken', () => {
    const broken = join(dir, 'event.json');
    writeFileSync(broken, '{not json');
    expect(withEnv({ GITHUB_EVENT_PATH: broken, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc' }, () => runContext())).toEqual({
      ref: 'refs/heads/main',
      sha: 'abc',
      repository: '',
      runUrl: undefined
    });
  });
});
