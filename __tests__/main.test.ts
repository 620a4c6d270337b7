import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { TransportError, type HttpRequest, type HttpResponse } from '../src/clanforge/http/transport.ts';
import { authorizationValue } from '../src/settings/credentials.ts';
import type { RunContext } from '../src/runner/run-context.ts';
import { run, type Dependencies } from '../src/main.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { FakeCore } from './helpers/fake-core.ts';
import { scriptedTransport } from './helpers/scripted-transport.ts';

const ACCESS = 'AKIA-access-7c1e';
const SECRET = 'sk-secret-93fa0b';
const TOKEN = authorizationValue({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }).slice('Basic '.length);
const INPUTS = { access_key: ACCESS, secret_key: SECRET, accountserviceid: '12345', diffid: '678', api_url: 'https://api.test' };
const CONTEXT: RunContext = {
  ref: 'refs/tags/v1.2.3',
  sha: 'abc123',
  repository: 'studio/game',
  runUrl: 'https://github.com/studio/game/actions/runs/1'
};

type Answer = (Partial<HttpResponse> & { json?: unknown }) | Error;

const NO_INSTALLS: Answer = { json: { success: true, installs: [] } };

/**
 * The safe reads of installs and image locks (imageinstall/status, image/options): from
 * their own scripts when given, else no installs listed; recorded apart from the rest.
 */
function safeReads(scripts: { installs?: Answer[]; options?: Answer[]; diffs?: Answer[] } = {}) {
  const reads: HttpRequest[] = [];
  const answer = (request: HttpRequest): Answer | undefined => {
    const path = request.url.pathname;
    const script = path.endsWith('/imageinstall/status')
      ? (scripts.installs ?? [NO_INSTALLS])
      : path.endsWith('/image/options')
        ? scripts.options
        : /\/imagediff\/\d+\/status$/.test(path)
          ? scripts.diffs
          : undefined;
    if (script === undefined) return undefined;
    reads.push(request);
    // The last answer of a script repeats.
    return (script.length > 1 ? script.shift() : script[0]) ?? { status: 500, json: { error_message: 'unscripted read' } };
  };
  return { reads, answer };
}

/** A scripted answer as the transport gives it: a 200 JSON body unless the script says otherwise. */
function respond(answer: Answer): HttpResponse {
  if (answer instanceof Error) throw answer;
  return {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer.json ?? {}),
    ...answer
  };
}

/** The answer to a safe read, or undefined for any other request. */
function readAnswer(reads: ReturnType<typeof safeReads>, request: HttpRequest): HttpResponse | undefined {
  const read = reads.answer(request);
  return read === undefined ? undefined : respond(read);
}

/** Answers create and status requests from scripts; records every request but the safe reads (t.reads). */
function transport(create: Answer[], status: Answer[] = [], reads = safeReads()) {
  const requests: HttpRequest[] = [];
  const send = scriptedTransport(async (request) => {
    const read = readAnswer(reads, request);
    if (read !== undefined) return read;
    requests.push(request);
    const script = request.url.pathname.endsWith('/create') ? create : status;
    const next = script.shift();
    if (next === undefined) throw new Error(`unscripted request ${request.url.pathname}`);
    return respond(next);
  });
  return { send, requests, reads: reads.reads };
}

const created = (extra: object = {}): Answer => ({
  json: {
    success: true,
    imageversionid: 9001,
    jobstateid: 1,
    jobstatename: 'Created',
    jobprogress: 0,
    jobfailed: 0,
    jobcreated: 1800000000,
    jobupdated: 1800000000,
    ...extra
  }
});
const state = (jobstateid: number, jobprogress: number, extra: object = {}): Answer => ({
  json: {
    jobstateid,
    jobstatename: ['', 'Created', 'Pending', 'Queued', 'Running', 'Complete', 'Failed', 'Squashed'][jobstateid],
    jobprogress,
    jobfailed: jobstateid === 6 ? 1 : 0,
    jobcreated: 1800000000,
    jobupdated: 1800000100,
    ...extra
  }
});

async function go(inputs: Record<string, string>, t: ReturnType<typeof transport>, extra: Partial<Dependencies> = {}) {
  const core = new FakeCore(inputs);
  const clock = new FakeClock();
  const exits: number[] = [];
  await run({
    core,
    clock,
    transport: t.send,
    env: { GITHUB_STEP_SUMMARY: '/dev/null' },
    runContext: () => CONTEXT,
    signals: new EventEmitter(),
    exit: (code) => void exits.push(code),
    ...extra
  });
  return { core, clock, exits };
}

function expectNoSecrets(core: FakeCore): void {
  const text = core.everything();
  for (const secret of [ACCESS, SECRET, TOKEN]) expect(text).not.toContain(secret);
  // Masked before anything else was said.
  expect(core.secrets).toEqual([ACCESS, SECRET, TOKEN]);
}

describe('run', () => {
  it('creates without waiting and sets the outputs', async () => {
    const t = transport([created({ jobeta: 1800000600, joberror: null })]);
    const { core } = await go(INPUTS, t);
    expect(core.failed).toBeUndefined();
    expect(t.requests).toHaveLength(1);
    expect(Object.fromEntries(core.outputs)).toEqual({
      diffid: '678',
      skipped: 'false',
      dry_run: 'false',
      imageversionid: '9001',
      jobstatename: 'Created',
      jobstateid: '1',
      jobprogress: '0',
      jobfailed: '0',
      joberror: '',
      jobeta: '1800000600',
      jobcreated: '1800000000',
      jobupdated: '1800000000'
    });
    expect(core.messages('info').join('\n')).toMatch(/Created image version 9001: Created 0%/);
    expect(core.summary.text).toContain('<p>✅ Image version 9001 created; its install job goes on in Clanforge (not waited for)</p>');
    expect(core.summary.text).toContain('<tr><td>Ref</td><td>v1.2.3</td></tr>');
    expect(core.messages('notice')).toEqual([
      'Image version 9001 (diff 678): created; its install job goes on in Clanforge (not waited for)'
    ]);
    expect(core.summary.written).toBe(1);
    expectNoSecrets(core);
  });

  it('waits to Complete, setting outputs after create and again at the end', async () => {
    const t = transport(
      [created()],
      [
        state(3, 0),
        state(4, 20, { jobeta: 1800000300 }),
        state(4, 70, { jobeta: 1800000300 }),
        state(5, 100, { jobstatename: 'Completed' })
      ]
    );
    const { core } = await go({ ...INPUTS, wait: 'true' }, t);
    expect(core.failed).toBeUndefined();
    expect(t.requests.map((r) => r.url.pathname)).toEqual([
      '/cfp/v1/imageversion/create',
      ...Array(4).fill('/cfp/v1/imageversion/9001/status')
    ]);
    expect(core.outputHistory.filter(([k]) => k === 'jobstateid').map(([, v]) => v)).toEqual(['1', '5']);
    expect(core.outputs.get('jobstatename')).toBe('Completed');
    const info = core.messages('info').join('\n');
    expect(info).toMatch(/Queued 0%\n.*Running 20% \(ETA .* UTC, in .*\)\n.*Running 70%.*\n.*Completed 100%/);
    expect(info).toMatch(/\nImage version 9001: job Completed after 36s; the machines install it next \(not waited for\)\.$/);
    expect(core.messages('group')).toEqual(['Settings', expect.stringMatching(/^Waiting for image version 9001/)]);
    expect(core.messages('endgroup')).toHaveLength(2);
    expect(core.summary.text).toContain('<p>✅ Image version 9001 accepted; machines install it next (not waited for)</p>');
    expect(core.messages('notice')).toEqual(['Image version 9001 (diff 678): accepted; machines install it next (not waited for)']);
    expect(core.messages('warning')).toEqual([]);
    expectNoSecrets(core);
  });

  it('fails with the multi-line job error', async () => {
    const t = transport([created()], [state(4, 40), state(6, 40, { joberror: 'install failed\nmachine 7: disk full' })]);
    const { core } = await go({ ...INPUTS, wait: '1' }, t);
    expect(core.failed).toMatch(
      /^Image version 9001 failed after .* \(job Failed 40%\):\ninstall failed\nmachine 7: disk full\nSee the job of image version 9001 in the Clanforge dashboard for the machines it failed on; fix the cause, then deploy again\.$/
    );
    expect(core.outputs.get('joberror')).toBe('install failed\nmachine 7: disk full');
    expect(core.outputs.get('jobfailed')).toBe('1');
    // Once, in the failure block, and what to do next after it.
    expect(core.summary.text).toContain(
      'install failed\nmachine 7: disk full</pre>\n<p><b>What to do next:</b> See the job of image version 9001'
    );
    expect(core.summary.text.split('disk full')).toHaveLength(2);
    expect(core.messages('notice')).toEqual([]);
    expectNoSecrets(core);
  });

  it.each([
    [
      'jobstateid 6',
      { jobstateid: 6, jobstatename: 'Failed', jobfailed: 1, joberror: 'disk full on machine 7' },
      /^Image version 9001 failed already in the create answer \(job Failed 0%\):\ndisk full on machine 7\nSee the job of image version 9001/,
      'failed'
    ],
    [
      'jobfailed non-zero',
      { jobstateid: 4, jobstatename: 'Running', jobfailed: 2 },
      /^Image version 9001 failed already in the create answer \(job Running 0%\) \(Clanforge gave no error text\)\.\nSee the job of image version 9001/,
      'failed'
    ],
    [
      'Squashed',
      { jobstateid: 7, jobstatename: 'Squashed' },
      /^Image version 9001 was squashed \(already in the create answer\) \(job Squashed 0%\): a newer job superseded it/,
      'squashed'
    ]
  ] as const)(
    'with wait: false, fails when the create answer already reports %s, as a wait would',
    async (_name, fields, failure, headline) => {
      const t = transport([created({ jobprogress: 0, ...fields })]);
      const { core } = await go(INPUTS, t);
      expect(t.requests).toHaveLength(1);
      expect(core.failed).toMatch(failure);
      expect(core.outputs.get('imageversionid')).toBe('9001');
      expect(core.outputs.get('jobstateid')).toBe(String(fields.jobstateid));
      expect(core.summary.text).toContain(
        headline === 'failed'
          ? '<p>❌ Image version 9001: the install job failed</p>'
          : '<p>❌ Image version 9001: the install job was squashed (a newer job superseded it)</p>'
      );
      expect(core.summary.text).not.toContain('✅');
      expect(core.messages('info').some((m) => m.startsWith('Not waiting'))).toBe(false);
      expectNoSecrets(core);
    }
  );

  it('warns once about a job state it does not know, naming id and name on one line, and goes on waiting', async () => {
    const t = transport(
      [created()],
      [
        state(4, 10, { jobstateid: 99, jobstatename: 'Reticulating\n::add-mask::x' }),
        state(4, 20, { jobstateid: 99, jobstatename: 'Reticulating' }),
        state(5, 100)
      ]
    );
    const { core } = await go({ ...INPUTS, wait: 'true' }, t);
    expect(core.failed).toBeUndefined();
    expect(core.messages('warning')).toEqual([
      'Image version 9001 reports a job state the action does not know (jobstateid 99, jobstatename "Reticulating⏎::add-mask::x"): it counts as still running, so the wait goes on until the job reaches a known end state or wait_timeout runs out.'
    ]);
    expect(core.outputs.get('jobstateid')).toBe('5');
  });

  it('fails when the job was squashed', async () => {
    const t = transport([created()], [state(7, 0)]);
    const { core } = await go({ ...INPUTS, wait: 'true' }, t);
    expect(core.failed).toMatch(/^Image version 9001 was squashed .*superseded/);
    expect(core.outputs.get('jobstateid')).toBe('7');
  });

  it('times out naming the last state, and never creates again', async () => {
    const status = Array.from({ length: 200 }, (_, i) => state(4, Math.min(95, i)));
    const t = transport([created()], status);
    const { core } = await go({ ...INPUTS, wait: 'true', wait_timeout: '2m' }, t);
    expect(core.failed).toMatch(
      /^Timed out after waiting 2m \(wait_timeout\) for image version 9001: last state Running \d+%\. The job goes on in Clanforge .*imageversion\/9001\/status\?accountserviceid=12345.*No other version was created\.$/
    );
    expect(t.requests.filter((r) => r.url.pathname.endsWith('/create'))).toHaveLength(1);
    expect(core.summary.text).toContain('Timed out waiting');
  });

  it('sends no request when inputs are invalid, and lists every problem', async () => {
    const t = transport([]);
    const { core } = await go({ access_key: ACCESS, secret_key: SECRET, diffid: 'abc', wait: 'maybe', api_url: 'http://example.com' }, t);
    expect(t.requests).toHaveLength(0);
    expect(core.failed).toMatch(
      /^Invalid inputs \(4\):\n- input 'accountserviceid' is required.*\n- input 'diffid' is 'abc'.*\n- input 'wait' is 'maybe'.*\n- input 'api_url' is 'http:\/\/example.com'/
    );
    expect(core.outputs.size).toBe(0);
    expectNoSecrets(core);
  });

  it('keeps the secrets out of every failure path', async () => {
    const cases: ReturnType<typeof transport>[] = [
      transport([{ status: 401, json: { success: false, error: true, error_message: `Forbidden for ${ACCESS}` } }]),
      transport([{ status: 502, headers: { 'content-type': 'text/html' }, body: `<h1>Bad Gateway</h1> Authorization: Basic ${TOKEN}` }]),
      transport([new TransportError(`socket hang up ${SECRET}`, { sent: true, code: 'ECONNRESET' })]),
      transport([created()], [{ status: 403, json: { success: false, error_message: `Forbidden ${TOKEN}` } }])
    ];
    for (const t of cases) {
      const { core } = await go({ ...INPUTS, wait: 'true' }, t);
      expect(core.failed).toBeDefined();
      expectNoSecrets(core);
    }
  });

  describe('after a create whose outcome is unknown, checks with safe reads only', () => {
    const RESET = (): TransportError => new TransportError('socket hang up', { sent: true, code: 'ECONNRESET' });
    const install = (version: number, imageid = 77): object => ({
      jobid: 1,
      target_imageversionid: version,
      image: { imageid },
      jobstateid: 2,
      jobcreated: 1_800_000_000
    });
    const WITH_IMAGE = { ...INPUTS, imageid: '77' };

    it('without an image id, the diff status names none: says it could not check, one create', async () => {
      const t = transport([RESET(), created()], [{ json: { jobstateid: 5 } }]);
      const { core } = await go(INPUTS, t);
      expect(t.requests.filter((r) => r.url.pathname.endsWith('/create'))).toHaveLength(1);
      expect(core.failed).toMatch(
        /reached Clanforge but no answer came back \(socket hang up\)\. It may or may not have created an image version, so it was not repeated/
      );
      expect(core.failed).toContain('it knows no image id for diff 678 (give input imageid');
      expect(core.outputs.has('imageversionid')).toBe(false);
    });

    it('created: an install of a newer version of the image, the diff no longer locks it: goes on with that version', async () => {
      // Before the create: version 9000 is being installed; after: 9001 too.
      const reads = safeReads({
        installs: [{ json: { installs: [install(9000)] } }, { json: { installs: [install(9000), install(9001)] } }],
        options: [{ json: { games: [{ gameid: 501 }], images: [{ imageid: 77 }] } }]
      });
      const t = transport([RESET()], [state(5, 100)], reads);
      const { core } = await go({ ...WITH_IMAGE, gameid: '501', wait: 'true' }, t);
      expect(core.failed).toBeUndefined();
      expect(t.requests.filter((r) => r.url.pathname.endsWith('/create'))).toHaveLength(1);
      expect(core.outputs.get('imageversionid')).toBe('9001');
      expect(core.messages('warning').join('\n')).toContain('The create went through after all: image version 9001 of image 77');
      expect(reads.reads.map((r) => r.url.pathname)).toEqual([
        '/cfp/v1/imageinstall/status',
        '/cfp/v1/imageinstall/status',
        '/cfp/v1/image/options'
      ]);
      // gameid and imageid together, as the docs require.
      expect(reads.reads[2]?.url.search).toBe('?accountserviceid=12345&gameid=501&imageid=77');
      expectNoSecrets(core);
    });

    it('not created: the diff still locks the image a minute later', async () => {
      const reads = safeReads({
        installs: [NO_INSTALLS],
        diffs: [{ json: { success: true, jobstateid: 5, game: { gameid: 501 }, image: { imageid: 77 } } }],
        options: [{ json: { diffid: 678, games: [{ gameid: 501 }], images: [{ imageid: 77 }] } }]
      });
      const t = transport([RESET()], [], reads);
      const { core, clock } = await go(WITH_IMAGE, t);
      // The game comes from the diff's status (diff_info): no image/options read without parameters.
      expect(reads.reads.filter((r) => r.url.pathname.endsWith('/image/options')).map((r) => r.url.search)).toEqual(
        Array(7).fill('?accountserviceid=12345&gameid=501&imageid=77')
      );
      expect(core.failed).toMatch(/^The image version was not created: safe to re-run\. Diff 678 still locks image 77 60 s later/);
      expect(core.failed).not.toContain('It may or may not have created');
      expect(clock.now() - 1_800_000_000_000).toBeGreaterThanOrEqual(60_000);
      expect(t.requests).toHaveLength(1);
      expect(core.outputs.has('imageversionid')).toBe(false);
    });

    it('finds the game with image/options without parameters, then asks each game until one lists the image', async () => {
      const pair = (images: number[], extra: object = {}): Answer => ({
        json: { games: [{ gameid: 500 }, { gameid: 501 }], images: images.map((imageid) => ({ imageid })), ...extra }
      });
      const options: Answer[] = [pair([76, 77]), pair([76]), pair([77], { diffid: 678 })];
      const reads = safeReads({ installs: [NO_INSTALLS], diffs: [{ json: { success: true, jobstateid: 5 } }], options });
      const { core } = await go(WITH_IMAGE, transport([RESET()], [], reads));
      expect(core.failed).toMatch(/^The image version was not created: safe to re-run\. Diff 678 still locks image 77 60 s later/);
      const asked = reads.reads.filter((r) => r.url.pathname.endsWith('/image/options')).map((r) => r.url.search);
      // Neither parameter once, each game's pair until one lists the image, then that pair only.
      expect(asked.slice(0, 4)).toEqual([
        '?accountserviceid=12345',
        '?accountserviceid=12345&gameid=500&imageid=77',
        '?accountserviceid=12345&gameid=501&imageid=77',
        '?accountserviceid=12345&gameid=501&imageid=77'
      ]);
      expect(new Set(asked.slice(2))).toEqual(new Set(['?accountserviceid=12345&gameid=501&imageid=77']));
    });

    it('a game no answer lists: the check says so and names input gameid, never guessing', async () => {
      const options: Answer[] = [{ json: { games: [{ gameid: 500 }, { gameid: 502 }], images: [{ imageid: 76 }] } }];
      const reads = safeReads({ installs: [NO_INSTALLS], diffs: [{ json: { success: true, jobstateid: 5 } }], options });
      const { core } = await go(WITH_IMAGE, transport([RESET()], [], reads));
      expect(core.failed).toContain('The safe reads after it did not settle it: Could not tell whether an image version was created.');
      expect(core.failed).toContain(
        "the lock on image 77 could not be read: its game is not known (none of the account's 2 games (500, 502) lists image 77 in image/options); give input gameid"
      );
    });

    it('a wrong input gameid: the answer does not list the image, so its lock is never read as free', async () => {
      const options: Answer[] = [{ json: { games: [{ gameid: 500 }, { gameid: 502 }], images: [{ imageid: 76 }] } }];
      const reads = safeReads({ installs: [NO_INSTALLS], options });
      const { core } = await go({ ...WITH_IMAGE, gameid: '500' }, transport([RESET()], [], reads));
      expect(core.failed).toContain(
        'the lock on image 77 could not be read: image/options for game 500 (input gameid) does not list image 77; give input gameid'
      );
      expect(core.failed).not.toContain('not created: safe to re-run');
    });

    it('unknown: the reads fail; both findings in the message', async () => {
      const reads = safeReads({
        installs: [NO_INSTALLS, { status: 503, json: { error_message: 'busy' } }],
        diffs: [{ status: 503, json: { error_message: 'busy' } }],
        options: [{ status: 503, json: { error_message: 'busy' } }]
      });
      const t = transport([RESET()], [], reads);
      const { core } = await go(WITH_IMAGE, t);
      // As without the check (never repeated, what to look at), then what the reads found.
      expect(core.failed).toMatch(
        /^The create request reached Clanforge but no answer came back \(socket hang up\)\. It may or may not have created an image version, so it was not repeated/
      );
      expect(core.failed).toContain('\nThe safe reads after it did not settle it: Could not tell whether an image version was created.');
      expect(core.failed).toMatch(/imageinstall\/status could not be read .*image\/options could not be read/s);
      expect(t.requests).toHaveLength(1);
    });
  });

  it('logs the id and last state when cancelled while waiting', async () => {
    const signals = new EventEmitter();
    let polls = 0;
    const t = transport([created()], []);
    const send = scriptedTransport(async (request) => {
      if (request.url.pathname.endsWith('/create')) return t.send(request);
      if (++polls === 2) signals.emit('SIGTERM');
      return {
        status: 200,
        statusText: 'OK',
        headers: {},
        body: JSON.stringify({ jobstateid: 4, jobstatename: 'Running', jobprogress: 30 })
      };
    });
    const { core } = await go({ ...INPUTS, wait: 'true' }, t, { transport: send, signals });
    expect(core.failed).toMatch(
      /^Cancelled \(SIGTERM\) while waiting for image version 9001; last state Running 30%\. The job goes on in Clanforge/
    );
    expect(core.summary.text).toContain('<p>🛑 Cancelled while waiting for image version 9001: its install job goes on in Clanforge</p>');
    expect(core.outputs.get('jobprogress')).toBe('30');
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('reports a non-Error throw clearly', async () => {
    const { core } = await go(INPUTS, {
      send: async () => {
        throw 'boom';
      },
      requests: [],
      reads: []
    });
    expect(core.failed).toBe('unexpected failure: boom');
  });

  it('warns, without failing, when the summary cannot be written', async () => {
    const t = transport([created()]);
    const { core } = await go(INPUTS, t, {
      runContext: () => {
        throw new Error('no event file');
      }
    });
    expect(core.failed).toBeUndefined();
    expect(core.messages('warning')).toEqual(['Could not write the job summary: no event file']);
  });
});

function rollout(pending: number, failed: number, completed: number): Answer {
  const half = (n: number) => [Math.ceil(n / 2), Math.floor(n / 2)];
  const [p1, p2] = half(pending),
    [f1, f2] = half(failed),
    [c1, c2] = half(completed);
  return {
    json: {
      success: true,
      pending_machines: pending,
      failed_machines: failed,
      completed_machines: completed,
      fleets: {
        'f-eu': {
          name: 'EU',
          pending_machines: p1,
          failed_machines: f1,
          completed_machines: c1,
          regions: { r1: { name: 'europe-west', pending_machines: p1, failed_machines: f1, completed_machines: c1 } }
        },
        'f-us': {
          name: 'US',
          pending_machines: p2,
          failed_machines: f2,
          completed_machines: c2,
          regions: { r2: { name: 'us-east', pending_machines: p2, failed_machines: f2, completed_machines: c2 } }
        }
      }
    }
  };
}

describe('run with wait_for: rollout', () => {
  const ROLLOUT = { ...INPUTS, wait_for: 'rollout', imageid: '77' };

  it('waits for the job, then until no machine is pending', async () => {
    const t = transport(
      [created()],
      [state(4, 50), state(5, 100), rollout(40, 0, 0), rollout(12, 0, 28), rollout(12, 0, 28), rollout(0, 0, 40)]
    );
    const { core } = await go(ROLLOUT, t);
    expect(core.failed).toBeUndefined();
    expect(t.requests.slice(3).map((r) => `${r.url.pathname}${r.url.search}`)).toEqual(
      Array(4).fill('/cfp/v2/project/12345/image/77/status?detail=true')
    );
    expect(core.messages('info').filter((m) => m.includes('rollout:'))).toEqual([
      expect.stringMatching(/rollout: completed 0\/40, pending 40, failed 0$/),
      expect.stringMatching(/rollout: completed 28\/40, pending 12, failed 0$/),
      expect.stringMatching(/rollout: completed 40\/40, pending 0, failed 0$/)
    ]);
    expect(Object.fromEntries([...core.outputs].filter(([k]) => k.endsWith('machines') || k === 'rollout'))).toEqual({
      completed_machines: '40',
      pending_machines: '0',
      failed_machines: '0',
      rollout: 'complete'
    });
    expect(core.summary.text).toContain('<p>✅ Image version 9001 installed on every machine (40 machines)</p>');
    expect(core.summary.text).toContain(
      '<tr><td></td><td>europe-west</td><td align="right">20</td><td align="right">0</td><td align="right">0</td></tr>'
    );
    expect(core.messages('warning')).toEqual([]);
    expect(core.messages('notice')).toEqual(['Image version 9001 (diff 678): installed on every machine (40 machines)']);
  });

  it('tolerates failed machines up to max_failed_machines', async () => {
    const t = transport([created()], [state(5, 100), rollout(10, 1, 29), rollout(0, 2, 38)]);
    const { core } = await go({ ...ROLLOUT, max_failed_machines: '2' }, t);
    expect(core.failed).toBeUndefined();
    expect(core.outputs.get('rollout')).toBe('complete');
    expect(core.outputs.get('failed_machines')).toBe('2');
    // Never silent: the headline, one warning, the marked rows.
    expect(core.summary.text).toContain(
      '<p>⚠️ Image version 9001 rolled out: 2 machines failed (allowed up to 2), 38 of 40 installed it</p>'
    );
    expect(core.messages('warning')).toEqual([
      'Rollout of image 77: 2 machines failed to install (allowed up to 2 by max_failed_machines) in EU / europe-west (1), US / us-east (1); completed 38/40, pending 0, failed 2. Check the failed machines in the Clanforge dashboard.'
    ]);
    expect(core.summary.text).toContain(
      '<tr><td></td><td>us-east</td><td align="right">19</td><td align="right">0</td><td align="right">⚠️ <b>1</b></td></tr>'
    );
    expect(core.messages('notice')).toEqual([
      'Image version 9001 (diff 678): rolled out: 2 machines failed (allowed up to 2), 38 of 40 installed it'
    ]);
  });

  it('fails as soon as more machines failed than allowed', async () => {
    const t = transport([created()], [state(5, 100), rollout(20, 0, 20), rollout(10, 3, 27)]);
    const { core } = await go({ ...ROLLOUT, max_failed_machines: '2' }, t);
    expect(core.failed).toMatch(
      /^Rollout of image 77 failed: 3 machine\(s\) failed to install, more than max_failed_machines \(2\); completed 27\/40, pending 10, failed 3\./
    );
    expect(core.outputs.get('rollout')).toBe('failed');
    expect(core.summary.text).toContain(
      '<p>❌ Image version 9001: the rollout failed, 3 machines failed (more than max_failed_machines, 2)</p>'
    );
    expect(core.messages('warning')).toEqual([]);
    expect(core.messages('notice')).toEqual([]);
  });

  it('times out during the rollout within the one wait_timeout, naming pending fleets', async () => {
    const status = [state(5, 100), ...Array.from({ length: 100 }, () => rollout(5, 0, 35))];
    const t = transport([created()], status);
    const { core } = await go({ ...ROLLOUT, wait_timeout: '60' }, t);
    expect(core.failed).toMatch(
      /^Timed out after waiting 1m \(wait_timeout\) for the rollout of image 77: completed 35\/40, pending 5, failed 0; still pending in EU \(3\), US \(2\)\./
    );
    expect(core.outputs.get('rollout')).toBe('timeout');
    expect(core.outputs.get('pending_machines')).toBe('5');
    expect(core.summary.text).toContain('Still pending: EU (3), US (2)');
  });

  it('reports rollout=timeout when the time runs out during the job', async () => {
    const t = transport(
      [created()],
      Array.from({ length: 100 }, () => state(4, 10))
    );
    const { core } = await go({ ...ROLLOUT, wait_timeout: '30' }, t);
    expect(core.failed).toMatch(/^Timed out after waiting 30s/);
    expect(core.outputs.get('rollout')).toBe('timeout');
    expect(t.requests.every((r) => !r.url.pathname.startsWith('/cfp/v2/'))).toBe(true);
  });

  it('does not wait for a rollout when the job failed', async () => {
    const t = transport([created()], [state(6, 10, { joberror: 'bad' })]);
    const { core } = await go(ROLLOUT, t);
    expect(core.failed).toMatch(/failed/);
    expect(core.outputs.has('rollout')).toBe(false);
  });
});

const ROUTES: [string, RegExp][] = [
  ['imageversion/create', /\/cfp\/v1\/imageversion\/create$/],
  ['imageversion/status', /\/cfp\/v1\/imageversion\/\d+\/status$/],
  ['imagediff/create', /\/cfp\/v1\/imagediff\/create$/],
  ['imagediff/status', /\/cfp\/v1\/imagediff\/\d+\/status$/],
  ['imagediff/reject', /\/cfp\/v1\/imagediff\/\d+\/reject$/],
  ['imageupdate/create', /\/cfp\/v1\/imageupdate\/create$/],
  ['imageupdate/status', /\/cfp\/v1\/imageupdate\/\d+\/status$/],
  ['rollout', /\/cfp\/v2\/project\/\d+\/image\/\d+\/status$/]
];

/** Answers each route from its own script; records requests with their route names. */
function routed(scripts: Record<string, Answer[]>, reads = safeReads()) {
  const requests: (HttpRequest & { route: string })[] = [];
  const send = scriptedTransport(async (request) => {
    const read = readAnswer(reads, request);
    if (read !== undefined) return read;
    const route = ROUTES.find(([, re]) => re.test(request.url.pathname))?.[0] ?? 'unknown';
    requests.push({ ...request, route });
    const next = scripts[route]?.shift();
    if (next === undefined) throw new Error(`unscripted request ${route} ${request.url.pathname}`);
    return respond(next);
  });
  return { send, requests, reads: reads.reads, routes: () => requests.map((r) => r.route) };
}

function diffStatus(jobstateid: number, changes: { added?: object; modified?: object; removed?: object } = {}, extra: object = {}): Answer {
  return {
    json: {
      jobstateid,
      jobprogress: jobstateid === 5 ? 100 : 50,
      jobfailed: jobstateid === 6 ? 1 : 0,
      added: {},
      modified: {},
      removed: {},
      ...changes,
      ...extra
    }
  };
}

describe('run making the diff itself', () => {
  const { diffid: _unused, ...NO_DIFF } = INPUTS;
  const MADE = { ...NO_DIFF, imageid: '77', machineid: '9' };
  const diffCreated = (diffid = 5001): Answer => ({
    json: { success: true, diffid, jobstateid: 1, jobstatename: 'Created', jobprogress: 0 }
  });
  const CHANGES = { added: { 'bin/server': { size: 1 } }, modified: { 'data/a.pak': {}, 'data/b.pak': {} }, removed: {} };

  it('creates the diff, waits for it, then creates the version from it', async () => {
    const t = routed({
      'imagediff/create': [diffCreated()],
      'imagediff/status': [diffStatus(4), diffStatus(5, CHANGES)],
      'imageversion/create': [created()]
    });
    const { core } = await go(MADE, t);
    expect(core.failed).toBeUndefined();
    expect(t.routes()).toEqual(['imagediff/create', 'imagediff/status', 'imagediff/status', 'imageversion/create']);
    expect(Object.fromEntries(t.requests[0]!.url.searchParams)).toEqual({ accountserviceid: '12345', imageid: '77', machineid: '9' });
    expect(t.requests[1]!.url.searchParams.get('diff_info')).toBe('1');
    expect(t.requests[3]!.url.searchParams.get('diffid')).toBe('5001');
    expect(t.requests[3]!.url.searchParams.has('full')).toBe(false);
    expect(Object.fromEntries([...core.outputs].filter(([k]) => k.startsWith('files_') || k === 'diffid' || k === 'skipped'))).toEqual({
      diffid: '5001',
      files_added: '1',
      files_modified: '2',
      files_removed: '0',
      skipped: 'false'
    });
    expect(core.outputHistory.findIndex(([k]) => k === 'diffid')).toBeLessThan(core.outputHistory.findIndex(([k]) => k === 'files_added'));
    expect(core.summary.text).toContain('<tr><td>Image diff</td><td>Complete</td><td align="right">20s</td></tr>');
    expect(core.summary.text).toContain('1 added, 2 modified, 0 removed');
    expect(core.summary.text).toContain('+ bin/server\n~ data/a.pak\n~ data/b.pak');
  });

  it('reads the changes of a diff that was complete when created', async () => {
    const t = routed({
      'imagediff/create': [{ json: { success: true, diffid: 5001, jobstateid: 5, jobprogress: 100 } }],
      'imagediff/status': [diffStatus(5, CHANGES)],
      'imageversion/create': [created()]
    });
    const { core } = await go(MADE, t);
    expect(core.failed).toBeUndefined();
    expect(t.routes()).toEqual(['imagediff/create', 'imagediff/status', 'imageversion/create']);
    expect(core.outputs.get('files_modified')).toBe('2');
  });

  it('pulls the build from update_url first, never showing the URL', async () => {
    const url = 'https://storage.example.com/build.zip?X-Signature=s3cr3t-sig';
    const t = routed({
      'imageupdate/create': [{ json: { success: true, updateid: 31, jobstateid: 3 } }],
      'imageupdate/status': [state(4, 50), state(5, 100)],
      'imagediff/create': [diffCreated()],
      'imagediff/status': [diffStatus(5, CHANGES)],
      'imageversion/create': [{ status: 400, json: { success: false, error_message: `bad url ${url}` } }]
    });
    const { core } = await go({ ...MADE, update_url: url }, t, {
      env: { GITHUB_STEP_SUMMARY: '/dev/null', GITHUB_REF_NAME: 'v1.2.3', GITHUB_SHA: 'abcdef0123' }
    });
    expect(t.routes()).toEqual([
      'imageupdate/create',
      'imageupdate/status',
      'imageupdate/status',
      'imagediff/create',
      'imagediff/status',
      'imageversion/create'
    ]);
    expect(Object.fromEntries(t.requests[0]!.url.searchParams)).toEqual({
      accountserviceid: '12345',
      imageid: '77',
      machineid: '9',
      desc: 'v1.2.3 (abcdef0)',
      url
    });
    expect(core.outputs.get('updateid')).toBe('31');
    expect(core.secrets).toContain(url);
    expect(core.failed).toContain('bad url ***');
    expect(core.everything()).not.toContain('s3cr3t-sig');
  });

  it.each([
    ['deploy', ['imagediff/create', 'imagediff/status', 'imageversion/create'], undefined],
    ['skip', ['imagediff/create', 'imagediff/status', 'imagediff/reject'], undefined],
    [
      'fail',
      ['imagediff/create', 'imagediff/status', 'imagediff/reject'],
      /^Diff 5001 has no changes, so it was rejected and no image version was created \(on_no_changes: fail\)\.$/
    ]
  ] as const)('handles an empty diff with on_no_changes %s', async (mode, routes, failure) => {
    const t = routed({
      'imagediff/create': [diffCreated()],
      'imagediff/status': [diffStatus(5)],
      'imagediff/reject': [{ json: { success: true } }],
      'imageversion/create': [created()]
    });
    const { core } = await go({ ...MADE, on_no_changes: mode }, t);
    expect(t.routes()).toEqual(routes);
    if (failure) expect(core.failed).toMatch(failure);
    else expect(core.failed).toBeUndefined();
    if (mode === 'deploy') expect(t.requests[2]!.url.searchParams.get('full')).toBe('1');
    if (mode !== 'deploy') expect(t.requests[2]!.url.searchParams.get('reinstall')).toBe('0');
    expect(core.outputs.get('skipped')).toBe(mode === 'skip' ? 'true' : 'false');
    if (mode === 'skip') expect(core.summary.text).toContain('No changes: the empty diff was rejected');
  });

  it('reads a given diff for full: auto, sending full only when it is empty', async () => {
    const full = routed({ 'imagediff/status': [diffStatus(5)], 'imageversion/create': [created()] });
    await go({ ...INPUTS, full: 'auto' }, full);
    expect(full.routes()).toEqual(['imagediff/status', 'imageversion/create']);
    expect(full.requests[1]!.url.searchParams.get('full')).toBe('1');
    const diff = routed({ 'imagediff/status': [diffStatus(5, CHANGES)], 'imageversion/create': [created()] });
    await go({ ...INPUTS, full: 'auto' }, diff);
    expect(diff.requests[1]!.url.searchParams.has('full')).toBe(false);
  });

  it('fails naming the locking diff and the remedy', async () => {
    const t = routed({ 'imagediff/create': [{ json: { success: false, error: true, error_message: 'image locked by diffid: 218595' } }] });
    const { core } = await go(MADE, t);
    expect(t.routes()).toEqual(['imagediff/create']);
    expect(core.failed).toBe(
      'Could not create the image diff: image 77 is locked by diff 218595, which was neither accepted nor rejected.\n' +
        'Reject it (GET /cfp/v1/imagediff/218595/reject?accountserviceid=12345&reinstall=0) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.'
    );
  });

  it('rejects the locking diff once when allowed, loudly', async () => {
    const locked = { json: { success: false, error: true, error_message: 'image locked by diffid: 218595' } };
    const t = routed({
      'imagediff/create': [locked, diffCreated()],
      'imagediff/reject': [{ json: { success: true } }],
      'imagediff/status': [diffStatus(5, CHANGES)],
      'imageversion/create': [created()]
    });
    const { core } = await go({ ...MADE, reject_locking_diff: 'true' }, t);
    expect(core.failed).toBeUndefined();
    expect(t.routes()).toEqual(['imagediff/create', 'imagediff/reject', 'imagediff/create', 'imagediff/status', 'imageversion/create']);
    expect(t.requests[1]!.url.pathname).toBe('/cfp/v1/imagediff/218595/reject');
    expect(core.messages('warning')[0]).toMatch(/REJECTING DIFF 218595/);
  });

  it('gives up after one retry when the image is still locked', async () => {
    const locked = { json: { success: false, error: true, error_message: 'image locked by diffid: 218595' } };
    const t = routed({ 'imagediff/create': [locked, locked], 'imagediff/reject': [{ json: { success: true } }] });
    const { core } = await go({ ...MADE, reject_locking_diff: 'true' }, t);
    expect(t.routes()).toEqual(['imagediff/create', 'imagediff/reject', 'imagediff/create']);
    expect(core.failed).toMatch(/image locked by diffid: 218595/);
  });

  it('warns once when a diff reports a job state it does not know', async () => {
    const t = routed({
      'imagediff/create': [{ json: { success: true, diffid: 5001, jobstateid: 0, jobstatename: 'Limbo', jobprogress: 0 } }],
      'imagediff/status': [diffStatus(0, {}, { jobstatename: 'Limbo' }), diffStatus(5, CHANGES)],
      'imageversion/create': [created()]
    });
    const { core } = await go(MADE, t);
    expect(core.failed).toBeUndefined();
    expect(core.messages('warning')).toEqual([
      expect.stringMatching(
        /^Image diff 5001 reports a job state the action does not know \(jobstateid 0, jobstatename "Limbo"\): it counts as still running/
      )
    ]);
  });

  it('stops at a failed diff', async () => {
    const t = routed({
      'imagediff/create': [diffCreated()],
      'imagediff/status': [diffStatus(6, {}, { joberror: 'machine 9 unreachable' })]
    });
    const { core } = await go(MADE, t);
    expect(t.routes()).toEqual(['imagediff/create', 'imagediff/status']);
    expect(core.failed).toBe(
      'Image diff 5001 failed (job Failed 50%):\nmachine 9 unreachable\nNo image version was created. Diff 5001 may still lock the image: reject it (GET /cfp/v1/imagediff/5001/reject?accountserviceid=12345&reinstall=0) before the next run.'
    );
  });

  it('says which stage was under way when cancelled before a version existed', async () => {
    const signals = new EventEmitter();
    const t = routed({ 'imagediff/create': [diffCreated()], 'imagediff/status': [diffStatus(4), diffStatus(4)] });
    const send = scriptedTransport(async (request) => {
      const answer = await t.send(request);
      if (t.routes().filter((r) => r === 'imagediff/status').length === 2) signals.emit('SIGTERM');
      return answer;
    });
    const { core } = await go(MADE, t, { transport: send, signals });
    expect(core.failed).toBe('Cancelled (SIGTERM) before an image version id was known during image diff 5001 (it goes on in Clanforge).');
    expect(t.routes()).not.toContain('imageversion/create');
  });

  it('spends one wait_timeout across the stages', async () => {
    const t = routed({
      'imagediff/create': [diffCreated()],
      'imagediff/status': [...Array.from({ length: 5 }, () => diffStatus(4)), diffStatus(5, CHANGES)],
      'imageversion/create': [created()],
      'imageversion/status': Array.from({ length: 100 }, () => state(4, 10))
    });
    const { core, clock } = await go({ ...MADE, wait: 'true', wait_timeout: '90' }, t);
    expect(core.failed).toMatch(/^Timed out after waiting 1m 30s \(wait_timeout\) for image version 9001/);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(90_000);
    expect(core.summary.text).toContain('Timed out waiting');
  });

  it('reports a timeout inside the diff stage', async () => {
    const t = routed({ 'imagediff/create': [diffCreated()], 'imagediff/status': Array.from({ length: 100 }, () => diffStatus(4)) });
    const { core } = await go({ ...MADE, wait_timeout: '45s' }, t);
    expect(core.failed).toMatch(
      /^Timed out after waiting 45s \(wait_timeout\) for image diff 5001: last state Running 50%\. It goes on in Clanforge; no image version was created\. Diff 5001 may still lock the image: reject it \(GET \/cfp\/v1\/imagediff\/5001\/reject\?accountserviceid=12345&reinstall=0\) before the next run\.$/
    );
    expect(t.routes()).not.toContain('imageversion/create');
  });
});

describe('action.yml agrees with the code', () => {
  it('declares exactly the inputs run() reads and the outputs it sets', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as { inputs: object; outputs: object };
    const read = new Set<string>();
    class RecordingCore extends FakeCore {
      override getInput(name: string): string {
        read.add(name);
        return super.getInput(name);
      }
    }
    const { diffid: _unused, ...noDiff } = INPUTS;
    const core = new RecordingCore({
      ...noDiff,
      wait_for: 'rollout',
      imageid: '77',
      machineid: '9',
      update_url: 'https://b.example.com/x.zip',
      environment: 'production',
      github_token: 'ghs_test'
    });
    const t = routed({
      'imageupdate/create': [{ json: { success: true, updateid: 31, jobstateid: 5 } }],
      'imagediff/create': [{ json: { success: true, diffid: 5001, jobstateid: 2 } }],
      'imagediff/status': [diffStatus(5, { added: { 'a.pak': {} } })],
      'imageversion/create': [created()],
      'imageversion/status': [state(5, 100)],
      rollout: [rollout(0, 0, 40)]
    });
    // A GitHub that accepts the deployment, so deployment_id is set too.
    const github = { request: async (route: string) => ({ status: 201, data: { id: route.endsWith('/statuses') ? 1 : 77 } }) };
    await run({
      core,
      clock: new FakeClock(),
      transport: t.send,
      env: { GITHUB_REPOSITORY: 'studio/game', GITHUB_SHA: 'abc123' },
      runContext: () => CONTEXT,
      signals: new EventEmitter(),
      exit: () => undefined,
      octokitFactory: async () => github
    });
    expect(core.failed).toBeUndefined();
    expect(core.outputs.get('deployment_id')).toBe('77');
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    expect([...core.outputs.keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});

describe('run: a quiet log', () => {
  /** A 10-minute job polled every 10 s: progress 0 → 100 in 1-point steps, a new ETA on each poll. */
  function tenMinuteJob(): Answer[] {
    return Array.from({ length: 60 }, (_, i) =>
      i < 59 ? state(4, Math.floor((i * 100) / 60), { jobeta: 1800000600 + i }) : state(5, 100)
    );
  }

  it('logs a line on a state change, else at most once a minute or every 10 points; every poll in a debug line', async () => {
    const t = transport([created()], [state(2, 0), ...tenMinuteJob()]);
    const { core } = await go({ ...INPUTS, wait: 'true' }, t);
    expect(core.failed).toBeUndefined();
    const progress = core.messages('info').filter((m) => /^\[/.test(m));
    // 61 polls; lines: Pending, Running, one per 10 points (or minute), Complete.
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect(progress.length).toBeLessThanOrEqual(13);
    expect(progress[0]).toMatch(/^\[\d+s\] Pending 0%$/);
    expect(progress[1]).toMatch(/^\[\d+s\] Running 0% \(ETA 08:10:00 UTC, in /);
    expect(progress.at(-1)).toMatch(/^\[10m( \d+s)?\] Complete 100%$/);
    // Between two lines: a new state, or 10 points, or a minute.
    const seconds = (line: string): number => {
      const [, m, sec] = /^\[(?:(\d+)m ?)?(?:(\d+)s)?\]/.exec(line) ?? [];
      return Number(m ?? 0) * 60 + Number(sec ?? 0);
    };
    const points = (line: string): number => Number(/ (\d+)%/.exec(line)?.[1]);
    for (let i = 2; i < progress.length - 1; i++) {
      const [before, line] = [progress[i - 1]!, progress[i]!];
      expect(points(line) - points(before) >= 10 || seconds(line) - seconds(before) >= 60).toBe(true);
    }
    const debug = core.messages('debug').filter((m) => /^\[/.test(m));
    expect(progress.length + debug.length).toBe(61);
    expect(core.messages('info').at(-1)).toMatch(
      /^Image version 9001: job Complete after 10m( \d+s)?; the machines install it next \(not waited for\)\.$/
    );
  });

  it('logs a stuck state once a minute', async () => {
    const t = transport([created()], [...Array.from({ length: 30 }, () => state(3, 0)), state(5, 100)]);
    const { core } = await go({ ...INPUTS, wait: 'true', poll_interval: '10' }, t);
    expect(core.failed).toBeUndefined();
    const queued = core.messages('info').filter((m) => /^\[.*\] Queued 0%$/.test(m));
    // About 5 minutes Queued: the first line, then one a minute.
    expect(queued.length).toBeGreaterThanOrEqual(4);
    expect(queued.length).toBeLessThanOrEqual(7);
  });

  it('puts the settings one per debug line inside a group, only when debug logging is on', async () => {
    const t = () => transport([created()]);
    const { core } = await go({ ...INPUTS, game_build: 'v1.2.3' }, t());
    const start = core.log.findIndex((l) => l.kind === 'group' && l.message === 'Settings');
    const end = core.log.findIndex((l, i) => i > start && l.kind === 'endgroup');
    const inside = core.log.slice(start + 1, end);
    expect(inside.every((l) => l.kind === 'debug')).toBe(true);
    expect(inside.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'accountserviceid=12345',
        'diffid=678',
        'game_build=v1.2.3',
        'wait=false',
        'wait_for=job',
        'api_url=https://api.test/',
        'environment=(none: no GitHub deployment)',
        'dry_run=false',
        'auth=keys (Basic)'
      ])
    );
    expect(inside).toHaveLength(26);
    for (const l of inside) expect(l.message).toMatch(/^[a-z_]+=\S/);

    class QuietCore extends FakeCore {
      override isDebug(): boolean {
        return false;
      }
    }
    const quiet = new QuietCore(INPUTS);
    await run({
      core: quiet,
      clock: new FakeClock(),
      transport: t().send,
      env: {},
      runContext: () => CONTEXT,
      signals: new EventEmitter(),
      exit: () => undefined
    });
    expect(quiet.messages('group')).not.toContain('Settings');
  });

  it('gives the success notice the diff and game_build', async () => {
    const { core } = await go({ ...INPUTS, game_build: 'v2.7.0' }, transport([created()]));
    expect(core.messages('notice')).toEqual([
      'Image version 9001 (diff 678, game_build v2.7.0): created; its install job goes on in Clanforge (not waited for)'
    ]);
    expect(core.summary.text).toContain('<tr><td>Game build</td><td>v2.7.0</td></tr>');
  });
});
