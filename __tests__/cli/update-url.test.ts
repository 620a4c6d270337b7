// A build URL with credentials never comes from the command line: --update-url refuses
// it, naming CLANFORGE_UPDATE_URL, which takes any build URL.
import { describe, expect, test } from '@jest/globals';
import { releaseInputs } from '../../src/cli/release.ts';
import { carriesCredentials } from '../../src/settings/build-source.ts';

const given = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  releaseInputs({ inputs: new Map(Object.entries(flags)) }, env);

describe('carriesCredentials', () => {
  test.each([
    's3://AKIAEXAMPLE:wJalrXUtnFEMI%2FK7MDENG@bucket/builds/',
    'steam://builder:hunter2hunter2@install/740/',
    'steam://builder@install/740/?betapassword=letmein',
    'https://user:pass@downloads.example.com/build.zip',
    'https://deploytoken@downloads.example.com/build.zip',
    'https://bucket.s3.amazonaws.com/b.zip?X-Amz-Signature=abc123&X-Amz-Date=20260101T000000Z',
    'https://cdn.example.com/b.zip?sig=xyz',
    'https://cdn.example.com/b.zip?v=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA',
    'gs://bucket/builds?credentials=%7B%22type%22%3A%22service_account%22%7D',
    's3://AKIAEXAMPLE:wJalr/Xutn@bucket/builds/'
  ])('%s carries credentials', (url) => {
    expect(carriesCredentials(url)).toBe(true);
  });

  test.each([
    'https://downloads.example.com/builds/v1.2.3/server.zip',
    's3://bucket/builds/?region=eu-west-1',
    'steam://anonymous@install/740/',
    'steam://builder@install/740/?beta=staging',
    'cos://bucket/folder',
    'https://downloads.example.com/b.zip?version=1.2.3&channel=beta',
    'not a url'
  ])('%s does not', (url) => {
    expect(carriesCredentials(url)).toBe(false);
  });
});

describe('where the build URL comes from', () => {
  test('a URL without credentials from the flag', () => {
    const inputs = given({ update_url: 'https://downloads.example.com/server.zip' });
    expect(inputs.problems).toEqual([]);
    expect(inputs.read('update_url')).toBe('https://downloads.example.com/server.zip');
    expect(inputs.updateUrlFrom).toBe('flag');
  });

  test('a URL with credentials is refused on the command line, naming the variable, never shown', () => {
    const url = 's3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/builds/';
    const inputs = given({ update_url: url });
    expect(inputs.problems).toEqual([
      expect.stringMatching(
        /^--update-url is refused: the URL carries credentials .*; set the environment variable CLANFORGE_UPDATE_URL instead$/
      )
    ]);
    expect(inputs.problems.join('\n')).not.toContain('wJalr');
  });

  test('CLANFORGE_UPDATE_URL takes any build URL', () => {
    const url = 's3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/builds/';
    const inputs = given({}, { CLANFORGE_UPDATE_URL: url });
    expect(inputs.problems).toEqual([]);
    expect(inputs.read('update_url')).toBe(url);
    expect(inputs.updateUrlFrom).toBe('environment');
  });

  test('not both', () => {
    const inputs = given({ update_url: 'https://a.example/b.zip' }, { CLANFORGE_UPDATE_URL: 'https://a.example/c.zip' });
    expect(inputs.problems).toEqual(['--update-url and CLANFORGE_UPDATE_URL are both given: give the build URL once']);
  });
});

describe('the other inputs', () => {
  test("secrets from their variables, flags as given, else action.yml's default", () => {
    const inputs = given(
      { imageid: '7' },
      { MULTIPLAY_TOKEN: 'tok', CLANFORGE_ACCESS_KEY: 'ak', CLANFORGE_SECRET_KEY: 'sk', GITHUB_TOKEN: 'gh', INPUT_IMAGEID: '9' }
    );
    expect(['token', 'access_key', 'secret_key', 'github_token'].map((name) => inputs.read(name))).toEqual(['tok', 'ak', 'sk', 'gh']);
    expect(inputs.read('imageid')).toBe('7');
    expect(inputs.read('wait_timeout')).toBe('3600');
    expect(inputs.read('api_url')).toBe(''); // no declared default: the engine picks the credentials' host
    expect(inputs.read('diffid')).toBe('');
  });

  test("no runner's ${{ github.token }} default: GITHUB_TOKEN or nothing", () => {
    expect(given({}).read('github_token')).toBe('');
  });
});
