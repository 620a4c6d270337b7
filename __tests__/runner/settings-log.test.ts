import { settingsRows } from '../../src/runner/settings-log.ts';
import { readSettings } from '../../src/settings/read-settings.ts';

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
