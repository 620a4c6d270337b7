import { describe, expect, it } from '@jest/globals';
import { InputError, readSettings } from '../../src/settings/read-settings.ts';
import { parseApiUrl, parseDuration, parseInstallAt } from '../../src/settings/input-parsers.ts';

const BASE = { access_key: 'AK-key-01', secret_key: 'SK-key-01', accountserviceid: '12345', diffid: '678' };

function read(inputs: Record<string, string>) {
  return readSettings((name) => (inputs[name] ?? '').trim());
}

function problems(inputs: Record<string, string>): string[] {
  try {
    read(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
}

describe(`readSettings (node ${process.version})`, () => {
  it('applies the defaults', () => {
    const s = read(BASE);
    expect(s).toEqual({
      auth: { kind: 'keys', accessKey: 'AK-key-01', secretKey: 'SK-key-01', accountServiceId: 12345 },
      source: { kind: 'diff', diffId: 678 },
      restart: false,
      full: undefined,
      gameBuild: undefined,
      force: false,
      installAt: undefined,
      disableTimeout: undefined,
      disablePercentage: undefined,
      wait: { kind: 'none' },
      onNoChanges: 'deploy',
      rejectLockingDiff: false,
      waitTimeoutMs: 3_600_000,
      pollIntervalMs: 10_000,
      apiUrl: new URL('https://api.multiplay.co.uk'),
      deployment: undefined,
      dryRun: false
    });
  });

  it('reads every option', () => {
    const s = read({
      ...BASE,
      restart: 'true',
      full: '0',
      game_build: 'v1.2.3 beta',
      force: 'TRUE',
      install_at: '2026-12-01T03:00:00Z',
      disable_timeout: '30',
      disable_percentage: '97.5',
      wait: '1',
      wait_timeout: '2h',
      poll_interval: '5',
      api_url: 'https://proxy.example.com/clanforge/'
    });
    expect(s).toMatchObject({
      restart: true,
      full: false,
      gameBuild: 'v1.2.3 beta',
      force: true,
      installAt: 1796094000,
      disableTimeout: 30,
      disablePercentage: '97.5',
      wait: { kind: 'job' },
      waitTimeoutMs: 7_200_000,
      pollIntervalMs: 5000
    });
    expect(s.apiUrl.href).toBe('https://proxy.example.com/clanforge');
  });

  it("sends to the credentials' host when api_url is empty: Clanforge's with the keys, the successor's with a token", () => {
    expect(read(BASE).apiUrl.href).toBe('https://api.multiplay.co.uk/');
    expect(read({ token: 'tok-123456', diffid: '2' }).apiUrl.href).toBe('https://api.multiplay.dev/');
    expect(read({ token: 'tok-123456', diffid: '2', api_url: 'https://api.multiplay.co.uk' }).apiUrl.href).toBe(
      'https://api.multiplay.co.uk/'
    );
  });

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['0', false]
  ])('accepts boolean %s', (text, value) => {
    expect(read({ ...BASE, restart: text, full: text, force: text, wait: text })).toMatchObject({
      restart: value,
      full: value,
      force: value,
      wait: { kind: value ? 'job' : 'none' }
    });
  });

  it.each(['yes', 'on', '2', 'tru'])('rejects boolean %s, naming the input, value and accepted form', (text) => {
    expect(problems({ ...BASE, wait: text })).toEqual([
      `input 'wait' is '${text}': expected a boolean: true or false (also True, TRUE, False, FALSE, 1, 0)`
    ]);
  });

  it('requires a token or the keys, naming the two ways', () => {
    const found = problems({ accountserviceid: '1', diffid: '2' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^no credentials: inputs 'token', 'access_key' and 'secret_key' are all empty; give either token .* or access_key and secret_key/
    );
  });

  it.each([
    [
      'token and both keys',
      { token: 'tok-123456', access_key: 'AK-key-01', secret_key: 'SK-key-01' },
      /^inputs 'token', 'access_key' and 'secret_key' are all given: give either token/
    ],
    ['token and access_key', { token: 'tok-123456', access_key: 'AK-key-01' }, /^inputs 'token' and 'access_key' are both given/],
    ['access_key alone', { access_key: 'AK-key-01' }, /^input 'secret_key' is required with 'access_key': the keys come as a pair/],
    ['secret_key alone', { secret_key: 'SK-key-01' }, /^input 'access_key' is required with 'secret_key'/]
  ])('refuses %s without echoing a value', (_name, given, expected) => {
    const found = problems({ accountserviceid: '1', diffid: '2', ...given });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
    for (const value of Object.values(given)) expect(found[0]).not.toContain(`'${value}'`);
  });

  it('takes a token with or without accountserviceid, which a rollout wait needs', () => {
    expect(read({ token: 'tok-123456', diffid: '2' }).auth).toEqual({ kind: 'token', token: 'tok-123456', accountServiceId: undefined });
    expect(read({ token: 'tok-123456', diffid: '2', accountserviceid: '9' }).auth).toEqual({
      kind: 'token',
      token: 'tok-123456',
      accountServiceId: 9
    });
    expect(problems({ token: 'tok-123456', diffid: '2', imageid: '77', wait_for: 'rollout' })).toEqual([
      expect.stringMatching(/^input 'accountserviceid' is required with 'token' when 'wait_for' is 'rollout': the rollout status path/)
    ]);
    expect(read({ token: 'tok-123456', diffid: '2', imageid: '77', wait_for: 'rollout', accountserviceid: '9' }).wait).toEqual({
      kind: 'rollout',
      imageId: 77,
      maxFailedMachines: 0,
      accountServiceId: 9
    });
  });

  it("rejects an access key with ':' without showing it", () => {
    const found = problems({ ...BASE, access_key: 'abcd:efgh' });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("input 'access_key'");
    expect(found[0]).not.toContain('abcd:efgh');
  });

  it.each(['0', '-1', 'abc', '1.5', '12e3', '99999999999999999999'])('rejects diffid and accountserviceid %s', (text) => {
    const found = problems({ ...BASE, diffid: text, accountserviceid: text });
    expect(found).toEqual([
      `input 'accountserviceid' is '${text}': expected a positive integer, for example 12345`,
      `input 'diffid' is '${text}': expected a positive integer, for example 12345`
    ]);
  });

  it('requires accountserviceid (with the keys) and diffid', () => {
    expect(problems({ access_key: 'access-a', secret_key: 'secret-b' })).toEqual([
      "input 'accountserviceid' is required with 'access_key' and 'secret_key': Clanforge's v1 image calls take the account service id the keys have access to (a positive integer, for example 12345)",
      "input 'diffid' is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid"
    ]);
  });

  it('reports all problems at once', () => {
    const found = problems({
      diffid: 'x',
      wait: 'maybe',
      install_at: 'tomorrow',
      disable_timeout: '5',
      api_url: 'http://example.com',
      wait_timeout: '7h',
      poll_interval: '0'
    });
    expect(found.map((p) => /'(\w+)'/.exec(p)?.[1])).toEqual([
      'token',
      'diffid',
      'wait',
      'install_at',
      'disable_percentage',
      'wait_timeout',
      'poll_interval',
      'api_url'
    ]);
    expect(new InputError(found).message).toMatch(/^Invalid inputs \(8\):\n- no credentials/);
  });

  it('takes game_build as any string', () => {
    expect(read({ ...BASE, game_build: 'build #42 & "more"/ü' }).gameBuild).toBe('build #42 & "more"/ü');
  });

  it('needs disable_timeout and disable_percentage together', () => {
    expect(problems({ ...BASE, disable_percentage: '50' })).toEqual([
      "input 'disable_timeout' is required when 'disable_percentage' is given: Clanforge takes disable_timeout (whole minutes) and disable_percentage (0.00 to 100.00) together"
    ]);
    expect(problems({ ...BASE, disable_timeout: '10' })[0]).toMatch(
      /^input 'disable_percentage' is required when 'disable_timeout' is given/
    );
  });

  it.each(['0', '100', '100.00', '0.5', '99.99', '50'])('accepts disable_percentage %s', (text) => {
    expect(read({ ...BASE, disable_timeout: '1', disable_percentage: text }).disablePercentage).toBe(text);
  });

  it.each(['100.01', '101', '-1', '50.123', 'abc', '1e2'])('rejects disable_percentage %s', (text) => {
    expect(problems({ ...BASE, disable_timeout: '1', disable_percentage: text })).toEqual([
      `input 'disable_percentage' is '${text}': expected a decimal from 0.00 to 100.00, e.g. 90 or 97.5`
    ]);
  });

  it.each(['0', '1.5', 'x'])('rejects disable_timeout %s', (text) => {
    expect(problems({ ...BASE, disable_timeout: text, disable_percentage: '50' })).toEqual([
      `input 'disable_timeout' is '${text}': expected a positive integer, for example 12345`
    ]);
  });

  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['21600', 21_600_000],
    ['6h', 21_600_000],
    ['1', 1000]
  ])('accepts wait_timeout %s', (text, ms) => {
    expect(read({ ...BASE, wait_timeout: text }).waitTimeoutMs).toBe(ms);
  });

  it.each(['0', '6h1s', '21601', '1d', '-5', '10 m', 'soon', '1.5h'])('rejects wait_timeout %s', (text) => {
    expect(problems({ ...BASE, wait_timeout: text })).toEqual([
      `input 'wait_timeout' is '${text}': expected seconds or a duration such as 90s, 30m, 2h, 1h30m; more than 0 and at most 6h`
    ]);
  });

  it.each([
    ['1', 1000],
    ['10', 10_000],
    ['15s', 15_000],
    ['1m', 60_000]
  ])('accepts poll_interval %s', (text, ms) => {
    expect(read({ ...BASE, poll_interval: text }).pollIntervalMs).toBe(ms);
  });

  it.each(['0', '0.5', 'fast', '-1'])('rejects poll_interval %s', (text) => {
    expect(problems({ ...BASE, poll_interval: text })[0]).toBe(
      `input 'poll_interval' is '${text}': expected whole seconds >= 1 (or a duration such as 15s, 1m)`
    );
  });

  it('redacts credentials in a rejected api_url', () => {
    const found = problems({ ...BASE, api_url: 'https://user:hunter2@example.com' });
    expect(found[0]).toContain("input 'api_url' is 'https://***@example.com'");
    expect(found[0]).not.toContain('hunter2');
  });
});

describe('diff source inputs', () => {
  const NO_DIFF = { access_key: 'AK-key-01', secret_key: 'SK-key-01', accountserviceid: '12345' };

  it('makes the diff from imageid and machineid, optionally after an update from a URL', () => {
    expect(
      read({ ...NO_DIFF, imageid: '77', machineid: '9', update_url: 'https://bucket.example.com/b.zip?sig=abc', update_desc: 'nightly' })
    ).toMatchObject({
      source: { kind: 'build', imageId: 77, machineId: 9, update: { url: 'https://bucket.example.com/b.zip?sig=abc', desc: 'nightly' } }
    });
    expect(read({ ...NO_DIFF, imageid: '77', machineid: '9' }).source).toEqual({ kind: 'build', imageId: 77, machineId: 9 });
  });

  it('needs the other of imageid and machineid', () => {
    expect(problems({ ...NO_DIFF, imageid: '77' })).toEqual([
      "input 'machineid' is required when 'diffid' is not given: the action makes the diff from imageid and machineid (positive integers)"
    ]);
  });

  it('refuses machineid and update_url next to diffid', () => {
    expect(problems({ ...BASE, machineid: '9', update_url: 'https://x.example.com/b.zip' })).toEqual([
      "input 'machineid' is not used with 'diffid': give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)",
      "input 'update_url' is not used with 'diffid': the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid"
    ]);
  });

  it('never echoes a bad update_url, naming the accepted schemes', () => {
    const found = problems({ ...NO_DIFF, imageid: '1', machineid: '2', update_url: 'ftp://secret-token@host/x' });
    expect(found).toEqual([
      "input 'update_url': the scheme is not one Clanforge takes; expected s3://, steam://, gs://, cos://, https:// or http://"
    ]);
  });

  it('refuses an S3 secret left unencoded, saying how to encode it, without the value', () => {
    const found = problems({ ...NO_DIFF, imageid: '1', machineid: '2', update_url: 's3://AKIAEXAMPLE:abc/def+ghi@bucket/builds/' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^input 'update_url': .*percent-encode each credential once/);
    expect(found[0]).not.toMatch(/AKIAEXAMPLE|abc|def|ghi|bucket/);
  });

  it.each([
    's3://AKIAEXAMPLE:abc%2Fdef%2Bghi@bucket/builds/?region=eu-west-1&handlers=10&requesttimeout=2m',
    'steam://builder:pa55word@install/740/?beta=staging&betapassword=b3tapass&guardcode=AB12C',
    'steam://anonymous@install/740/',
    'gs://bucket/folder?credentials=' +
      encodeURIComponent(
        JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n' })
      ),
    'cos://bucket-1250000000.cos.ap-guangzhou.myqcloud.com/builds/',
    'https://builds.example.com/b.zip?sig=abc'
  ])('accepts the documented form %s', (url) => {
    expect(read({ ...NO_DIFF, imageid: '1', machineid: '2', update_url: url }).source).toEqual({
      kind: 'build',
      imageId: 1,
      machineId: 2,
      update: { url, desc: undefined }
    });
  });

  it('update: true alone pulls from the default update URL; update_url implies update', () => {
    expect(read({ ...NO_DIFF, imageid: '1', machineid: '2', update: 'true' }).source).toEqual({
      kind: 'build',
      imageId: 1,
      machineId: 2,
      update: { url: undefined, desc: undefined }
    });
    expect(read({ ...NO_DIFF, imageid: '1', machineid: '2', update: 'false' }).source).toEqual({ kind: 'build', imageId: 1, machineId: 2 });
    // The runner passes update's default (false) beside a given update_url.
    expect(read({ ...NO_DIFF, imageid: '1', machineid: '2', update: 'false', update_url: 'https://x.example.com/b.zip' }).source).toEqual({
      kind: 'build',
      imageId: 1,
      machineId: 2,
      update: { url: 'https://x.example.com/b.zip', desc: undefined }
    });
    expect(problems({ ...BASE, update: 'true' })).toEqual([
      "input 'update' is not used with 'diffid': the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid"
    ]);
  });

  it('keeps imageid beside a given diffid (the outcome check reads it)', () => {
    const settings = read({ ...BASE, imageid: '77' });
    expect(settings.source).toEqual({ kind: 'diff', diffId: 678 });
    expect(settings.imageId).toBe(77);
  });

  it('the image is the one imageid names, whatever the source: the build, a given diff or the rollout', () => {
    expect(read({ ...BASE }).imageId).toBeUndefined();
    expect(read({ ...BASE, diffid: '', imageid: '77', machineid: '3' }).imageId).toBe(77);
    expect(read({ ...BASE, imageid: '77', wait_for: 'rollout' }).imageId).toBe(77);
  });

  it('reads gameid as a positive integer, and refuses anything else naming the input and the form', () => {
    expect(read({ ...BASE }).gameId).toBeUndefined();
    expect(read({ ...BASE, gameid: '501' }).gameId).toBe(501);
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999999999999']) {
      expect(() => read({ ...BASE, gameid: bad })).toThrow(`input 'gameid' is '${bad}': expected a positive integer, for example 12345`);
    }
  });

  it('reads full auto, on_no_changes and reject_locking_diff', () => {
    expect(read({ ...BASE, full: 'auto', on_no_changes: 'skip', reject_locking_diff: 'true' })).toMatchObject({
      full: 'auto',
      onNoChanges: 'skip',
      rejectLockingDiff: true
    });
    expect(problems({ ...BASE, full: 'sometimes', on_no_changes: 'ignore' })).toEqual([
      "input 'full' is 'sometimes': expected a boolean: true or false (also True, TRUE, False, FALSE, 1, 0), or auto (full only when the diff has no changes)",
      "input 'on_no_changes' is 'ignore': expected deploy (a full version), skip (reject the empty diff, create nothing, succeed) or fail (reject it and fail)"
    ]);
  });
});

describe('rollout inputs', () => {
  it('waits for the rollout of imageid, which implies wait', () => {
    expect(read({ ...BASE, wait_for: 'rollout', imageid: '77', max_failed_machines: '2', wait: 'false' })).toMatchObject({
      wait: { kind: 'rollout', imageId: 77, maxFailedMachines: 2 }
    });
    expect(read({ ...BASE, wait_for: 'job', imageid: '77' })).toMatchObject({
      wait: { kind: 'none' },
      source: { kind: 'diff', diffId: 678 }
    });
  });

  it('needs imageid for a rollout wait', () => {
    expect(problems({ ...BASE, wait_for: 'rollout' })).toEqual([
      "input 'imageid' is required when 'wait_for' is 'rollout': the id of the image whose rollout to wait for, a positive integer"
    ]);
  });

  it('rejects bad wait_for, imageid and max_failed_machines', () => {
    expect(problems({ ...BASE, wait_for: 'fleet', imageid: 'x', max_failed_machines: '-1' })).toEqual([
      "input 'wait_for' is 'fleet': expected 'job' (until the image version job ends) or 'rollout' (then until no machine is pending)",
      "input 'imageid' is 'x': expected a positive integer, for example 12345",
      "input 'max_failed_machines' is '-1': expected a whole number >= 0, e.g. 0 or 2"
    ]);
  });
});

describe('parseDuration', () => {
  it('parses seconds and unit forms', () => {
    expect(parseDuration('45')).toBe(45);
    expect(parseDuration('1h2m3s')).toBe(3723);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('1x')).toBeUndefined();
  });
});

describe('parseInstallAt', () => {
  it.each([
    ['1767236400', 1767236400],
    ['2026-12-01T03:00:00Z', 1796094000],
    ['2026-12-01T04:00:00+01:00', 1796094000],
    ['2026-12-01 03:00Z', 1796094000],
    ['2026-12-01T03:00:00.900Z', 1796094000],
    ['2026-12-01T04:30:00+0130', 1796094000]
  ])('accepts %s', (text, seconds) => {
    expect(parseInstallAt(text)).toBe(seconds);
  });

  it.each([
    '2026-12-01',
    '2026-12-01T03:00:00',
    'NOW()',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-01T24:00:00Z',
    '0',
    'tomorrow'
  ])('rejects %s', (text) => {
    expect(parseInstallAt(text)).toBeUndefined();
    expect(problems({ ...BASE, install_at: text })).toEqual([
      `input 'install_at' is '${text}': expected unix seconds (e.g. 1767236400) or an ISO-8601 date-time with a zone (e.g. 2026-12-01T03:00:00Z)`
    ]);
  });
});

describe('parseApiUrl', () => {
  it.each([
    ['https://api.multiplay.co.uk', 'https://api.multiplay.co.uk/'],
    ['https://gw.example.com/prefix/', 'https://gw.example.com/prefix'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['http://127.1.2.3:9', 'http://127.1.2.3:9/'],
    ['http://localhost:8080/', 'http://localhost:8080/'],
    ['http://[::1]:8080', 'http://[::1]:8080/']
  ])('accepts %s', (text, href) => {
    expect(parseApiUrl(text)?.href).toBe(href);
  });

  it.each([
    'http://api.multiplay.co.uk',
    'http://10.0.0.1',
    'http://127.example.com',
    'ftp://127.0.0.1',
    'api.multiplay.co.uk',
    'https://a.com/?x=1',
    'https://a.com/#f',
    'https://u:p@a.com'
  ])('rejects %s', (text) => {
    expect(parseApiUrl(text)).toBeUndefined();
  });
});

describe('environment, github_token and dry_run', () => {
  it.each([
    ['no environment: no deployment, whatever the token', { github_token: 'ghs_x' }, undefined],
    ['environment and token', { environment: 'production', github_token: 'ghs_x' }, { environment: 'production', token: 'ghs_x' }],
    [
      'environment without a token: the record warns at run time, the step goes on',
      { environment: 'staging' },
      { environment: 'staging', token: '' }
    ]
  ])('%s', (_name, inputs, deployment) => {
    expect(read({ ...BASE, ...inputs }).deployment).toEqual(deployment);
  });

  it.each([
    ['dry_run true', { dry_run: 'true' }, true],
    ['dry_run 1', { dry_run: '1' }, true],
    ['dry_run default', {}, false]
  ])('%s', (_name, inputs, dryRun) => {
    expect(read({ ...BASE, ...inputs }).dryRun).toBe(dryRun);
  });

  it('refuses a dry_run that is not a boolean, and an environment GitHub would refuse, naming them; never echoes the token', () => {
    const found = problems({ ...BASE, dry_run: 'yes', environment: 'x'.repeat(256), github_token: 'ghs_secret' });
    expect(found).toEqual([
      expect.stringMatching(/^input 'environment' is 'x{80}…': expected a GitHub environment name on one line, at most 255 characters/),
      expect.stringMatching(/^input 'dry_run' is 'yes': expected a boolean/)
    ]);
    expect(found.join('\n')).not.toContain('ghs_secret');
  });
});

describe('control characters: one rule for every input', () => {
  /** A valid value of each input, given beside BASE (machineid/imageid make the diff; environment reads github_token). */
  const VALID: Record<string, string> = {
    token: '',
    access_key: 'AK-key-01',
    secret_key: 'SK-key-01',
    accountserviceid: '12345',
    diffid: '678',
    machineid: '',
    update: 'false',
    update_url: '',
    update_desc: 'nightly build',
    on_no_changes: 'deploy',
    reject_locking_diff: 'false',
    restart: 'false',
    full: 'auto',
    game_build: '1.4.2',
    force: 'false',
    install_at: '1767236400',
    disable_timeout: '30',
    disable_percentage: '90',
    wait: 'true',
    wait_timeout: '1h',
    poll_interval: '10',
    wait_for: 'job',
    imageid: '77',
    gameid: '5',
    max_failed_machines: '0',
    api_url: 'https://api.multiplay.co.uk',
    environment: 'production',
    github_token: 'ghs_tokenValue123',
    dry_run: 'false'
  };
  /** Inputs whose value is refused with a control character anywhere inside it (an input that takes a URL gets one that parses). */
  const SAMPLE: Record<string, string> = {
    ...VALID,
    update_url: 'https://builds.example.net/server.zip',
    token: 'mp_tokenValue123'
  };
  const SECRET = new Set(['token', 'access_key', 'secret_key', 'update_url', 'github_token']);
  /** token and the keys cannot be given together: each is tested without the other way. */
  const beside = (name: string): Record<string, string> =>
    name === 'token' ? { ...VALID, access_key: '', secret_key: '', token: SAMPLE.token ?? '' } : VALID;
  const CHARACTERS: [string, string][] = [
    ['NEL (U+0085)', '\u0085'],
    ['CSI (U+009B)', '\u009b'],
    ['ESC (U+001B)', '\u001b'],
    ['NUL (U+0000)', '\u0000'],
    ['DEL (U+007F)', '\u007f'],
    ['a line break (U+000A)', '\n'],
    ['a tab (U+0009)', '\t']
  ];
  const rows = Object.keys(VALID).flatMap((name) =>
    CHARACTERS.filter(([, char]) => !['update_desc', 'game_build'].includes(name) || !['\n', '\t'].includes(char)).map(
      ([what, char]) => [name, what, char] as const
    )
  );

  it('covers every input of action.yml', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: object };
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(action.inputs).sort());
    // The valid values are valid: the rows below fail only for the character they add.
    expect(() => read(VALID)).not.toThrow();
    expect(() => read(beside('token'))).not.toThrow();
  });

  it.each(rows)('%s with %s: an input error naming the input and the code point, never the value', (name, _what, char) => {
    // Inside the value: the runner trims blanks at either end (core.getInput).
    const value = `${(SAMPLE[name] ?? '').slice(0, 4) || 'x'}${char}${(SAMPLE[name] ?? '').slice(4) || 'x'}`;
    const found = problems({ ...beside(name), [name]: value });
    const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    expect(found[0]).toBe(
      ['update_desc', 'game_build'].includes(name)
        ? `input '${name}': contains the control character ${code}; remove it (of the control characters, only tab, LF and CR are allowed in ${name})`
        : `input '${name}': contains the control character ${code}; remove it (control characters (U+0000–U+001F, U+007F–U+009F) are refused in every input; update_desc and game_build may hold tabs and line breaks)`
    );
    // One problem for the input: no second one about a value the user did not mean to give.
    expect(found.filter((p) => p.includes(`'${name}'`))).toHaveLength(1);
    const shown = found.join('\n');
    if (SECRET.has(name)) {
      expect(shown).not.toContain(value);
      expect(shown).not.toContain((SAMPLE[name] ?? '').slice(4));
    }
    expect(shown).not.toContain(char);
  });

  it('update_desc and game_build, the free strings, keep tabs and line breaks: a commit message is a natural description', () => {
    expect(read({ ...VALID, update_desc: 'Fix the lobby\n\n\tCo-authored-by: someone\r\n' }).gameBuild).toBe('1.4.2');
    expect(read({ ...VALID, game_build: '1.4.2\tnightly\r\nrc' }).gameBuild).toBe('1.4.2\tnightly\r\nrc');
  });

  it('names up to three code points, and the other problems are still listed', () => {
    const found = problems({ ...VALID, install_at: '\u0080\u0081\u0082\u0083', diffid: 'x' });
    expect(found).toEqual([
      "input 'install_at': contains the control character U+0080, U+0081, U+0082 and 1 more; remove it (control characters (U+0000–U+001F, U+007F–U+009F) are refused in every input; update_desc and game_build may hold tabs and line breaks)",
      "input 'diffid' is 'x': expected a positive integer, for example 12345"
    ]);
  });
});
