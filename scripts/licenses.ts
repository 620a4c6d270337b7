// Appends to dist/licenses.txt the licenses of the packages whose modules the action
// imports by file path (src/actions-core.ts): ncc's license list only sees packages
// imported by name.
import { appendFileSync, readFileSync } from 'node:fs';

const BY_PATH = ['@actions/core', '@actions/github'];

for (const name of BY_PATH) {
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { license?: string };
  const text = readFileSync(`node_modules/${name}/LICENSE.md`, 'utf8').trim();
  appendFileSync('dist/licenses.txt', `\n${name}\n${pkg.license ?? ''}\n${text}\n`);
}
