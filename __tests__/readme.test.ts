/**
 * The README must not drift from action.yml or from the example workflow, and must
 * keep the quick-start commands people copy.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cell, inputsTable, outputsTable, renderTables, replaceBetween } from '../scripts/readme-tables.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');
const readme = read('README.md');
const actionYml = read('action.yml');

describe('README.md', () => {
  test('Inputs and Outputs tables match action.yml (fix: npm run docs)', () => {
    expect(readme).toBe(renderTables(actionYml, readme));
  });

  test('has the quick-start commands', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run demo');
  });

  test('shows examples/release.yml verbatim as the usage example', () => {
    const example = read('examples', 'release.yml').trimEnd();
    expect(readme).toContain('```yaml\n' + example + '\n```');
  });

  test('keeps the Performance section', () => {
    expect(readme).toMatch(/^## Performance$/m);
  });
});

describe('renderTables', () => {
  const yml = [
    'inputs:',
    '  a_key:',
    '    description: "one | two"',
    '    required: true',
    '  mode:',
    '    description: |',
    '      first line',
    '      second line',
    '    default: "x|y"',
    'outputs:',
    '  out:',
    '    description: the out',
    ''
  ].join('\n');
  const doc = 'intro\n<!-- inputs:start -->\nstale\n<!-- inputs:end -->\nmiddle\n<!-- outputs:start -->\n<!-- outputs:end -->\nend\n';

  test('writes both tables between their markers and leaves the rest alone', () => {
    expect(renderTables(yml, doc)).toBe([
      'intro',
      '<!-- inputs:start -->',
      '| Input | Required | Default | Description |',
      '| --- | --- | --- | --- |',
      '| `a_key` | yes |  | one \\| two |',
      '| `mode` | no | `x\\|y` | first line<br>second line |',
      '<!-- inputs:end -->',
      'middle',
      '<!-- outputs:start -->',
      '| Output | Description |',
      '| --- | --- |',
      '| `out` | the out |',
      '<!-- outputs:end -->',
      'end',
      ''
    ].join('\n'));
  });

  test('is stable: rendering twice changes nothing', () => {
    const once = renderTables(yml, doc);
    expect(renderTables(yml, once)).toBe(once);
  });

  test('detects a README whose table disagrees', () => {
    const edited = renderTables(yml, doc).replace('| `a_key` | yes |', '| `a_key` | no |');
    expect(renderTables(yml, edited)).not.toBe(edited);
  });

  test('escapes pipes and newlines in cells', () => {
    expect(cell('a|b\r\nc\nd')).toBe('a\\|b<br>c<br>d');
  });

  test('refuses missing or repeated markers', () => {
    expect(() => replaceBetween('no markers', 'inputs', 'x')).toThrow(/missing/);
    expect(() => replaceBetween('<!-- inputs:end --><!-- inputs:start -->', 'inputs', 'x')).toThrow(/missing or out of order/);
    const twice = '<!-- inputs:start --><!-- inputs:end --><!-- inputs:start --><!-- inputs:end -->';
    expect(() => replaceBetween(twice, 'inputs', 'x')).toThrow(/more than once/);
  });

  test('leaves the cells of absent fields empty', () => {
    const inputs = inputsTable({ inputs: { access_key: { required: true } } });
    expect(inputs).toContain('| `access_key` | yes |  |  |');
    expect(outputsTable({})).toBe('| Output | Description |\n| --- | --- |');
  });
});
