/**
 * Masks the secret inputs before anything is logged, valid or not: the keys, the
 * Authorization value made of them, and the build URL with every credential inside it,
 * each in every form it may come back in (as given, URI- and form-encoded, JSON-escaped),
 * and github_token when a GitHub deployment is recorded.
 */
import { authorizationHeader } from '../clanforge/requests.ts';
import { secretForms } from '../settings/secret-forms.ts';
import type { ActionsCore } from './core.ts';

/** Query parameters of a signed or credentialed build URL whose values are secrets. */
const CREDENTIAL_PARAM = /sig|signature|token|credential|secret|passw|key|auth|policy|session/i;

/**
 * The credentials inside a build URL, each in every form it may come back in: the
 * user and password before the host, and the values of signing parameters. A server
 * that quotes only the signature back must not print it either.
 */
export function urlCredentials(text: string): string[] {
  if (!URL.canParse(text)) return [];
  const url = new URL(text);
  const parts: string[] = [];
  for (const encoded of [url.username, url.password]) {
    if (encoded === '' || encoded === 'anonymous') continue;
    parts.push(encoded);
    try {
      parts.push(decodeURIComponent(encoded));
    } catch {
      // Not valid percent-encoding: the raw form is what travels.
    }
  }
  for (const [name, value] of url.searchParams) if (value !== '' && CREDENTIAL_PARAM.test(name)) parts.push(value);
  return [...new Set(parts.flatMap(secretForms))];
}

export function maskSecretInputs(core: Pick<ActionsCore, 'getInput' | 'setSecret'>): void {
  const accessKey = core.getInput('access_key');
  const secretKey = core.getInput('secret_key');
  for (const secret of [accessKey, secretKey]) for (const form of secretForms(secret)) core.setSecret(form);
  if (accessKey || secretKey) core.setSecret(authorizationHeader(accessKey, secretKey).slice('Basic '.length));
  // A build URL may embed storage keys; it also travels encoded in the query.
  const updateUrl = core.getInput('update_url');
  for (const form of [...secretForms(updateUrl), ...urlCredentials(updateUrl)]) core.setSecret(form);
  // github_token is read only for the GitHub deployment (input environment), so it is masked then.
  if (core.getInput('environment').trim() !== '') for (const form of secretForms(core.getInput('github_token'))) core.setSecret(form);
}
