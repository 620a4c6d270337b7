/**
 * Keeps the README's Inputs and Outputs tables equal to action.yml, the one place
 * where inputs and outputs are defined.
 *
 *   npm run docs                 rewrite README.md in place
 *   npm run docs -- --check      exit 1 when README.md is out of date
 *
 * renderTables is pure; __tests__/readme.test.ts fails when the README differs from
 * what it produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Replaces what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->` (each exactly once). */
export function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`README: markers ${start} … ${end} are missing or out of order`);
  }
  if (text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) {
    throw new Error(`README: markers ${start} … ${end} appear more than once`);
  }
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** The README with both tables regenerated from action.yml's text. */
export function renderTables(actionYmlText: string, readmeText: string): string {
  const action = parse(actionYmlText) as ActionYml;
  const withInputs = replaceBetween(readmeText, 'inputs', inputsTable(action));
  return replaceBetween(withInputs, 'outputs', outputsTable(action));
}

function main(argv: readonly string[]): void {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const readmePath = resolve(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const rendered = renderTables(readFileSync(resolve(root, 'action.yml'), 'utf8'), readme);
  if (argv.includes('--check')) {
    if (rendered !== readme) {
      console.error('README.md tables differ from action.yml: run `npm run docs`');
      process.exitCode = 1;
    }
    return;
  }
  if (rendered === readme) {
    console.log('README.md tables are up to date');
    return;
  }
  writeFileSync(readmePath, rendered);
  console.log('README.md tables rewritten from action.yml');
}

// Only when run as a script; tests import the functions above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
