/**
 * What the client sends: every endpoint it calls, by name, and the path and query of
 * each request. Every image call is a GET with its parameters in the query string. The
 * conformance test (__tests__/clanforge/conformance.test.ts) holds each endpoint's
 * documented parameters and checks every request built here against them.
 */

/** Every endpoint the client calls; a new one needs a row in the conformance table. */
export const ENDPOINTS = [
  'imageversion/create',
  'imageversion/status',
  'imagediff/create',
  'imagediff/status',
  'imagediff/reject',
  'imageupdate/create',
  'imageupdate/status',
  'image/options',
  'imageinstall/status',
  'image/rollout'
] as const;

export type Endpoint = (typeof ENDPOINTS)[number];

/** One GET the client sends: which endpoint, its path under /cfp/, and its query. */
export interface ApiRequest {
  endpoint: Endpoint;
  path: string;
  query: URLSearchParams;
}

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

/**
 * The accountserviceid the v1 image calls carry, as each dialect documents it: Clanforge
 * (keys) lists it on every call; the successor (token) lists it on none, the token
 * scoping the account, so it is not sent there. The v2 rollout path names it in both.
 */
export function v1AccountServiceId(auth: {
  readonly kind: 'keys' | 'token';
  readonly accountServiceId: number | undefined;
}): number | undefined {
  return auth.kind === 'keys' ? auth.accountServiceId : undefined;
}

/** `?accountserviceid=N` for a path shown in advice, or '' when the ASID is not sent. */
export function asidQuery(accountServiceId: number | undefined): string {
  return accountServiceId === undefined ? '' : `?accountserviceid=${accountServiceId}`;
}

export function endpoint(apiUrl: URL, path: string, query: URLSearchParams): URL {
  const url = new URL(apiUrl.href);
  url.pathname = `${apiUrl.pathname.replace(/\/+$/, '')}/cfp/${path}`;
  url.search = query.toString();
  return url;
}

/** accountserviceid first when sent, then the call's own parameters. */
export function withAsid(accountServiceId: number | undefined, params: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ...(accountServiceId !== undefined ? { accountserviceid: String(accountServiceId) } : {}), ...params });
}

/** Query of imageversion/create: accountserviceid when sent, restart and force always, the rest only when given. */
export function createQuery(accountServiceId: number | undefined, params: CreateParams): URLSearchParams {
  const q = withAsid(accountServiceId, {});
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

/** imageversion/create: a new version from a completed diff (state-changing). */
export function versionCreateRequest(accountServiceId: number | undefined, params: CreateParams): ApiRequest {
  return { endpoint: 'imageversion/create', path: 'v1/imageversion/create', query: createQuery(accountServiceId, params) };
}

/** imageversion/{id}/status: the version's install job. */
export function versionStatusRequest(accountServiceId: number | undefined, imageVersionId: number): ApiRequest {
  return { endpoint: 'imageversion/status', path: `v1/imageversion/${imageVersionId}/status`, query: withAsid(accountServiceId, {}) };
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
    endpoint: 'imageupdate/create',
    path: 'v1/imageupdate/create',
    query: withAsid(accountServiceId, {
      imageid: String(params.imageId),
      machineid: String(params.machineId),
      desc: params.desc,
      ...(params.url !== undefined ? { url: params.url } : {})
    })
  };
}

/** imageupdate/{id}/status: the update's job. */
export function updateStatusRequest(accountServiceId: number | undefined, updateId: number): ApiRequest {
  return { endpoint: 'imageupdate/status', path: `v1/imageupdate/${updateId}/status`, query: withAsid(accountServiceId, {}) };
}

/** imagediff/create: compare the image's latest version with the build machine's files (state-changing). */
export function diffCreateRequest(accountServiceId: number | undefined, params: { imageId: number; machineId: number }): ApiRequest {
  return {
    endpoint: 'imagediff/create',
    path: 'v1/imagediff/create',
    query: withAsid(accountServiceId, { imageid: String(params.imageId), machineid: String(params.machineId) })
  };
}

/** imagediff/{id}/status with diff_info=1: the job, what changed, and the game, image and machine it is about. */
export function diffStatusRequest(accountServiceId: number | undefined, diffId: number): ApiRequest {
  return { endpoint: 'imagediff/status', path: `v1/imagediff/${diffId}/status`, query: withAsid(accountServiceId, { diff_info: '1' }) };
}

/** imagediff/{id}/reject with reinstall=0: unlocks the image (state-changing). */
export function diffRejectRequest(accountServiceId: number | undefined, diffId: number): ApiRequest {
  return { endpoint: 'imagediff/reject', path: `v1/imagediff/${diffId}/reject`, query: withAsid(accountServiceId, { reinstall: '0' }) };
}

/** An image and the game it belongs to: image/options takes them together or not at all. */
export interface GameImage {
  gameId: number;
  imageId: number;
}

/**
 * image/options: with neither gameid nor imageid, the account's games, images and build
 * machines; with both, what locks that image and the machines that have it installed.
 */
export function imageOptionsRequest(accountServiceId: number | undefined, pair?: GameImage): ApiRequest {
  const params: Record<string, string> = pair === undefined ? {} : { gameid: String(pair.gameId), imageid: String(pair.imageId) };
  return { endpoint: 'image/options', path: 'v1/image/options', query: withAsid(accountServiceId, params) };
}

/** imageinstall/status: the account's incomplete install jobs. */
export function installsRequest(accountServiceId: number | undefined): ApiRequest {
  return { endpoint: 'imageinstall/status', path: 'v1/imageinstall/status', query: withAsid(accountServiceId, {}) };
}

/** The v2 image rollout view (per fleet and region with detail=true); the path names the account service in both dialects. */
export function rolloutRequest(accountServiceId: number, imageId: number): ApiRequest {
  return {
    endpoint: 'image/rollout',
    path: `v2/project/${accountServiceId}/image/${imageId}/status`,
    query: new URLSearchParams({ detail: 'true' })
  };
}

/** `GET /cfp/v1/image/options?accountserviceid=N&gameid=G&imageid=I`, as advice shows it; an id the run does not know as `{gameid}`. */
export function imageOptionsShown(accountServiceId: number | undefined, gameId: number | undefined, imageId: number | undefined): string {
  const query = withAsid(accountServiceId, {}).toString();
  const game = gameId === undefined ? '{gameid}' : String(gameId);
  const image = imageId === undefined ? '{imageid}' : String(imageId);
  return `GET /cfp/v1/image/options?${query === '' ? '' : `${query}&`}gameid=${game}&imageid=${image}`;
}

/** Query parameters whose values are secrets: a build URL may embed storage keys. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set(['url']);

/** The query as it may be logged: secret values as ***. */
export function shownQuery(query: URLSearchParams): string {
  const shown = new URLSearchParams();
  for (const [name, value] of query) shown.append(name, SECRET_PARAMS.has(name) ? '***' : value);
  return shown.toString().replace(/=\*\*\*/g, '=***');
}
