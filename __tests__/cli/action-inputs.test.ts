// The command line's flags are generated from action.yml (scripts/cli-inputs.ts): the
// generated file must be what the script writes now, so the flags cannot drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS } from '../../src/cli/action-inputs.ts';
import { inputEntries, isBoolean, renderActionInputs, ROOT, TARGET } from '../../scripts/cli-inputs.ts';

const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionYml) as {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
};

describe('src/cli/action-inputs.ts', () => {
  test('is what scripts/cli-inputs.ts writes from action.yml (fix: npm run cli-inputs)', async () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(await renderActionInputs(actionYml));
  });

  test('holds every input of action.yml, in its order, with its description and default', () => {
    expect(INPUTS.map((input) => input.name)).toEqual(Object.keys(action.inputs));
    for (const input of INPUTS) {
      const declared = action.inputs[input.name];
      expect(input.description).toBe(declared?.description.trim());
      expect(input.default).toBe(declared?.default === undefined ? null : String(declared.default));
      expect(input.flag).toBe(`--${input.name.replaceAll('_', '-')}`);
      expect(input.required).toBe(declared?.required === true);
    }
    expect(inputEntries(actionYml).map((input) => input.name)).toEqual(INPUTS.map((input) => input.name));
  });

  test('the booleans: a true/false default, or a description that says Boolean', () => {
    expect(INPUTS.filter((input) => input.boolean).map((input) => input.name)).toEqual([
      'update',
      'reject_locking_diff',
      'restart',
      'full',
      'force',
      'wait',
      'dry_run'
    ]);
    expect(isBoolean({ default: 'false' })).toBe(true);
    expect(isBoolean({ description: 'Boolean: true/false.' })).toBe(true);
    expect(isBoolean({ default: '3600', description: 'seconds' })).toBe(false);
  });

  test('holds every output, which --json prints', () => {
    expect(OUTPUTS).toEqual(Object.entries(action.outputs).map(([name, output]) => ({ name, description: output.description.trim() })));
  });
});
