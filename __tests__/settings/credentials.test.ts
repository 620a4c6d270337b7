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
    expect(readCredentials({ ...NONE, accessKey: 'AK', secretKey: 'SK', accountServiceId: '12345' })).toEqual({
      ok: true,
      credentials: { kind: 'keys', accessKey: 'AK', secretKey: 'SK' },
      accountServiceId: 12345
    });
  });

  it('takes a token without an ASID, and with one', () => {
    expect(readCredentials({ ...NONE, token: 'mp_abc.DEF-123' })).toEqual({
      ok: true,
      credentials: { kind: 'token', token: 'mp_abc.DEF-123' },
      accountServiceId: undefined
    });
    expect(readCredentials({ ...NONE, token: 'tok', accountServiceId: '77' })).toEqual({
      ok: true,
      credentials: { kind: 'token', token: 'tok' },
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
    [{ token: 'T0KEN', accessKey: 'AK', secretKey: 'SK' }, "inputs 'token', 'access_key' and 'secret_key' are all given"],
    [{ token: 'T0KEN', accessKey: 'AK' }, "inputs 'token' and 'access_key' are both given"],
    [{ token: 'T0KEN', secretKey: 'SK' }, "inputs 'token' and 'secret_key' are both given"]
  ])('refuses a token beside keys (%o), naming both ways and never a value', (inputs, named) => {
    const list = problems({ ...inputs, accountServiceId: '1' });
    expect(list).toHaveLength(1);
    expect(list[0]).toContain(named);
    expect(list[0]).toMatch(/either token .* or access_key and secret_key/);
    expect(list[0]).not.toContain('T0KEN');
    for (const value of ['AK', 'SK']) expect(list[0]).not.toContain(`'${value}'`);
  });

  it.each([
    [{ accessKey: 'AK' }, 'secret_key', 'access_key'],
    [{ secretKey: 'SK' }, 'access_key', 'secret_key']
  ])('refuses half a pair (%o)', (inputs, missing, given) => {
    const list = problems({ ...inputs, accountServiceId: '1' });
    expect(list).toEqual([expect.stringContaining(`input '${missing}' is required with '${given}'`)]);
    expect(list[0]).toMatch(/either token/);
  });
});

describe('readCredentials: accountserviceid', () => {
  it('is required with the keys, saying why', () => {
    expect(problems({ accessKey: 'AK', secretKey: 'SK' })).toEqual([
      expect.stringMatching(/^input 'accountserviceid' is required with 'access_key' and 'secret_key'/)
    ]);
  });

  it('is optional with a token for wait_for job', () => {
    expect(problems({ token: 'tok', waitFor: 'job' })).toEqual([]);
    expect(problems({ token: 'tok' })).toEqual([]);
  });

  it('is required with a token for wait_for rollout, naming the rollout path', () => {
    const list = problems({ token: 'tok', waitFor: 'rollout' });
    expect(list).toEqual([expect.stringMatching(/^input 'accountserviceid' is required with 'token' when 'wait_for' is 'rollout'/)]);
    expect(list[0]).toContain('/cfp/v2/project/{accountserviceid}/image/{imageid}/status');
    expect(problems({ token: 'tok', waitFor: 'rollout', accountServiceId: '5' })).toEqual([]);
  });

  it.each(['0', '-1', '12a', '1.5', '9007199254740993'])('refuses %s as an ASID, with every dialect', (asid) => {
    for (const inputs of [{ token: 'tok' }, { accessKey: 'AK', secretKey: 'SK' }, {}]) {
      expect(problems({ ...inputs, accountServiceId: asid })).toContain(
        `input 'accountserviceid' is '${asid}': expected a positive integer, for example 12345`
      );
    }
  });
});

describe('readCredentials: values', () => {
  it("refuses an access_key holding ':' without showing it", () => {
    const list = problems({ accessKey: 'ab:cd', secretKey: 'SK', accountServiceId: '1' });
    expect(list).toEqual(["input 'access_key': expected a key without ':' (Basic authentication cannot carry it)"]);
  });

  it("accepts a secret_key holding ':' and one-character keys (every non-empty key is masked)", () => {
    expect(problems({ accessKey: 'a', secretKey: 's:e:c', accountServiceId: '1' })).toEqual([]);
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
    expect(authorizationValue({ kind: 'keys', accessKey: 'AK', secretKey: 'SK' })).toBe(`Basic ${Buffer.from('AK:SK').toString('base64')}`);
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
