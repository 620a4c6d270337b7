// dist/cli.js (src/cli/starter.js, plain JavaScript) marks the process before it imports
// the bundle; src/index.ts runs the action unless that mark is set. Both name one symbol.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

const marks = (file: string): string[] =>
  [...readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').matchAll(/Symbol\.for\('([^']+)'\)/g)].map((m) => m[1] ?? '');

describe('the command line mark', () => {
  test('the starter sets the one symbol the bundle entry reads', () => {
    const entry = marks('src/index.ts');
    expect(entry).toHaveLength(1);
    expect(marks('src/cli/starter.js')).toEqual(entry);
  });
});
