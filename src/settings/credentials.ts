/**
 * How the action authenticates: Clanforge keys (`Authorization: Basic
 * base64(ACCESS_KEY:SECRET_KEY)`, api.multiplay.co.uk) or a Multiplay API token
 * (`Authorization: Bearer <token>`, the successor's api.multiplay.dev). Exactly one of
 * the two ways is given. The account service id (ASID) is required with the keys
 * (every v1 call takes it), optional with a token (the token scopes the account, and
 * the successor's v1 calls do not list the ASID, so it is never sent on them), and
 * required with a token for `wait_for: rollout` (the v2 rollout path names it).
 */
import { ACTION_INPUTS, type InputNames } from './input-names.ts';
import { secretForms, unique } from './secret-forms.ts';

export type Credentials =
  { readonly kind: 'keys'; readonly accessKey: string; readonly secretKey: string } | { readonly kind: 'token'; readonly token: string };

/** The raw input strings ('' when not given). */
export interface CredentialInputs {
  readonly token: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly accountServiceId: string;
  readonly waitFor: string;
}

export type CredentialsResult =
  | { readonly ok: true; readonly credentials: Credentials; readonly accountServiceId: number | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

const ASID_FORM = 'a positive integer, for example 12345';

/** Visible ASCII only: the token goes into a header, where a space, line break or control character would break or split it. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/**
 * Real keys and tokens are far longer: a shorter value is a wrong or truncated secret,
 * and masking a few characters would shred every log line and output that holds them.
 */
export const MIN_SECRET_LENGTH = 8;

/** The problem with a too-short secret, naming the input and never showing the value. */
function shortProblem(n: InputNames, input: string, value: string): string | undefined {
  if ([...value].length >= MIN_SECRET_LENGTH) return undefined;
  return `${n.subject(input)} is too short: expected at least ${MIN_SECRET_LENGTH} characters; Clanforge and Multiplay credentials are longer: check the secret`;
}

function parseAsid(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function tokenProblem(n: InputNames, token: string): string | undefined {
  if (TOKEN_CHARS.test(token)) return undefined;
  const input = n.subject('token');
  // Never echo the token: say only what kind of character is wrong.
  if (/^bearer\s/i.test(token)) return `${input}: expected the token alone, without the 'Bearer ' prefix (the action adds it)`;
  if (/[\r\n]/.test(token))
    return `${input}: contains a line break; expected the token on one line (it is sent in the Authorization header)`;
  if (/\s/.test(token))
    return `${input}: contains a space or tab; expected the token without spaces (it is sent in the Authorization header)`;
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\x00-\x1f\x7f]/.test(token))
    return `${input}: contains a control character; expected printable ASCII (it is sent in the Authorization header)`;
  return `${input}: contains a character outside printable ASCII; expected the token as Multiplay shows it (it is sent in the Authorization header)`;
}

/**
 * Reads the credentials and the ASID from the raw inputs. Every problem is listed;
 * no value of token, access_key or secret_key appears in a problem.
 */
export function readCredentials(inputs: CredentialInputs, n: InputNames = ACTION_INPUTS): CredentialsResult {
  const problems: string[] = [];
  const TWO_WAYS = n.credentials;
  const { token, accessKey, secretKey } = inputs;
  const hasToken = token !== '';
  const hasKeys = accessKey !== '' || secretKey !== '';
  const rollout = inputs.waitFor === 'rollout';

  const asidText = inputs.accountServiceId;
  const asid = asidText === '' ? undefined : parseAsid(asidText);
  if (asidText !== '' && asid === undefined) problems.push(`${n.subject('accountserviceid')} is '${asidText}': expected ${ASID_FORM}`);

  let credentials: Credentials | undefined;
  if (hasToken && hasKeys) {
    const given =
      accessKey !== '' && secretKey !== ''
        ? `${n.subjects(['token', 'access_key', 'secret_key'])} are all`
        : `${n.subjects(['token', accessKey !== '' ? 'access_key' : 'secret_key'])} are both`;
    problems.push(`${given} given: ${TWO_WAYS}`);
  } else if (!hasToken && !hasKeys) {
    problems.push(`no credentials: ${n.subjects(['token', 'access_key', 'secret_key'])} are all empty; ${TWO_WAYS}`);
  } else if (hasToken) {
    const problem = tokenProblem(n, token) ?? shortProblem(n, 'token', token);
    if (problem) problems.push(problem);
    else credentials = { kind: 'token', token };
    if (asidText === '' && rollout) {
      problems.push(
        `${n.subject('accountserviceid')} is required with ${n.ref('token')} when ${n.ref('wait_for')} is 'rollout': the rollout status path /cfp/v2/project/{accountserviceid}/image/{imageid}/status names it (${ASID_FORM})`
      );
    }
  } else {
    if (accessKey === '' || secretKey === '') {
      const missing = accessKey === '' ? 'access_key' : 'secret_key';
      const given = accessKey === '' ? 'secret_key' : 'access_key';
      problems.push(`${n.subject(missing)} is required with ${n.ref(given)}: the keys come as a pair; ${TWO_WAYS}`);
    } else {
      const short = [shortProblem(n, 'access_key', accessKey), shortProblem(n, 'secret_key', secretKey)].filter((p) => p !== undefined);
      if (accessKey.includes(':'))
        problems.push(`${n.subject('access_key')}: expected a key without ':' (Basic authentication cannot carry it)`);
      problems.push(...short);
      if (short.length === 0 && !accessKey.includes(':')) credentials = { kind: 'keys', accessKey, secretKey };
    }
    if (asidText === '') {
      problems.push(
        `${n.subject('accountserviceid')} is required with ${n.ref('access_key')} and ${n.ref('secret_key')}: Clanforge's v1 image calls take the account service id the keys have access to (${ASID_FORM})`
      );
    }
  }

  if (problems.length > 0 || credentials === undefined) return { ok: false, problems };
  return { ok: true, credentials, accountServiceId: asid };
}

/** The value of the Authorization header. */
export function authorizationValue(credentials: Credentials): string {
  if (credentials.kind === 'token') return `Bearer ${credentials.token}`;
  return `Basic ${basic(credentials.accessKey, credentials.secretKey)}`;
}

function basic(accessKey: string, secretKey: string): string {
  return Buffer.from(`${accessKey}:${secretKey}`, 'utf8').toString('base64');
}

/**
 * Every string to mask for these credentials, in each form it may travel in: the keys
 * and the Basic value (base64 holds '+', '/' and '=', which change when encoded), or the
 * token. Any length: these are secrets the user gave whole.
 */
export function credentialSecrets(credentials: Credentials): string[] {
  if (credentials.kind === 'token') return secretForms(credentials.token);
  const { accessKey, secretKey } = credentials;
  return unique([...secretForms(accessKey), ...secretForms(secretKey), ...secretForms(basic(accessKey, secretKey))]);
}

/**
 * What to mask from the raw inputs before they are validated (a run with bad inputs
 * must not print them either): each non-empty value, and the Basic value whenever a
 * key was given.
 */
export function inputSecrets(inputs: Pick<CredentialInputs, 'token' | 'accessKey' | 'secretKey'>): string[] {
  const { token, accessKey, secretKey } = inputs;
  const forms = [...secretForms(token), ...secretForms(accessKey), ...secretForms(secretKey)];
  if (accessKey !== '' || secretKey !== '') forms.push(...secretForms(basic(accessKey, secretKey)));
  return unique(forms);
}
