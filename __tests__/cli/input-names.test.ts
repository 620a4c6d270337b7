// An input error from the command line reads as the action's, naming the flag, or the
// environment variable a secret or the build URL came from.
import { describe, expect, test } from '@jest/globals';
import { cliInputNames, CLI_CREDENTIALS_ADVICE } from '../../src/cli/input-names.ts';
import { releaseInputs } from '../../src/cli/release.ts';
import { ACTION_INPUTS } from '../../src/settings/input-names.ts';
import { InputError, readSettings } from '../../src/settings/read-settings.ts';

const KEYS = { CLANFORGE_ACCESS_KEY: 'AK-cli-key-01', CLANFORGE_SECRET_KEY: 'SK-cli-key-01' };

/** The problems a release with these flags and variables has, as the engine words them for the command line. */
function problems(flags: Record<string, string>, env: Record<string, string> = KEYS): string[] {
  const inputs = releaseInputs({ inputs: new Map(Object.entries(flags)) }, env);
  try {
    readSettings((name) => inputs.read(name).trim(), cliInputNames(inputs.updateUrlFrom));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
}

describe('the command line names', () => {
  test('a flag as the subject and inside a problem', () => {
    const names = cliInputNames();
    expect(names.subject('imageid')).toBe('--imageid');
    expect(names.subject('update_url')).toBe('--update-url');
    expect(names.ref('diffid')).toBe('--diffid');
    expect(names.subject('access_key')).toBe('environment variable CLANFORGE_ACCESS_KEY');
    expect(names.ref('token')).toBe('MULTIPLAY_TOKEN');
    expect(names.subjects(['token', 'access_key', 'secret_key'])).toBe('MULTIPLAY_TOKEN, CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY');
    expect(names.credentials).toBe(CLI_CREDENTIALS_ADVICE);
    expect(cliInputNames('environment').subject('update_url')).toBe('environment variable CLANFORGE_UPDATE_URL');
  });

  test('a bad value names its flag, worded as the action words it', () => {
    const found = problems({ accountserviceid: '12345', imageid: 'abc', machineid: '5', wait: 'maybe' });
    expect(found).toEqual([
      "--wait is 'maybe': expected a boolean: true or false (also True, TRUE, False, FALSE, 1, 0)",
      "--imageid is 'abc': expected a positive integer, for example 12345"
    ]);
    // The action's own wording of the same problems, for comparison: only the names differ.
    expect(() => readSettings((name) => ({ ...KEYS, imageid: 'abc' })[name] ?? '', ACTION_INPUTS)).toThrow(
      "input 'imageid' is 'abc': expected a positive integer"
    );
  });

  test('a missing input names the flags it goes with', () => {
    expect(problems({ accountserviceid: '12345' })).toEqual([
      '--diffid is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid'
    ]);
    expect(problems({ accountserviceid: '12345', diffid: '4', machineid: '5' })).toEqual([
      '--machineid is not used with --diffid: give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)'
    ]);
  });

  test('credentials name their variables and say how to set them', () => {
    expect(problems({ diffid: '4' }, {})).toEqual([
      `no credentials: MULTIPLAY_TOKEN, CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY are all empty; ${CLI_CREDENTIALS_ADVICE}`
    ]);
    expect(problems({ diffid: '4', accountserviceid: '1' }, { CLANFORGE_ACCESS_KEY: 'AK-cli-key-01' })).toEqual([
      `environment variable CLANFORGE_SECRET_KEY is required with CLANFORGE_ACCESS_KEY: the keys come as a pair; ${CLI_CREDENTIALS_ADVICE}`
    ]);
    expect(problems({ diffid: '4', accountserviceid: '1' }, { ...KEYS, MULTIPLAY_TOKEN: 'tok-cli-0123' })).toEqual([
      `MULTIPLAY_TOKEN, CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY are all given: ${CLI_CREDENTIALS_ADVICE}`
    ]);
    expect(problems({ diffid: '4', accountserviceid: '1' }, { MULTIPLAY_TOKEN: 'short' })).toEqual([
      'environment variable MULTIPLAY_TOKEN is too short: expected at least 8 characters; Clanforge and Multiplay credentials are longer: check the secret'
    ]);
  });

  test('a bad build URL names where it came from, never its value', () => {
    const base = { accountserviceid: '1', imageid: '7', machineid: '8' };
    const fromFlag = problems({ ...base, update_url: 'ftp://example.com/build.zip' });
    expect(fromFlag).toEqual([expect.stringMatching(/^--update-url: the scheme is not one Clanforge takes/)]);
    const fromEnv = problems(base, { ...KEYS, CLANFORGE_UPDATE_URL: 's3://AKIDX:SECRET/X@bucket/b/' });
    expect(fromEnv).toEqual([expect.stringMatching(/^environment variable CLANFORGE_UPDATE_URL: /)]);
    expect(fromEnv.join('\n')).not.toContain('SECRET');
  });
});
