// Basic auth and ASID access: every failure is "Forbidden", like the real service
// (wrong keys, no access to the ASID, or a malformed Authorization header).
import { forbidden } from './api-error.ts';

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export function basicAuthorization(keys: Keys): string {
  return `Basic ${Buffer.from(`${keys.accessKey}:${keys.secretKey}`, 'utf8').toString('base64')}`;
}

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;

/** Throws 401 unless the header carries exactly the configured keys. */
export function checkAuthorization(header: string | undefined, keys: Keys): void {
  const match = header === undefined ? null : BASIC.exec(header.trim());
  // Buffer.from(..., 'base64') is lenient; insist on well-formed base64 so a client
  // that encodes the header wrongly is caught here rather than in production.
  if (match === null || match[1].length % 4 !== 0) throw forbidden(401);
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw forbidden(401);
  if (decoded.slice(0, colon) !== keys.accessKey || decoded.slice(colon + 1) !== keys.secretKey) {
    throw forbidden(401);
  }
}

/** Throws 403 when the keys have no access to the ASID. */
export function checkAsidAccess(asid: number, allowed: ReadonlySet<number>): void {
  if (!allowed.has(asid)) throw forbidden(403);
}
