// The redaction a client gets in unit tests: the credentials' forms and any other secrets,
// in one list, as run() makes it for the action (runner/masking.ts).
import { Secrets } from '../../src/runner/untrusted-text.ts';
import { credentialSecrets, type Credentials } from '../../src/settings/credentials.ts';

export function redactorOf(credentials: Credentials, ...more: string[]): (text: string) => string {
  const secrets = new Secrets();
  for (const secret of [...credentialSecrets(credentials), ...more]) secrets.add(secret);
  return (text) => secrets.redact(text);
}
