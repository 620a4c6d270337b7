// The command line read into inputs: every form of a boolean, `=` values, unknown and
// secret flags, and problems that never echo a value.
import { describe, expect, test } from '@jest/globals';
import { argumentsMessage, parseArgs } from '../../src/cli/args.ts';
import { INPUTS } from '../../src/cli/action-inputs.ts';
import { INPUT_FLAGS } from '../../src/cli/flags.ts';

const inputs = (...argv: string[]): Record<string, string> => {
  const parsed = parseArgs(argv);
  expect(parsed.problems).toEqual([]);
  return Object.fromEntries(parsed.inputs);
};
const problems = (...argv: string[]): string[] => parseArgs(argv).problems;

describe('commands', () => {
  test('release is the default, and may be named', () => {
    expect(parseArgs(['--diffid', '5']).command).toBe('release');
    expect(parseArgs(['release', '--diffid', '5']).command).toBe('release');
    expect(parseArgs(['release', '--diffid', '5']).inputs.get('diffid')).toBe('5');
  });

  test('ids takes its own flags only', () => {
    const parsed = parseArgs(['ids', '--accountserviceid', '1234', '--api-url=https://api.multiplay.dev', '--gameid', '7', '--json']);
    expect(parsed).toMatchObject({ command: 'ids', json: true, problems: [] });
    expect(Object.fromEntries(parsed.inputs)).toEqual({ accountserviceid: '1234', api_url: 'https://api.multiplay.dev', gameid: '7' });
    expect(problems('ids', '--imageid', '77')).toEqual(['unknown flag --imageid (--imageid is a flag of a release, not of ids)']);
  });

  test('--help and -h, for each command', () => {
    expect(parseArgs(['--help'])).toMatchObject({ command: 'release', help: true });
    expect(parseArgs(['-h'])).toMatchObject({ command: 'release', help: true });
    expect(parseArgs(['ids', '--help'])).toMatchObject({ command: 'ids', help: true });
  });

  test('an unknown command is named; other stray words are counted, never shown', () => {
    expect(problems('relase')).toEqual(["unknown command 'relase': the commands are release (the default) and ids"]);
    const stray = problems('--diffid', '5', 's3cr3t-Value-xyz');
    expect(stray).toEqual([expect.stringMatching(/^unexpected argument #3: /)]);
    expect(stray.join('\n')).not.toContain('s3cr3t');
  });
});

describe('values', () => {
  test('--flag VALUE and --flag=VALUE', () => {
    expect(inputs('--imageid', '777', '--update-desc=a b=c', '--wait-for', 'rollout')).toEqual({
      imageid: '777',
      update_desc: 'a b=c',
      wait_for: 'rollout'
    });
  });

  test('an empty value in the = form is given as empty (the input not given)', () => {
    expect(inputs('--gameid=')).toEqual({ gameid: '' });
  });

  test('a value that starts with -- only in the = form', () => {
    expect(inputs('--game-build=--nightly')).toEqual({ game_build: '--nightly' });
    expect(problems('--game-build', '--wait')).toEqual([
      '--game-build needs a value: the next argument is a flag (write --game-build=VALUE for a value that starts with --)'
    ]);
    expect(problems('--imageid')).toEqual(['--imageid needs a value: --imageid VALUE or --imageid=VALUE']);
  });

  test('a flag given twice is refused', () => {
    expect(problems('--imageid', '1', '--imageid=2')).toEqual(['--imageid is given more than once: give it once']);
  });

  test('every input but the secrets is a flag', () => {
    expect(INPUT_FLAGS.map((input) => input.name)).toEqual(
      INPUTS.map((input) => input.name).filter((name) => !['token', 'access_key', 'secret_key', 'github_token'].includes(name))
    );
    for (const input of INPUT_FLAGS) {
      const argv = input.boolean ? [input.flag, 'false'] : [input.flag, 'x'];
      expect(inputs(...argv)).toEqual({ [input.name]: input.boolean ? 'false' : 'x' });
    }
  });
});

describe('booleans', () => {
  test.each([
    [['--dry-run'], 'true'],
    [['--dry-run', 'true'], 'true'],
    [['--dry-run', 'false'], 'false'],
    [['--dry-run=true'], 'true'],
    [['--dry-run=false'], 'false'],
    [['--dry-run', '1'], '1'],
    [['--dry-run=0'], '0'],
    [['--dry-run', 'FALSE'], 'FALSE'],
    [['--dry-run', '--wait'], 'true']
  ])('%j gives dry_run %s', (argv, value) => {
    expect(inputs(...argv)['dry_run']).toBe(value);
  });

  test('a bare boolean before another flag leaves that flag alone', () => {
    expect(inputs('--wait', '--imageid', '7', '--restart')).toEqual({ wait: 'true', imageid: '7', restart: 'true' });
  });

  test('a word after a boolean is its value, for the settings reader to check', () => {
    expect(inputs('--wait', 'maybe')).toEqual({ wait: 'maybe' });
    expect(inputs('--full', 'auto')).toEqual({ full: 'auto' });
  });

  test('the command line flags take no value', () => {
    expect(problems('--json=true')).toEqual(['--json takes no value']);
    expect(parseArgs(['--json', '--debug'])).toMatchObject({ json: true, debug: true, problems: [] });
    expect(parseArgs(['--summary', 'out.md']).summary).toBe('out.md');
  });
});

describe('unknown flags', () => {
  test('named, with the closest flag', () => {
    expect(problems('--imagid', '7')).toEqual(['unknown flag --imagid (did you mean --imageid?)']);
    expect(problems('--update_url=https://example.com/b.zip')).toEqual(['unknown flag --update_url (did you mean --update-url?)']);
    expect(problems('--colour')).toEqual(['unknown flag --colour']);
    expect(problems('-x')).toEqual(['unknown flag -x']);
  });

  test('the value of an unknown flag is never shown', () => {
    const text = problems('--acess-key=AKIAsecretvalue01', '--passwd', 'hunter2hunter2').join('\n');
    expect(text).not.toContain('AKIAsecretvalue01');
    expect(text).not.toContain('hunter2');
  });
});

describe('secret flags', () => {
  test.each([
    [['--token', 'tok-123456789'], 'MULTIPLAY_TOKEN'],
    [['--token=tok-123456789'], 'MULTIPLAY_TOKEN'],
    [['--token'], 'MULTIPLAY_TOKEN'],
    [['--access-key', 'AK-123456789'], 'CLANFORGE_ACCESS_KEY'],
    [['--access_key=AK-123456789'], 'CLANFORGE_ACCESS_KEY'],
    [['--secret-key', 'SK-123456789'], 'CLANFORGE_SECRET_KEY'],
    [['--Secret-Key=SK-123456789'], 'CLANFORGE_SECRET_KEY'],
    [['--github-token', 'ghp_123456789'], 'GITHUB_TOKEN'],
    [['--github-token='], 'GITHUB_TOKEN']
  ])('%j is refused, naming %s, without its value', (argv, variable) => {
    const found = problems(...argv);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${argv[0]?.split('=')[0]} is refused: .*set the environment variable ${variable} instead`));
    expect(found[0]).not.toMatch(/123456789/);
  });

  test('refused in ids too, and its value is not read as an argument', () => {
    expect(problems('ids', '--token', 'tok-123456789', '--json')).toEqual([
      expect.stringMatching(/^--token is refused: .*MULTIPLAY_TOKEN/)
    ]);
  });

  test('refused alongside other problems, all listed at once', () => {
    const message = argumentsMessage(problems('--token', 'x', '--imagid', '1'));
    expect(message).toMatch(/^Invalid arguments \(2\):\n- --token is refused: .*\n- unknown flag --imagid/);
  });
});
