/**
 * Masks the secret inputs before anything is logged, valid or not: the token or the
 * keys and the Authorization value made of them, the build URL with every secret part
 * inside it (build-source.ts), each in every form it may come back in, and
 * github_token when a GitHub deployment is recorded.
 *
 * The runner masks a registered secret line by line, so only single-line values go to
 * setSecret; multi-line ones (a service account's private key) are masked per line
 * there (maskableLines) and redacted whole by the guard.
 */
import { buildSourceSecrets } from '../settings/build-source.ts';
import { authorizationValue, inputSecrets } from '../settings/credentials.ts';
import { runnerMasks, secretForms } from '../settings/secret-forms.ts';
import type { ActionsCore } from './core.ts';
import type { Secrets } from './untrusted-text.ts';

/**
 * What to mask for the raw secret inputs: `runner` goes to the runner (one setSecret
 * each, in this order: token, access key, secret key, Basic value, then the build URL's
 * single-line parts), `guard` only to the guard's in-process redaction: the encoded forms
 * of the credentials (they travel in a header only, never in a URL, so they are not
 * registered with the runner one by one) and multi-line values.
 */
export function secretInputValues(getInput: (name: string) => string): { runner: string[]; guard: string[] } {
  const token = getInput('token');
  const accessKey = getInput('access_key');
  const secretKey = getInput('secret_key');
  const credentials = inputSecrets({ token, accessKey, secretKey });
  const basic =
    accessKey !== '' || secretKey !== '' ? [authorizationValue({ kind: 'keys', accessKey, secretKey }).slice('Basic '.length)] : [];
  const asGiven = [token, accessKey, secretKey, ...basic].filter((v) => v !== '');
  const url = buildSourceSecrets(getInput('update_url'));
  const runner = [...new Set([...runnerMasks(asGiven), ...runnerMasks(url)])];
  const guard = [...new Set([...credentials, ...url])].filter((v) => !runner.includes(v));
  return { runner, guard };
}

export function maskSecretInputs(core: Pick<ActionsCore, 'getInput' | 'setSecret'>, guard?: Secrets): void {
  const values = secretInputValues((name) => core.getInput(name));
  for (const value of values.runner) core.setSecret(value);
  for (const value of values.guard) guard?.add(value);
  // github_token is read only for the GitHub deployment (input environment), so it is masked then.
  if (core.getInput('environment').trim() !== '') for (const form of secretForms(core.getInput('github_token'))) core.setSecret(form);
}
