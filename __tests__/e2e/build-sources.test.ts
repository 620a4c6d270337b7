// Every build source imageupdate/create takes, through dist/index.js: the URL sent as
// given, every secret part masked in every form (the emulator echoes the parts back in
// the update's job fields, so a part the action did not mask would show), the update
// without a URL (the image's default), and the locks met on the update stage.
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_IMAGE, EMULATOR_IMAGE_ID, ROUTE_NAMES } from '../../emulator/index.ts';
import { expectNoLeaks, failureOf } from './helpers/assertions.ts';
import { commands } from './helpers/run-action.ts';
import { allScenarios, scenario, TWO_SECOND_JOB, type Case, type ScenarioResult } from './helpers/scenario.ts';

afterAll(() => allScenarios());

const IMAGE = String(EMULATOR_IMAGE_ID);
const MACHINE = '9';
const MAKE_DIFF = { diffid: '', imageid: IMAGE, machineid: MACHINE, poll_interval: '1' };
const FAST = { time: { scale: TWO_SECOND_JOB * 10 } };
const R = ROUTE_NAMES;

const S3_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY';
const S3_ACCESS = 'AKIAE2EBUILDSRC7Q2X';
const STEAM_PASSWORD = 'st3am-Pa55:w0rd/x';
const BETA_PASSWORD = 'b3ta-pa55-Z9q';
const GUARD = 'G7K2P';
const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nq2Vb8xY4lK9tP0mN3wR6sZ1cD5fG7hJ\n-----END PRIVATE KEY-----\n';
const SERVICE_ACCOUNT = JSON.stringify({
  type: 'service_account',
  project_id: 'space-game',
  private_key_id: 'f00dbabe5eed1e55c0ffee',
  private_key: PRIVATE_KEY,
  client_email: 'ci@space-game.iam.example'
});

interface Source {
  name: string;
  url: string;
  /** Secret parts, raw and decoded: none may appear anywhere but on mask lines. */
  secrets: string[];
}

const SOURCES: Source[] = [
  {
    name: 's3:// with an AWS secret holding / and + (encoded once)',
    url: `s3://${S3_ACCESS}:${encodeURIComponent(S3_SECRET)}@space-builds/server/v2/?region=eu-west-1&handlers=10&requesttimeout=2m`,
    secrets: [S3_SECRET, encodeURIComponent(S3_SECRET), S3_ACCESS]
  },
  {
    name: 'steam:// with a password, a beta password and a guard code',
    url: `steam://builder:${encodeURIComponent(STEAM_PASSWORD)}@install/740/?platformtype=linux&beta=staging&betapassword=${BETA_PASSWORD}&guardcode=${GUARD}`,
    secrets: [STEAM_PASSWORD, encodeURIComponent(STEAM_PASSWORD), BETA_PASSWORD, `guardcode=${GUARD}`]
  },
  { name: 'steam:// anonymous', url: 'steam://anonymous@install/740/', secrets: [] },
  {
    name: 'gs:// with a URL-encoded service-account JSON',
    url: `gs://space-builds/server?credentials=${encodeURIComponent(SERVICE_ACCOUNT)}&handlers=4`,
    secrets: [
      SERVICE_ACCOUNT,
      encodeURIComponent(SERVICE_ACCOUNT),
      ...PRIVATE_KEY.split('\n').filter((l) => l.length > 5 && !l.startsWith('-----'))
    ]
  },
  { name: 'cos://', url: 'cos://space-builds-1250000000.cos.ap-guangzhou.myqcloud.com/server/v2/', secrets: [] },
  {
    name: 'https:// with pwd= and code= (masked by name) and a long random value under an ordinary name (masked by shape)',
    url: 'https://builds.example.net/server.zip?user=ci&pwd=Hunter2-x9Q&code=4F8Q-2KD7&build=c2VjcmV0LXRva2VuLXZhbHVlLTEyMw&region=eu-west-1',
    secrets: ['Hunter2-x9Q', '4F8Q-2KD7', 'c2VjcmV0LXRva2VuLXZhbHVlLTEyMw']
  },
  {
    name: 'https:// signed',
    url: 'https://builds.example.net/server.zip?X-Amz-Signature=5f1c0e9ab27d84c3e6f90a1b2c3d4e5f',
    secrets: ['5f1c0e9ab27d84c3e6f90a1b2c3d4e5f']
  }
];

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function unescapedJson(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/**
 * A mask is fine when it is a form of the URL or a part of one: as given, percent-encoded
 * or form-encoded, decoded, or JSON-escaped (the private key's lines among them).
 */
function urlMask(url: string): (mask: string) => boolean {
  const forms = [
    url,
    decoded(url),
    decoded(decoded(url)),
    encodeURIComponent(url),
    new URLSearchParams({ url }).toString().slice('url='.length),
    PRIVATE_KEY
  ];
  return (mask) => {
    const variants = [
      mask,
      decoded(mask),
      unescapedJson(mask),
      unescapedJson(decoded(mask)),
      new URLSearchParams(`v=${mask}`).get('v') ?? ''
    ];
    return variants.some((variant) => variant !== '' && forms.some((form) => form.includes(variant)));
  };
}

const echoed = (source: Source) => ({
  // Every secret part comes back in the update's job fields, as a server might quote it.
  answerFields: [
    { route: R.imageUpdateStatus, fields: { joberror: source.secrets.join(' | '), jobstatename: `Running ${source.secrets.join(' ')}` } }
  ]
});

const ACCEPTED: (Case & { source: Source })[] = SOURCES.map((source) => ({
  name: source.name,
  source,
  result: scenario({ emulator: { ...FAST, faults: echoed(source) }, inputs: { ...MAKE_DIFF, update_url: source.url } }),
  check: (result: ScenarioResult) => {
    expect(result.run.code).toBe(0);
    const update = result.requests.find((r) => r.route === R.imageUpdateCreate);
    expect(update?.query['url']).toBe(source.url);
    expect(update?.query['desc']).toBeTruthy();
    expectNoLeaks(result.run, { secrets: [source.url, encodeURIComponent(source.url), ...source.secrets], extraMask: urlMask(source.url) });
  }
}));

describe('every build source Clanforge documents: accepted, sent as given, no secret part shown', () => {
  test.each(ACCEPTED)('$name', async ({ result, check }) => check(await result));
});

/** Short common values of a build URL, echoed back by the update's job: masked only as name=value, so they stay readable. */
const COMMON_VALUES = 'eu-west-1 public 10 linux';
const READABLE: Case[] = [
  {
    name: 's3:// region=eu-west-1&handlers=10: the values stay readable in the log',
    result: scenario({
      emulator: {
        ...FAST,
        faults: { answerFields: [{ route: R.imageUpdateStatus, fields: { jobstatename: `Running ${COMMON_VALUES}` } }] }
      },
      inputs: {
        ...MAKE_DIFF,
        update_url: `s3://${S3_ACCESS}:${encodeURIComponent(S3_SECRET)}@space-builds/server/?region=eu-west-1&handlers=10`
      }
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expect(result.run.lines.some((line) => line.includes(`Running ${COMMON_VALUES}`))).toBe(true);
      const masks = commands(result.run, 'add-mask');
      for (const value of ['eu-west-1', '10']) expect(masks).not.toContain(value);
    }
  },
  {
    name: 'steam:// beta=public&platformtype=linux: the values stay readable in the log',
    result: scenario({
      emulator: {
        ...FAST,
        faults: { answerFields: [{ route: R.imageUpdateStatus, fields: { jobstatename: `Running ${COMMON_VALUES}` } }] }
      },
      inputs: {
        ...MAKE_DIFF,
        update_url: `steam://builder:${encodeURIComponent(STEAM_PASSWORD)}@install/740/?beta=public&platformtype=linux`
      }
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expect(result.run.lines.some((line) => line.includes(`Running ${COMMON_VALUES}`))).toBe(true);
      const masks = commands(result.run, 'add-mask');
      for (const value of ['public', 'linux']) expect(masks).not.toContain(value);
    }
  }
];

describe("a build URL's short common values (region, handlers, beta) are not masked on their own", () => {
  test.each(READABLE)('$name', async ({ result, check }) => check(await result));
});

const BAD_S3 = `s3://${S3_ACCESS}:${S3_SECRET}@space-builds/server/`;
const LOCKING_DIFF = 218595;
const LOCKED = { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: LOCKING_DIFF } } };
const WITH_DEFAULT = {
  images: [{ ...EMULATOR_IMAGE, updateUrl: `s3://${S3_ACCESS}:${encodeURIComponent(S3_SECRET)}@space-builds/default/` }]
};

const OTHERS: Case[] = [
  {
    name: 'an S3 secret with / and + left unencoded: input error with the encoding advice, no value, zero requests',
    result: scenario({ inputs: { ...MAKE_DIFF, update_url: BAD_S3 } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expect(result.requests).toHaveLength(0);
      const message = failureOf(result.run);
      expect(message).toMatch(
        /^Invalid input: input 'update_url': .*percent-encode each credential once before putting it in the URL \(encodeURIComponent does it: '\/' → %2F, '\+' → %2B/
      );
      for (const part of [S3_SECRET, S3_ACCESS, 'space-builds', 'wJalr']) expect(message).not.toContain(part);
      expectNoLeaks(result.run, { secrets: [S3_SECRET], extraMask: urlMask(BAD_S3) });
    }
  },
  {
    name: 'an ftp:// URL: input error naming the accepted schemes, zero requests',
    result: scenario({ inputs: { ...MAKE_DIFF, update_url: 'ftp://user:pa55w0rd-x@files.example.net/b.zip' } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expect(result.requests).toHaveLength(0);
      expect(failureOf(result.run)).toBe(
        "Invalid input: input 'update_url': the scheme is not one Clanforge takes; expected s3://, steam://, gs://, cos://, https:// or http://"
      );
    }
  },
  {
    name: 'update: true without update_url: imageupdate/create without url, the image default used',
    result: scenario({ emulator: { ...FAST, ...WITH_DEFAULT }, inputs: { ...MAKE_DIFF, update: 'true' } }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      const update = result.requests.find((r) => r.route === R.imageUpdateCreate);
      expect(update?.query).not.toHaveProperty('url');
      expect(update?.query['desc']).toBeTruthy();
      expect(result.run.outputs['updateid']).toBeTruthy();
      expect(result.run.lines).toContainEqual(
        expect.stringMatching(/^Pulling the build onto machine 9 for image 77 from the image's default update URL/)
      );
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'update: true, the image has no default update URL: Clanforge refuses, nothing diffed',
    result: scenario({ inputs: { ...MAKE_DIFF, update: 'true' } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expect(failureOf(result.run)).toContain(
        'Could not start the image update: Clanforge answered HTTP 400 Bad Request: Missing required parameter url: image 77 has no default update URL'
      );
      expect(result.requests.map((r) => r.route)).toEqual([R.imageUpdateCreate]);
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'locked by a diff on the update stage, reject_locking_diff false: fails naming the diff and the remedy',
    result: scenario({ emulator: LOCKED, inputs: { ...MAKE_DIFF, update: 'true' } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      const message = failureOf(result.run);
      expect(message).toMatch(
        new RegExp(
          `^Could not start the image update: image 77 is locked by diff ${LOCKING_DIFF}, which was neither accepted nor rejected\\.`
        )
      );
      expect(message).toContain(`GET /cfp/v1/imagediff/${LOCKING_DIFF}/reject?accountserviceid=12345&reinstall=0`);
      expect(message).toContain('reject_locking_diff: true');
      expect(result.requests.map((r) => r.route)).toEqual([R.imageUpdateCreate]);
      expectNoLeaks(result.run);
    }
  },
  {
    name: "dry run, locked by a diff, with update: refused with the real run's message, nothing sent that changes state",
    result: scenario({ emulator: LOCKED, inputs: { ...MAKE_DIFF, update: 'true', dry_run: 'true' } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expect(failureOf(result.run)).toMatch(
        new RegExp(
          `^Could not start the image update: image 77 is locked by diff ${LOCKING_DIFF}, which was neither accepted nor rejected\\.`
        )
      );
      expect(result.requests.map((r) => r.route)).not.toContain(R.imageUpdateCreate);
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'locked by a diff on the update stage, reject_locking_diff true: rejects it once, loudly, and goes on',
    result: scenario({
      emulator: { ...FAST, ...LOCKED, ...WITH_DEFAULT },
      inputs: { ...MAKE_DIFF, update: 'true', reject_locking_diff: 'true' }
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      const routes = result.requests.map((r) => r.route);
      expect(routes.slice(0, 3)).toEqual([R.imageUpdateCreate, R.imageDiffReject, R.imageUpdateCreate]);
      expect(routes.filter((r) => r === R.imageDiffReject)).toHaveLength(1);
      expect(result.requests.find((r) => r.route === R.imageDiffReject)?.path).toBe(`/cfp/v1/imagediff/${LOCKING_DIFF}/reject`);
      expect(commands(result.run, 'warning')).toEqual([
        `Image 77 is locked by diff ${LOCKING_DIFF}. reject_locking_diff is true: REJECTING DIFF ${LOCKING_DIFF} (reinstall=0) and starting the image update again, once.`
      ]);
      expect(result.run.outputs['imageversionid']).toBeTruthy();
      expectNoLeaks(result.run);
    }
  },
  {
    name: 'locked by an image update: fails naming the update, no automatic action',
    result: scenario({
      emulator: {
        faults: {
          specs: [
            {
              route: R.imageUpdateCreate,
              kind: 'respond',
              status: 400,
              body: {
                kind: 'json',
                value: {
                  success: false,
                  error: true,
                  error_code: 1,
                  error_message: 'image locked by updateid: 3999',
                  messages: [],
                  _debug: []
                }
              }
            }
          ]
        }
      },
      inputs: { ...MAKE_DIFF, update: 'true', reject_locking_diff: 'true' }
    }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      const message = failureOf(result.run);
      expect(message).toMatch(/^Could not start the image update: image 77 is locked by image update 3999, which has not finished\./);
      expect(message).toContain('GET /cfp/v1/imageupdate/3999/status?accountserviceid=12345');
      expect(result.requests.map((r) => r.route)).toEqual([R.imageUpdateCreate]);
      expectNoLeaks(result.run);
    }
  }
];

describe('build source mistakes, the update without a URL, and locks on the update stage', () => {
  test.each(OTHERS)('$name', async ({ result, check }) => check(await result));
});
