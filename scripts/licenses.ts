// Writes dist/licenses.txt: the license of every package the production dependencies
// reach (what the bundle can hold). ncc's own list (--license) is written once per chunk
// and the last chunk written wins, so it misses packages of the other chunks; walking
// package.json `dependencies` from the project root gives a complete superset, the same
// on every machine that installed the lockfile.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Manifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Where Node finds `name` from a package in `dir`: its own node_modules, then each parent's. */
function resolve(name: string, dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(at) === at) return undefined;
  }
}

function licenseText(dir: string): string {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : '(no license file in the package)';
}

const entries = new Map<string, string>();
const visited = new Set<string>();
const queue = [process.cwd()];
while (queue.length > 0) {
  const dir = queue.shift() as string;
  const pkg = manifest(dir);
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    const found = resolve(name, dir);
    if (!found || visited.has(found)) continue;
    visited.add(found);
    queue.push(found);
    const dep = manifest(found);
    entries.set(`${dep.name}@${dep.version}`, `${dep.license ?? ''}\n${licenseText(found)}`);
  }
}
const text = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, body]) => `${id}\n${body}\n`);
writeFileSync('dist/licenses.txt', text.join('\n'));
