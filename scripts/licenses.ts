// Completes dist/licenses.txt: ncc's license list leaves out some bundled packages (seen
// with @actions/core, an ESM-only package with an `exports` map). Each package below is
// appended unless ncc already listed it, so no license appears twice.
import { appendFileSync, readFileSync } from 'node:fs';

const BUNDLED = ['@actions/core', '@actions/github'];

const listed = new Set(readFileSync('dist/licenses.txt', 'utf8').split('\n'));
for (const name of BUNDLED) {
  if (listed.has(name)) continue;
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { license?: string };
  const text = readFileSync(`node_modules/${name}/LICENSE.md`, 'utf8').trim();
  appendFileSync('dist/licenses.txt', `\n${name}\n${pkg.license ?? ''}\n${text}\n`);
}
