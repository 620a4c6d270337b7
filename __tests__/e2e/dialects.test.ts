// Both API dialects through dist/index.js: Clanforge's keys (Basic, ASID on every v1 call)
// and the successor's token (Bearer, ASID only when given, and in the v2 rollout path).
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_ASID, EMULATOR_IMAGE_ID, ROUTE_NAMES } from '../../emulator/index.ts';
import { failureOf } from './helpers/assertions.ts';
import { findLeaks } from './helpers/leaks.ts';
import {
  ACCESS_KEY,
  allScenarios,
  FIRST_VERSION,
  scenario,
  SECRET_KEY,
  SECRETS,
  TWO_SECOND_JOB,
  type Case,
  type ScenarioResult
} from './helpers/scenario.ts';

afterAll(() => allScenarios());

/** Distinctive, so a leak is found by a substring search. */
const TOKEN = 'e2eTOK-mP4vQ9zR2xW7kL1s';
const BEARER = { auth: { mode: 'bearer' as const, token: TOKEN } };
const IMAGE = String(EMULATOR_IMAGE_ID);
const ASID = String(EMULATOR_ASID);
/** A token run: the keys cleared, the token given; the ASID as the row says. */
const tokenInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  access_key: '',
  secret_key: '',
  accountserviceid: '',
  token: TOKEN,
  ...extra
});

function expectTokenNotLeaked(result: ScenarioResult): void {
  expect(findLeaks(result.run, { keys: [TOKEN] })).toEqual([]);
}

/** Every request carried the token as Bearer, nothing else. */
function expectBearerEverywhere(result: ScenarioResult): void {
  expect(result.requests.length).toBeGreaterThan(0);
  for (const request of result.requests) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
}

const v1 = (result: ScenarioResult) => result.requests.filter((r) => r.path.startsWith('/cfp/v1/'));

const SUCCESS: Case[] = [
  {
    name: 'token without accountserviceid, wait: true: Bearer on every call, no accountserviceid sent, Complete',
    result: scenario({
      emulator: { ...BEARER, time: { scale: TWO_SECOND_JOB } },
      inputs: tokenInputs({ wait: 'true', poll_interval: '1' })
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expectBearerEverywhere(result);
      for (const request of v1(result)) expect(request.query).not.toHaveProperty('accountserviceid');
      expect(result.creates).toHaveLength(1);
      expect(result.run.outputs['imageversionid']).toBe(String(FIRST_VERSION));
      expect(result.run.outputs['jobstateid']).toBe('5');
      // The advice paths name no ASID either.
      expect(result.run.stdout).not.toMatch(/accountserviceid=\d/);
      expect(result.run.lines).toContain('Creating an image version from diff 4242 (account of the token, restart=0, force=0)');
      expectTokenNotLeaked(result);
    }
  },
  {
    name: 'token with accountserviceid and wait_for: rollout: the ASID in the v2 path only (the successor lists it on no v1 call), rolled out',
    result: scenario({
      emulator: { ...BEARER, time: { scale: TWO_SECOND_JOB }, rollouts: { plan: { durationSeconds: TWO_SECOND_JOB } } },
      inputs: tokenInputs({ accountserviceid: ASID, wait_for: 'rollout', imageid: IMAGE, poll_interval: '1' })
    }),
    check: (result) => {
      expect(result.run.code).toBe(0);
      expectBearerEverywhere(result);
      for (const request of v1(result)) expect(request.query['accountserviceid']).toBeUndefined();
      const rollouts = result.requests.filter((r) => r.route === ROUTE_NAMES.imageRollout);
      expect(rollouts.length).toBeGreaterThan(0);
      for (const poll of rollouts) expect(poll.path).toBe(`/cfp/v2/project/${ASID}/image/${IMAGE}/status`);
      expect(result.run.outputs).toMatchObject({ rollout: 'complete', pending_machines: '0' });
      expect(result.run.summary).toContain('Rollout by fleet and region');
      expectTokenNotLeaked(result);
    }
  },
  {
    name: 'keys against the token dialect: HTTP 401, the advice names the keys, nothing created',
    result: scenario({ emulator: BEARER }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      const message = failureOf(result.run);
      expect(message).toContain('HTTP 401');
      expect(message).toContain('Check access_key and secret_key');
      expect(result.versions).toHaveLength(0);
      expect(findLeaks(result.run, { keys: SECRETS })).toEqual([]);
    }
  },
  {
    name: 'a wrong token: HTTP 401, the advice names the token, nothing created',
    result: scenario({ emulator: BEARER, inputs: tokenInputs({ token: 'e2eTOK-wrong-8hG3nB6y' }) }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      const message = failureOf(result.run);
      expect(message).toContain('HTTP 401');
      expect(message).toContain('Check token (a Multiplay API token, sent as Authorization: Bearer)');
      expect(result.versions).toHaveLength(0);
      expect(findLeaks(result.run, { keys: ['e2eTOK-wrong-8hG3nB6y'] })).toEqual([]);
    }
  }
];

describe('both dialects end to end', () => {
  test.each(SUCCESS)('$name', async ({ result, check }) => check(await result));
});

/** Inputs that must fail before anything is sent: [name, inputs, what the error says]. */
const INPUT_ERRORS: [string, Record<string, string>, RegExp, readonly string[]][] = [
  [
    'both token and keys',
    { token: TOKEN },
    /inputs 'token', 'access_key' and 'secret_key' are all given: give either token .* or access_key and secret_key/,
    [TOKEN, ...SECRETS]
  ],
  [
    'neither token nor keys',
    { access_key: '', secret_key: '' },
    /no credentials: inputs 'token', 'access_key' and 'secret_key' are all empty; give either token .* or access_key and secret_key/,
    SECRETS
  ],
  [
    'access_key without secret_key',
    { secret_key: '' },
    /input 'secret_key' is required with 'access_key': the keys come as a pair/,
    [ACCESS_KEY]
  ],
  ['secret_key without access_key', { access_key: '' }, /input 'access_key' is required with 'secret_key'/, [SECRET_KEY]],
  ['token and half the keys', { token: TOKEN, secret_key: '' }, /inputs 'token' and 'access_key' are both given/, [TOKEN, ACCESS_KEY]],
  [
    'keys without accountserviceid',
    { accountserviceid: '' },
    /input 'accountserviceid' is required with 'access_key' and 'secret_key'/,
    SECRETS
  ],
  [
    'token with wait_for: rollout and no accountserviceid',
    tokenInputs({ wait_for: 'rollout', imageid: IMAGE }),
    /input 'accountserviceid' is required with 'token' when 'wait_for' is 'rollout': the rollout status path \/cfp\/v2\/project\/\{accountserviceid\}/,
    [TOKEN]
  ],
  [
    'a token with the Bearer prefix',
    tokenInputs({ token: `Bearer ${TOKEN}` }),
    /input 'token': expected the token alone, without the 'Bearer ' prefix/,
    [TOKEN]
  ]
];

describe('credentials that do not fit: an input error, zero requests, no value shown', () => {
  const rows = INPUT_ERRORS.map(([name, inputs, expected, secrets]) => ({
    name,
    expected,
    secrets,
    result: scenario({ emulator: BEARER, inputs })
  }));
  test.each(rows)('$name', async ({ result, expected, secrets }) => {
    const { run, requests } = await result;
    expect(run.code).toBe(1);
    expect(requests).toHaveLength(0);
    const message = failureOf(run);
    expect(message).toMatch(/^Invalid input/);
    expect(message).toMatch(expected);
    for (const secret of secrets) {
      expect(message).not.toContain(secret);
      expect(
        run.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n')
      ).not.toContain(secret);
    }
  });
});
