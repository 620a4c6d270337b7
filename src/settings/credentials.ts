/**
 * How the action authenticates: Clanforge keys (`Authorization: Basic
 * base64(ACCESS_KEY:SECRET_KEY)`, api.multiplay.co.uk) or a Multiplay API token
 * (`Authorization: Bearer <token>`, the successor's api.multiplay.dev). Exactly one of
 * the two ways is given. The account service id (ASID) is required with the keys
 * (every v1 call takes it), optional with a token (the token scopes the account; the
 * ASID is sent when given), and required with a token for `wait_for: rollout` (the v2
 * rollout path names it).
 */
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

const TWO_WAYS =
  'give either token (a Multiplay API token, sent as Authorization: Bearer; e.g. ${{ secrets.MULTIPLAY_TOKEN }} with api_url: https://api.multiplay.dev) ' +
  'or access_key and secret_key (Clanforge keys from the dashboard → Auth Keys, sent as Authorization: Basic), not both';

const ASID_FORM = 'a positive integer, for example 12345';

/** Visible ASCII only: the token goes into a header, where a space, line break or control character would break or split it. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/**
 * Real keys and tokens are far longer: a shorter value is a wrong or truncated secret,
 * and masking a few characters would shred every log line and output that holds them.
 */
export const MIN_SECRET_LENGTH = 8;

/** The problem with a too-short secret, naming the input and never showing the value. */
function shortProblem(input: string, value: string): string | undefined {
  if ([...value].length >= MIN_SECRET_LENGTH) return undefined;
  return `input '${input}' is too short: expected at least ${MIN_SECRET_LENGTH} characters; Clanforge and Multiplay credentials are longer: check the secret`;
}

function parseAsid(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function tokenProblem(token: string): string | undefined {
  if (TOKEN_CHARS.test(token)) return undefined;
  // Never echo the token: say only what kind of character is wrong.
  if (/^bearer\s/i.test(token)) return "input 'token': expected the token alone, without the 'Bearer ' prefix (the action adds it)";
  if (/[\r\n]/.test(token))
    return "input 'token': contains a line break; expected the token on one line (it is sent in the Authorization header)";
  if (/\s/.test(token))
    return "input 'token': contains a space or tab; expected the token without spaces (it is sent in the Authorization header)";
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\x00-\x1f\x7f]/.test(token))
    return "input 'token': contains a control character; expected printable ASCII (it is sent in the Authorization header)";
  return "input 'token': contains a character outside printable ASCII; expected the token as Multiplay shows it (it is sent in the Authorization header)";
}

/**
 * Reads the credentials and the ASID from the raw inputs. Every problem is listed;
 * no value of token, access_key or secret_key appears in a problem.
 */
export function readCredentials(inputs: CredentialInputs): CredentialsResult {
  const problems: string[] = [];
  const { token, accessKey, secretKey } = inputs;
  const hasToken = token !== '';
  const hasKeys = accessKey !== '' || secretKey !== '';
  const rollout = inputs.waitFor === 'rollout';

  const asidText = inputs.accountServiceId;
  const asid = asidText === '' ? undefined : parseAsid(asidText);
  if (asidText !== '' && asid === undefined) problems.push(`input 'accountserviceid' is '${asidText}': expected ${ASID_FORM}`);

  let credentials: Credentials | undefined;
  if (hasToken && hasKeys) {
    const given =
      accessKey !== '' && secretKey !== ''
        ? "'token', 'access_key' and 'secret_key' are all"
        : `'token' and ${accessKey !== '' ? "'access_key'" : "'secret_key'"} are both`;
    problems.push(`inputs ${given} given: ${TWO_WAYS}`);
  } else if (!hasToken && !hasKeys) {
    problems.push(`no credentials: inputs 'token', 'access_key' and 'secret_key' are all empty; ${TWO_WAYS}`);
  } else if (hasToken) {
    const problem = tokenProblem(token) ?? shortProblem('token', token);
    if (problem) problems.push(problem);
    else credentials = { kind: 'token', token };
    if (asidText === '' && rollout) {
      problems.push(
        `input 'accountserviceid' is required with 'token' when 'wait_for' is 'rollout': the rollout status path /cfp/v2/project/{accountserviceid}/image/{imageid}/status names it (${ASID_FORM})`
      );
    }
  } else {
    if (accessKey === '' || secretKey === '') {
      const missing = accessKey === '' ? 'access_key' : 'secret_key';
      const given = accessKey === '' ? 'secret_key' : 'access_key';
      problems.push(`input '${missing}' is required with '${given}': the keys come as a pair; ${TWO_WAYS}`);
    } else {
      const short = [shortProblem('access_key', accessKey), shortProblem('secret_key', secretKey)].filter((p) => p !== undefined);
      if (accessKey.includes(':')) problems.push("input 'access_key': expected a key without ':' (Basic authentication cannot carry it)");
      problems.push(...short);
      if (short.length === 0 && !accessKey.includes(':')) credentials = { kind: 'keys', accessKey, secretKey };
    }
    if (asidText === '') {
      problems.push(
        `input 'accountserviceid' is required with 'access_key' and 'secret_key': Clanforge's v1 image calls take the account service id the keys have access to (${ASID_FORM})`
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
