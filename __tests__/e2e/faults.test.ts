// End to end: answers the action must read right, from small loopback servers that
// misbehave on purpose (dist/index.js as a child process, as the runner runs it).
// Each case is one fault found by injecting faults into the bundled action: a created
// version read as not created, a refused TLS handshake called "sent", a redirect read
// as a refusal, a proxy error that named the wrong host, JSON of the wrong shape called
// "not JSON", keys echoed back in job fields, and the answer shapes the API allows.
// Every scenario starts when the file loads, in the row that holds its assertions; the
// tests assert on them, and every row ends with the leak check.
import { afterAll, describe, expect, test } from '@jest/globals';
import { expectNoLeaks, failureOf } from './helpers/assertions.ts';
import { findLeaks } from './helpers/leaks.ts';
import { fakeServer, type FakeAnswer, type FakeServer, type FakeServerOptions } from './helpers/fake-server.ts';
import { commands, runAction, type ActionRun } from './helpers/run-action.ts';
import { ACCESS_KEY, BASIC_TOKEN, closedPort, SECRET_KEY, type Case } from './helpers/scenario.ts';
import { makeTlsFixtures } from './helpers/tls-fixtures.ts';

const ASID = '12345';
const DIFF = '678';
/** The inputs of every run here but api_url. */
const INPUTS = { access_key: ACCESS_KEY, secret_key: SECRET_KEY, accountserviceid: ASID, diffid: DIFF };
const CREATE_PATH = '/cfp/v1/imageversion/create';
const JOB = { jobstateid: 1, jobstatename: 'Created', jobprogress: 0, jobfailed: 0, joberror: '' };
const CREATED = { success: true, imageversionid: 4242, ...JOB };

const tls = makeTlsFixtures();

interface Outcome {
  run: ActionRun;
  requests: FakeServer['requests'];
  url: string;
}

const started: Promise<unknown>[] = [];
afterAll(async () => {
  await Promise.allSettled(started);
  tls.remove();
});

/** One run of the action against a server answering with `answer`. */
function against(
  answer: (path: string, index: number) => FakeAnswer,
  setup: { server?: FakeServerOptions; inputs?: Record<string, string>; env?: Record<string, string> } = {}
): Promise<Outcome> {
  const promise = (async () => {
    const server = await fakeServer(answer, setup.server);
    try {
      const run = await runAction({
        inputs: {
          ...INPUTS,
          api_url: server.url,
          ...setup.inputs
        },
        env: setup.env ?? {}
      });
      return { run, requests: server.requests, url: server.url };
    } finally {
      await server.close();
    }
  })();
  promise.catch(() => undefined);
  started.push(promise);
  return promise;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeAnswer => ({
  status,
  body: JSON.stringify(value),
  headers
});
const createOnly =
  (reply: FakeAnswer) =>
  (path: string): FakeAnswer =>
    path.startsWith(CREATE_PATH) ? reply : json(404, { success: false, error_message: 'unexpected request' });

/** A create answer, then status answers in turn (the last repeats). */
function job(create: unknown, ...statuses: unknown[]) {
  let polls = 0;
  return (path: string): FakeAnswer => {
    if (path.startsWith(CREATE_PATH)) return json(200, create);
    const next = statuses[Math.min(polls++, statuses.length - 1)];
    return typeof next === 'string' ? { status: 200, body: next } : json(200, next);
  };
}

const WAIT = { wait: 'true', poll_interval: '1', wait_timeout: '30' };

/** A dead proxy: the port nothing listens on, and the run that went through it. */
interface ProxyOutcome {
  host: string;
  port: number;
  run: ActionRun;
}

/** A run whose api_url is a host nothing resolves, reached only through the proxy in `variable`. */
function againstProxy(variable: string, proxy: (host: string, port: number) => string): Promise<ProxyOutcome> {
  const promise = closedPort().then(async ({ host, port }) => {
    const run = await runAction({
      inputs: { ...INPUTS, api_url: 'https://clanforge.invalid' },
      env: { [variable]: proxy(host, port) }
    });
    return { host, port, run };
  });
  promise.catch(() => undefined);
  started.push(promise);
  return promise;
}

/** Runs each row: the scenario was started when the file loaded; the row's check asserts on it. */
function rows<R>(cases: Case<R>[]): void {
  test.each(cases)('$name', async ({ result, check }) => {
    await check(await result);
  });
}

describe('14.1: a created version is never reported as not created', () => {
  const isSuccess = ({ run, requests }: Outcome): void => {
    expect(run.code).toBe(0);
    expect(commands(run, 'error')).toEqual([]);
    expect(run.outputs['imageversionid']).toBe('4242');
    expect(requests).toHaveLength(1);
    expectNoLeaks(run);
  };
  rows<Outcome>([
    ...(
      [
        ['"0"', { ...CREATED, error: '0' }],
        ['"false"', { ...CREATED, error: 'false' }],
        ['"" (and an empty error_message)', { ...CREATED, error: '', error_message: '' }]
      ] as const
    ).map(([shown, answer]) => ({
      name: `error ${shown} next to success: true and imageversionid 4242 is a success`,
      result: against(createOnly(json(200, answer))),
      check: isSuccess
    })),
    {
      name: 'an answer read as a failure that carries an id says a version with that id may exist',
      result: against(createOnly(json(200, { ...CREATED, error_message: 'install queue full' }))),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toContain('Clanforge answered HTTP 200 OK: install queue full');
        expect(message).toContain('an image version with that id may exist');
        expect(message).toContain('imageversionid 4242');
        expect(requests).toHaveLength(1);
        expectNoLeaks(run);
      }
    },
    ...([503, 429] as const).map((status) => ({
      name: `a busy HTTP ${status} with Retry-After: 1 that carries imageversionid 4242 is not repeated: outcome unknown, naming the id`,
      result: against(createOnly(json(status, { success: false, imageversionid: 4242, error_message: 'busy' }, { 'retry-after': '1' }))),
      check: ({ run, requests }: Outcome) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toContain('The answer also carries imageversionid 4242: an image version with that id may exist');
        expect(message).not.toContain('No image version was created');
        expect(run.lines.some((line) => /Trying again in/.test(line))).toBe(false);
        // One create; the outcome check may read (never create) after it.
        expect(requests.filter((r) => r.path.startsWith(CREATE_PATH))).toHaveLength(1);
        expectNoLeaks(run);
      }
    }))
  ]);
});

describe('14.2: a refused TLS handshake is "not sent"', () => {
  /** Nothing created, zero requests arrived, the problem (`code`) and NODE_EXTRA_CA_CERTS named. */
  const refused =
    (code: string) =>
    ({ run, requests, url }: Outcome): void => {
      expect(run.code).toBe(1);
      expect(requests).toHaveLength(0);
      const message = failureOf(run);
      expect(message).toMatch(new RegExp(`^Could not connect to Clanforge at ${url.replace(/\./g, '\\.')}: .*(${code})`));
      expect(message).toContain('the create request was never sent: no image version was created, and the step is safe to re-run');
      expect(message).toContain('NODE_EXTRA_CA_CERTS');
      expect(message).not.toMatch(/reached Clanforge|may or may not/);
      // Not retried: a certificate does not change in a second.
      expect(commands(run, 'warning')).toEqual([]);
      expect(run.outputs['imageversionid'] ?? '').toBe('');
      expectNoLeaks(run);
    };
  const created = createOnly(json(200, CREATED));
  const suffix = ': nothing created, zero requests arrived, the problem and NODE_EXTRA_CA_CERTS named';
  rows<Outcome>([
    {
      name: `an untrusted CA behind an intermediate${suffix}`,
      result: against(created, { server: { tls: { key: tls.leafKey, cert: tls.leaf + tls.intermediate } } }),
      check: refused('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
    },
    {
      name: `a missing intermediate${suffix}`,
      result: against(created, { server: { tls: { key: tls.leafKey, cert: tls.leaf } } }),
      check: refused('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    },
    {
      name: `a self-signed certificate${suffix}`,
      result: against(created, { server: { tls: { key: tls.selfSignedKey, cert: tls.selfSigned } } }),
      check: refused('DEPTH_ZERO_SELF_SIGNED_CERT')
    },
    {
      name: `a certificate for another host (CA trusted)${suffix}`,
      result: against(created, {
        server: { tls: { key: tls.otherHostKey, cert: tls.otherHost + tls.intermediate } },
        env: { NODE_EXTRA_CA_CERTS: tls.caFile }
      }),
      check: refused('ERR_TLS_CERT_ALTNAME_INVALID')
    },
    {
      name: "https pointing at a plain-HTTP server: nothing created, zero requests arrived, api_url's scheme and port named, no CA advice",
      result: against(created, { server: { httpsUrl: true } }),
      check: ({ run, requests, url }) => {
        expect(run.code).toBe(1);
        expect(requests).toHaveLength(0);
        const message = failureOf(run);
        expect(message).toMatch(
          new RegExp(`^Could not connect to Clanforge at ${url.replace(/\./g, '\\.')}: the server did not answer in TLS`)
        );
        expect(message).toContain("check api_url's scheme and port");
        expect(message).toContain('the create request was never sent: no image version was created, and the step is safe to re-run');
        expect(message).not.toMatch(/NODE_EXTRA_CA_CERTS|certificate is trusted|reached Clanforge|may or may not/);
        expect(commands(run, 'warning')).toEqual([]);
        expectNoLeaks(run);
      }
    },
    {
      name: 'the advice works: with NODE_EXTRA_CA_CERTS naming the private CA, the same server is reached',
      result: against(created, {
        server: { tls: { key: tls.leafKey, cert: tls.leaf + tls.intermediate } },
        env: { NODE_EXTRA_CA_CERTS: tls.caFile }
      }),
      check: ({ run, requests }) => {
        expect(run.code).toBe(0);
        expect(requests.map((r) => r.path.split('?')[0])).toEqual([CREATE_PATH]);
        expect(run.outputs['imageversionid']).toBe('4242');
        expectNoLeaks(run);
      }
    }
  ]);
});

describe('14.3: keys echoed in job fields never reach the log, the summary or an output', () => {
  // Shorter than 8 characters, yet distinctive enough that a leak check on them means something.
  const SHORT_ACCESS = 'zQ4kX';
  const SHORT_SECRET = 'W2';
  const noKeys = ({ run }: Outcome): void => {
    expect(run.outputs['imageversionid']).toBe('4242');
    expectNoLeaks(run);
  };
  rows<Outcome>([
    {
      name: 'through a failed wait',
      result: against(
        job(
          { ...CREATED, jobstatename: `Created for ${ACCESS_KEY}`, joberror: `fetching with ${SECRET_KEY}` },
          {
            success: true,
            jobstateid: 4,
            jobstatename: `Running as ${ACCESS_KEY}:${SECRET_KEY}`,
            jobprogress: 50,
            joberror: `Basic ${BASIC_TOKEN}`
          },
          {
            success: true,
            jobstateid: 6,
            jobstatename: `Failed (${SECRET_KEY})`,
            jobfailed: 1,
            joberror: `storage refused key ${ACCESS_KEY} / ${SECRET_KEY} / ${BASIC_TOKEN}`
          }
        ),
        { inputs: WAIT }
      ),
      check: noKeys
    },
    {
      name: 'keys shorter than 8 characters are an input error naming each input and the rule; nothing is sent',
      result: against(createOnly(json(200, CREATED)), { inputs: { access_key: SHORT_ACCESS, secret_key: SHORT_SECRET } }),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        const errors = commands(run, 'error').join('\n');
        for (const input of ['access_key', 'secret_key']) {
          expect(errors).toContain(
            `input '${input}' is too short: expected at least 8 characters; Clanforge and Multiplay credentials are longer: check the secret`
          );
        }
        expect(requests).toHaveLength(0);
        expect(run.outputs['imageversionid'] ?? '').toBe('');
        // The shared leak check, on this run's keys: masked first, and nowhere in what the step wrote.
        const basic = Buffer.from(`${SHORT_ACCESS}:${SHORT_SECRET}`).toString('base64');
        expect(findLeaks(run, { keys: [SHORT_ACCESS, SHORT_SECRET, basic] })).toEqual([]);
      }
    },
    {
      name: 'in the create answer, without waiting',
      result: against(createOnly(json(200, { ...CREATED, jobstatename: `Queued ${SECRET_KEY}`, joberror: `as ${ACCESS_KEY}` }))),
      check: noKeys
    }
  ]);
});

describe('14.4: messages that point the right way', () => {
  rows<Outcome>([
    {
      name: '303 See Other to the create: outcome unknown, the Location named (redacted), not repeated',
      result: against(
        createOnly({
          status: 303,
          body: '',
          headers: { location: `/cfp/v1/imageversion/4242/status?accountserviceid=${ASID}&key=${SECRET_KEY}` }
        })
      ),
      check: ({ run, requests, url }) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toContain(
          `Clanforge answered HTTP 303 See Other (Location: ${url}/cfp/v1/imageversion/4242/status?accountserviceid=${ASID}&key=***) to the create request.`
        );
        expect(message).toContain('It may or may not have created an image version, so it was not repeated');
        expect(message).not.toMatch(/Could not create|No image version was created/);
        expect(requests).toHaveLength(1);
        expectNoLeaks(run);
      }
    },
    {
      name: '303 See Other to the create with imageversionid 4242 in the body: the Location named, and that version 4242 may exist',
      result: against(createOnly(json(303, { success: true, imageversionid: 4242 }, { location: '/cfp/v1/imageversion/4242/status' }))),
      check: ({ run, requests, url }) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toContain(
          `Clanforge answered HTTP 303 See Other (Location: ${url}/cfp/v1/imageversion/4242/status) to the create request.`
        );
        expect(message).toContain('The answer also carries imageversionid 4242: an image version with that id may exist');
        expect(message).not.toContain('No image version was created');
        expect(requests.filter((r) => r.path.startsWith(CREATE_PATH))).toHaveLength(1);
        expectNoLeaks(run);
      }
    },
    {
      name: '302 Found to the create: outcome unknown too, never followed',
      result: against(
        createOnly({
          status: 302,
          body: '<a href="/x">Found</a>',
          headers: { location: 'https://login.example.test/sso', 'content-type': 'text/html' }
        })
      ),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        expect(failureOf(run)).toMatch(
          /^Clanforge answered HTTP 302 Found \(Location: https:\/\/login\.example\.test\/sso\) to the create request\..*may or may not have created/s
        );
        expect(requests).toHaveLength(1);
        expectNoLeaks(run);
      }
    },
    {
      name: 'a JSON array body is JSON of the wrong shape, not "not JSON"',
      result: against(createOnly({ status: 200, body: JSON.stringify([CREATED]) })),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toMatch(/^Clanforge answered HTTP 200 OK with JSON of the wrong shape \(an array where an object was expected/);
        expect(message).not.toContain('not JSON');
        expect(requests).toHaveLength(1);
        expectNoLeaks(run);
      }
    }
  ]);

  /** Named with its variable, without credentials; retried as "nothing was sent", naming the proxy each time. */
  const deadProxy =
    (variable: string) =>
    ({ host, port, run }: ProxyOutcome): void => {
      expect(run.code).toBe(1);
      const message = failureOf(run);
      expect(message).toContain(`could not connect to the proxy http://${host}:${port} (from ${variable})`);
      expect(message).toContain('No image version was created; the step can be re-run.');
      for (const text of [message, run.stdout, run.summary]) {
        expect(text).not.toContain('proxypass');
        expect(text).not.toContain('proxyuser');
      }
      const warnings = commands(run, 'warning');
      expect(warnings).toHaveLength(2);
      for (const warning of warnings) expect(warning).toContain(`the proxy http://${host}:${port} (from ${variable})`);
      expectNoLeaks(run);
    };
  rows<ProxyOutcome>([
    {
      name: 'a dead proxy from HTTPS_PROXY, with credentials, is named with its variable, without credentials',
      result: againstProxy('HTTPS_PROXY', (host, port) => `http://proxyuser:proxypass@${host}:${port}`),
      check: deadProxy('HTTPS_PROXY')
    },
    {
      name: 'a dead proxy from HTTP_PROXY, for an https api_url, is named with its variable, without credentials',
      result: againstProxy('HTTP_PROXY', (host, port) => `http://${host}:${port}`),
      check: deadProxy('HTTP_PROXY')
    }
  ]);
});

describe('answer shapes the API allows, through the whole step', () => {
  /** A jobeta in microseconds is ignored: no crash, the summary is written, the ETA unknown. */
  const etaIgnored = ({ run }: Outcome): void => {
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/Invalid time value/);
    expect(run.summary).toContain('4242');
    expect(run.outputs['jobeta']).toBe('');
    expectNoLeaks(run);
  };
  /** An error saying what came, never a rounded id. */
  const badId =
    (shown: string) =>
    ({ run, requests }: Outcome): void => {
      expect(run.code).toBe(1);
      const message = failureOf(run);
      expect(message).toContain(`with imageversionid ${shown}, which is not a positive whole number`);
      expect(message).toContain('It may or may not have created an image version');
      expect(run.outputs['imageversionid'] ?? '').toBe('');
      expect(requests).toHaveLength(1);
      expectNoLeaks(run);
    };
  const microseconds = (Math.floor(Date.now() / 1000) + 60) * 1_000_000;
  rows<Outcome>([
    {
      name: 'no jobstateid: the state comes from jobstatename, and "Completed" ends the wait',
      result: against(
        job(
          { success: true, imageversionid: 4242, jobstatename: 'Queued' },
          { jobstatename: 'Running', jobprogress: 50 },
          { jobstatename: 'Completed', jobprogress: 100 }
        ),
        { inputs: WAIT }
      ),
      check: ({ run, requests }) => {
        expect(run.code).toBe(0);
        expect(run.outputs['imageversionid']).toBe('4242');
        expect(run.outputs['jobstatename']).toBe('Completed');
        // Create, then polls until Completed: not until wait_timeout.
        expect(requests.length).toBeLessThanOrEqual(4);
        expect(run.durationMs).toBeLessThan(15_000);
        expectNoLeaks(run);
      }
    },
    {
      name: 'a jobeta in microseconds while waiting is ignored: no crash, the summary is written, the ETA unknown',
      result: against(
        job(
          { ...CREATED, jobeta: microseconds },
          { success: true, jobstateid: 4, jobprogress: 50, jobeta: microseconds },
          { success: true, jobstateid: 5, jobprogress: 100 }
        ),
        { inputs: WAIT }
      ),
      check: etaIgnored
    },
    {
      name: 'a jobeta in microseconds in the create answer is ignored too',
      result: against(createOnly(json(200, { ...CREATED, jobeta: Date.now() * 1000, jobcreated: Date.now() }))),
      check: etaIgnored
    },
    {
      name: 'a UTF-8 byte-order mark before the JSON is accepted',
      result: against(createOnly({ status: 200, body: `\uFEFF${JSON.stringify(CREATED)}` })),
      check: ({ run }) => {
        expect(run.code).toBe(0);
        expect(run.outputs['imageversionid']).toBe('4242');
        expectNoLeaks(run);
      }
    },
    {
      name: 'an imageversionid of 1e21 is an error saying what came, never a rounded id',
      result: against(createOnly({ status: 200, body: '{"success":true,"imageversionid":1e21,"jobstateid":1}' })),
      check: badId('1e21')
    },
    {
      name: 'an imageversionid of "4242.5" is an error saying what came, never a rounded id',
      result: against(createOnly({ status: 200, body: '{"success":true,"imageversionid":"4242.5","jobstateid":1}' })),
      check: badId('"4242.5"')
    },
    {
      name: 'an answer over 1 MiB to the create: outcome unknown, not read, not repeated',
      result: against(createOnly({ status: 200, body: JSON.stringify({ ...CREATED, padding: 'x'.repeat(2 << 20) }) })),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        expect(failureOf(run)).toMatch(
          /^The create request was sent, but the answer was larger than 1 MiB and was not read.*may or may not have created/s
        );
        expect(requests).toHaveLength(1);
        expectNoLeaks(run);
      }
    },
    {
      name: 'Retry-After: 600 to the create: gives up at once, saying the server asked for 600 s',
      result: against(createOnly({ status: 503, body: '', headers: { 'retry-after': '600' } })),
      check: ({ run, requests }) => {
        expect(run.code).toBe(1);
        const message = failureOf(run);
        expect(message).toContain('the server asked to wait 600 s before trying again (Retry-After), longer than the 120 s');
        expect(message).toContain('No image version was created');
        expect(requests).toHaveLength(1);
        // Gave up without sleeping: no retry was announced, and the step ended long before
        // the 120 s an honoured wait would take (the bound leaves room for a loaded machine).
        expect(run.lines.some((line) => /Trying again in/.test(line))).toBe(false);
        expect(run.durationMs).toBeLessThan(60_000);
        expectNoLeaks(run);
      }
    }
  ]);
});
