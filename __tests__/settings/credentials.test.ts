import {
  authorizationValue,
  credentialSecrets,
  inputSecrets,
  readCredentials,
  type CredentialInputs
} from '../../src/settings/credentials.ts';

const NONE: CredentialInputs = { token: '', accessKey: '', secretKey: '', accountServiceId: '', waitFor: '' };

function problems(inputs: Partial<CredentialInputs>): readonly string[] {
  const result = readCredentials({ ...NONE, ...inputs });
  return result.ok ? [] : result.problems;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(s).join('***');
  return result;
}

describe('readCredentials: exactly one way', () => {
  it('takes the keys with an ASID', () => {
    expect(readCredentials({ ...NONE, accessKey: 'AK-key-01', secretKey: 'SK-key-01', accountServiceId: '12345' })).toEqual({
      ok: true,
      credentials: { kind: 'keys', accessKey: 'AK-key-01', secretKey: 'SK-key-01' },
      accountServiceId: 12345
    });
  });

  it('takes a token without an ASID, and with one', () => {
    expect(readCredentials({ ...NONE, token: 'mp_abc.DEF-123' })).toEqual({
      ok: true,
      credentials: { kind: 'token', token: 'mp_abc.DEF-123' },
      accountServiceId: undefined
    });
    expect(readCredentials({ ...NONE, token: 'tok-12345', accountServiceId: '77' })).toEqual({
      ok: true,
      credentials: { kind: 'token', token: 'tok-12345' },
      accountServiceId: 77
    });
  });

  it('refuses neither, naming both ways', () => {
    const [problem, ...rest] = problems({ accountServiceId: '1' });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/no credentials/);
    expect(problem).toMatch(/token/);
    expect(problem).toMatch(/access_key and secret_key/);
    expect(problem).toMatch(/Bearer/);
    expect(problem).toMatch(/Basic/);
  });

  it.each([
    [{ token: 'T0KEN', accessKey: 'AK-key-01', secretKey: 'SK-key-01' }, "inputs 'token', 'access_key' and 'secret_key' are all given"],
    [{ token: 'T0KEN', accessKey: 'AK-key-01' }, "inputs 'token' and 'access_key' are both given"],
    [{ token: 'T0KEN', secretKey: 'SK-key-01' }, "inputs 'token' and 'secret_key' are both given"]
  ])('refuses a token beside keys (%o), naming both ways and never a value', (inputs, named) => {
    const list = problems({ ...inputs, accountServiceId: '1' });
    expect(list).toHaveLength(1);
    expect(list[0]).toContain(named);
    expect(list[0]).toMatch(/either token .* or access_key and secret_key/);
    expect(list[0]).not.toContain('T0KEN');
    for (const value of ['AK-key-01', 'SK-key-01']) expect(list[0]).not.toContain(`'${value}'`);
  });

  it.each([
    [{ accessKey: 'AK-key-01' }, 'secret_key', 'access_key'],
    [{ secretKey: 'SK-key-01' }, 'access_key', 'secret_key']
  ])('refuses half a pair (%o)', (inputs, missing, given) => {
    const list = problems({ ...inputs, accountServiceId: '1' });
    expect(list).toEqual([expect.stringContaining(`input '${missing}' is required with '${given}'`)]);
    expect(list[0]).toMatch(/either token/);
  });
});

describe('readCredentials: accountserviceid', () => {
  it('is required with the keys, saying why', () => {
    expect(problems({ accessKey: 'AK-key-01', secretKey: 'SK-key-01' })).toEqual([
      expect.stringMatching(/^input 'accountserviceid' is required with 'access_key' and 'secret_key'/)
    ]);
  });

  it('is optional with a token for wait_for job', () => {
    expect(problems({ token: 'tok-12345', waitFor: 'job' })).toEqual([]);
    expect(problems({ token: 'tok-12345' })).toEqual([]);
  });

  it('is required with a token for wait_for rollout, naming the rollout path', () => {
    const list = problems({ token: 'tok-12345', waitFor: 'rollout' });
    expect(list).toEqual([expect.stringMatching(/^input 'accountserviceid' is required with 'token' when 'wait_for' is 'rollout'/)]);
    expect(list[0]).toContain('/cfp/v2/project/{accountserviceid}/image/{imageid}/status');
    expect(problems({ token: 'tok-12345', waitFor: 'rollout', accountServiceId: '5' })).toEqual([]);
  });

  it.each(['0', '-1', '12a', '1.5', '9007199254740993'])('refuses %s as an ASID, with every dialect', (asid) => {
    for (const inputs of [{ token: 'tok-12345' }, { accessKey: 'AK-key-01', secretKey: 'SK-key-01' }, {}]) {
      expect(problems({ ...inputs, accountServiceId: asid })).toContain(
        `input 'accountserviceid' is '${asid}': expected a positive integer, for example 12345`
      );
    }
  });
});

describe('readCredentials: values', () => {
  it("refuses an access_key holding ':' without showing it", () => {
    const list = problems({ accessKey: 'abcd:efgh', secretKey: 'SK-key-01', accountServiceId: '1' });
    expect(list).toEqual(["input 'access_key': expected a key without ':' (Basic authentication cannot carry it)"]);
  });

  it("accepts a secret_key holding ':'", () => {
    expect(problems({ accessKey: 'access-a', secretKey: 's:e:c:r:e:t', accountServiceId: '1' })).toEqual([]);
  });

  const SHORT = (input: string): string =>
    `input '${input}' is too short: expected at least 8 characters; Clanforge and Multiplay credentials are longer: check the secret`;

  it('refuses keys shorter than 8 characters, naming each input and the rule, never the value', () => {
    expect(problems({ accessKey: '4', secretKey: '2', accountServiceId: '1' })).toEqual([SHORT('access_key'), SHORT('secret_key')]);
    expect(problems({ accessKey: 'AK-key-0', secretKey: 'SK-key1', accountServiceId: '1' })).toEqual([SHORT('secret_key')]);
    expect(problems({ accessKey: 'AK-key-0', secretKey: 'SK-key-0', accountServiceId: '1' })).toEqual([]);
    // Characters, not bytes: eight non-ASCII characters are enough.
    expect(problems({ accessKey: 'ключ-доступ', secretKey: 'éééééééé', accountServiceId: '1' })).toEqual([]);
  });

  it('refuses a token shorter than 8 characters the same way', () => {
    const list = problems({ token: 'tok-123' });
    expect(list).toEqual([SHORT('token')]);
    expect(list[0]).not.toContain("'tok-123'");
    expect(problems({ token: 'tok-1234' })).toEqual([]);
  });

  it("lists a short access_key beside one holding ':'", () => {
    expect(problems({ accessKey: 'a:b', secretKey: 'SK-key-01', accountServiceId: '1' })).toEqual([
      "input 'access_key': expected a key without ':' (Basic authentication cannot carry it)",
      SHORT('access_key')
    ]);
  });

  it.each([
    ['tok en', /space or tab/],
    ['tok\ten', /space or tab/],
    ['tok\nen', /line break/],
    ['tok\ren', /line break/],
    ['tok\u0000en', /control character/],
    ['tok\u007fen', /control character/],
    ['tokén', /printable ASCII/],
    ['Bearer abc', /without the 'Bearer ' prefix/]
  ])('refuses the token %j as an input error that does not show it', (token, reason) => {
    const list = problems({ token });
    expect(list).toEqual([expect.stringMatching(reason)]);
    expect(list[0]).toMatch(/^input 'token'/);
    expect(list[0]).not.toContain(token);
  });
});

describe('authorization and masks', () => {
  it('builds the header value of each dialect', () => {
    expect(authorizationValue({ kind: 'keys', accessKey: 'AK-key-01', secretKey: 'SK-key-01' })).toBe(
      `Basic ${Buffer.from('AK-key-01:SK-key-01').toString('base64')}`
    );
    expect(authorizationValue({ kind: 'token', token: 'tok.en' })).toBe('Bearer tok.en');
  });

  it('masks the keys and the Basic value in every form; no key survives redaction of any header or query echo', () => {
    const keys = { kind: 'keys', accessKey: 'AKIA/EX+1', secretKey: 'wJalr/XUt+nF=' } as const;
    const secrets = credentialSecrets(keys);
    const header = authorizationValue(keys);
    const base64 = header.slice('Basic '.length);
    expect(base64).toMatch(/[+/=]/);
    const text = [
      header,
      base64,
      encodeURIComponent(base64),
      keys.accessKey,
      keys.secretKey,
      encodeURIComponent(keys.accessKey),
      new URLSearchParams({ k: keys.secretKey }).toString(),
      JSON.stringify({ s: keys.secretKey })
    ].join('\n');
    const out = redact(text, secrets);
    for (const part of [
      base64,
      encodeURIComponent(base64),
      keys.accessKey,
      keys.secretKey,
      encodeURIComponent(keys.secretKey),
      'wJalr%2FXUt%2BnF%3D'
    ]) {
      expect(out).not.toContain(part);
    }
    expect(out).toContain('Basic ***');
  });

  it('masks the token in every form', () => {
    const token = 'mp.a+b/c=d';
    const out = redact(
      `Bearer ${token} ${encodeURIComponent(token)} ${new URLSearchParams({ t: token })}`,
      credentialSecrets({ kind: 'token', token })
    );
    expect(out).toBe('Bearer *** *** t=***');
  });

  it('masks raw inputs before validation, also when they are refused', () => {
    const secrets = inputSecrets({ token: 'tok en', accessKey: 'ab:cd', secretKey: '' });
    expect(secrets).toEqual(expect.arrayContaining(['tok en', 'ab:cd', Buffer.from('ab:cd:').toString('base64')]));
    expect(inputSecrets({ token: '', accessKey: '', secretKey: '' })).toEqual([]);
  });
});
