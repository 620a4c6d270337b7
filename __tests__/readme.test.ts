/**
 * The README must not drift from action.yml, the example workflows or the messages it
 * quotes, must lead with the one-step release, and must keep the quick-start commands
 * people copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cell, inputsTable, outputsTable, renderTables, replaceBetween } from '../scripts/readme-tables.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');
const readme = read('README.md');
const actionYml = read('action.yml');

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

/** The yaml code blocks of the README, in order. */
const yamlBlocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');

function exampleSteps(file: string): Step[] {
  const workflow = parse(read('examples', file)) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** The README block whose text shows the step named `name`. */
function blockWith(name: string): string {
  const block = yamlBlocks.find((b) => b.includes(`- name: ${name}\n`));
  if (block === undefined) throw new Error(`no README yaml block shows the step '${name}'`);
  return block;
}

const ourAction = (step: Step): boolean => step.uses === 'your-org/clanforge-image-version@v1';

describe('README.md', () => {
  test('Inputs and Outputs tables match action.yml (fix: npm run docs)', () => {
    expect(readme).toBe(renderTables(actionYml, readme));
  });

  test('has the quick-start commands', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run demo');
  });

  test('the first example is examples/release.yml verbatim: the one-step release', () => {
    expect(yamlBlocks[0]).toBe(read('examples', 'release.yml'));
    const action = exampleSteps('release.yml').find(ourAction);
    expect(Object.keys(action?.with ?? {})).toEqual(expect.arrayContaining(['imageid', 'machineid', 'update_url']));
    expect(action?.with).not.toHaveProperty('diffid');
  });

  test('the diff-from-elsewhere example comes second and matches its file', () => {
    const block = blockWith('Create the image version');
    expect(yamlBlocks.indexOf(block)).toBe(1);
    const shown = (parse(block) as { steps: Step[] }).steps;
    expect(shown.length).toBeGreaterThan(0);
    for (const step of shown) expect(exampleSteps('release-from-diff.yml')).toContainEqual(step);
    expect(shown.find(ourAction)?.with).toHaveProperty('diffid');
  });

  test('the roll-up is its own workflow, on a schedule or by hand, deploying full versions', () => {
    const file = parse(read('examples', 'rollup.yml')) as { on: Record<string, unknown> };
    expect(Object.keys(file.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const block = parse(blockWith('Roll up to a full version')) as { on: unknown; steps: Step[] };
    expect(block.on).toEqual(file.on);
    for (const step of block.steps) expect(exampleSteps('rollup.yml')).toContainEqual(step);
    expect(exampleSteps('rollup.yml').find(ourAction)?.with).toMatchObject({ full: true });
    // The tag-push release no longer doubles as the roll-up.
    expect(read('examples', 'release.yml')).not.toMatch(/schedule:/);
  });

  test('has the sections users look for, in this order', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const wanted = ['Quick start', 'Usage', 'Inputs', 'Outputs', 'Runner requirements', 'Troubleshooting', 'Run it locally'];
    expect(headings.filter((h) => wanted.includes(h as string))).toEqual(wanted);
  });

  test('names a self-hosted runner version that runs node24 actions', () => {
    expect(readme).toMatch(/actions\/runner v2\.327\.1/);
  });

  test('every npm script it mentions exists', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const mentioned = [...new Set([...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1] as string))];
    expect(mentioned.length).toBeGreaterThan(0);
    expect(mentioned.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test('every relative link points to a file that exists', () => {
    const links = [...readme.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => m[1] as string);
    expect(links).toEqual(expect.arrayContaining(['CONTRIBUTING.md', 'bench/README.md', 'SECURITY.md', 'LICENSE', 'CHANGELOG.md']));
    expect(links.filter((link) => !existsSync(join(root, link)))).toEqual([]);
  });

  // Troubleshooting quotes what the action says: the quotes must still be said. A message
  // the stage runner composes is checked piece by piece, in the files that hold each piece.
  test.each([
    ['image locked by diffid', 'src/clanforge/wire/image-options.ts'],
    ['which was neither accepted nor rejected', 'src/clanforge/remedies.ts'],
    ['It may or may not have created an image version, so it was not repeated', 'src/clanforge/client/image-versions.ts'],
    ['reached Clanforge but no answer came back', 'src/clanforge/client/state-change.ts'],
    ['that these keys have access to accountserviceid', 'src/clanforge/client/answers.ts'],
    ['not found for accountserviceid', 'src/clanforge/client/core.ts'],
    ['; the step can be re-run', 'src/clanforge/client/state-change.ts'],
    ['The TLS handshake failed, so the', 'src/clanforge/client/state-change.ts'],
    ['NODE_EXTRA_CA_CERTS=/path/to/ca.pem', 'src/clanforge/http/transport.ts']
  ])('the quoted message "%s" is still in %s', (quote, file) => {
    // The README wraps lines; the quote may span two.
    expect(readme.replace(/\s+/g, ' ')).toContain(quote);
    expect(read(file)).toContain(quote);
  });

  test.each([
    [
      '(wait_timeout) for image version',
      [
        ['src/stages/waits.ts', '(wait_timeout) ${wait.timedOut('],
        ['src/stages/version.ts', 'timedOut: (last) => `for image version ']
      ]
    ],
    [
      'Could not read the job status',
      [
        ['src/stages/waits.ts', '`Could not read ${wait.reading} ('],
        ['src/stages/version.ts', "reading: 'the job status'"]
      ]
    ]
  ] as [string, [string, string][]][])('the quoted message "%s" is still composed by the stage runner', (quote, pieces) => {
    expect(readme.replace(/\s+/g, ' ')).toContain(quote);
    // Compared with white space folded, so a formatter's line breaks don't matter.
    for (const [file, piece] of pieces) expect(read(file).replace(/\s+/g, ' ')).toContain(piece);
  });

  test('keeps a short Performance section; the benchmark internals live in bench/README.md', () => {
    expect(readme).toMatch(/^## Performance$/m);
    expect(readme).not.toMatch(/bench\/simulate\.ts|752\.index\.js/);
    expect(read('bench', 'README.md')).toMatch(/npm run bench/);
  });
});

describe('release files', () => {
  const version = (JSON.parse(read('package.json')) as { version: string }).version;

  test('LICENSE is the MIT license package.json names', () => {
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Clanforge image version action authors\n/);
  });

  test('CHANGELOG.md has an Unreleased section and the current version', () => {
    const changelog = read('CHANGELOG.md');
    const sections = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(sections[0]).toBe('Unreleased');
    expect(sections).toContain(version);
  });

  test('SECURITY.md says how to report privately', () => {
    expect(read('SECURITY.md')).toMatch(/private\s+vulnerability\s+reporting/i);
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
    expect(renderTables(yml, doc)).toBe(
      [
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
      ].join('\n')
    );
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
