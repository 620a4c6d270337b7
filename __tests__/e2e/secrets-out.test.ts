// End to end, through dist/index.js: secrets in the forms they take on the way out (a
// token echoed in a redirect's Location, rewritten by the URL parser), and control
// characters in inputs (a NEL or CSI in update_url, game_build or a key). The GitHub side
// of the same issue is in e2e/deployment.test.ts; the build URL's parts in
// e2e/build-sources.test.ts.
import { afterAll, describe, expect, test } from '@jest/globals';
import { expectNoLeaks, failureOf } from './helpers/assertions.ts';
import { buildUrlMasks, findLeaks } from './helpers/leaks.ts';
import { commands } from './helpers/run-action.ts';
import { ACCESS_KEY, allScenarios, CREATE, scenario, type Case } from './helpers/scenario.ts';

afterAll(() => allScenarios());

/** A Multiplay token with the characters the URL parser rewrites: `"` → %22, `<` → %3C, `{` and `'` as the component says. */
const TOKEN = `e2eTOK"q'7<Zx>{9}-mP4v`;
const BEARER = { auth: { mode: 'bearer' as const, token: TOKEN } };
const tokenInputs = { access_key: '', secret_key: '', accountserviceid: '', token: TOKEN };

describe('a secret in the form the URL parser writes it', () => {
  const rows: Case[] = [
    {
      name: 'a create answered 302 with the token in the Location query: shown as ***, in no form anywhere',
      result: scenario({
        emulator: {
          ...BEARER,
          faults: {
            specs: [
              {
                route: CREATE,
                kind: 'respond',
                status: 302,
                headers: { location: `https://api.multiplay.dev/cfp/v1/imageversion/next?echo=${TOKEN}&n=1` }
              }
            ]
          }
        },
        inputs: tokenInputs
      }),
      check: (result) => {
        expect(result.run.code).toBe(1);
        const message = failureOf(result.run);
        expect(message).toContain('(Location: https://api.multiplay.dev/cfp/v1/imageversion/next?echo=***&n=1)');
        // The form the issue saw: `"` as %22, which the plain list of forms did not hold.
        expect(result.run.stdout).not.toContain('e2eTOK%22q');
        expect(findLeaks(result.run, { keys: [TOKEN] })).toEqual([]);
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});

const URL_BEFORE_NEL = 'https://builds.example.net/';
const NEL_URL = `${URL_BEFORE_NEL}\u0085builds/server.zip?sig=5f1c0e9ab27d84c3e6f90a1b2c3d4e5f`;
const CSI_URL = `https://builds.example.net/server.zip?\u009b31m&sig=5f1c0e9ab27d84c3e6f90a1b2c3d4e5f`;
const MAKE_DIFF = { diffid: '', imageid: '77', machineid: '9' };

describe('control characters in inputs: an input error, nothing sent', () => {
  const rows: Case[] = [
    {
      name: 'update_url with a NEL (U+0085): refused naming the input; the URL masked whole, no fragment such as the host alone',
      result: scenario({ inputs: { ...MAKE_DIFF, update_url: NEL_URL } }),
      check: (result) => {
        expect(result.run.code).toBe(1);
        expect(result.requests).toHaveLength(0);
        const message = failureOf(result.run);
        expect(message).toContain("input 'update_url': contains the control character U+0085");
        expect(message).not.toContain('builds.example.net');
        const masks = commands(result.run, 'add-mask');
        // Masked in its encoded forms (plain ASCII); the raw value, whose NEL a mask line would print, is redacted in-process.
        expect(masks).toContain(new URL(NEL_URL).href);
        expect(masks).toContain(encodeURIComponent(NEL_URL));
        expect(result.run.stdout).not.toContain('\u0085');
        expect(masks.filter((mask) => NEL_URL.startsWith(mask))).toEqual([]);
        expect(masks).not.toContain(URL_BEFORE_NEL);
        expectNoLeaks(result.run, { secrets: [NEL_URL, '5f1c0e9ab27d84c3e6f90a1b2c3d4e5f'], extraMask: buildUrlMasks(NEL_URL) });
      }
    },
    {
      name: 'update_url with a CSI (U+009B): refused naming the input, nothing sent, no leak',
      result: scenario({ inputs: { ...MAKE_DIFF, update_url: CSI_URL } }),
      check: (result) => {
        expect(result.run.code).toBe(1);
        expect(result.requests).toHaveLength(0);
        expect(failureOf(result.run)).toContain("input 'update_url': contains the control character U+009B");
        expect(result.run.stdout).not.toContain('\u009b');
        expectNoLeaks(result.run, { secrets: [CSI_URL, '5f1c0e9ab27d84c3e6f90a1b2c3d4e5f'], extraMask: buildUrlMasks(CSI_URL) });
      }
    },
    {
      name: 'game_build with a CSI: refused naming the input, the character not echoed, nothing sent',
      result: scenario({ inputs: { game_build: 'v1.2\u009b31m' } }),
      check: (result) => {
        expect(result.run.code).toBe(1);
        expect(result.requests).toHaveLength(0);
        expect(failureOf(result.run)).toBe(
          "Invalid input: input 'game_build': contains the control character U+009B; remove it (of the control characters, only tab, LF and CR are allowed in game_build)"
        );
        expect(result.run.stdout).not.toContain('\u009b');
        expectNoLeaks(result.run);
      }
    },
    {
      name: 'a secret key with a NEL: refused naming the input, never its value; nothing sent',
      result: scenario({ inputs: { secret_key: `e2eSK-Lr8v\u0085N3tY6cJ1hB5dKq0` } }),
      check: (result) => {
        expect(result.run.code).toBe(1);
        expect(result.requests).toHaveLength(0);
        const message = failureOf(result.run);
        expect(message).toContain("input 'secret_key': contains the control character U+0085");
        expect(message).not.toContain('e2eSK');
        expect(message).not.toContain(ACCESS_KEY);
        const secretKey = `e2eSK-Lr8v\u0085N3tY6cJ1hB5dKq0`;
        const basic = Buffer.from(`${ACCESS_KEY}:${secretKey}`).toString('base64');
        // The key with its NEL is redacted in-process only (a mask line would print the NEL raw); the others are masked first.
        expect(findLeaks(result.run, { keys: [ACCESS_KEY, basic], secrets: [secretKey] })).toEqual([]);
        expect(result.run.stdout).not.toContain('\u0085');
      }
    }
  ];
  test.each(rows)('$name', async ({ result, check }) => check(await result));
});
