// The request pipeline, free of sockets: route → method → auth → parameter names → ASID →
// handler, with every failure turned into the API's error shape.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, ERROR_CODES, errorBody, notFound } from './api-error.ts';
import { checkAsidAccess, checkAuthorization } from './auth.ts';
import type { Credentials } from './auth.ts';
import type { ResolvedWireFormat } from './job-fields.ts';
import { optionalPositiveInt, positiveIntText, requiredPositiveInt } from './params.ts';
import type { QueryParams } from './params.ts';
import { checkQueryNames } from './query-spec.ts';
import type { AsidRule } from './query-spec.ts';
import type { ApiResult, RouteMatch } from './router.ts';
import type { EmulatorState } from './state.ts';

export interface DispatchConfig {
  credentials: Credentials;
  /** The ASIDs the credentials may use, in order: in Bearer mode the first is the token's default. */
  asids: readonly number[];
  state: EmulatorState;
  format: ResolvedWireFormat;
  errorsWithHttp200: boolean;
  /** Lenient mode: unknown parameters ignored, relaxed groups, accountserviceid taken in Bearer mode. */
  lenient: boolean;
}

export interface ApiRequest {
  method: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Emulator clock, ms. */
  now: number;
}

/**
 * What the route does with `accountserviceid` in the query. Basic: required on v1 calls.
 * Bearer: the docs do not list it on v1 calls (the token scopes the account), so strictly
 * it is an unknown parameter; lenient mode takes it. A v2 route names it in the path.
 */
function asidRule(match: RouteMatch, config: DispatchConfig): AsidRule {
  if (match.route.asid.from !== 'query') return 'none';
  if (config.credentials.mode === 'basic') return 'required';
  return config.lenient ? 'optional' : 'refused';
}

/**
 * The request's ASID. Basic: required on v1 calls. Bearer: the token's first ASID, or in
 * lenient mode one that is sent, which must still be the token's, since acting on another
 * account than the one named would hide a mix-up. A path ASID (v2) is always checked.
 */
function checkedAsid(match: RouteMatch, query: QueryParams, config: DispatchConfig): number {
  const source = match.route.asid;
  if (source.from === 'none') return 0;
  let asid: number;
  if (source.from === 'path') {
    asid = positiveIntText(source.param, match.params[source.param] ?? '');
  } else if (config.credentials.mode === 'bearer') {
    asid = optionalPositiveInt(query, 'accountserviceid') ?? config.asids[0] ?? 0;
  } else {
    asid = requiredPositiveInt(query, 'accountserviceid');
  }
  checkAsidAccess(asid, new Set(config.asids));
  return asid;
}

function run(match: RouteMatch | null, request: ApiRequest, config: DispatchConfig): ApiResult {
  if (match === null) throw notFound('Not Found');
  const methods = match.route.methods ?? ['GET'];
  if (!methods.includes(request.method)) {
    throw new ApiError(405, 'Method Not Allowed', ERROR_CODES.methodNotAllowed, { allow: methods.join(', ') });
  }
  checkAuthorization(request.headers.authorization, config.credentials);
  checkQueryNames(request.query, match.route.query, { asid: asidRule(match, config), lenient: config.lenient });
  const asid = checkedAsid(match, request.query, config);
  return match.route.handle({
    params: match.params,
    query: request.query,
    asid,
    now: request.now,
    state: config.state,
    format: config.format
  });
}

export function dispatch(match: RouteMatch | null, request: ApiRequest, config: DispatchConfig): ApiResult {
  try {
    return run(match, request, config);
  } catch (error) {
    if (!(error instanceof ApiError)) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: errorBody(`emulator error: ${message}`, ERROR_CODES.internal) };
    }
    // The real service sometimes reports errors with HTTP 200; only the body tells.
    const status = config.errorsWithHttp200 && match !== null ? 200 : error.status;
    return { status, body: errorBody(error.message, error.code), headers: error.headers };
  }
}
