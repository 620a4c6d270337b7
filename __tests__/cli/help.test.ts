// --help lists every flag with action.yml's description word for word, and the secrets
// as the variables they come from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { HELP_WIDTH, idsHelp, releaseHelp, wrap } from '../../src/cli/help.ts';
import { ROOT } from '../../scripts/cli-inputs.ts';
import { helpEntries } from './helpers/help-entries.ts';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
};
const SECRETS = ['token', 'access_key', 'secret_key', 'github_token'];

describe('clanforge-image-version --help', () => {
  const help = releaseHelp();
  const entries = helpEntries(help);

  test("lists every input but the secrets, with action.yml's description", () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const flag = `--${name.replaceAll('_', '-')}`;
      if (SECRETS.includes(name)) {
        expect(entries.has(flag)).toBe(false);
        continue;
      }
      expect(entries.get(flag)?.description).toBe(input.description.trim().replace(/\s+/g, ' '));
    }
  });

  test('shows the default and whether a flag takes true/false', () => {
    expect(entries.get('--wait-timeout')?.head).toBe('--wait-timeout VALUE  (default: 3600)');
    expect(entries.get('--dry-run')?.head).toBe('--dry-run [true|false]  (default: false)');
    expect(entries.get('--imageid')?.head).toBe('--imageid VALUE');
  });

  test('names the variables the secrets come from, and the exit codes', () => {
    for (const variable of ['MULTIPLAY_TOKEN', 'CLANFORGE_ACCESS_KEY', 'CLANFORGE_SECRET_KEY', 'CLANFORGE_UPDATE_URL', 'GITHUB_TOKEN']) {
      expect(help).toMatch(new RegExp(`^ {2}${variable} `, 'm'));
    }
    for (const code of ['0', '1', '2', '3', '130']) expect(help).toMatch(new RegExp(`^ {2}${code} +\\S`, 'm'));
  });

  test('the command line flags, and ids', () => {
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['--json', '--summary', '--debug', '--help', '--version']));
    expect(help).toContain('clanforge-image-version ids [flags]');
  });

  test(`no line is wider than ${HELP_WIDTH}`, () => {
    expect(help.split('\n').filter((line) => line.length > HELP_WIDTH)).toEqual([]);
    expect(
      idsHelp()
        .split('\n')
        .filter((line) => line.length > HELP_WIDTH)
    ).toEqual([]);
  });
});

describe('clanforge-image-version ids --help', () => {
  test('its flags', () => {
    expect([...helpEntries(idsHelp()).keys()]).toEqual(['--accountserviceid', '--api-url', '--gameid', '--json', '--debug', '--help']);
  });
});

describe('wrap', () => {
  test('breaks at spaces only, and joins back to the text', () => {
    const text = 'one two three four five six seven eight nine ten';
    const lines = wrap(text, '  ', 16);
    expect(lines.every((line) => line.length <= 16)).toBe(true);
    expect(lines.map((line) => line.trim()).join(' ')).toBe(text);
  });

  test('a word longer than the width keeps its own line', () => {
    expect(wrap('a https://example.com/a/very/long/path b', '', 10)).toEqual(['a', 'https://example.com/a/very/long/path', 'b']);
  });
});
