/**
 * Workflows people copy from the README, docs/ and examples/ must pass step outputs and
 * event text to scripts through `env:`. An expression inside `run:` is pasted into the
 * script before the shell sees it, so an output carrying API text (joberror) or an event
 * field (a commit message) could run commands on the runner.
 */
import { allSnippets, markdownFiles, runBlockProblems, workflowFiles, yamlBlocks } from '../scripts/workflow-snippets.ts';

const snippets = allSnippets();

describe('run: blocks in the README, docs/ and the workflows', () => {
  test('there are blocks to check, in the README, in docs/ and in the workflows', () => {
    expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(6);
    expect(snippets.filter((s) => s.file.startsWith('docs/')).length).toBeGreaterThanOrEqual(4);
    expect(markdownFiles()).toEqual(expect.arrayContaining(['README.md', 'docs/rollout.md']));
    expect(workflowFiles()).toEqual(expect.arrayContaining(['examples/release.yml', 'examples/rollup.yml', '.github/workflows/ci.yml']));
  });

  test.each(snippets.map((s) => [s.where, s.text]))('%s puts no expression inside run:', (where, text) => {
    expect(runBlockProblems(text, where)).toEqual([]);
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

  test('reads the yaml blocks of Markdown, and only those, with the line each text starts on', () => {
    const md =
      'text\n\n```yaml\n- run: echo "${{ steps.a.outputs.b }}"\n```\n\n```sh\necho "${{ steps.c }}"\n```\n\n```yml\n- run: echo fine\n```\n';
    const blocks = yamlBlocks(md);
    expect(blocks.map((b) => b.line)).toEqual([4, 12]);
    expect(blocks.flatMap((b) => runBlockProblems(b.text, `line ${b.line}`))).toEqual([
      'line 4: run block contains ${{ steps.a.outputs.b }}: pass it through env: and use the variable'
    ]);
  });
});
