/**
 * Writes src/cli/action-inputs.ts from action.yml: the command line's flags are the
 * action's inputs, one for one, with the same descriptions and defaults, so the two front
 * doors cannot drift apart.
 *
 *   npm run cli-inputs                rewrite src/cli/action-inputs.ts
 *   npm run cli-inputs -- --check     exit 1 when it is out of date
 *
 * renderActionInputs is pure but for Prettier's formatting; __tests__/cli/action-inputs.test.ts
 * fails when the file differs from what it produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';
import { flagOf } from '../src/cli/flags.ts';

interface ActionYml {
  inputs?: Record<string, { description?: string; required?: boolean | string; default?: string | number | boolean } | null>;
  outputs?: Record<string, { description?: string } | null>;
}

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const TARGET = resolve(ROOT, 'src/cli/action-inputs.ts');

/** What the command line needs of one input; see ActionInput in the generated file. */
export interface InputEntry {
  name: string;
  flag: string;
  description: string;
  default: string | undefined;
  required: boolean;
  boolean: boolean;
}

/** A boolean input: its default is true or false, or its description says Boolean. */
export function isBoolean(input: { description?: string; default?: unknown }): boolean {
  const def = input.default === undefined ? undefined : String(input.default);
  return def === 'true' || def === 'false' || /\bBoolean\b/.test(input.description ?? '');
}

export function inputEntries(actionYmlText: string): InputEntry[] {
  const action = parse(actionYmlText) as ActionYml;
  return Object.entries(action.inputs ?? {}).map(([name, input]) => ({
    name,
    flag: flagOf(name),
    description: (input?.description ?? '').trim(),
    default: input?.default === undefined ? undefined : String(input.default),
    required: input?.required === true || input?.required === 'true',
    boolean: isBoolean(input ?? {})
  }));
}

export function outputEntries(actionYmlText: string): { name: string; description: string }[] {
  const action = parse(actionYmlText) as ActionYml;
  return Object.entries(action.outputs ?? {}).map(([name, output]) => ({ name, description: (output?.description ?? '').trim() }));
}

/** The text of src/cli/action-inputs.ts for this action.yml, formatted as the repository formats TypeScript. */
export async function renderActionInputs(actionYmlText: string): Promise<string> {
  const inputs = inputEntries(actionYmlText).map((input) => ({
    name: input.name,
    flag: input.flag,
    description: input.description,
    default: input.default ?? null,
    required: input.required,
    boolean: input.boolean
  }));
  const text = `// Generated from action.yml by scripts/cli-inputs.ts (npm run cli-inputs): do not edit.
// __tests__/cli/action-inputs.test.ts fails when it differs from action.yml.

/** One input of the action, as the command line offers it. */
export interface ActionInput {
  /** The input's name in action.yml. */
  readonly name: string;
  /** The flag: \`--\` and the name, \`_\` as \`-\`. */
  readonly flag: string;
  /** action.yml's description, word for word. */
  readonly description: string;
  /** action.yml's default, as the runner passes it when the input is not given; null: none. */
  readonly default: string | null;
  readonly required: boolean;
  /** true/false (1/0): a bare flag means true. */
  readonly boolean: boolean;
}

export const INPUTS: readonly ActionInput[] = ${JSON.stringify(inputs)};

/** The action's outputs, in action.yml's order: --json prints each. */
export const OUTPUTS: readonly { readonly name: string; readonly description: string }[] = ${JSON.stringify(outputEntries(actionYmlText))};
`;
  const options = (await prettier.resolveConfig(TARGET)) ?? {};
  return prettier.format(text, { ...options, filepath: TARGET });
}

async function main(argv: readonly string[]): Promise<void> {
  const rendered = await renderActionInputs(readFileSync(resolve(ROOT, 'action.yml'), 'utf8'));
  let current = '';
  try {
    current = readFileSync(TARGET, 'utf8');
  } catch {
    // Not written yet.
  }
  if (argv.includes('--check')) {
    if (rendered !== current) {
      console.error('src/cli/action-inputs.ts differs from action.yml: run `npm run cli-inputs`');
      process.exitCode = 1;
    }
    return;
  }
  if (rendered === current) {
    console.log('src/cli/action-inputs.ts is up to date');
    return;
  }
  writeFileSync(TARGET, rendered);
  console.log('src/cli/action-inputs.ts rewritten from action.yml');
}

// Only when run as a script; tests import the functions above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
