/**
 * The README is what a build engineer reads first: the step, the ids and secrets, the
 * scenarios, short tables, in at most 350 lines with the step and its ids in the first
 * 120. It and docs/ must not drift from action.yml, the example workflows, the messages
 * they quote or the files they link.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  cell,
  compactInputsTable,
  compactOutputsTable,
  firstSentence,
  inputsTable,
  MOST_USED_INPUTS,
  MOST_USED_OUTPUTS,
  outputsTable,
  REFERENCE_PAGE,
  renderReadme,
  renderReference,
  renderTables,
  replaceBetween
} from '../scripts/readme-tables.ts';
import { markdownFiles, yamlBlocks } from '../scripts/workflow-snippets.ts';
import { imageLockedRemedy } from '../src/clanforge/remedies.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');
const readme = read('README.md');
const readmeLines = readme.split('\n');
const actionYml = read('action.yml');
const action = parse(actionYml) as { description: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
/** Every page people read: the README, docs/, CONTRIBUTING.md. */
const pages = [...markdownFiles(), 'CONTRIBUTING.md'];
/** The text of the README and docs/ with white space folded, for quotes a line break may split. */
const docsText = markdownFiles()
  .map((file) => read(file))
  .join('\n')
  .replace(/\s+/g, ' ');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

function exampleSteps(file: string): Step[] {
  const workflow = parse(read('examples', file)) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

const ourAction = (step: Step): boolean => /^OWNER\/REPO@v1$/.test(step.uses ?? '');

/** The 1-based line of the first line matching `pattern`, or 0. */
const lineOf = (pattern: RegExp): number => readmeLines.findIndex((line) => pattern.test(line)) + 1;

/** The README's `## ` headings, in order. */
const headings = readmeLines.filter((line) => line.startsWith('## ')).map((line) => line.slice(3));

/** The lines of a `## ` section of the README. */
function section(title: string): string {
  const start = readmeLines.indexOf(`## ${title}`);
  expect(start).toBeGreaterThan(-1);
  const end = readmeLines.findIndex((line, i) => i > start && line.startsWith('## '));
  return readmeLines.slice(start, end === -1 ? undefined : end).join('\n');
}

const usageBlock = yamlBlocks(readme)[0];

describe('README.md: a build engineer reads it in five minutes', () => {
  test('is at most 350 lines', () => {
    expect(readmeLines.length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(350);
  });

  test('a one-paragraph pitch, then Usage, then Before you start', () => {
    expect(readmeLines[0]).toBe('# Clanforge image version');
    const pitch = readme.slice(readme.indexOf('\n'), readme.indexOf('\n## ')).trim();
    expect(pitch.split(/\n\s*\n/)).toHaveLength(1);
    for (const stage of ['imageupdate/create', 'imagediff/create', 'imageversion/create', 'rollout']) expect(pitch).toContain(stage);
    expect(headings.slice(0, 2)).toEqual(['Usage', 'Before you start']);
  });

  test('has its sections in this order', () => {
    expect(headings).toEqual([
      'Usage',
      'Before you start',
      'How it works',
      'Scenarios',
      'Inputs',
      'Outputs',
      'Failure and re-run safety',
      'Troubleshooting',
      'Requirements',
      'Security, contributing, changelog, license'
    ]);
  });

  test('the Usage step and the table of Before you start end within the first 120 lines', () => {
    expect(usageBlock).toBeDefined();
    const usageEnd = (usageBlock?.line ?? 0) + (usageBlock?.text.split('\n').length ?? 0);
    expect(usageBlock?.line).toBeGreaterThan(lineOf(/^## Usage$/));
    expect(usageEnd).toBeLessThanOrEqual(120);
    const tableStart = readmeLines.findIndex((line, i) => i > lineOf(/^## Before you start$/) && line.startsWith('| Name |'));
    const tableEnd = readmeLines.findIndex((line, i) => i > tableStart && !line.startsWith('|'));
    expect(tableStart).toBeGreaterThan(0);
    expect(tableEnd).toBeLessThanOrEqual(120);
  });

  test('the Usage step is the one step of examples/release.yml, after the upload step', () => {
    const [step, ...rest] = parse(usageBlock?.text ?? '') as Step[];
    expect(rest).toEqual([]);
    const steps = exampleSteps('release.yml');
    const index = steps.findIndex(ourAction);
    expect(step).toEqual(steps[index]);
    expect(steps[index - 1]?.id).toBe('upload');
    expect(step?.with).toMatchObject({ update_url: '${{ steps.upload.outputs.url }}', wait: true });
    expect(step?.with).not.toHaveProperty('diffid');
  });

  test('Usage says in one sentence what wait_for: rollout waits for, and links the whole workflow', () => {
    const usage = section('Usage');
    const sentence = usage
      .replace(/\s+/g, ' ')
      .split(/(?<=\.) /)
      .filter((s) => s.includes('wait_for: rollout'));
    expect(sentence).toHaveLength(1);
    expect(sentence[0]).toMatch(/Complete/);
    expect(sentence[0]).toMatch(/no machine/);
    expect(usage).toContain('](examples/release.yml)');
  });

  test('Before you start names every secret and variable the Usage step reads, and how to find the ids', () => {
    const before = section('Before you start');
    const names = [...(usageBlock?.text ?? '').matchAll(/\$\{\{ (?:secrets|vars)\.(\w+) \}\}/g)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThanOrEqual(5);
    const table = before.split('\n').filter((line) => line.startsWith('| `'));
    for (const name of names) expect(table.some((row) => row.startsWith('| `') && row.split('|')[1]?.includes(`\`${name}\``))).toBe(true);
    expect(before).toContain('MULTIPLAY_TOKEN=… npx --yes github:OWNER/REPO#v1 ids --accountserviceid 1234');
    expect(before).toContain('/cfp/v1/image/options?accountserviceid=');
    expect(before).toContain('](docs/cli.md)');
  });

  test('How it works names the three ways to name the build, job and rollout, one time budget, no repeated create', () => {
    const how = section('How it works');
    for (const part of ['update_url', 'diffid', 'machineid', 'rollout', 'wait_timeout', 'never repeated']) expect(how).toContain(part);
  });

  test('every scenario is short and links a page of docs/ or an example', () => {
    const scenarios = section('Scenarios').split(/^### /m).slice(1);
    expect(scenarios.map((s) => s.split('\n')[0])).toEqual([
      'Build in S3, Google Cloud Storage or Steam',
      'Files already on the build machine',
      'A diff made elsewhere',
      'Wait for the rollout',
      'A full version every week',
      "The successor's API with a token",
      'Dry run',
      // src/github/deployment.ts's notice sends people to this section by name.
      "The release on GitHub's Environments page",
      'Other CI systems and your terminal'
    ]);
    for (const scenario of scenarios) {
      const lines = scenario.trimEnd().split('\n').length;
      expect([scenario.split('\n')[0], lines >= 8 && lines <= 30]).toEqual([scenario.split('\n')[0], true]);
      expect(scenario).toMatch(/\]\((docs\/[\w-]+\.md|examples\/[\w-]+\.yml)[#)]/);
    }
  });

  test("the notice about a job's own environment names a README section that exists", () => {
    const named = /see the README, "([^"]+)"/.exec(read('src', 'github', 'deployment.ts'))?.[1];
    expect(named).toBeDefined();
    expect(readmeLines).toContain(`### ${named}`);
  });

  test('other CI systems: a GitLab job, a Jenkins stage and the exit codes, secrets from each system', () => {
    const other = readme.slice(readme.indexOf('### Other CI systems'), readme.indexOf('## Inputs'));
    expect(other).toContain('```groovy');
    expect(other).toContain("credentials('clanforge-access-key')");
    expect(other).toMatch(/rules: \[\{ if: \$CI_COMMIT_TAG \}\]/);
    expect(other).toContain('npx --yes github:OWNER/REPO#v1 --accountserviceid');
    for (const code of ['0 done', '1 failed', '2 bad input', '3 a create', '130 cancelled']) expect(other).toContain(code);
  });

  test('failure and re-run safety in five bullets, troubleshooting in four entries, each linking the whole page', () => {
    expect(section('Failure and re-run safety').match(/^- /gm)).toHaveLength(5);
    expect(section('Failure and re-run safety')).toContain('](docs/failure-behaviour.md)');
    expect(section('Troubleshooting').match(/^\*\*/gm)).toHaveLength(4);
    expect(section('Troubleshooting')).toContain('](docs/troubleshooting.md)');
  });

  test('has the quick-start commands', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run demo');
  });

  test('names a self-hosted runner version that runs node24 actions, and Node 24 for running by hand', () => {
    expect(readme).toMatch(/actions\/runner v2\.327\.1/);
    expect(section('Requirements')).toContain('npm ci && npx node dist/index.js');
    expect(read('CONTRIBUTING.md')).toContain('npx node dist/index.js');
  });
});

describe('tables generated from action.yml', () => {
  test('the README has the compact tables (fix: npm run docs)', () => {
    expect(readme).toBe(renderReadme(actionYml, readme));
  });

  test(`${REFERENCE_PAGE} has the full tables (fix: npm run docs)`, async () => {
    const page = read(REFERENCE_PAGE);
    expect(page).toBe(await renderReference(actionYml, page, join(root, REFERENCE_PAGE)));
  });

  test('the compact tables name every input and output, the most used first', () => {
    const yml = action as Parameters<typeof compactInputsTable>[0];
    const inputs = compactInputsTable(yml);
    const outputs = compactOutputsTable(yml);
    for (const name of Object.keys(action.inputs)) expect(inputs).toContain(`\`${name}\``);
    for (const name of Object.keys(action.outputs)) expect(outputs).toContain(`\`${name}\``);
    expect(MOST_USED_INPUTS.filter((name) => !(name in action.inputs))).toEqual([]);
    expect(MOST_USED_OUTPUTS.filter((name) => !(name in action.outputs))).toEqual([]);
    expect(outputs.split('\n')[2]).toMatch(/^\| `imageversionid` \|/);
  });

  test('action.yml and package.json say what the action does today', () => {
    const description = (JSON.parse(read('package.json')) as { description: string }).description;
    for (const text of [action.description, description]) {
      expect(text).not.toMatch(/from a completed image diff/);
      expect(text).toMatch(/build machine/);
      expect(text).toMatch(/diff/);
      expect(text).toMatch(/rollout/);
    }
  });

  test('poll_interval documents the durations it takes', () => {
    const inputs = action.inputs as Record<string, { description: string }>;
    expect(inputs['poll_interval']?.description).toMatch(/15s/);
  });
});

describe('facts the docs quote', () => {
  test('the lock remedy is quoted as src/clanforge/remedies.ts words it', () => {
    expect(read('docs', 'build-sources.md')).toContain(`> ${imageLockedRemedy(218595, 12345)}`);
  });

  // The docs quote what the action says: the quotes must still be said. A message
  // composed from pieces is checked piece by piece, in the files that hold each piece.
  test.each([
    ['Could not create the image diff: image', 'src/stages/diff.ts', 'create the image diff'],
    ['is locked by diff', 'src/clanforge/remedies.ts'],
    ['which was neither accepted nor rejected', 'src/clanforge/remedies.ts'],
    ['It may or may not have created an image version, so it was not repeated', 'src/clanforge/client/image-versions.ts'],
    ['reached Clanforge but no answer came back', 'src/clanforge/client/state-change.ts'],
    ['that these keys have access to accountserviceid', 'src/clanforge/client/answers.ts'],
    ['not found for accountserviceid', 'src/clanforge/client/core.ts'],
    ['; the step can be re-run', 'src/clanforge/client/state-change.ts'],
    ['The TLS handshake failed, so the', 'src/clanforge/client/state-change.ts'],
    ['NODE_EXTRA_CA_CERTS=/path/to/ca.pem', 'src/clanforge/http/transport.ts'],
    ["Accounts moved off Unity's hosting may need api_url: https://api.multiplay.dev", 'src/clanforge/client/answers.ts'],
    ['The create went through after all: image version', 'src/stages/outcome-verdict.ts'],
    ['The image version was not created: safe to re-run. Diff', 'src/stages/outcome-verdict.ts'],
    ['may still lock the image: reject it (GET /cfp/v1/imagediff/', 'src/stages/diff.ts'],
    ['and asking again would get the same answer', 'src/clanforge/client/core.ts'],
    ['give input gameid (the id of the game the image belongs to, as GET /cfp/v1/image/options lists it)', 'src/stages/image-game.ts'],
    ['the action adds no second deployment (input environment)', 'src/github/deployment.ts'],
    ['accepted; machines install it next (not waited for)', 'src/runner/summary.ts'],
    ['created; its install job goes on in Clanforge (not waited for)', 'src/runner/summary.ts'],
    ['installed on every machine', 'src/runner/summary.ts'],
    ['before the create, within wait_timeout.', 'src/stages/waits.ts']
  ])('the quoted message "%s" is still in %s', (quote, file, piece = quote) => {
    expect(docsText).toContain(quote);
    expect(read(file).replace(/\s+/g, ' ')).toContain(piece);
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
    expect(docsText).toContain(quote);
    // Compared with white space folded, so a formatter's line breaks don't matter.
    for (const [file, piece] of pieces) expect(read(file).replace(/\s+/g, ' ')).toContain(piece);
  });

  test('every paragraph about the outside world in 2026 links its source', () => {
    for (const file of markdownFiles()) {
      const paragraphs = read(file).split(/\n\s*\n/);
      const prose = paragraphs.filter((p) => !/^(```|\||<!--)/.test(p.trim()));
      for (const paragraph of prose.filter((p) => /\b2026\b/.test(p) && /Unity|successor|March/.test(p))) {
        expect([file, paragraph.slice(0, 60), /\]\(https:\/\//.test(paragraph)]).toEqual([file, paragraph.slice(0, 60), true]);
      }
    }
  });
});

/** GitHub's anchor for a heading: lower case, punctuation but - and _ dropped, spaces as -. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = read(file).replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? '')));
}

/** docs/cli.md comes with the command line (src/cli/); until that lands, a link to it may wait. */
const CLI_PAGE = 'docs/cli.md';
const cliLanded = existsSync(join(root, 'src', 'cli'));

describe('links', () => {
  test.each(pages)('every relative link of %s points to a file, and to a heading that exists', (file) => {
    const text = read(file).replace(/^```[\s\S]*?^```$/gm, '');
    const links = [...text.matchAll(/\]\(([^)\s:#]*)(#[^)\s]*)?\)/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
    const broken = links.flatMap(([path, anchor]) => {
      const target = path === '' ? file : normalize(join(dirname(file), path));
      if (target === CLI_PAGE && !cliLanded) return [];
      if (!existsSync(join(root, target))) return [`${path}${anchor}: no such file`];
      if (anchor !== '' && target.endsWith('.md') && !anchors(target).has(anchor.slice(1))) return [`${path}${anchor}: no such heading`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  test('the README links every page of docs/, and the project files', () => {
    const linked = [...readme.matchAll(/\]\(([^)#:\s]+)/g)].map((m) => m[1] as string);
    expect(linked).toEqual(
      expect.arrayContaining(['CONTRIBUTING.md', 'bench/README.md', 'SECURITY.md', 'LICENSE', 'CHANGELOG.md', CLI_PAGE])
    );
    const docs = markdownFiles().filter((file) => file.startsWith('docs/'));
    expect(docs.length).toBeGreaterThanOrEqual(9);
    expect(docs.filter((page) => !linked.includes(page))).toEqual([]);
  });

  test('every npm script the pages mention exists', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const mentioned = [...new Set(pages.flatMap((file) => [...read(file).matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1] as string)))];
    expect(mentioned.length).toBeGreaterThan(0);
    expect(mentioned.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test('slug makes the anchors GitHub makes', () => {
    expect(slug("The successor's API with a token")).toBe('the-successors-api-with-a-token');
    expect(slug('The image update (`imageupdate/create`)')).toBe('the-image-update-imageupdatecreate');
    expect(slug('Build in S3, Google Cloud Storage or Steam')).toBe('build-in-s3-google-cloud-storage-or-steam');
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

  test('bench/README.md holds the benchmarks', () => {
    expect(read('bench', 'README.md')).toMatch(/npm run bench/);
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
    const readmeOnce = renderReadme(yml, doc);
    expect(renderReadme(yml, readmeOnce)).toBe(readmeOnce);
  });

  test('detects a text whose table disagrees', () => {
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

  test('firstSentence ends at the first full stop followed by a space', () => {
    expect(firstSentence('Id of the image. Required without diffid.')).toBe('Id of the image.');
    expect(firstSentence('URL, then diff; not with diffid. s3://a:b@c/?x=..., cos://... or http(s)://.')).toBe(
      'URL, then diff; not with diffid.'
    );
    expect(firstSentence('A share (0.00 to 100.00)\n  of machines')).toBe('A share (0.00 to 100.00) of machines');
  });

  test('the compact tables put the most used first and list the rest in one row', () => {
    const many = {
      inputs: { zeta: { description: 'Z. More.' }, access_key: { description: 'The key. More.' } },
      outputs: { other: { description: 'Other. More.' }, imageversionid: { description: 'The id. More.' } }
    };
    expect(compactInputsTable(many).split('\n').slice(2)).toEqual([
      '| `access_key` |  | The key. |',
      `| \`zeta\` |  | more of the request, the wait and the GitHub record: [${REFERENCE_PAGE}](${REFERENCE_PAGE}#inputs) |`
    ]);
    expect(compactOutputsTable(many).split('\n').slice(2)).toEqual([
      '| `imageversionid` | The id. |',
      `| \`other\` | the job's other fields, the diff's counts and the machine counts: [${REFERENCE_PAGE}](${REFERENCE_PAGE}#outputs) |`
    ]);
  });
});
