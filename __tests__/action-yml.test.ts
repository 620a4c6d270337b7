/**
 * action.yml and the workflow files against the published GitHub Actions schemas
 * (SchemaStore's, compiled into @action-validator/core; WASM, runs offline).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction, validateWorkflow, type ValidationError } from '@action-validator/core';
import { parse, parseDocument } from 'yaml';
import { DEFAULT_API_URLS } from '../src/settings/read-settings.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const actionText = readFileSync(join(root, 'action.yml'), 'utf8');
const action = parse(actionText) as {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using?: unknown; main?: unknown };
};

/** One line per error, nested oneOf branches included, for a readable failure. */
function errorLines(errors: readonly ValidationError[], indent = ''): string[] {
  return errors.flatMap((error) => {
    const where = 'path' in error ? error.path : 'location' in error && error.location ? `line ${error.location.line}` : '';
    const line = `${indent}${where} ${error.title}${error.detail ? `: ${error.detail}` : ''}`;
    const nested = 'states' in error && error.states ? error.states.flatMap((s) => errorLines(s.errors, `${indent}  `)) : [];
    return [line, ...nested];
  });
}

function problems(result: { errors: readonly ValidationError[] }): string {
  return errorLines(result.errors).join('\n');
}

/**
 * The schema compiled into @action-validator/core 0.6 predates `using: node24`
 * (its enum ends at node20). To validate everything else, a copy with node20 goes
 * to the schema; `using` itself is checked exactly below. Once the validator knows
 * node24 the file is validated unchanged.
 */
const PROBE = 'name: probe\ndescription: probe\nruns:\n  using: node24\n  main: index.js\n';
const schemaKnowsNode24 = validateAction(PROBE).errors.length === 0;

function forSchema(text: string): string {
  if (schemaKnowsNode24) return text;
  const doc = parseDocument(text);
  if (doc.getIn(['runs', 'using']) === 'node24') doc.setIn(['runs', 'using'], 'node20');
  return doc.toString();
}

describe('action.yml', () => {
  test('is valid against the GitHub Actions action schema', () => {
    const result = validateAction(forSchema(actionText));
    expect(result.actionType).toBe('action');
    expect(problems(result)).toBe('');
  });

  test('a broken copy is rejected, so the schema check can fail', () => {
    const doc = parseDocument(forSchema(actionText));
    doc.delete('description');
    doc.setIn(['inputs', 'diffid', 'requird'], true);
    doc.setIn(['branding', 'color'], 'turquoise');
    const result = validateAction(doc.toString());
    const text = problems(result);
    expect(text).toMatch(/\/description/);
    expect(text).toMatch(/requird/);
    expect(text).toMatch(/\/branding\/color/);
  });

  test('the schema rejects an unknown runtime (only node24 is stepped around)', () => {
    const doc = parseDocument(actionText);
    doc.setIn(['runs', 'using'], 'node99');
    expect(problems(validateAction(doc.toString()))).toMatch(/\/runs\/using/);
  });

  test('runs the bundled entry point on Node 24', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe('dist/index.js');
  });

  test('has name, description, author and branding', () => {
    for (const key of ['name', 'description', 'author'] as const) {
      expect(typeof action[key]).toBe('string');
      expect((action[key] as string).trim()).not.toBe('');
    }
    expect(typeof action.branding?.icon).toBe('string');
    expect(typeof action.branding?.color).toBe('string');
  });

  test('every input and output has a description', () => {
    for (const [name, input] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect([name, typeof input.description === 'string' && input.description.trim() !== '']).toEqual([name, true]);
    }
  });

  // That the inputs and outputs are exactly those run() reads and sets is checked in main.test.ts.
  test("api_url has no declared default: the code picks the credentials' host, and the description names both", () => {
    expect(action.inputs['api_url']?.default).toBeUndefined();
    for (const host of Object.values(DEFAULT_API_URLS)) expect(action.inputs['api_url']?.description).toContain(host);
  });
});

function yamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

const workflows = [...yamlFiles('.github/workflows'), ...yamlFiles('examples')];

describe('workflow files', () => {
  test('there are workflows to check', () => {
    expect(workflows).toEqual(
      expect.arrayContaining([
        join('.github/workflows', 'ci.yml'),
        join('.github/workflows', 'release.yml'),
        join('examples', 'release.yml'),
        join('examples', 'release-from-diff.yml'),
        join('examples', 'rollup.yml')
      ])
    );
  });

  test.each(workflows)('%s is valid against the GitHub Actions workflow schema', (file) => {
    const result = validateWorkflow(readFileSync(join(root, file), 'utf8'));
    expect(result.actionType).toBe('workflow');
    expect(problems(result)).toBe('');
  });

  test('a broken workflow is rejected, so the check can fail', () => {
    const doc = parseDocument(readFileSync(join(root, 'examples', 'release.yml'), 'utf8'));
    doc.setIn(['jobs', 'release', 'steps', 0, 'wiht'], { x: 1 });
    doc.setIn(['permissions', 'contents'], 'sometimes');
    const text = problems(validateWorkflow(doc.toString()));
    expect(text).toMatch(/wiht/);
    expect(text).toMatch(/\/permissions/);
  });

  test('the CI run of the action uses the emulator defaults', async () => {
    const defaults = await import('../emulator/defaults.ts');
    const ci = parse(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const step = Object.values(ci.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses === './');
    expect(step?.with).toMatchObject({
      access_key: defaults.EMULATOR_ACCESS_KEY,
      secret_key: defaults.EMULATOR_SECRET_KEY,
      accountserviceid: defaults.EMULATOR_ASID
    });
  });
});

describe('the release workflow', () => {
  interface Job {
    needs?: string | string[];
    if?: string;
    permissions?: Record<string, string>;
    steps: { uses?: string; run?: string }[];
  }
  const release = parse(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { release?: { types?: string[] }; push?: { tags?: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const runs = (job: Job | undefined): string => (job?.steps ?? []).map((s) => s.run ?? '').join('\n');

  test('runs on a published release or a vX.Y.Z tag push', () => {
    expect(release.on.release?.types).toEqual(['published']);
    expect(release.on.push?.tags).toEqual(['v*.*.*']);
  });

  test('reads by default; only the job that moves the tag may write, and only contents', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(release.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'));
    expect(writers.map(([name, job]) => [name, job.permissions])).toEqual([['major-tag', { contents: 'write' }]]);
  });

  test('tests and checks dist/ before the major tag moves', () => {
    const check = release.jobs['check'];
    expect(runs(check)).toMatch(/npm test/);
    expect(runs(check)).toMatch(/npm run package/);
    expect(runs(check)).toMatch(/git status --porcelain -- dist/);
    const tag = release.jobs['major-tag'];
    expect(tag?.needs).toBe('check');
    expect(tag?.if).toMatch(/prerelease/);
    expect(runs(tag)).toMatch(/git push --force origin "refs\/tags\/\$major"/);
  });
});
