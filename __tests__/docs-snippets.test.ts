/**
 * The documentation's workflow snippets and sample logs are checked like code:
 * - every yaml block of README.md and docs/*.md, and every workflow file, parses, and
 *   every step that uses this action gives only inputs action.yml declares (actionlint
 *   cannot read a local action, so this is where a wrong input name fails);
 * - every whole workflow passes actionlint (scripts/lint-workflows.ts);
 * - the README's snippet that encodes build-URL credentials makes a URL the action takes;
 * - the sample logs in docs/ are what the action prints now (scripts/docs-samples.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderSamplePages, replaceSample, SAMPLES, visibleLog } from '../scripts/docs-samples.ts';
import { wholeWorkflows } from '../scripts/lint-workflows.ts';
import {
  allSnippets,
  declaredInputs,
  isWholeWorkflow,
  parseSnippet,
  ROOT,
  stepProblems,
  THIS_ACTION,
  yamlBlocks
} from '../scripts/workflow-snippets.ts';
import { parseBuildSource } from '../src/settings/build-source.ts';

const inputs = declaredInputs();
const snippets = allSnippets();

function problemsOf(text: string, where = 'snippet'): string[] {
  const parsed = parseSnippet(text);
  return 'error' in parsed ? [`${where}: not valid YAML (${parsed.error})`] : stepProblems(parsed.doc, inputs, where);
}

/** Every step of this action in a snippet. */
function actionSteps(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const map = node as Record<string, unknown>;
      if (typeof map['uses'] === 'string' && THIS_ACTION.test(map['uses'])) found.push(map);
      Object.values(map).forEach(walk);
    }
  };
  walk(parse(text));
  return found;
}

describe('workflow snippets against action.yml', () => {
  test('there are steps of this action to check, in the README, docs/ and examples/', () => {
    const steps = (prefix: string): number =>
      snippets.filter((s) => s.file.startsWith(prefix)).reduce((n, s) => n + actionSteps(s.text).length, 0);
    expect(steps('README.md')).toBeGreaterThanOrEqual(4);
    expect(steps('docs/')).toBeGreaterThanOrEqual(4);
    expect(steps('examples/')).toBe(3);
  });

  test.each(snippets.map((s) => [s.where, s.text]))('%s parses and gives this action only inputs it declares', (where, text) => {
    expect(problemsOf(text, where)).toEqual([]);
  });

  test('a wrong input name, a list given to an input, a stray with: and an unknown action are problems', () => {
    const step = (withText: string, uses = 'OWNER/REPO@v1'): string => `- uses: ${uses}\n  with:\n${withText}`;
    expect(problemsOf(step('    diff_id: 5\n'))).toEqual(["snippet: OWNER/REPO@v1 has no input 'diff_id' (action.yml)"]);
    expect(problemsOf(step('    imageid: [1, 2]\n'))).toEqual(["snippet: input 'imageid' is a list"]);
    expect(problemsOf('- name: x\n  with:\n    wait: true\n')).toEqual([expect.stringMatching(/belongs to no uses:/)]);
    expect(problemsOf(step('    wait: true\n', 'your-org/clanforge-image-version@v1'))).toEqual([
      expect.stringMatching(/uses: your-org\/clanforge-image-version@v1 is neither this action/)
    ]);
    expect(problemsOf(step('    wait: true\n', './'))).toEqual([]);
  });

  test('a YAML slip is a problem, not a pass', () => {
    expect(problemsOf('- uses: OWNER/REPO@v1\n  with:\n    wait: true\n   imageid: 5\n')).toEqual([
      expect.stringMatching(/not valid YAML/)
    ]);
  });
});

describe('actionlint over the whole workflows', () => {
  const lint = (...files: string[]): { code: number | null; stdout: string; stderr: string } => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'lint-workflows.ts'), ...files], { cwd: ROOT, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  test('finds the whole workflows: every example and the project workflows', () => {
    const files = wholeWorkflows().map((s) => s.file);
    expect(files).toEqual(
      expect.arrayContaining(['examples/release.yml', 'examples/release-from-diff.yml', 'examples/rollup.yml', '.github/workflows/ci.yml'])
    );
    for (const snippet of wholeWorkflows()) {
      const parsed = parseSnippet(snippet.text);
      expect('doc' in parsed && isWholeWorkflow(parsed.doc)).toBe(true);
    }
  });

  test('every whole workflow passes (npm run lint:workflows)', () => {
    const run = lint();
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^actionlint: \d+ workflow\(s\), 0 problem\(s\)$/m);
    expect(run.code).toBe(0);
  }, 60_000);

  test('a broken workflow fails, with the line in its file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-lint-'));
    try {
      const file = join(dir, 'broken.yml');
      const text = readFileSync(join(ROOT, 'examples', 'release.yml'), 'utf8').replace(
        '${{ vars.CLANFORGE_ASID }}',
        '${{ varz.CLANFORGE_ASID }}'
      );
      writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('varz.')) + 1;
      const run = lint(file);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${file}:${line}:`);
      expect(run.stderr).toContain('undefined variable "varz"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the README's snippet that encodes build-URL credentials", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = yamlBlocks(readme).find((b) => b.text.includes('enc()'));
  const [step] = parse(block?.text ?? '[]') as [{ run: string; env: Record<string, string> }];

  test('percent-encodes each credential once into a URL the action takes', async () => {
    expect(step.run).toContain('encodeURIComponent');
    const keyId = 'AKIAIOSFODNN7EXAMPLE';
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfi+CYEX@MPLE:KEY%';
    const dir = mkdtempSync(join(tmpdir(), 'cf-enc-'));
    try {
      const output = join(dir, 'output');
      writeFileSync(output, '');
      const env = { PATH: process.env['PATH'] ?? '', GITHUB_OUTPUT: output, GITHUB_REF_NAME: 'v2.7.0', KEY_ID: keyId, SECRET: secret };
      expect(Object.keys(step.env).sort()).toEqual(['KEY_ID', 'SECRET']);
      const shell = spawn('bash', ['-e', '-c', step.run], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => shell.on('close', resolve));
      expect(code).toBe(0);
      const url = /^url=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? '';
      // Masked before it is written anywhere.
      expect(stdout).toBe(`::add-mask::${url}\n`);
      expect(parseBuildSource(url)).toMatchObject({ ok: true });
      const parsed = new URL(url);
      expect([parsed.protocol, parsed.host]).toEqual(['s3:', 'game-builds']);
      expect(decodeURIComponent(parsed.username)).toBe(keyId);
      expect(decodeURIComponent(parsed.password)).toBe(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sample logs in docs/', () => {
  test('each sample page holds what the action prints now (fix: npm run docs:samples)', async () => {
    const pages = await renderSamplePages();
    expect(pages.size).toBeGreaterThanOrEqual(2);
    for (const [path, page] of pages) expect([path, readFileSync(path, 'utf8')]).toEqual([path, page]);
  }, 60_000);

  test('every sample has its markers once, in a page the README reaches', () => {
    for (const sample of SAMPLES) {
      const page = readFileSync(join(ROOT, sample.page), 'utf8');
      expect(page.split(`<!-- sample:${sample.name}:start -->`)).toHaveLength(2);
      expect(() => replaceSample(page, sample.name, 'x')).not.toThrow();
    }
  });

  test('the log shown is what GitHub shows with debug off: masked, commands rendered', () => {
    const stdout = [
      '::add-mask::s3cr3t-value',
      'Plain line with s3cr3t-value',
      '::debug::hidden',
      '::group::Waiting for image version 1001',
      '[1s] Complete 100%',
      '::endgroup::',
      '::warning::first%0Asecond',
      '::error::failed: s3cr3t-value',
      '::notice::done'
    ].join('\n');
    expect(visibleLog(stdout).split('\n')).toEqual([
      'Plain line with ***',
      'Waiting for image version 1001',
      '[1s] Complete 100%',
      'Warning: first',
      'second',
      'Error: failed: ***',
      'Notice: done'
    ]);
  });
});
