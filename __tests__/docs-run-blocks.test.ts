/**
 * Workflows people copy from the README and examples/ must pass step outputs and
 * event text to scripts through `env:`. An expression inside `run:` is pasted into
 * the script before the shell sees it, so an output carrying API text (joberror) or
 * an event field (a commit message) could run commands on the runner.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, parseDocument, visit } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The yaml fenced code blocks of a Markdown text, with the line each starts on. */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const fence = /^```ya?ml[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, text: m[1] ?? '' });
  }
  return blocks;
}

/**
 * Every `run:` value that holds a `${{ … }}` expression, and YAML that does not
 * parse (a block the check cannot read must not pass unread). Any expression in a
 * script counts: `${{ steps.` and `${{ github.event` are the dangerous ones, and
 * no other one is needed there either.
 */
export function runBlockProblems(text: string, where: string): string[] {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return [`${where}: not valid YAML (${doc.errors[0]?.message.split('\n')[0]})`];
  const problems: string[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'run' || !isScalar(pair.value)) return;
      const script = String(pair.value.value);
      for (const expression of script.match(/\$\{\{[\s\S]*?\}\}/g) ?? []) {
        problems.push(`${where}: run block contains ${expression}: pass it through env: and use the variable`);
      }
    }
  });
  return problems;
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const readmeBlocks = yamlBlocks(readme);

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}
const files = [...yamlFiles('examples'), ...yamlFiles(join('.github', 'workflows'))];

describe('run: blocks in the README and the workflows', () => {
  test('there are blocks to check', () => {
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(4);
    expect(files).toEqual(expect.arrayContaining([join('examples', 'release.yml'), join('examples', 'rollup.yml')]));
  });

  test('no README yaml block puts an expression inside run:', () => {
    expect(readmeBlocks.flatMap((b) => runBlockProblems(b.text, `README.md line ${b.line}`))).toEqual([]);
  });

  test.each(files)('%s puts no expression inside run:', (file) => {
    expect(runBlockProblems(readFileSync(join(root, file), 'utf8'), file)).toEqual([]);
  });
});

describe('runBlockProblems', () => {
  const step = (run: string, env = ''): string => `steps:\n  - name: x\n${env}    run: ${run}\n`;

  test('finds a step output inside a one-line run', () => {
    expect(runBlockProblems(step('echo "${{ steps.image.outputs.diffid }}"'), 'sample')).toEqual([
      'sample: run block contains ${{ steps.image.outputs.diffid }}: pass it through env: and use the variable'
    ]);
  });

  test('finds event text deep inside a multi-line run', () => {
    const text =
      'jobs:\n  a:\n    steps:\n      - run: |\n          set -e\n          echo ok\n          git log -1 --format=%s "${{ github.event.head_commit.message }}"\n';
    expect(runBlockProblems(text, 'sample')).toEqual([
      'sample: run block contains ${{ github.event.head_commit.message }}: pass it through env: and use the variable'
    ]);
  });

  test('finds every expression, in quoted and folded scripts too', () => {
    expect(runBlockProblems(step(`'./a.sh "\${{ steps.a.outputs.x }}" "\${{ inputs.tag }}"'`), 's')).toHaveLength(2);
    expect(runBlockProblems(step('>\n      ./a.sh\n      ${{ github.event.release.tag_name }}'), 's')).toHaveLength(1);
  });

  test('accepts the same value passed through env', () => {
    const env = '    env:\n      DIFFID: ${{ steps.image.outputs.diffid }}\n';
    expect(runBlockProblems(step('echo "$DIFFID"', env), 'sample')).toEqual([]);
  });

  test('a block that does not parse is a problem, not a pass', () => {
    expect(runBlockProblems('steps:\n  - run: echo\n bad: [', 'sample')).toEqual([expect.stringMatching(/^sample: not valid YAML/)]);
  });

  test('reads the yaml blocks of Markdown, and only those', () => {
    const md =
      'text\n\n```yaml\n- run: echo "${{ steps.a.outputs.b }}"\n```\n\n```sh\necho "${{ steps.c }}"\n```\n\n```yml\n- run: echo fine\n```\n';
    const blocks = yamlBlocks(md);
    expect(blocks.map((b) => b.line)).toEqual([3, 11]);
    expect(blocks.flatMap((b) => runBlockProblems(b.text, `line ${b.line}`))).toEqual([
      'line 3: run block contains ${{ steps.a.outputs.b }}: pass it through env: and use the variable'
    ]);
  });
});
