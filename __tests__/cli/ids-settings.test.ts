import { describe, expect, it } from '@jest/globals';
import { idsSettings } from '../../src/cli/ids.ts';
import { InputError } from '../../src/settings/read-settings.ts';

const env = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function settings(flags: Record<string, string>, secrets: Record<string, string>) {
  return idsSettings({ inputs: new Map(Object.entries(flags)) }, env(secrets));
}

describe('ids settings', () => {
  it("takes the credentials' host when --api-url is not given: the successor's with MULTIPLAY_TOKEN, Clanforge's with the keys", () => {
    expect(settings({ accountserviceid: '1234' }, { token: 'tok-123456' }).apiUrl.href).toBe('https://api.multiplay.dev/');
    expect(settings({ accountserviceid: '1234' }, { access_key: 'AK-key-01', secret_key: 'SK-key-01' }).apiUrl.href).toBe(
      'https://api.multiplay.co.uk/'
    );
    expect(settings({ accountserviceid: '1234', api_url: 'http://127.0.0.1:8080' }, { token: 'tok-123456' }).apiUrl.href).toBe(
      'http://127.0.0.1:8080/'
    );
  });

  it('names --api-url and its accepted form for a bad one, without its credentials', () => {
    let thrown: unknown;
    try {
      settings({ accountserviceid: '1234', api_url: 'http://user:pw-123456@example.com' }, { token: 'tok-123456' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const problems = (thrown as InputError).problems;
    expect(problems).toEqual([expect.stringContaining('--api-url')]);
    expect(problems[0]).toContain('expected an https:// URL without credentials');
    expect(problems[0]).not.toContain('pw-123456');
  });
});

describe('ids settings read as a release reads them', () => {
  it('refuses a control character in a flag, naming the flag and the code point, never the value', () => {
    let thrown: unknown;
    try {
      settings({ accountserviceid: '1234', gameid: '5\u009b01' }, { token: 'tok-123456' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const problems = (thrown as InputError).problems;
    expect(problems).toEqual([expect.stringMatching(/^--gameid: contains the control character U\+009B/)]);
  });

  it('lists every problem at once: the credentials, the api url and the game', () => {
    let thrown: unknown;
    try {
      settings({ api_url: 'ftp://example.com', gameid: 'abc' }, { access_key: 'AK-key-01' });
    } catch (error) {
      thrown = error;
    }
    const problems = (thrown as InputError).problems;
    expect(problems.some((p) => p.includes('CLANFORGE_SECRET_KEY'))).toBe(true);
    expect(problems.some((p) => p.startsWith("--api-url is 'ftp://example.com'"))).toBe(true);
    expect(problems.some((p) => p.startsWith("--gameid is 'abc'"))).toBe(true);
  });
});
