/**
 * Keeps the inputs and outputs tables equal to action.yml, the one place where inputs
 * and outputs are defined: the README's compact tables (each input's first sentence;
 * the most used outputs first) and the full reference in docs/inputs-and-outputs.md.
 *
 *   npm run docs                 rewrite both files in place
 *   npm run docs -- --check      exit 1 when either is out of date
 *
 * __tests__/readme.test.ts fails when a file differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

interface ActionInput {
  description?: string;
  required?: boolean | string;
  default?: string | number | boolean;
}

interface ActionOutput {
  description?: string;
}

interface ActionYml {
  inputs?: Record<string, ActionInput | null>;
  outputs?: Record<string, ActionOutput | null>;
}

/** Text safe inside one Markdown table cell: `|` would end the cell, a newline the row. */
export function cell(text: string): string {
  return text.trim().replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code in a table cell (GFM still needs `\|` there). */
function code(text: string): string {
  return `\`${cell(text)}\``;
}

function isRequired(value: boolean | string | undefined): boolean {
  // The runner reads `required` loosely; a quoted "true" means the same.
  return value === true || value === 'true';
}

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const def = input?.default;
    const shownDefault = def === undefined || def === '' ? '' : code(String(def));
    return `| ${code(name)} | ${isRequired(input?.required) ? 'yes' : 'no'} | ${shownDefault} | ${cell(input?.description ?? '')} |`;
  });
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs ?? {}).map(([name, output]) => `| ${code(name)} | ${cell(output?.description ?? '')} |`);
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

/**
 * The first sentence of a description: up to the first full stop followed by a space (or
 * the end of the text). action.yml's descriptions use no abbreviations that end in one.
 */
export function firstSentence(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  const end = /(?<!\.)\.(?= |$)/.exec(flat);
  return end === null ? flat : flat.slice(0, end.index + 1);
}

/** Where the full reference lives, from the README. */
export const REFERENCE_PAGE = 'docs/inputs-and-outputs.md';

/** The inputs a release is made of, in this order; the README lists the others by name in one last row. */
export const MOST_USED_INPUTS: readonly string[] = [
  'access_key',
  'secret_key',
  'token',
  'accountserviceid',
  'imageid',
  'machineid',
  'update_url',
  'update',
  'diffid',
  'game_build',
  'wait',
  'wait_for',
  'wait_timeout',
  'max_failed_machines',
  'full',
  'on_no_changes',
  'reject_locking_diff',
  'api_url',
  'environment',
  'dry_run'
];

/** The README's inputs table: the inputs a release is made of, with the default and first sentence of each, then the rest by name. */
export function compactInputsTable(action: ActionYml): string {
  const inputs = action.inputs ?? {};
  const first = MOST_USED_INPUTS.filter((name) => name in inputs);
  const rest = Object.keys(inputs).filter((name) => !first.includes(name));
  const rows = first.map((name) => {
    const def = inputs[name]?.default;
    const shownDefault = def === undefined || def === '' ? '' : code(String(def));
    return `| ${code(name)} | ${shownDefault} | ${cell(firstSentence(inputs[name]?.description ?? ''))} |`;
  });
  if (rest.length > 0) {
    rows.push(
      `| ${rest.map(code).join(', ')} |  | more of the request, the wait and the GitHub record: [${REFERENCE_PAGE}](${REFERENCE_PAGE}#inputs) |`
    );
  }
  return ['| Input | Default | What it is |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The outputs workflows read most, in this order; the README lists the others by name in one last row. */
export const MOST_USED_OUTPUTS: readonly string[] = [
  'imageversionid',
  'jobstateid',
  'jobstatename',
  'diffid',
  'rollout',
  'skipped',
  'dry_run',
  'deployment_id',
  'updateid'
];

/** The README's outputs table: the most used first, each with its first sentence, then the rest by name. */
export function compactOutputsTable(action: ActionYml): string {
  const outputs = action.outputs ?? {};
  const first = MOST_USED_OUTPUTS.filter((name) => name in outputs);
  const rest = Object.keys(outputs).filter((name) => !first.includes(name));
  const rows = first.map((name) => `| ${code(name)} | ${cell(firstSentence(outputs[name]?.description ?? ''))} |`);
  if (rest.length > 0) {
    rows.push(
      `| ${rest.map(code).join(', ')} | the job's other fields, the diff's counts and the machine counts: [${REFERENCE_PAGE}](${REFERENCE_PAGE}#outputs) |`
    );
  }
  return ['| Output | What it holds |', '| --- | --- |', ...rows].join('\n');
}

/** Replaces what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->` (each exactly once). */
export function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`markers ${start} … ${end} are missing or out of order`);
  }
  if (text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) {
    throw new Error(`markers ${start} … ${end} appear more than once`);
  }
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** A text with both full tables regenerated from action.yml's text. */
export function renderTables(actionYmlText: string, text: string): string {
  const action = parse(actionYmlText) as ActionYml;
  const withInputs = replaceBetween(text, 'inputs', inputsTable(action));
  return replaceBetween(withInputs, 'outputs', outputsTable(action));
}

/** The README with its compact tables regenerated (the README is not formatted by Prettier). */
export function renderReadme(actionYmlText: string, readmeText: string): string {
  const action = parse(actionYmlText) as ActionYml;
  const withInputs = replaceBetween(readmeText, 'inputs', compactInputsTable(action));
  return replaceBetween(withInputs, 'outputs', compactOutputsTable(action));
}

/** A page of docs/ as Prettier formats it with the project's settings (format:check holds docs/ to that). */
export async function formatDoc(text: string, path: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, filepath: path });
}

/** The reference page with its full tables regenerated, formatted as Prettier formats docs/. */
export async function renderReference(actionYmlText: string, pageText: string, pagePath: string): Promise<string> {
  return formatDoc(renderTables(actionYmlText, pageText), pagePath);
}

async function main(argv: readonly string[]): Promise<void> {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const actionYml = readFileSync(resolve(root, 'action.yml'), 'utf8');
  const files: [string, (text: string, path: string) => string | Promise<string>][] = [
    ['README.md', (text) => renderReadme(actionYml, text)],
    [REFERENCE_PAGE, (text, path) => renderReference(actionYml, text, path)]
  ];
  for (const [name, render] of files) {
    const path = resolve(root, name);
    const text = readFileSync(path, 'utf8');
    const rendered = await render(text, path);
    if (rendered === text) {
      if (!argv.includes('--check')) console.log(`${name}: tables are up to date`);
    } else if (argv.includes('--check')) {
      console.error(`${name}: tables differ from action.yml: run \`npm run docs\``);
      process.exitCode = 1;
    } else {
      writeFileSync(path, rendered);
      console.log(`${name}: tables rewritten from action.yml`);
    }
  }
}

// Only when run as a script; tests import the functions above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
