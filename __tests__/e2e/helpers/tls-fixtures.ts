// Throw-away certificates for TLS fault scenarios, made with the openssl CLI at test
// time in a temp dir: a root CA, an intermediate, a leaf for 127.0.0.1 signed by the
// intermediate, a self-signed leaf, and a leaf for another host name. Nothing is
// committed, so nothing expires in the repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFixtures {
  dir: string;
  /** PEM of the root CA (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  ca: string;
  intermediate: string;
  /** Leaf for 127.0.0.1 / localhost, signed by the intermediate. */
  leafKey: string;
  leaf: string;
  /** Self-signed leaf for 127.0.0.1. */
  selfSignedKey: string;
  selfSigned: string;
  /** Leaf for api.elsewhere.invalid only, signed by the intermediate. */
  otherHostKey: string;
  otherHost: string;
  remove(): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTlsFixtures(): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'cf-tls-'));
  const f = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(
    f('leaf.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n'
  );
  writeFileSync(
    f('other.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:api.elsewhere.invalid\n'
  );

  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Fault Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign'
  );
  // A key and a certificate for `subject`, signed by `issuer` (ca or int) with the extensions in `ext`.
  const issue = (name: string, subject: string, issuer: string, ext: string): void => {
    openssl('req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const ca = ['-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial'];
    openssl('x509', '-req', '-in', `${name}.csr`, ...ca, '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
  };
  issue('int', '/CN=Fault Test Intermediate', 'ca', 'ca.ext');
  issue('leaf', '/CN=127.0.0.1', 'int', 'leaf.ext');
  issue('other', '/CN=api.elsewhere.invalid', 'int', 'other.ext');
  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost'
  );

  const read = (name: string): string => readFileSync(f(name), 'utf8');
  return {
    dir,
    caFile: f('ca.pem'),
    ca: read('ca.pem'),
    intermediate: read('int.pem'),
    leafKey: read('leaf.key'),
    leaf: read('leaf.pem'),
    selfSignedKey: read('self.key'),
    selfSigned: read('self.pem'),
    otherHostKey: read('other.key'),
    otherHost: read('other.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  };
}
