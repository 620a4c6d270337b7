/**
 * The HTTP transport contract: one GET, whose answer (status, headers and the body as it
 * arrives) is handed to a reader; or a TransportError that says whether the request can
 * have reached the server. That one bit decides whether a state-changing GET may be
 * retried. The request's deadline covers the reader too, and the transport ends the
 * connection when the reader stops early (an answer refused as too large is not read on).
 * Called without a reader, the answer is buffered as text up to MAX_BODY_BYTES
 * (read-answer.ts).
 *
 * The default transport uses node:http/node:https, taken with process.getBuiltinModule
 * when the first request is made: an ESM `import` of those built-ins evaluates all
 * their exports, including the lazy WebSocket getters that load Node's internal
 * undici (~60 ms at start), and createRequire costs a module-path lookup. The undici
 * package is only loaded when a proxy is configured; see proxy-transport.ts. Both share
 * the error rules and proxy choice below.
 */
import { propertyOf } from '../../unknown-shape.ts';
export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** An answer as it arrives: the body is read once, by the reader. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string | undefined>;
  /** Chunks as they arrive; a failure while reading them is a TransportError (sent). */
  body: AsyncIterable<Uint8Array>;
}

/** A buffered answer: the body as text. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | undefined>;
  body: string;
}

/** What the caller does with an answer: buffer it, or stream it through a parser. */
export type AnswerReader<T> = (answer: HttpAnswer) => Promise<T>;

export interface Transport {
  /** The answer buffered as text, at most MAX_BODY_BYTES (a larger one is refused: AnswerTooLarge). */
  (request: HttpRequest): Promise<HttpResponse>;
  /** The answer handed to `read`, within the request's deadline. */
  <T>(request: HttpRequest, read: AnswerReader<T>): Promise<T>;
}

export class TransportError extends Error {
  /**
   * false: the request surely never reached the server (connection refused, DNS failure,
   * a TLS handshake that failed, or a connection that broke before the request was written).
   */
  readonly sent: boolean;
  readonly code: string | undefined;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** What was wrong with the server's certificate or TLS, when that is why it failed. */
  readonly tlsProblem: string | undefined;
  constructor(
    message: string,
    options: {
      sent: boolean;
      code?: string | undefined;
      timedOut?: boolean;
      aborted?: boolean;
      tlsProblem?: string | undefined;
      cause?: unknown;
    }
  ) {
    super(message, { cause: options.cause });
    this.name = 'TransportError';
    this.sent = options.sent;
    this.code = options.code;
    this.timedOut = options.timedOut ?? false;
    this.aborted = options.aborted ?? false;
    this.tlsProblem = options.tlsProblem;
  }
}

/** OpenSSL's certificate verification errors, as Node names them: all happen during the handshake. */
const CERT_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID'
]);

/** The host could not be found or reached: no connection was made. */
export const CONNECT_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT'
]);

/** Error codes that mean no connection was made, so nothing was sent. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  ...CONNECT_FAILURE_CODES,
  ...CERT_CODES,
  // The TLS handshake itself failed (e.g. an https URL answered by a plain-HTTP server).
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV1_UNRECOGNIZED_NAME',
  'ERR_TLS_HANDSHAKE_TIMEOUT'
]);

/** How tlsProblemOf's text for a plain-HTTP port begins: no certificate is involved, so no CA advice follows it. */
export const NOT_TLS = 'the server did not answer in TLS';

/**
 * What a person should be told about a TLS failure: the certificate problem in words,
 * or undefined when the error is not about TLS.
 */
export function tlsProblemOf(code: string | undefined, message: string): string | undefined {
  switch (code) {
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_UNTRUSTED':
    case 'INVALID_CA':
      return `the server's certificate chain does not lead to a certificate authority this runner trusts (${code}: an untrusted or missing issuer or intermediate certificate)`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `the server's certificate chain ends in a self-signed root this runner does not trust (${code})`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `the server presented a self-signed certificate (${code})`;
    case 'CERT_HAS_EXPIRED':
      return `the server's certificate has expired (${code})`;
    case 'CERT_NOT_YET_VALID':
      return `the server's certificate is not valid yet (${code}; check the runner's clock)`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return `the server's certificate is not valid for this host name (${code})`;
    case 'CERT_REVOKED':
      return `the server's certificate was revoked (${code})`;
  }
  if (code !== undefined && CERT_CODES.has(code)) return `the server's certificate could not be verified (${code})`;
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    code === 'ERR_SSL_HTTP_REQUEST' ||
    /wrong version number|packet length too long/i.test(message)
  ) {
    return `${NOT_TLS} (${code ?? 'wrong version number'}): api_url is https://, but that port looks like a plain-HTTP one; check api_url's scheme and port`;
  }
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) return `the TLS handshake failed (${code})`;
  return undefined;
}

/** The advice every TLS failure carries. */
export const PRIVATE_CA_ADVICE =
  "If the server uses a private certificate authority, give the runner its certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (in the step's env); never disable certificate checks.";

export function describeNetworkError(error: unknown): string {
  const code = propertyOf(error, 'code');
  const said = propertyOf(error, 'message');
  const message = typeof said === 'string' ? said : String(error);
  return typeof code === 'string' && code !== '' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** True when the environment names a proxy for this URL's scheme. */
export function proxyConfigured(url: URL, env: NodeJS.ProcessEnv): boolean {
  // As proxyInUse chooses: https falls back to the HTTP proxy when no HTTPS one is set.
  const names = url.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  return names.some((name) => (env[name] ?? '') !== '');
}

export interface ProxyInUse {
  /** The proxy's URL as the variable gives it (credentials included): where requests go. */
  uri: string;
  /** The proxy's URL without credentials. */
  shown: string;
  /** The variable it came from, e.g. HTTPS_PROXY. */
  variable: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The first of these variables that is set (`??`: set but empty counts), as curl and undici read them. */
function firstSet(env: NodeJS.ProcessEnv, names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

/**
 * The proxy a request to this URL goes through, as the proxy variables say (lower-case
 * variables first, https falling back to the HTTP proxy, NO_PROXY host and port entries,
 * as curl and undici read them): the one choice the proxy transport routes by and its
 * errors name; undefined when the request goes direct.
 */
export function proxyInUse(url: URL, env: NodeJS.ProcessEnv): ProxyInUse | undefined {
  const http = firstSet(env, ['http_proxy', 'HTTP_PROXY']);
  const https = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
  const chosen = url.protocol === 'https:' && https?.[1] ? https : http?.[1] ? http : undefined;
  if (!chosen || !shouldProxy(url, env['no_proxy'] ?? env['NO_PROXY'] ?? '')) return undefined;
  return { uri: chosen[1], shown: withoutCredentials(chosen[1]), variable: chosen[0] };
}

function shouldProxy(url: URL, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]/).filter((e) => e !== '');
  if (entries.length === 0) return true;
  if (noProxy === '*') return false;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of entries) {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed?.[2] !== undefined ? Number.parseInt(parsed[2], 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return false;
  }
  return true;
}

/** A proxy URL for messages: no user name or password. */
export function withoutCredentials(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      url.username = '';
      url.password = '';
      return url.href.replace(/\/$/, '');
    }
  } catch {
    // Not a URL: undici cannot use it either.
  }
  // Show only what cannot hold a password.
  return text.includes('@') ? `(an unreadable proxy URL of ${text.length} characters)` : text;
}
