// The runner protocol: each piece is checked against what @actions/core itself
// writes, since actions-core.ts reimplements the parts whose modules are slow to load.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareKeyValueMessage } from '../node_modules/@actions/core/lib/file-command.js';
import { summary as coreSummary } from '../node_modules/@actions/core/lib/summary.js';
import { Summary, actionsCore, getInput, loadRunContext, outputEntry, randomUuid, runContext } from '../src/actions-core.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Reads GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIMITER` heredocs. */
function parseOutputFile(text: string): [string, string][] {
  const lines = text.split(EOL);
  const out: [string, string][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const m = /^([^=<]+)<<(.+)$/.exec(line);
    if (!m) throw new Error(`not a heredoc: ${line}`);
    const value: string[] = [];
    for (i++; lines[i] !== m[2]; i++) {
      if (i >= lines.length) throw new Error(`${m[1]}: heredoc never closed`);
      value.push(lines[i] as string);
    }
    out.push([m[1] as string, value.join(EOL)]);
  }
  return out;
}

let dir: string;
const savedEnv = { ...process.env };
let written: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'actions-core-'));
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});

describe('getInput', () => {
  it('reads INPUT_<NAME> like core.getInput: spaces to underscores, upper case, trimmed', () => {
    const env = { INPUT_API_URL: '  http://127.0.0.1:8080 \n', INPUT_SOME_NAME: 'x' };
    expect(getInput('api_url', env)).toBe('http://127.0.0.1:8080');
    expect(getInput('some name', env)).toBe('x');
    expect(getInput('missing', env)).toBe('');
  });
});

describe('randomUuid', () => {
  it('gives distinct v4 UUIDs from the kernel CSPRNG', () => {
    const ids = new Set(Array.from({ length: 50 }, () => randomUuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('falls back to web crypto where there is no /dev/urandom (Windows)', () => {
    const spy = jest.spyOn(globalThis.crypto, 'randomUUID');
    expect(randomUuid(join(dir, 'no-such-device'))).toMatch(UUID_V4);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('falls back on a short read too', () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'abc');
    expect(randomUuid(short)).toMatch(UUID_V4);
  });
});

describe('outputs', () => {
  it('writes the same heredoc as core.prepareKeyValueMessage', () => {
    for (const value of ['', '1001', 'line 1\nline 2\r\n', '<b>"quoted" & ünïcode 🚀</b>']) {
      const ours = outputEntry('joberror', value);
      const core = prepareKeyValueMessage('joberror', value);
      const delimiter = (text: string): string => (/<<(ghadelimiter_[0-9a-f-]{36})\r?\n/.exec(text) as RegExpExecArray)[1] as string;
      expect(ours.split(delimiter(ours)).join('D')).toBe(core.split(delimiter(core)).join('D'));
      expect(delimiter(ours).slice('ghadelimiter_'.length)).toMatch(UUID_V4);
    }
  });

  it('refuses a name or value that contains the delimiter, as core does', () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    expect(() => outputEntry('jobstatename', `x\nghadelimiter_${uuid}\ny=1`, uuid)).toThrow(
      `Unexpected input: value should not contain the delimiter "ghadelimiter_${uuid}"`
    );
    expect(() => outputEntry(`a ghadelimiter_${uuid}`, 'v', uuid)).toThrow('name should not contain the delimiter');
  });

  it('appends to GITHUB_OUTPUT; the runner reads every value back', () => {
    const file = join(dir, 'output');
    writeFileSync(file, 'earlier=step\n');
    process.env['GITHUB_OUTPUT'] = file;
    const values: [string, string][] = [
      ['imageversionid', '1001'],
      ['joberror', 'Image install failed on 2 of 12 machines\nmachine 48213: checksum mismatch'],
      ['jobeta', ''],
      ['jobstatename', 'Complete']
    ];
    for (const [name, value] of values) actionsCore.setOutput(name, value);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('earlier=step\n')).toBe(true);
    expect(parseOutputFile(text.slice('earlier=step\n'.length))).toEqual(values);
    // A fresh delimiter per output.
    expect(new Set(text.match(/ghadelimiter_[0-9a-f-]{36}/g)).size).toBe(values.length);
    expect(written).toEqual([]);
  });

  it('fails like core when GITHUB_OUTPUT names a missing file', () => {
    process.env['GITHUB_OUTPUT'] = join(dir, 'gone');
    expect(() => actionsCore.setOutput('a', 'b')).toThrow(`Missing file at path: ${join(dir, 'gone')}`);
  });

  it('falls back to the set-output command without GITHUB_OUTPUT', () => {
    delete process.env['GITHUB_OUTPUT'];
    actionsCore.setOutput('jobprogress', '40');
    expect(written.join('')).toBe(`${EOL}::set-output name=jobprogress::40${EOL}`);
  });
});

describe('log commands', () => {
  it('masks, logs, annotates and groups with the workflow command syntax', () => {
    actionsCore.setSecret('s3cret');
    actionsCore.setSecret('two\nlines%');
    actionsCore.info('plain text: not a command');
    actionsCore.warning('careful');
    actionsCore.error('broken\nbadly');
    actionsCore.debug('details');
    actionsCore.startGroup('Waiting');
    actionsCore.endGroup();
    expect(written.join('')).toBe(
      [
        '::add-mask::s3cret',
        '::add-mask::two%0Alines%25',
        'plain text: not a command',
        '::warning::careful',
        '::error::broken%0Abadly',
        '::debug::details',
        '::group::Waiting',
        '::endgroup::',
        ''
      ].join(EOL)
    );
  });

  it('setFailed sets a failing exit code and logs an error', () => {
    const saved = process.exitCode;
    try {
      process.exitCode = undefined;
      actionsCore.setFailed('Image version 1001 failed');
      expect(process.exitCode).toBe(1);
      expect(written.join('')).toBe(`::error::Image version 1001 failed${EOL}`);
    } finally {
      process.exitCode = saved;
    }
  });

  it('isDebug follows RUNNER_DEBUG', () => {
    process.env['RUNNER_DEBUG'] = '1';
    expect(actionsCore.isDebug()).toBe(true);
    delete process.env['RUNNER_DEBUG'];
    expect(actionsCore.isDebug()).toBe(false);
  });
});

describe('Summary', () => {
  const build = (s: Pick<Summary, 'addHeading' | 'addRaw' | 'addTable'>): void => {
    s.addHeading('Clanforge image version', 2).addRaw('✅ done', true);
    s.addTable([
      [{ data: 'Field', header: true }, { data: 'Value', header: true }],
      ['Image version', '1001'],
      ['Job error', 'a<br>&lt;b&gt;'],
      ['Empty', '']
    ]);
    s.addHeading('no level').addHeading('bad level', 9).addHeading('as text', '3');
    s.addRaw('<pre>x</pre>', true).addRaw('no eol');
  };

  afterEach(() => {
    coreSummary.emptyBuffer();
  });

  it('renders the same HTML as core.summary', () => {
    const ours = new Summary();
    build(ours);
    build(coreSummary as unknown as Summary);
    expect(ours.stringify()).toBe(coreSummary.stringify());
    expect(ours.stringify()).toContain('<h2>Clanforge image version</h2>');
  });

  it('appends to GITHUB_STEP_SUMMARY, or overwrites it, and empties the buffer', async () => {
    const file = join(dir, 'step_summary');
    writeFileSync(file, 'before\n');
    process.env['GITHUB_STEP_SUMMARY'] = file;
    const s = new Summary();
    await s.addRaw('one', true).write();
    expect(s.stringify()).toBe('');
    await s.addRaw('two', true).write();
    expect(readFileSync(file, 'utf8')).toBe(`before\none${EOL}two${EOL}`);
    await s.addRaw('only', true).write({ overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe(`only${EOL}`);
  });

  it('rejects with core\'s messages when there is no summary file', async () => {
    delete process.env['GITHUB_STEP_SUMMARY'];
    await expect(new Summary().write()).rejects.toThrow('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    process.env['GITHUB_STEP_SUMMARY'] = join(dir, 'gone');
    await expect(new Summary().write()).rejects.toThrow(`Unable to access summary file: '${join(dir, 'gone')}'`);
  });

  it('is what actionsCore.summary is', () => {
    expect(actionsCore.summary).toBeInstanceOf(Summary);
  });
});

describe('run context', () => {
  const NAMES = ['GITHUB_REF', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL', 'GITHUB_EVENT_PATH'];
  /** @actions/github's Context reads process.env itself. */
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

  it("reads ref, sha and the run link through @actions/github's Context", async () => {
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
      runUrl: 'https://ghe.example.com/studio/game/actions/runs/19876543210'
    };
    expect(withEnv(env, () => runContext())).toEqual(expected);
    expect(await withEnv(env, () => loadRunContext())).toEqual(expected);
  });

  it('defaults to github.com and has no link without a repository or run id', () => {
    expect(withEnv({ GITHUB_REPOSITORY: 'studio/game', GITHUB_RUN_ID: '42' }, () => runContext()).runUrl).toBe('https://github.com/studio/game/actions/runs/42');
    expect(withEnv({ GITHUB_REPOSITORY: 'studio/game' }, () => runContext()).runUrl).toBeUndefined();
    expect(withEnv({ GITHUB_RUN_ID: '42' }, () => runContext()).runUrl).toBeUndefined();
    expect(withEnv({}, () => runContext())).toEqual({ ref: '', sha: '', repository: '', runUrl: undefined });
  });

  it('still gives ref and sha when the event payload is broken', () => {
    const broken = join(dir, 'event.json');
    writeFileSync(broken, '{not json');
    expect(withEnv({ GITHUB_EVENT_PATH: broken, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc' }, () => runContext()))
      .toEqual({ ref: 'refs/heads/main', sha: 'abc', repository: '', runUrl: undefined });
  });
});
