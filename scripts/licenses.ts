// Writes dist/licenses.txt: the license of every production dependency, the packages
// the bundle can hold. ncc's own list (--license) is written once per chunk and the last
// chunk written wins, so it misses packages of the other chunks; the dependency tree is
// a complete superset.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  name: string;
  version: string;
  license?: string;
}

/** Every production package directory, as npm resolved it (nested copies included). */
function productionPackages(): string[] {
  const npm = process.env['npm_execpath'];
  const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  const out = execFileSync(command, [...args, 'ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' });
  return out
    .split(/\r?\n/)
    .filter((dir) => dir.includes('node_modules'))
    .sort();
}

function licenseText(dir: string): string {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : '(no license file in the package)';
}

const seen = new Set<string>();
const entries: string[] = [];
for (const dir of productionPackages()) {
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const pkg = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const id = `${pkg.name}@${pkg.version}`;
  if (seen.has(id)) continue;
  seen.add(id);
  entries.push(`${id}\n${pkg.license ?? ''}\n${licenseText(dir)}\n`);
}
writeFileSync('dist/licenses.txt', entries.sort().join('\n'));
