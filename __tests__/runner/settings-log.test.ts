import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { settingsRows } from '../../src/runner/settings-log.ts';
import { readSettings, SECRET_INPUTS } from '../../src/settings/read-settings.ts';

const KEYS = { access_key: 'AK-key-01', secret_key: 'SK-key-01', accountserviceid: '12345' };

function rows(inputs: Record<string, string>): Map<string, string> {
  const settings = readSettings((name) => inputs[name] ?? '');
  return new Map(settingsRows(settings).map(([name, value]) => [name, String(value)]));
}

describe('the settings debug group', () => {
  it('prints the image the run reads when imageid is given with diffid', () => {
    const shown = rows({ ...KEYS, diffid: '5001', imageid: '77' });
    expect(shown.get('diffid')).toBe('5001');
    expect(shown.get('imageid')).toBe('77');
  });

  it('prints gameid as given, or that it was not given', () => {
    expect(rows({ ...KEYS, diffid: '5001', imageid: '77', gameid: '501' }).get('gameid')).toBe('501');
    expect(rows({ ...KEYS, diffid: '5001' }).get('gameid')).toBe('(not given)');
  });
});

describe('the debug group and action.yml', () => {
  // The new-input recipe (CONTRIBUTING.md) asks for a debug row: a new input without one fails here.
  it("shows every input action.yml declares, in its order: 'auth' in place of the secrets, update_url only as set", () => {
    const declared = Object.keys((parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: object }).inputs);
    const shown = [...rows({ ...KEYS, diffid: '5001' }).keys()];
    expect(shown).toEqual(['auth', ...declared.filter((name) => name === 'update_url' || !SECRET_INPUTS.has(name))]);
  });

  it('says whether an update is made, its URL only as set, and its description', () => {
    const build = { ...KEYS, imageid: '77', machineid: '9001' };
    const withUrl = rows({
      ...build,
      update_url: 's3://bucket/server.zip?X-Amz-Signature=abcdef0123456789abcdef',
      update_desc: 'nightly 42'
    });
    expect([withUrl.get('update'), withUrl.get('update_url'), withUrl.get('update_desc')]).toEqual(['true', '(set, masked)', 'nightly 42']);
    const imageDefault = rows({ ...build, update: 'true' });
    expect([imageDefault.get('update_url'), imageDefault.get('update_desc')]).toEqual([
      "(the image's default)",
      "(the run's ref and commit)"
    ]);
    expect(rows(build).get('update')).toBe('false');
  });
});
