/**
 * The build URL of imageupdate/create (`update_url`): which schemes Clanforge takes,
 * enough shape checking to catch the usual mistake before anything is sent, and every
 * string to mask. The URL is sent as given (Clanforge wants credentials percent-encoded
 * once inside it; the client encodes the whole URL again as the `url` parameter).
 *
 * Forms (Clanforge docs; cos:// from the successor's):
 *   s3://ACCESS_KEY:SECRET_KEY@bucket/folder/?region=…&handlers=…&requesttimeout=…
 *   steam://USER:PASSWORD@install/APPID/?beta=…&betapassword=…&guardcode=…
 *   gs://bucket/folder?credentials=<URL-encoded service-account JSON>
 *   cos://…   https://…   http://… (no credentials)
 *
 * No problem shows the URL or a part of it: only which part is wrong and how to fix it.
 */
import { isObject } from '../unknown-shape.ts';
import { ACTION_INPUTS, type InputNames } from './input-names.ts';
import { maskableLines, safeAlone, secretForms, unique } from './secret-forms.ts';

export const BUILD_SCHEMES = ['s3', 'steam', 'gs', 'cos', 'https', 'http'] as const;
export type BuildScheme = (typeof BUILD_SCHEMES)[number];

export type BuildSourceResult =
  | { readonly ok: true; readonly secrets: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[]; readonly secrets: readonly string[] };

const ACCEPTED = 's3://, steam://, gs://, cos://, https:// or http://';
const ENCODE_ADVICE =
  "percent-encode each credential once before putting it in the URL (encodeURIComponent does it: '/' → %2F, '+' → %2B, '@' → %40, ':' in the key → %3A, '?' → %3F, '#' → %23, '%' → %25)";

/**
 * Query parameters whose values are credentials, by name. The name is cut into words at
 * separators and case changes (`X-Amz-Signature` → x amz signature, `AWSAccessKeyId` →
 * aws access key id, `betapassword` stays one word), and it names a credential when:
 * - a word is one of SECRET_WORDS: pwd, pass, code, key, sig, sign, auth, … (whole words
 *   only, so `author`, `encode`, `bypass` or `monkey` do not count);
 * - or the words run together hold one of SECRET_STEMS (`betapassword`, `guardcode`,
 *   `accesstoken`, `client_secret`, `x-amz-credential`, `GoogleAccessId`);
 * - or a word ends in `key`, `pwd`, `token` or `secret` (`licensekey`, `userpwd`).
 *
 * The cloud vendors' signed-URL credentials are covered: AWS SigV4 `X-Amz-Signature`,
 * `X-Amz-Credential` (it holds the access key id), `X-Amz-Security-Token`; SigV2 and
 * CloudFront `Signature`, `AWSAccessKeyId`, `Key-Pair-Id`, `Policy`; Google Cloud Storage
 * `X-Goog-Signature`, `X-Goog-Credential`, `GoogleAccessId`; Azure SAS `sig`; Alibaba OSS
 * `OSSAccessKeyId`, `x-oss-signature`, `x-oss-credential`, `security-token`; Tencent COS
 * `q-signature`, `q-ak`, `sign`, `x-cos-security-token`; Akamai `hdnts`, `__token__`;
 * Steam's `betapassword` and `guardcode`. A signed URL's public parts (`X-Amz-Date`,
 * `X-Amz-Expires`, `X-Amz-Algorithm`, Azure's `se`, `sp`, `sv`: times, permissions,
 * versions) are not credentials and stay readable.
 */
const SECRET_WORDS = new Set([
  'pwd',
  'pass',
  'passwd',
  'password',
  'passphrase',
  'code',
  'key',
  'sig',
  'sign',
  'signature',
  'auth',
  'token',
  'secret',
  'credential',
  'credentials',
  'cred',
  'creds',
  'policy',
  'session',
  'jwt',
  'otp',
  'hmac',
  'sas',
  'ak',
  'hdnts'
]);
const SECRET_STEMS =
  /passw|passphrase|passcode|authcode|accesscode|guard|secret|token|signature|credential|session|authoriz|apikey|accesskey|privatekey|googleaccessid/;
const SECRET_SUFFIX = /(?:key|pwd|token|secret)$/;

/** The words of a parameter name, lower-case: `X-Amz-Signature` → x, amz, signature; `AWSAccessKeyId` → aws, access, key, id. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** True when the parameter's name says its value is a credential (see SECRET_WORDS). */
export function secretParamName(name: string): boolean {
  const words = nameWords(name);
  return SECRET_STEMS.test(words.join('')) || words.some((word) => SECRET_WORDS.has(word) || SECRET_SUFFIX.test(word));
}

/** Shortest query value masked for its shape alone: an AWS access key id has 20 characters, a 128-bit value in base64 22. */
export const MIN_RANDOM_LENGTH = 20;
/** Least Shannon entropy, in bits per character, of a value masked for its shape alone. */
export const MIN_RANDOM_BITS = 3;

/** Shannon entropy of the text's characters, in bits per character. */
export function entropyBits(text: string): number {
  const counts = new Map<string, number>();
  const chars = [...text];
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * True when a query value (decoded) looks like a key, token or signature whatever its
 * parameter is called: at least MIN_RANDOM_LENGTH characters, only the characters of hex,
 * base64, base64url and JWTs (letters, digits, `+ / = - _ . ~`), at least two of lower
 * case, upper case and digits, and at least MIN_RANDOM_BITS of entropy per character.
 * Dates, numbers, words, paths, regions (`eu-west-1`) and algorithm names
 * (`AWS4-HMAC-SHA256`) are shorter, single-class or hold other characters, so they stay
 * readable; a long all-lower-case secret is caught only by its name.
 */
export function randomLooking(value: string): boolean {
  if (value.length < MIN_RANDOM_LENGTH || !/^[A-Za-z0-9+/=_.~-]+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((letters) => letters.test(value)).length;
  return classes >= 2 && entropyBits(value) >= MIN_RANDOM_BITS;
}
/** RFC 3986 userinfo characters, except '+' (the docs ask for it encoded: some decoders read it as a space). */
const USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*,;=:]|%[0-9A-Fa-f]{2})*$/;
/** A query value encoded with encodeURIComponent or URLSearchParams ('+' is a space there). */
const ENCODED_VALUE = /^(?:[A-Za-z0-9\-._~!*'()+]|%[0-9A-Fa-f]{2})*$/;
/** Bucket names: letters, digits, '.', '-', '_' (older S3 buckets may hold capitals and '_'). */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

function isScheme(value: string): value is BuildScheme {
  return BUILD_SCHEMES.some((scheme) => scheme === value);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** application/x-www-form-urlencoded decoding ('+' is a space), as a query parser reads a value. */
function formDecode(text: string): string {
  return new URLSearchParams(`v=${text}`).get('v') ?? '';
}

interface RawQueryParam {
  name: string;
  raw: string;
}

function rawQuery(query: string): RawQueryParam[] {
  if (query === '') return [];
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { name: formDecode(pair), raw: '' } : { name: formDecode(pair.slice(0, eq)), raw: pair.slice(eq + 1) };
    });
}

/** The URL cut into its raw parts, without any decoding: what the user wrote. */
interface RawParts {
  scheme: string;
  authority: string;
  /** Before the last '@' of the authority; undefined when there is none. */
  userinfo: string | undefined;
  hostPort: string;
  path: string;
  query: string;
  fragment: string | undefined;
}

function split(text: string): RawParts | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(text);
  if (!match) return undefined;
  const [, scheme = '', rest = ''] = match;
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  let tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  let fragment: string | undefined;
  const hash = tail.indexOf('#');
  if (hash >= 0) {
    fragment = tail.slice(hash + 1);
    tail = tail.slice(0, hash);
  }
  const q = tail.indexOf('?');
  const path = q < 0 ? tail : tail.slice(0, q);
  const query = q < 0 ? '' : tail.slice(q + 1);
  const at = authority.lastIndexOf('@');
  return {
    scheme: scheme.toLowerCase(),
    authority,
    userinfo: at < 0 ? undefined : authority.slice(0, at),
    hostPort: at < 0 ? authority : authority.slice(at + 1),
    path,
    query,
    fragment
  };
}

/** Collects the masks: whole secrets at any length, derived parts alone only when safeAlone(), else in context. */
class Masks {
  readonly values: string[] = [];

  whole(value: string): void {
    this.values.push(...secretForms(value), ...maskableLines(value));
  }

  /** A part of the URL; `context` is how it sits in the URL (e.g. `name=value`), masked whatever the length. */
  part(value: string | undefined, context?: string): void {
    if (value !== undefined && value !== '' && safeAlone(value)) this.values.push(...secretForms(value), ...maskableLines(value));
    if (context !== undefined && context !== '') this.values.push(...secretForms(context));
  }
}

function userinfoMasks(masks: Masks, scheme: string, userinfo: string): void {
  if (userinfo === '') return;
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? undefined : userinfo.slice(colon + 1);
  const anonymous = user.toLowerCase() === 'anonymous';
  // A Steam user is an account name, not a credential: masked only beside its password.
  const userIsSecret = !anonymous && scheme !== 'steam';
  const decodedUser = decode(user);
  const decodedPassword = password === undefined ? undefined : decode(password);
  if (userIsSecret) {
    masks.part(user);
    masks.part(decodedUser);
  }
  masks.part(password);
  masks.part(decodedPassword);
  if (anonymous && (password === undefined || password === '')) return;
  masks.part(undefined, `${userinfo}@`);
  if (decodedUser !== undefined) masks.part(undefined, `${decodedUser}${decodedPassword !== undefined ? `:${decodedPassword}` : ''}@`);
}

/** Whether a query parameter's value is masked as a credential: by its name, or by its shape. */
function credentialParam({ name, raw }: RawQueryParam): boolean {
  return raw !== '' && (secretParamName(name) || randomLooking(formDecode(raw)) || randomLooking(raw));
}

function paramMasks(masks: Masks, params: readonly RawQueryParam[]): void {
  for (const param of params) {
    if (!credentialParam(param)) continue;
    const { name, raw } = param;
    const decoded = formDecode(raw);
    const percentDecoded = decode(raw);
    masks.part(raw, `${name}=${raw}`);
    masks.part(decoded, `${name}=${decoded}`);
    if (percentDecoded !== undefined && percentDecoded !== decoded) masks.part(percentDecoded, `${name}=${percentDecoded}`);
    if (name === 'credentials') serviceAccountMasks(masks, decoded);
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A service-account JSON: as decoded, and its private key whole and line by line (the runner masks per line). */
function serviceAccountMasks(masks: Masks, json: string): void {
  masks.whole(json);
  const account = parseJsonObject(json);
  if (!account) return;
  for (const field of ['private_key', 'private_key_id']) {
    const value = account[field];
    if (typeof value === 'string') masks.whole(value);
  }
}

/**
 * Every string to mask for this build URL, valid or not: the whole URL raw, URI-encoded,
 * form-encoded and JSON-escaped (and as the URL parser writes it back), the credentials
 * before '@' raw and decoded, the query values that can be credentials (by name:
 * betapassword, guardcode, pwd, code, signatures, gs credentials, see secretParamName; by
 * shape: see randomLooking) raw and decoded, and a service account's private key line by
 * line. A short value is masked only as `name=value` (safeAlone), so `eu-west-1` or
 * `public` stay readable elsewhere in the log.
 */
export function buildSourceSecrets(text: string): string[] {
  const masks = new Masks();
  if (text === '') return [];
  masks.whole(text);
  if (URL.canParse(text)) masks.whole(new URL(text).href);
  const parts = split(text);
  if (parts) {
    for (const userinfo of userinfos(text, parts)) userinfoMasks(masks, parts.scheme, userinfo);
    paramMasks(masks, rawQuery(parts.query));
  }
  return unique(masks.values);
}

/** The credentials before '@': as the URL parses, and as the user meant them when they differ. */
function userinfos(text: string, parts: RawParts): string[] {
  const found = parts.userinfo !== undefined ? [parts.userinfo] : [];
  // Credentials whose '/', '?' or '#' was not encoded end the authority early: what the
  // user meant as credentials is everything before the URL's last '@'.
  // (gs:// has none there; on http(s) an '@' in the query is data, such as an e-mail address.)
  const afterScheme = text.slice(parts.scheme.length + 3);
  const lastAt = afterScheme.lastIndexOf('@');
  const queryStart = afterScheme.indexOf('?');
  const web = parts.scheme === 'http' || parts.scheme === 'https';
  const loose = lastAt >= 0 && parts.scheme !== 'gs' && !(web && queryStart >= 0 && lastAt > queryStart);
  if (loose && afterScheme.slice(0, lastAt) !== parts.userinfo) found.push(afterScheme.slice(0, lastAt));
  return found;
}

/**
 * Whether the build URL carries credentials: a password before '@', a user there that is
 * masked as a secret (any but a Steam account name and anonymous), or a query value
 * buildSourceSecrets masks (a signature, a token, gs:// credentials). A front door that
 * takes the URL as a command-line argument refuses such a URL there, where shell history
 * and process lists would keep it.
 */
export function carriesCredentials(text: string): boolean {
  const parts = split(text);
  if (!parts) return false;
  const secretUserinfo = (userinfo: string): boolean => {
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? '' : userinfo.slice(colon + 1);
    return password !== '' || (user !== '' && user.toLowerCase() !== 'anonymous' && parts.scheme !== 'steam');
  };
  return userinfos(text, parts).some(secretUserinfo) || rawQuery(parts.query).some(credentialParam);
}

/** The URL once its shape holds, as the scheme checks read it. */
interface CheckedUrl {
  scheme: BuildScheme;
  parts: RawParts;
  host: string;
  /** Before ':' in the credentials; undefined when there is no '@'. */
  user: string | undefined;
  /** After ':' in the credentials; undefined when there is none. */
  password: string | undefined;
  params: RawQueryParam[];
}

const credentialsBroken = (): string =>
  `: the credentials before '@' do not parse as part of a URL; ${ENCODE_ADVICE}. The URL itself is given as is (the action encodes it again as a query parameter)`;

/** Empty text, or characters no URL carries raw. */
function textProblem(text: string): string | undefined {
  if (text === '') return ` is empty: expected a build URL starting with ${ACCEPTED}`;
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\s\x00-\x1f\x7f-\x9f]/.test(text)) {
    return `: contains a space, line break or control character; a URL carries them percent-encoded (%20, %0A; encodeURIComponent does it)`;
  }
  return undefined;
}

/** Credentials, host and port that cannot be what the user meant; the first such problem ends the checks. */
function authorityProblem(text: string, scheme: BuildScheme, parts: RawParts): string | undefined {
  // A '/', '?' or '#' left in a secret moves the '@' out of the authority: the URL still
  // parses, with a different host and path.
  const atInPath = parts.path.includes('@');
  const atLater = parts.query.includes('@') || (parts.fragment ?? '').includes('@');
  if (atInPath || (scheme !== 'gs' && atLater && parts.userinfo === undefined) || (parts.fragment ?? '').includes('@')) {
    return credentialsBroken();
  }
  if (parts.userinfo !== undefined && !USERINFO.test(parts.userinfo)) return credentialsBroken();
  if (parts.userinfo !== undefined && decode(parts.userinfo) === undefined) return credentialsBroken();
  if (parts.hostPort === '') {
    const what =
      scheme === 's3' || scheme === 'gs'
        ? 'a bucket name'
        : scheme === 'steam'
          ? 'the word install (steam://USER:PASSWORD@install/APPID/)'
          : 'a host name';
    return `: needs ${what} after ${parts.userinfo !== undefined ? "'@'" : "'//'"}`;
  }
  if (!URL.canParse(text)) {
    return parts.userinfo !== undefined || parts.hostPort.includes(':')
      ? credentialsBroken()
      : `: not a valid URL; expected ${ACCEPTED} followed by a host or bucket`;
  }
  if (scheme !== 'http' && scheme !== 'https' && parts.hostPort.includes(':')) {
    // A port on s3://, steam://, gs:// or cos:// is almost always a secret's ':' or '/' left unencoded.
    return `: a ':' after the ${scheme === 'steam' ? 'host' : 'bucket'} name: ${scheme}:// takes no port. If it belongs to the credentials, ${ENCODE_ADVICE}`;
  }
  return undefined;
}

function checkedUrl(scheme: BuildScheme, parts: RawParts): CheckedUrl {
  const userinfo = parts.userinfo ?? '';
  const colon = userinfo.indexOf(':');
  return {
    scheme,
    parts,
    host: parts.hostPort,
    user: parts.userinfo === undefined ? undefined : colon < 0 ? userinfo : userinfo.slice(0, colon),
    password: colon < 0 ? undefined : userinfo.slice(colon + 1),
    params: rawQuery(parts.query)
  };
}

/** Secret parameters are decoded for masking: a broken escape would leave them unmasked. */
function paramEncodingProblems(params: readonly RawQueryParam[]): string[] {
  return params
    .filter(({ name, raw }) => secretParamName(name) && decode(raw) === undefined)
    .map(
      ({ name }) =>
        `: the '${name}' parameter is not percent-encoded correctly (a '%' not followed by two hex digits); encode the value once with encodeURIComponent`
    );
}

function s3Problems({ host, parts, user, password }: CheckedUrl): string[] {
  const problems: string[] = [];
  if (!BUCKET.test(host)) problems.push(`: s3:// needs a bucket name after the credentials: s3://ACCESS_KEY:SECRET_KEY@bucket/folder/`);
  if (parts.userinfo !== undefined && (user === '' || password === undefined || password === '')) {
    problems.push(
      `: s3:// credentials are ACCESS_KEY:SECRET_KEY before '@' (both, percent-encoded once); AWS STS temporary credentials are not supported`
    );
  }
  return problems;
}

function steamProblems({ host, parts, user }: CheckedUrl): string[] {
  const problems: string[] = [];
  if (host.toLowerCase() !== 'install')
    problems.push(`: steam:// URLs have the form steam://USER:PASSWORD@install/APPID/ (the host is the word install)`);
  const appId = /^\/(\d+)(?:\/.*)?$/.exec(parts.path)?.[1];
  const n = appId === undefined ? NaN : Number(appId);
  if (!Number.isSafeInteger(n) || n <= 0)
    problems.push(`: steam:// needs install/APPID with a numeric Steam app id, e.g. steam://USER:PASSWORD@install/740/`);
  if (user === undefined || user === '')
    problems.push(
      `: steam:// needs the Steam user before '@': steam://USER:PASSWORD@install/APPID/ (or anonymous@ for anonymous downloads)`
    );
  return problems;
}

function gsProblems({ host, parts, params }: CheckedUrl): string[] {
  const problems: string[] = [];
  if (parts.userinfo !== undefined)
    problems.push(
      `: gs:// takes its credentials in the 'credentials' query parameter, not before '@': gs://bucket/folder?credentials=<URL-encoded service-account JSON>`
    );
  if (!BUCKET.test(host)) problems.push(`: gs:// needs a bucket name: gs://bucket/folder`);
  const credentials = params.find((p) => p.name === 'credentials');
  if (credentials) {
    const json = ENCODED_VALUE.test(credentials.raw) ? parseJsonObject(formDecode(credentials.raw)) : undefined;
    if (!json) {
      problems.push(
        `: the gs:// 'credentials' parameter must be the Google service-account JSON object, URL-encoded once (encodeURIComponent of the JSON file's text)`
      );
    }
  }
  return problems;
}

/** Clanforge's build machine fetches the URL, not the runner; over plain http the credentials or signature would travel in clear. */
function httpProblems({ parts, params }: CheckedUrl): string[] {
  const problems: string[] = [];
  if (parts.userinfo !== undefined && parts.userinfo !== '')
    problems.push(`: an http:// URL with credentials would send them in clear; use https://`);
  if (params.some((p) => p.raw !== '' && secretParamName(p.name))) {
    problems.push(`: a signed http:// URL sends its signature or token in clear; use https://`);
  }
  return problems;
}

/** What a scheme's own rules say. */
function schemeProblems(url: CheckedUrl): string[] {
  switch (url.scheme) {
    case 's3':
      return s3Problems(url);
    case 'steam':
      return steamProblems(url);
    case 'gs':
      return gsProblems(url);
    case 'cos':
      return url.host === '' ? [`: cos:// needs a bucket or host name after '//'`] : [];
    case 'http':
      return httpProblems(url);
    case 'https':
      return [];
  }
}

/** Validates the build URL; problems never contain the URL or a part of it. */
export function parseBuildSource(text: string, n: InputNames = ACTION_INPUTS): BuildSourceResult {
  const secrets = buildSourceSecrets(text);
  // Each problem below is worded after the input's name: the front door says how it is named.
  const fail = (...problems: string[]): BuildSourceResult => ({
    ok: false,
    problems: problems.map((p) => `${n.subject('update_url')}${p}`),
    secrets
  });

  const unusable = textProblem(text);
  if (unusable !== undefined) return fail(unusable);
  const parts = split(text);
  // The text before '://' is not echoed: without a scheme it may be an access key.
  if (!parts) return fail(`: expected a build URL starting with ${ACCEPTED}`);
  const { scheme } = parts;
  if (!isScheme(scheme)) return fail(`: the scheme is not one Clanforge takes; expected ${ACCEPTED}`);
  const authority = authorityProblem(text, scheme, parts);
  if (authority !== undefined) return fail(authority);

  const url = checkedUrl(scheme, parts);
  const all = [...paramEncodingProblems(url.params), ...schemeProblems(url)];
  if (all.length > 0) return fail(...all);
  return { ok: true, secrets };
}
