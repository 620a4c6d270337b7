// Authentication and ASID access in both dialects. Basic (Clanforge): every failure is
// "Forbidden", like the real service (wrong keys, no access to the ASID, or a malformed
// Authorization header). Bearer (the successor): a missing or wrong token is 401
// "Unauthorized" with a WWW-Authenticate challenge (RFC 6750), no access to an ASID 403.
import { ApiError, ERROR_CODES, forbidden } from './api-error.ts';
import type { AuthMode } from './types.ts';

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface Credentials extends Keys {
  mode: AuthMode;
  token: string;
}

export function basicAuthorization(keys: Keys): string {
  return `Basic ${Buffer.from(`${keys.accessKey}:${keys.secretKey}`, 'utf8').toString('base64')}`;
}

export const bearerAuthorization = (token: string): string => `Bearer ${token}`;

/** The Authorization header value a client with these credentials sends. */
export const authorizationOf = (credentials: Credentials): string =>
  credentials.mode === 'bearer' ? bearerAuthorization(credentials.token) : basicAuthorization(credentials);

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;
const BEARER = /^Bearer ([\x21-\x7e]+)$/i;
const REALM = 'Bearer realm="Multiplay API"';

function checkBasic(header: string | undefined, keys: Keys): void {
  const encoded = header === undefined ? undefined : BASIC.exec(header.trim())?.[1];
  // Buffer.from(..., 'base64') is lenient; insist on well-formed base64 so a client
  // that encodes the header wrongly is caught here rather than in production.
  if (encoded === undefined || encoded.length % 4 !== 0) throw forbidden(401);
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw forbidden(401);
  if (decoded.slice(0, colon) !== keys.accessKey || decoded.slice(colon + 1) !== keys.secretKey) {
    throw forbidden(401);
  }
}

function unauthorized(message: string, challenge: string): ApiError {
  return new ApiError(401, message, ERROR_CODES.forbidden, { 'www-authenticate': challenge });
}

function checkBearer(header: string | undefined, token: string): void {
  if (header === undefined || header.trim() === '') throw unauthorized('Unauthorized: no API token', REALM);
  const sent = BEARER.exec(header.trim())?.[1];
  // Keys sent the Clanforge way are as unusable here as a malformed header.
  if (sent === undefined) {
    throw unauthorized('Unauthorized: expected Authorization: Bearer <token>', `${REALM}, error="invalid_request"`);
  }
  if (sent !== token) throw unauthorized('Unauthorized: invalid or expired token', `${REALM}, error="invalid_token"`);
}

/** Throws 401 unless the header carries exactly the configured keys (Basic) or token (Bearer). */
export function checkAuthorization(header: string | undefined, credentials: Credentials): void {
  if (credentials.mode === 'bearer') checkBearer(header, credentials.token);
  else checkBasic(header, credentials);
}

/** Throws 403 when the keys (or token) have no access to the ASID. */
export function checkAsidAccess(asid: number, allowed: ReadonlySet<number>): void {
  if (!allowed.has(asid)) throw forbidden(403);
}
