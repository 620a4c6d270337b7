/**
 * CONTRIBUTING.md's Layout names every file of src/, and its recipes name only files that
 * exist: a new module or a renamed one fails here until the page says where it lives.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');

function section(title: string): string {
  const start = page.indexOf(`## ${title}\n`);
  const end = page.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error(`CONTRIBUTING.md has no section ${title}`);
  return page.slice(start, end < 0 ? undefined : end);
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('CONTRIBUTING.md', () => {
  const layout = section('Layout');

  test.each(filesUnder('src'))('Layout names %s', (file) => {
    expect(layout).toContain(`\`${file.split('/').at(-1) ?? file}\``);
  });

  test('every path the recipes name exists', () => {
    const recipes = section('Recipes');
    const paths = [...recipes.matchAll(/`((?:src|__tests__|emulator|scripts|docs)\/[^`<>]+|action\.yml|CHANGELOG\.md)`/g)].map(
      (m) => m[1] ?? ''
    );
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});
