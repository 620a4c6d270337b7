import { generateKeyPairSync } from 'node:crypto';
import {
  MIN_RANDOM_BITS,
  MIN_RANDOM_LENGTH,
  buildSourceSecrets,
  entropyBits,
  parseBuildSource,
  randomLooking,
  secretParamName
} from '../../src/settings/build-source.ts';
import { runnerMasks, safeAlone } from '../../src/settings/secret-forms.ts';

/** As the action's in-process redaction does it: longest first. */
function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s !== '') result = result.split(s).join('***');
  return result;
}

/** As the runner does it: each registered single-line secret replaced in each log line. */
function runnerRedact(text: string, secrets: readonly string[]): string {
  const masks = runnerMasks(secrets);
  return text
    .split('\n')
    .map((line) => redact(line, masks))
    .join('\n');
}

function ok(url: string) {
  const result = parseBuildSource(url);
  if (!result.ok) throw new Error(`expected ${url} to be accepted: ${result.problems.join('; ')}`);
  return result;
}

function problems(url: string): readonly string[] {
  const result = parseBuildSource(url);
  if (result.ok) throw new Error(`expected ${url} to be refused`);
  return result.problems;
}

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const STEAM_PASSWORD = 'p@ss/w+rd!#x';
const BETA_PASSWORD = 'b3ta p&ss=word';
const GUARD = 'F4K2Q';

const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyLines = privateKey.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
const serviceAccount = {
  type: 'service_account',
  project_id: 'my-game',
  private_key_id: '3f1c9a0b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a',
  private_key: privateKey,
  client_email: 'builds@my-game.iam.gserviceaccount.com',
  client_id: '123456789012345678901'
};
const compactJson = JSON.stringify(serviceAccount);
const prettyJson = JSON.stringify(serviceAccount, null, 2);

interface Sample {
  name: string;
  url: string;
  /** Every secret part that must not survive redaction, as the user knows it and as it is encoded. */
  parts: string[];
  /** Extra texts a server or a tool might print (decoded JSON, a key line). */
  appearances?: string[];
}

const samples: Sample[] = [
  {
    name: 's3 with an encoded secret holding / and +',
    url: `s3://${AK}:${encodeURIComponent(SK)}@my-bucket/builds/42/?region=eu-west-1&handlers=10&requesttimeout=2m`,
    parts: [AK, SK, encodeURIComponent(SK)]
  },
  {
    name: 'steam with password, beta password and guard code',
    url: `steam://builder:${encodeURIComponent(STEAM_PASSWORD)}@install/740/?platformtype=linux&beta=staging&betapassword=${encodeURIComponent(BETA_PASSWORD)}&guardcode=${GUARD}`,
    parts: [
      STEAM_PASSWORD,
      encodeURIComponent(STEAM_PASSWORD),
      BETA_PASSWORD,
      encodeURIComponent(BETA_PASSWORD),
      new URLSearchParams({ v: BETA_PASSWORD }).toString().slice(2),
      GUARD
    ]
  },
  {
    name: 'steam with a form-encoded beta password',
    url: `steam://builder:${encodeURIComponent(STEAM_PASSWORD)}@install/740/?${new URLSearchParams({ beta: 'qa', betapassword: BETA_PASSWORD })}`,
    parts: [STEAM_PASSWORD, BETA_PASSWORD, new URLSearchParams({ v: BETA_PASSWORD }).toString().slice(2)]
  },
  {
    name: 'gs with compact service-account JSON (encodeURIComponent)',
    url: `gs://my-builds/game/42?credentials=${encodeURIComponent(compactJson)}&handlers=10`,
    parts: [
      compactJson,
      encodeURIComponent(compactJson),
      serviceAccount.private_key_id,
      JSON.stringify(privateKey).slice(1, -1),
      ...keyLines.filter((l) => safeAlone(l))
    ],
    appearances: [compactJson, prettyJson, privateKey]
  },
  {
    name: 'gs with pretty-printed JSON (URLSearchParams)',
    url: `gs://my-builds/game/42?${new URLSearchParams({ credentials: prettyJson })}`,
    parts: [prettyJson, serviceAccount.private_key_id, JSON.stringify(privateKey).slice(1, -1), ...keyLines.filter((l) => safeAlone(l))],
    appearances: [prettyJson, compactJson, privateKey]
  },
  {
    name: 'cos with keys',
    url: `cos://AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE:${encodeURIComponent('Gu5t9xGARNpq86cd98joQYCN3/EXAMPLE+')}@builds-1250000000/game/`,
    parts: [
      'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      'Gu5t9xGARNpq86cd98joQYCN3/EXAMPLE+',
      encodeURIComponent('Gu5t9xGARNpq86cd98joQYCN3/EXAMPLE+')
    ]
  },
  {
    name: 'https with credentials',
    url: `https://deploy:${encodeURIComponent('s3cr3t/pa+ss')}@builds.example.com/game-42.zip`,
    parts: ['s3cr3t/pa+ss', encodeURIComponent('s3cr3t/pa+ss')]
  },
  {
    name: 'https presigned',
    url: 'https://my-bucket.s3.eu-west-1.amazonaws.com/game.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    parts: [
      'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
      'AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/s3/aws4_request',
      'AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-1%2Fs3%2Faws4_request'
    ]
  }
];

/** The URL in every form it can travel in, and each part alone and inside a sentence, as a server may echo it. */
function logText(sample: Sample): string {
  const { url } = sample;
  const forms = [
    url,
    encodeURIComponent(url),
    new URLSearchParams({ url }).toString(),
    `GET /cfp/v1/imageupdate/create?accountserviceid=1&${new URLSearchParams({ url, desc: 'x' })}`,
    JSON.stringify({ url }),
    new URL(url).href
  ];
  const parts = sample.parts.flatMap((p) => [p, `could not log in as ${p}.`, `"${p}"`]);
  const lines = keyLines.map((l) => `  key line: ${l}`);
  return [...forms, ...parts, ...(sample.appearances ?? []), ...(sample.appearances ? lines : [])].join('\n');
}

describe('parseBuildSource: accepted forms', () => {
  it.each(samples.map((s) => [s.name, s.url] as const))('accepts %s', (_, url) => {
    expect(ok(url).secrets.length).toBeGreaterThan(0);
  });

  it.each([
    's3://my-bucket/builds/',
    'S3://my-bucket/builds/',
    'steam://anonymous:@install/740/',
    'steam://anonymous@install/740',
    'gs://my-builds/game',
    'cos://builds-1250000000/game',
    'http://builds.example.com/game.zip',
    'https://builds.example.com:8443/game.zip?version=42'
  ])('accepts %s', (url) => {
    expect(ok(url).ok).toBe(true);
  });
});

describe('parseBuildSource: refused forms say how to fix them, never showing a value', () => {
  const unencoded: [string, string][] = [
    ["a secret with '/'", `s3://${AK}:${SK}@my-bucket/builds/`],
    ["a secret with '+' only", `s3://${AK}:wJalrXUtnFEMI+K7MDENGbPxRfiCYEXAMPLEKEY@my-bucket/builds/`],
    ["a secret starting with digits, then '/' (parses as a port)", `s3://${AK}:1234/K7MDENGbPxRfiCYEXAMPLEKEY@my-bucket/builds/`],
    ["a secret with '?'", `s3://${AK}:wJalrXUtnFEMI?K7MDENG@my-bucket/builds/`],
    ["a secret with '#'", `s3://${AK}:wJalrXUtnFEMI#K7MDENG@my-bucket/builds/`],
    ["a secret with '@'", `s3://${AK}:wJalrXUtnFEMI@K7MDENG@my-bucket/builds/`],
    ["a secret with a stray '%'", `s3://${AK}:wJalrXUtnFEMI%K7MDENG@my-bucket/builds/`],
    ['a Steam password with /', 'steam://builder:pass/word@install/740/'],
    ['an https password with /', 'https://deploy:pass/word1@builds.example.com/game.zip']
  ];

  it.each(unencoded)('refuses %s with the encoding advice', (_, url) => {
    const list = problems(url);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(/^input 'update_url': /);
    expect(list[0]).toMatch(/encodeURIComponent/);
    expect(list[0]).toContain("'/' → %2F");
    expect(list[0]).toContain("'+' → %2B");
    expectNoValue(list, url);
  });

  it.each([
    [
      'ftp://files.example.com/game.zip',
      /scheme is not one Clanforge takes; expected s3:\/\/, steam:\/\/, gs:\/\/, cos:\/\/, https:\/\/ or http:\/\//
    ],
    [`${AK}:wJalrXUtnFEMI@my-bucket/builds`, /expected a build URL starting with s3:\/\//],
    ['s3://my bucket/x', /space, line break or control character/],
    ['s3://my-bucket/x\n', /space, line break or control character/],
    ['https://builds.example.net/\u0085x.zip', /space, line break or control character/],
    ['https://builds.example.net/x.zip?\u009b31m', /space, line break or control character/],
    [`s3://${AK}:${encodeURIComponent(SK)}@/builds/`, /needs a bucket name/],
    [`s3://${AK}@my-bucket/builds/`, /ACCESS_KEY:SECRET_KEY/],
    [`s3://${AK}:@my-bucket/builds/`, /ACCESS_KEY:SECRET_KEY/],
    ['s3://my-bucket:9000/builds/', /takes no port/],
    ['steam://builder:pw12345@install/game/', /numeric Steam app id/],
    ['steam://builder:pw12345@install/', /numeric Steam app id/],
    ['steam://builder:pw12345@download/740/', /the host is the word install/],
    ['steam://install/740/', /Steam user before '@'/],
    ['gs://user:pw12345@my-builds/game', /'credentials' query parameter, not before '@'/],
    ['gs://my-builds/game?credentials={"a":"b"}', /URL-encoded once/],
    [`gs://my-builds/game?credentials=${encodeURIComponent('[1,2]')}`, /service-account JSON object/],
    [`gs://my-builds/game?credentials=${encodeURIComponent('{"private_key": "abc"')}`, /service-account JSON object/],
    ['http://deploy:s3cr3tpw@builds.example.com/game.zip', /send them in clear; use https:\/\//],
    ['http://builds.example.com/game.zip?X-Amz-Signature=fe5f80f77d5fa3be', /signature or token in clear; use https:\/\//],
    ['steam://builder:pw12345@install/740/?betapassword=ab%zz', /'betapassword' parameter is not percent-encoded correctly/]
  ])('refuses %s', (url, reason) => {
    const list = problems(url);
    expect(list.join('\n')).toMatch(reason);
    expectNoValue(list, url);
  });

  function expectNoValue(list: readonly string[], url: string): void {
    const text = list.join('\n');
    expect(text).not.toContain(url);
    const credentials = /^[a-z0-9]+:\/\/([^@]*)@/i.exec(url)?.[1] ?? /^([^/@]*)@/.exec(url)?.[1];
    for (const piece of (credentials ?? '').split(/[:/?#+@%]/)) if (piece.length >= 4) expect(text).not.toContain(piece);
    for (const secret of [AK, 'wJalrXUtnFEMI', 'K7MDENG', 's3cr3tpw', 'pw12345', 'fe5f80f77d5fa3be']) expect(text).not.toContain(secret);
  }
});

describe('buildSourceSecrets: no secret part survives, in any form', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s: in-process redaction', (_, sample) => {
    const secrets = parseBuildSource(sample.url).secrets;
    const out = redact(logText(sample), secrets);
    for (const part of sample.parts) expect(out).not.toContain(part);
    expect(out).not.toContain(sample.url);
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s: runner masking (single lines, per line)', (_, sample) => {
    const secrets = parseBuildSource(sample.url).secrets;
    const out = runnerRedact(logText(sample), secrets);
    for (const part of sample.parts.filter((p) => !p.includes('\n'))) expect(out).not.toContain(part);
    for (const line of keyLines.filter((l) => safeAlone(l))) if (sample.appearances) expect(out).not.toContain(line);
  });

  it('masks the gs private key line by line, but not its armour or short lines', () => {
    const secrets = buildSourceSecrets(samples[3]!.url);
    for (const line of keyLines.filter((l) => safeAlone(l))) expect(secrets).toContain(line);
    expect(secrets).not.toContain('-----BEGIN PRIVATE KEY-----');
    expect(secrets).not.toContain('-----END PRIVATE KEY-----');
    expect(secrets.filter((s) => !s.includes('\n') && s.length < 5 && !samples[3]!.url.startsWith(s))).toEqual([]);
    // The public parts of the service account stay readable.
    expect(redact('client builds@my-game.iam.gserviceaccount.com, project my-game', secrets)).toBe(
      'client builds@my-game.iam.gserviceaccount.com, project my-game'
    );
  });

  it('masks credentials that did not parse too: what the user meant before the last @', () => {
    const url = `s3://${AK}:${SK}@my-bucket/builds/`;
    expect(parseBuildSource(url).ok).toBe(false);
    const out = redact([url, SK, AK, `denied for ${SK}`].join('\n'), buildSourceSecrets(url));
    expect(out).not.toContain(SK);
    expect(out).not.toContain(AK);
    expect(out).not.toContain('K7MDENG');
  });

  it('masks a short password or guard code only where it sits in the URL, so ordinary text stays readable', () => {
    const url = 'steam://builder:abc@install/740/?guardcode=12345';
    const secrets = ok(url).secrets;
    const text = [
      url,
      encodeURIComponent(url),
      new URLSearchParams({ url }).toString(),
      'builder:abc@',
      'guardcode=12345',
      'abc 12345 builder'
    ].join('\n');
    expect(redact(text, secrets).split('\n')).toEqual(['***', '***', 'url=***', '***', '***', 'abc 12345 builder']);
  });

  it('does not mask an anonymous Steam user, nor a Steam user name on its own', () => {
    expect(ok('steam://anonymous:@install/740/').secrets.filter((s) => s.includes('anonymous') && !s.includes('install'))).toEqual([]);
    const secrets = ok('steam://builder:longpassword1@install/740/').secrets;
    expect(redact('builder', secrets)).toBe('builder');
    expect(redact('longpassword1', secrets)).toBe('***');
  });

  it('masks the whole URL at any length and nothing for an empty one', () => {
    expect(buildSourceSecrets('s3://b')).toContain('s3://b');
    expect(buildSourceSecrets('')).toEqual([]);
  });
});

describe('buildSourceSecrets: every query value that can be a credential, by name and by shape', () => {
  it('masks pwd= and code= values on their own: a server that echoes only the values shows ***', () => {
    const url = 'https://builds.example.com/server.zip?user=ci&pwd=Hunter2-x9&code=4F8Q-2KD7&region=eu-west-1';
    const secrets = ok(url).secrets;
    expect(redact('403 Forbidden: bad password Hunter2-x9 for ci (code 4F8Q-2KD7) in eu-west-1', secrets)).toBe(
      '403 Forbidden: bad password *** for ci (code ***) in eu-west-1'
    );
  });

  it('masks a short all-digit code only as code=…: alone it would blank ids such as a diff id', () => {
    const secrets = ok('https://builds.example.com/server.zip?code=483920').secrets;
    expect(redact('rejected code=483920; diff 483920', secrets)).toBe('rejected ***; diff 483920');
  });

  it.each([
    ['X-Amz-Signature', 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'],
    ['X-Amz-Credential', 'AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/s3/aws4_request'],
    ['X-Amz-Security-Token', 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ'],
    ['AWSAccessKeyId', 'AKIAIOSFODNN7EXAMPLE'],
    ['Signature', 'vjbyPxybdZaNmGa+yT272YEAiv4='],
    ['Key-Pair-Id', 'K2JCJMDEHXQW5F'],
    ['Policy', 'eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiKiJ9XX0_'],
    ['X-Goog-Signature', '3a9f0c2b7d1e'],
    ['X-Goog-Credential', 'ci@space-game.iam.gserviceaccount.com/20260101/auto/storage/goog4_request'],
    ['GoogleAccessId', 'ci@space-game.iam.gserviceaccount.com'],
    ['sig', 'Zm9vYmFyYmF6cXV4'],
    ['OSSAccessKeyId', 'LTAI5tExampleKeyId'],
    ['x-oss-signature', 'a1b2c3d4e5f6'],
    ['security-token', 'CAIS8wF1q6Ft5B2yfSjIr5'],
    ['q-signature', 'b5f46c9e0a7d'],
    ['q-ak', 'AKIDExampleKey'],
    ['sign', 'q-sign-algorithm%3Dsha1'],
    ['hdnts', 'exp=1767225600~acl=/*~hmac=a1b2c3'],
    ['__token__', 'st=1767225600~hmac=abcdef'],
    ['access_token', 'ya29.a0Example'],
    ['client_secret', 'GOCSPX-example'],
    ['betapassword', 'b3ta-secret'],
    ['password', 'plain-pass'],
    ['pass', 'plain-pass'],
    ['pwd', 'plain-pass'],
    ['code', '4F8Q-2KD7'],
    ['apiKey', 'k-123456'],
    ['licensekey', 'LIC-99887'],
    ['auth', 'Basic-xyz12']
  ])('%s: a credential by name; its value masked alone and in the URL', (name, value) => {
    expect(secretParamName(name)).toBe(true);
    const url = `https://cdn.example.net/server.zip?${name}=${encodeURIComponent(value)}`;
    const secrets = buildSourceSecrets(url);
    const out = redact(`echoed ${name}=${value} | ${encodeURIComponent(value)} | ${value}`, secrets);
    expect(out).not.toContain(value);
    expect(out).not.toContain(encodeURIComponent(value));
  });

  it.each([
    'region',
    'handlers',
    'beta',
    'platformtype',
    'requesttimeout',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-Algorithm',
    'X-Amz-SignedHeaders',
    'se',
    'sp',
    'sv',
    'author',
    'encode',
    'bypass',
    'codec',
    'file'
  ])('%s: not a credential by name', (name) => {
    expect(secretParamName(name)).toBe(false);
  });

  it('leaves short common values readable: a region, a number, a word, a date, an algorithm, an expiry', () => {
    const url = 's3://AKIAIOSFODNN7EXAMPLE:secretkeyvalue1@space-builds/server/?region=eu-west-1&handlers=10&requesttimeout=2m';
    const steam = 'steam://builder:longpassword1@install/740/?beta=public&platformtype=linux';
    const signed =
      'https://b.example.net/s.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&se=2026-12-01T00%3A00%3A00Z&sp=r&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    const text =
      'region eu-west-1, 10 handlers, 2m, beta public on linux, AWS4-HMAC-SHA256 at 20260101T000000Z for 3600 s until 2026-12-01T00:00:00Z (r)';
    const secrets = [...ok(url).secrets, ...ok(steam).secrets, ...ok(signed).secrets];
    expect(redact(text, secrets)).toBe(text);
    for (const value of ['eu-west-1', '10', 'public', 'linux', 'AWS4-HMAC-SHA256', '20260101T000000Z', '3600']) {
      expect(secrets).not.toContain(value);
    }
  });

  it('masks a long random-looking value whatever its parameter is called', () => {
    const values = [
      '5f1c0e9ab27d84c3e6f90a1b2c3d4e5f',
      'c2VjcmV0LXRva2VuLXZhbHVlLTEyMw==',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      '0f8fad5b-d9cb-469f-a165-70867728950e'
    ];
    for (const value of values) {
      expect(randomLooking(value)).toBe(true);
      const secrets = ok(`https://cdn.example.net/server.zip?download=${encodeURIComponent(value)}`).secrets;
      expect(redact(`the server said: ${value}`, secrets)).toBe('the server said: ***');
    }
  });

  it('the shape rule: at least MIN_RANDOM_LENGTH characters of hex/base64/JWT, two character classes and MIN_RANDOM_BITS bits per character', () => {
    expect(MIN_RANDOM_LENGTH).toBe(20);
    expect(MIN_RANDOM_BITS).toBe(3);
    // Long enough, but one class, other characters, or too repetitive.
    expect(randomLooking('abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(randomLooking('12345678901234567890123')).toBe(false);
    expect(randomLooking('2026-12-01T00:00:00.000Z')).toBe(false);
    expect(randomLooking('application/octet-stream')).toBe(false);
    expect(randomLooking('aaaaaaaaaaaaaaaaaaaa1111')).toBe(false);
    expect(entropyBits('aaaaaaaaaaaaaaaaaaaa1111')).toBeLessThan(MIN_RANDOM_BITS);
    // One character short of the length.
    expect(randomLooking('AKIAIOSFODNN7EXAMPL')).toBe(false);
    expect(randomLooking('AKIAIOSFODNN7EXAMPLE')).toBe(true);
  });
});
