/** What the client sends: the URL of each call, its query, and the Authorization header. */
import { authorizationValue } from '../settings/credentials.ts';

export interface CreateParams {
  diffId: number;
  restart: boolean;
  full: boolean | undefined;
  gameBuild: string | undefined;
  force: boolean;
  installAt: number | undefined;
  disableTimeout: number | undefined;
  disablePercentage: string | undefined;
}

/** The Basic header of a key pair (the one way the keys travel). */
export function authorizationHeader(accessKey: string, secretKey: string): string {
  return authorizationValue({ kind: 'keys', accessKey, secretKey });
}

/** `?accountserviceid=N` for a path shown in advice, or '' when the ASID is not sent (a token scopes the account). */
export function asidQuery(accountServiceId: number | undefined): string {
  return accountServiceId === undefined ? '' : `?accountserviceid=${accountServiceId}`;
}

export function endpoint(apiUrl: URL, path: string, query: URLSearchParams): URL {
  const url = new URL(apiUrl.href);
  url.pathname = `${apiUrl.pathname.replace(/\/+$/, '')}/cfp/${path}`;
  url.search = query.toString();
  return url;
}

/** Query of imageversion/create: accountserviceid when known, restart and force always, the rest only when given. */
export function createQuery(accountServiceId: number | undefined, params: CreateParams): URLSearchParams {
  const q = new URLSearchParams();
  if (accountServiceId !== undefined) q.set('accountserviceid', String(accountServiceId));
  q.set('diffid', String(params.diffId));
  q.set('restart', params.restart ? '1' : '0');
  q.set('force', params.force ? '1' : '0');
  if (params.full !== undefined) q.set('full', params.full ? '1' : '0');
  if (params.gameBuild !== undefined) q.set('game_build', params.gameBuild);
  if (params.installAt !== undefined) q.set('install_at', String(params.installAt));
  if (params.disableTimeout !== undefined) q.set('disable_timeout', String(params.disableTimeout));
  if (params.disablePercentage !== undefined) q.set('disable_percentage', params.disablePercentage);
  return q;
}

/** One GET the client sends: its path under /cfp/ and its query (every image call is a GET). */
export interface ApiRequest {
  path: string;
  query: URLSearchParams;
}

/** accountserviceid first when known (with a token it may be left out: the token scopes the account), then the call's own parameters. */
export function withAsid(accountServiceId: number | undefined, params: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ...(accountServiceId !== undefined ? { accountserviceid: String(accountServiceId) } : {}), ...params });
}

/** imageversion/create: a new version from a completed diff (state-changing). */
export function versionCreateRequest(accountServiceId: number | undefined, params: CreateParams): ApiRequest {
  return { path: 'v1/imageversion/create', query: createQuery(accountServiceId, params) };
}

/**
 * imageupdate/create: pull a build onto the build machine (state-changing). desc always;
 * url undefined: left out, so Clanforge uses the image's default update URL.
 */
export function updateCreateRequest(
  accountServiceId: number | undefined,
  params: { imageId: number; machineId: number; desc: string; url: string | undefined }
): ApiRequest {
  return {
    path: 'v1/imageupdate/create',
    query: withAsid(accountServiceId, {
      imageid: String(params.imageId),
      machineid: String(params.machineId),
      desc: params.desc,
      ...(params.url !== undefined ? { url: params.url } : {})
    })
  };
}

/** imagediff/create: compare the image's latest version with the build machine's files (state-changing). */
export function diffCreateRequest(accountServiceId: number | undefined, params: { imageId: number; machineId: number }): ApiRequest {
  return {
    path: 'v1/imagediff/create',
    query: withAsid(accountServiceId, { imageid: String(params.imageId), machineid: String(params.machineId) })
  };
}

/** imagediff/{id}/reject with reinstall=0: unlocks the image (state-changing). */
export function diffRejectRequest(accountServiceId: number | undefined, diffId: number): ApiRequest {
  return { path: `v1/imagediff/${diffId}/reject`, query: withAsid(accountServiceId, { reinstall: '0' }) };
}

/** image/options for one image: what locks it (safe to repeat). gameid is not sent: the action does not know it. */
export function imageOptionsRequest(accountServiceId: number | undefined, imageId: number): ApiRequest {
  return { path: 'v1/image/options', query: withAsid(accountServiceId, { imageid: String(imageId) }) };
}

/** Query parameters whose values are secrets: a build URL may embed storage keys. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set(['url']);

/** The query as it may be logged: secret values as ***. */
export function shownQuery(query: URLSearchParams): string {
  const shown = new URLSearchParams();
  for (const [name, value] of query) shown.append(name, SECRET_PARAMS.has(name) ? '***' : value);
  return shown.toString().replace(/=\*\*\*/g, '=***');
}
