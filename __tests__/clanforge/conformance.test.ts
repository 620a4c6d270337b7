// Every request the client can send, checked against the documented parameters of its
// endpoint in both dialects. The table is transcribed from ../shared/clanforge-api.md
// (the project's API reference), each row with the sentence it comes from. A request
// that carries an undocumented parameter, leaves out a required one, gives half of a
// pair, or encodes a value in another form than documented fails here; so does an
// endpoint of requests.ts without a row, or one the client drives below never reaches.
import { describe, expect, it } from '@jest/globals';
import { ClanforgeClient } from '../../src/clanforge/client/client.ts';
import type { HttpRequest } from '../../src/clanforge/http/transport.ts';
import { ENDPOINTS, type Endpoint } from '../../src/clanforge/requests.ts';
import type { Credentials } from '../../src/settings/credentials.ts';
import { scriptedTransport } from '../helpers/scripted-transport.ts';
import { redactorOf } from '../helpers/redactor.ts';

/** How a value is written on the wire. */
type Form =
  /** a positive integer in digits */
  | 'id'
  /** v1 booleans: 1 or 0 */
  | 'flag'
  /** v2 booleans: true or false */
  | 'word'
  /** unix seconds in digits */
  | 'unix'
  /** decimal 0.00 to 100.00 */
  | 'percentage'
  /** whole minutes in digits */
  | 'minutes'
  /** free text */
  | 'text'
  /** a build URL (s3, steam, gs, cos, http(s)), sent as given: encoded again as a query value */
  | 'url';

interface Param {
  required: boolean;
  form: Form;
}

interface Row {
  /** The request path (after api_url), with {ids}. */
  path: RegExp;
  /** The documented query parameters, accountserviceid apart (it depends on the dialect). */
  params: Record<string, Param>;
  /** Parameters given together or not at all. */
  together: string[][];
  /** Where the v1 ASID goes: in the query as each dialect documents it, or in the path (v2, both dialects). */
  asid: 'query' | 'path';
  /** The reference's words the row comes from. */
  source: string;
}

const req = (form: Form): Param => ({ required: true, form });
const opt = (form: Form): Param => ({ required: false, form });

/**
 * The dialects: "accountserviceid on v1 image calls | required | not listed (the token
 * scopes the account)"; "v2 rollout path | /cfp/v2/project/{asid}/image/{imageid}/status |
 * the same, ASID in the path".
 */
const TABLE: Record<Endpoint, Row> = {
  'imageversion/create': {
    path: /^\/cfp\/v1\/imageversion\/create$/,
    params: {
      diffid: req('id'),
      restart: req('flag'),
      full: opt('flag'),
      game_build: opt('text'),
      force: opt('flag'),
      install_at: opt('unix'),
      disable_timeout: opt('minutes'),
      disable_percentage: opt('percentage')
    },
    together: [['disable_timeout', 'disable_percentage']],
    asid: 'query',
    source:
      'imageversion/create table: diffid yes; accountserviceid yes; restart "yes (send it always)"; full, game_build, force, install_at, disable_timeout ("with disable_percentage"), disable_percentage no. "Booleans are 1/0 on the v1 image endpoints"'
  },
  'imageversion/status': {
    path: /^\/cfp\/v1\/imageversion\/\d+\/status$/,
    params: {},
    together: [],
    asid: 'query',
    source: '"GET /cfp/v1/imageversion/{imageversionid}/status?accountserviceid=…"'
  },
  'imagediff/create': {
    path: /^\/cfp\/v1\/imagediff\/create$/,
    params: { imageid: req('id'), machineid: req('id'), diffid: opt('id') },
    together: [],
    asid: 'query',
    source: '"imagediff/create?accountserviceid&imageid&machineid[&diffid]"'
  },
  'imagediff/status': {
    path: /^\/cfp\/v1\/imagediff\/\d+\/status$/,
    params: { diff_info: opt('flag') },
    together: [],
    asid: 'query',
    source: '"imagediff/{diffid}/status?accountserviceid[&diff_info=1]"'
  },
  'imagediff/reject': {
    path: /^\/cfp\/v1\/imagediff\/\d+\/reject$/,
    params: { reinstall: req('flag') },
    together: [],
    asid: 'query',
    source: '"imagediff/{diffid}/reject?accountserviceid&reinstall=0|1 (state-changing). reinstall is required"'
  },
  'imageupdate/create': {
    path: /^\/cfp\/v1\/imageupdate\/create$/,
    params: { imageid: req('id'), machineid: req('id'), desc: req('text'), url: opt('url') },
    together: [],
    asid: 'query',
    source:
      '"imageupdate/create?accountserviceid&imageid&machineid&desc[&url]" … "desc is required. url is optional when the image has a default update URL"; "the whole URL is then encoded again as the url query parameter"'
  },
  'imageupdate/status': {
    path: /^\/cfp\/v1\/imageupdate\/\d+\/status$/,
    params: {},
    together: [],
    asid: 'query',
    source: '"poll imageupdate/{updateid}/status" (with the account service id every v1 call takes)'
  },
  'image/options': {
    path: /^\/cfp\/v1\/image\/options$/,
    params: { gameid: opt('id'), imageid: opt('id') },
    together: [['gameid', 'imageid']],
    asid: 'query',
    source:
      '"image/options?accountserviceid[&gameid=G&imageid=I]" … "gameid and imageid are given together or both left out (Clanforge: If <imageid> is provided, <gameid> must also be provided, and vice versa)"'
  },
  'imageinstall/status': {
    path: /^\/cfp\/v1\/imageinstall\/status$/,
    params: {},
    together: [],
    asid: 'query',
    source: '"imageinstall/status?accountserviceid → incomplete install jobs"'
  },
  'image/rollout': {
    path: /^\/cfp\/v2\/project\/\d+\/image\/\d+\/status$/,
    params: { detail: opt('word') },
    together: [],
    asid: 'path',
    source: '"GET /cfp/v2/project/{asid}/image/{imageid}/status?detail=true|false"; "true/false only on v2 detail"'
  }
};

const FORMS: Record<Form, (value: string) => boolean> = {
  id: (v) => /^[1-9]\d*$/.test(v),
  flag: (v) => v === '0' || v === '1',
  word: (v) => v === 'true' || v === 'false',
  unix: (v) => /^\d+$/.test(v),
  minutes: (v) => /^[1-9]\d*$/.test(v),
  percentage: (v) => /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 100,
  text: () => true,
  url: (v) => /^(s3|steam|gs|cos|https?):\/\/./.test(v)
};

/** The endpoint whose path the request has. */
function endpointOf(pathname: string): Endpoint | undefined {
  return ENDPOINTS.find((name) => TABLE[name].path.test(pathname));
}

/** Every way the request breaks its row, as readable lines; [] when it conforms. */
function problems(url: URL, dialect: Credentials['kind']): string[] {
  const name = endpointOf(url.pathname);
  if (name === undefined) return [`${url.pathname}: no endpoint of the table has this path`];
  const row = TABLE[name];
  const found: string[] = [];
  const names = [...url.searchParams.keys()];
  for (const param of new Set(names)) {
    if (names.filter((n) => n === param).length > 1) found.push(`${name}: ${param} given more than once`);
  }
  const documented: Record<string, Param> = { ...row.params };
  if (row.asid === 'query' && dialect === 'keys') documented['accountserviceid'] = req('id');
  for (const [param, value] of url.searchParams) {
    const rule = documented[param];
    if (rule === undefined) found.push(`${name}: ${param} is not a documented parameter (${dialect})`);
    else if (!FORMS[rule.form](value)) found.push(`${name}: ${param}=${value} is not in the form ${rule.form}`);
  }
  for (const [param, rule] of Object.entries(documented)) {
    if (rule.required && !url.searchParams.has(param)) found.push(`${name}: required ${param} is missing (${dialect})`);
  }
  for (const group of row.together) {
    const given = group.filter((param) => url.searchParams.has(param));
    if (given.length !== 0 && given.length !== group.length)
      found.push(`${name}: ${given.join(', ')} without ${group.join(' and ')} together`);
  }
  return found;
}

const ANSWERS: Record<Endpoint, unknown> = {
  'imageversion/create': { success: true, imageversionid: 4242, jobstateid: 1 },
  'imageversion/status': { success: true, jobstateid: 4 },
  'imagediff/create': { success: true, diffid: 5001, jobstateid: 1 },
  'imagediff/status': { success: true, jobstateid: 5, added: {}, modified: {}, removed: {}, game: { gameid: 501 } },
  'imagediff/reject': { success: true, diffid: 5001 },
  'imageupdate/create': { success: true, updateid: 3001, jobstateid: 1 },
  'imageupdate/status': { success: true, jobstateid: 4 },
  'image/options': { success: true, games: [{ gameid: 501 }], images: [{ imageid: 77 }], machines: [] },
  'imageinstall/status': { success: true, installs: [] },
  'image/rollout': { success: true, pending_machines: 0, failed_machines: 0, completed_machines: 0 }
};

const KEYS: Credentials = { kind: 'keys', accessKey: 'AK-conform-1', secretKey: 'SK-conform-2' };
const TOKEN: Credentials = { kind: 'token', token: 'tok-conform-3' };
/** A build URL with credentials percent-encoded once, as the reference asks. */
const BUILD_URL = 's3://AKIA%2Fx:se%2Bcret%2F1@bucket/folder/?region=eu-west-1';

/** Drives every request the client can send, with every optional parameter given and with none. */
async function everyRequest(credentials: Credentials): Promise<URL[]> {
  const sent: URL[] = [];
  const transport = scriptedTransport(async (request: HttpRequest) => {
    sent.push(request.url);
    const name = endpointOf(request.url.pathname);
    return { status: 200, statusText: 'OK', headers: {}, body: JSON.stringify(name === undefined ? {} : ANSWERS[name]) };
  });
  const client = new ClanforgeClient({
    apiUrl: new URL('https://api.test'),
    credentials,
    accountServiceId: 12345,
    transport,
    userAgent: 'test/1',
    sleep: async () => undefined,
    log: { debug: () => undefined, warning: () => undefined },
    redact: redactorOf(credentials)
  });
  const image = { imageId: 77, gameId: 501 };
  const none = { restart: false, full: undefined, gameBuild: undefined, force: false, installAt: undefined, disableTimeout: undefined };
  await client.versions.create({ ...none, diffId: 5001, disablePercentage: undefined }, image);
  await client.versions.create(
    {
      diffId: 5001,
      restart: true,
      full: true,
      gameBuild: 'v2.7.0 beta & co',
      force: true,
      installAt: 1796094000,
      disableTimeout: 30,
      disablePercentage: '97.5'
    },
    image
  );
  await client.versions.status(4242);
  await client.diffs.create({ imageId: 77, machineId: 9001, gameId: 501 });
  await client.diffs.status(5001);
  await client.diffs.reject(5001);
  await client.updates.create({ imageId: 77, machineId: 9001, desc: 'v2.7.0 (abc1234)', url: BUILD_URL });
  await client.updates.create({ imageId: 77, machineId: 9001, desc: 'v2.7.0 (abc1234)', url: undefined });
  await client.updates.status(3001);
  await client.images.options(undefined);
  await client.images.options({ gameId: 501, imageId: 77 });
  await client.images.rollout(12345, 77);
  await client.installs.status();
  return sent;
}

describe('every request the client can send is one the docs describe', () => {
  it('every endpoint the client names has a row with its source', () => {
    for (const name of ENDPOINTS) {
      expect(TABLE[name]).toBeDefined();
      expect(TABLE[name].source.length).toBeGreaterThan(20);
    }
  });

  describe.each([
    ['Clanforge keys', KEYS],
    ['the successor token', TOKEN]
  ] as const)('%s', (_name, credentials) => {
    it('sends only documented parameters, every required one, pairs whole, in the documented forms', async () => {
      const sent = await everyRequest(credentials);
      expect(sent.flatMap((url) => problems(url, credentials.kind))).toEqual([]);
    });

    it('reaches every endpoint of the table', async () => {
      const reached = new Set((await everyRequest(credentials)).map((url) => endpointOf(url.pathname)));
      expect([...ENDPOINTS].filter((name) => !reached.has(name))).toEqual([]);
    });
  });

  it('encodes the build URL again as the url parameter (credentials inside stay encoded once)', async () => {
    const sent = await everyRequest(KEYS);
    const update = sent.find((url) => url.pathname.endsWith('/imageupdate/create') && url.searchParams.has('url'));
    expect(update?.searchParams.get('url')).toBe(BUILD_URL);
    expect(update?.search).toContain(`url=${encodeURIComponent(BUILD_URL).replace(/%20/g, '+')}`);
  });

  describe('the check itself can fail', () => {
    const check = (target: string, dialect: Credentials['kind'] = 'keys'): string[] =>
      problems(new URL(target, 'https://api.test'), dialect);

    it.each([
      ['an undocumented parameter', '/cfp/v1/imageinstall/status?accountserviceid=1&page=2', 'page is not a documented parameter'],
      ['imageid without gameid', '/cfp/v1/image/options?accountserviceid=1&imageid=77', 'imageid without gameid and imageid together'],
      ['a missing required parameter', '/cfp/v1/imagediff/9/reject?accountserviceid=1', 'required reinstall is missing'],
      [
        'a boolean as a word on v1',
        '/cfp/v1/imageversion/create?accountserviceid=1&diffid=2&restart=true',
        'restart=true is not in the form flag'
      ],
      ['the keys without the ASID', '/cfp/v1/imageinstall/status', 'required accountserviceid is missing'],
      ['an unknown path', '/cfp/v1/imagediff/9/retry?accountserviceid=1', 'no endpoint of the table has this path']
    ])('%s', (_name, target, said) => {
      expect(check(target).join('\n')).toContain(said);
    });

    it('the ASID on a v1 call with a token', () => {
      expect(check('/cfp/v1/imageinstall/status?accountserviceid=1', 'token')).toEqual([
        'imageinstall/status: accountserviceid is not a documented parameter (token)'
      ]);
    });
  });
});
