// Every place the action prints text from outside (an answer field of any endpoint, an
// error or HTML body, an input echoed back), each fed text that would act on the runner
// if printed as it came, through run() and the real runner protocol (@actions/core)
// with stdout, GITHUB_OUTPUT and the summary captured.
import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { HttpResponse, Transport } from '../../src/clanforge/http/transport.ts';
import { authorizationValue } from '../../src/settings/credentials.ts';
import { run } from '../../src/main.ts';
import type { RunContext } from '../../src/runner/run-context.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { PAYLOADS, PAYLOAD_MARKER as MARKER } from '../helpers/payloads.ts';
import { COMMAND_OF, expectOnlyOwnCommands, withRunnerCore, type RunnerCapture } from '../helpers/runner-core.ts';
import { scriptedTransport } from '../helpers/scripted-transport.ts';

const ACCESS = 'AKIA-sinks-4d2e';
const SECRET = 'sk-sinks-8f3a1c9b';
const TOKEN = authorizationValue({ kind: 'keys', accessKey: ACCESS, secretKey: SECRET }).slice('Basic '.length);
const BASE = { access_key: ACCESS, secret_key: SECRET, accountserviceid: '12345', api_url: 'https://api.test' };
const WITH_DIFF = { ...BASE, diffid: '678' };
const MAKE_DIFF = { ...BASE, imageid: '77', machineid: '9' };
const CONTEXT: RunContext = { ref: 'refs/tags/v1.2.3', sha: 'abc123', repository: 'studio/game', runUrl: undefined };
const DECLARED_OUTPUTS = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: object }).outputs
);

type Json = Record<string, unknown>;
type Answer = { json: unknown } | { status: number; json?: unknown; body?: string; headers?: Record<string, string> };

const ROUTES: [string, RegExp][] = [
  ['imageversion/create', /\/imageversion\/create$/],
  ['imageversion/status', /\/imageversion\/\d+\/status$/],
  ['imagediff/create', /\/imagediff\/create$/],
  ['imagediff/status', /\/imagediff\/\d+\/status$/],
  ['imagediff/reject', /\/imagediff\/\d+\/reject$/],
  ['imageupdate/create', /\/imageupdate\/create$/],
  ['imageupdate/status', /\/imageupdate\/\d+\/status$/],
  ['rollout', /\/cfp\/v2\/project\/\d+\/image\/\d+\/status$/]
];

/** Each route answers from its own script; the last answer repeats once the script runs out. */
function routed(scripts: Record<string, Answer[]>): Transport {
  return scriptedTransport(async (request) => {
    const route = ROUTES.find(([, re]) => re.test(request.url.pathname))?.[0] ?? 'unknown';
    const script = scripts[route];
    if (script === undefined || script.length === 0) throw new Error(`unscripted request ${request.url.pathname}`);
    const next = (script.length > 1 ? script.shift() : script[0]) as Answer;
    const status = 'status' in next ? next.status : 200;
    const body = 'body' in next && next.body !== undefined ? next.body : JSON.stringify(next.json ?? {});
    const response: HttpResponse = {
      status,
      statusText: status === 200 ? 'OK' : 'Error',
      headers: { 'content-type': 'application/json', ...('headers' in next ? next.headers : {}) },
      body
    };
    return response;
  });
}

const job = (jobstateid: number, extra: Json = {}): Json => ({
  jobstateid,
  jobstatename: ['', 'Created', 'Pending', 'Queued', 'Running', 'Complete', 'Failed', 'Squashed'][jobstateid],
  jobprogress: jobstateid === 5 ? 100 : 40,
  jobfailed: jobstateid === 6 ? 1 : 0,
  jobcreated: 1800000000,
  jobupdated: 1800000100,
  ...extra
});
const created = (extra: Json = {}): Answer => ({ json: { success: true, imageversionid: 9001, ...job(1), ...extra } });
const status = (jobstateid: number, extra: Json = {}): Answer => ({ json: { success: true, ...job(jobstateid, extra) } });
const diffStatus = (jobstateid: number, extra: Json = {}): Answer => ({
  json: { success: true, ...job(jobstateid), added: { 'bin/server': {} }, modified: {}, removed: {}, ...extra }
});
const rollout = (name: string): Answer => ({
  json: {
    success: true,
    pending_machines: 2,
    failed_machines: 0,
    completed_machines: 3,
    fleets: {
      f1: {
        name,
        pending_machines: 2,
        failed_machines: 0,
        completed_machines: 3,
        regions: { r1: { name, pending_machines: 2, failed_machines: 0, completed_machines: 3 } }
      }
    }
  }
});
/** The chain that makes its own diff, with one stage's answers replaced. */
const chain = (replace: Record<string, Answer[]>): Record<string, Answer[]> => ({
  'imagediff/create': [{ json: { success: true, diffid: 5001, ...job(1) } }],
  'imagediff/status': [diffStatus(5)],
  'imageversion/create': [created()],
  ...replace
});

interface Place {
  /** Where the text shows up for a person. */
  where: string;
  inputs: (payload: string) => Record<string, string>;
  scripts: (payload: string) => Record<string, Answer[]>;
  /** Core methods whose stdout must show (a neutralised form of) the payload: the case really reaches that sink. */
  printedBy: string[];
  /** Whether the summary shows it too. */
  inSummary: boolean;
  /**
   * The input the payload is given in, when it is one that refuses control characters:
   * a payload holding one is then an input error naming it, and is printed nowhere.
   */
  refusesControl?: string;
}

const PLACES: Record<string, Place> = {
  'version state name in the create answer': {
    where: 'log line "Created image version …", summary State row, jobstatename output',
    inputs: () => WITH_DIFF,
    scripts: (p) => ({ 'imageversion/create': [created({ jobstatename: p })] }),
    printedBy: ['info'],
    inSummary: true
  },
  'version state name while waiting': {
    where: 'progress lines in the wait group, summary, outputs',
    inputs: () => ({ ...WITH_DIFF, wait: 'true' }),
    scripts: (p) => ({
      'imageversion/create': [created()],
      'imageversion/status': [status(4, { jobstatename: p }), status(5, { jobstatename: `${p} done` })]
    }),
    printedBy: ['info'],
    inSummary: true
  },
  'version state name at a timeout': {
    where: 'the timeout failure (annotation) and the summary',
    inputs: () => ({ ...WITH_DIFF, wait: 'true', wait_timeout: '30' }),
    scripts: (p) => ({ 'imageversion/create': [created()], 'imageversion/status': [status(4, { jobstatename: p })] }),
    printedBy: ['setFailed', 'info'],
    inSummary: true
  },
  'joberror of a failed version': {
    where: 'the failure annotation, summary Job error row and <pre>, joberror output',
    inputs: () => ({ ...WITH_DIFF, wait: 'true' }),
    scripts: (p) => ({ 'imageversion/create': [created()], 'imageversion/status': [status(6, { joberror: p })] }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  'state name and joberror of a create answer that already failed (wait: false)': {
    where: 'the failure annotation, summary, outputs',
    inputs: () => WITH_DIFF,
    scripts: (p) => ({ 'imageversion/create': [created({ jobstateid: 6, jobstatename: p, jobfailed: 1, joberror: p })] }),
    printedBy: ['setFailed', 'info'],
    inSummary: true
  },
  'image update state name': {
    where: 'log lines of the update stage, summary Stages table',
    inputs: () => ({ ...MAKE_DIFF, update_url: 'https://builds.example.com/b.zip?sig=u-9Zq' }),
    scripts: (p) =>
      chain({
        'imageupdate/create': [{ json: { success: true, updateid: 31, ...job(1, { jobstatename: p }) } }],
        'imageupdate/status': [status(4, { jobstatename: `${p} 2` }), status(5, { jobstatename: p })]
      }),
    printedBy: ['info'],
    inSummary: true
  },
  'image update joberror': {
    where: 'the failure annotation and summary',
    inputs: () => ({ ...MAKE_DIFF, update_url: 'https://builds.example.com/b.zip?sig=u-9Zq' }),
    scripts: (p) =>
      chain({
        'imageupdate/create': [{ json: { success: true, updateid: 31, ...job(1) } }],
        'imageupdate/status': [status(6, { jobstatename: p, joberror: p })]
      }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  'image diff state name': {
    where: 'log lines of the diff stage, summary Stages table',
    inputs: () => MAKE_DIFF,
    scripts: (p) =>
      chain({
        'imagediff/create': [{ json: { success: true, diffid: 5001, ...job(1, { jobstatename: p }) } }],
        'imagediff/status': [diffStatus(4, { jobstatename: `${p} 2` }), diffStatus(5, { jobstatename: p })]
      }),
    printedBy: ['info'],
    inSummary: true
  },
  'image diff joberror': {
    where: 'the failure annotation and summary',
    inputs: () => MAKE_DIFF,
    scripts: (p) => chain({ 'imagediff/status': [diffStatus(6, { jobstatename: p, joberror: p })] }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  "the diff's changed paths": {
    where: 'the Changed files group (one log line per path) and the summary <pre>',
    inputs: () => MAKE_DIFF,
    scripts: (p) => chain({ 'imagediff/status': [diffStatus(5, { added: { [p]: {} }, modified: [p], removed: { [`${p}/old`]: {} } })] }),
    printedBy: ['info'],
    inSummary: true
  },
  'error_message of a refused create': {
    where: 'the failure annotation and summary <pre>',
    inputs: () => WITH_DIFF,
    scripts: (p) => ({ 'imageversion/create': [{ status: 400, json: { success: false, error: true, error_message: p } }] }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  'error_message of a create refused with HTTP 200': {
    where: 'the failure annotation and summary <pre>',
    inputs: () => WITH_DIFF,
    scripts: (p) => ({ 'imageversion/create': [{ json: { success: false, error: p } }] }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  'error_message of a status read that fails for a while': {
    where: 'the retry warning',
    inputs: () => ({ ...WITH_DIFF, wait: 'true' }),
    scripts: (p) => ({
      'imageversion/create': [created()],
      'imageversion/status': [{ status: 503, json: { success: false, error_message: p } }, status(5)]
    }),
    printedBy: ['warning'],
    inSummary: false
  },
  'HTML body of a proxy error on a status read': {
    where: 'the retry warning (an excerpt of the page)',
    inputs: () => ({ ...WITH_DIFF, wait: 'true' }),
    scripts: (p) => ({
      'imageversion/create': [created()],
      'imageversion/status': [
        { status: 502, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${p}</h1></body></html>` },
        status(5)
      ]
    }),
    printedBy: ['warning'],
    inSummary: false
  },
  'HTML body answering the create': {
    where: 'the failure annotation and summary <pre>',
    inputs: () => WITH_DIFF,
    scripts: (p) => ({
      'imageversion/create': [{ status: 403, headers: { 'content-type': 'text/html' }, body: `<html><title>${p}</title></html>` }]
    }),
    printedBy: ['setFailed'],
    inSummary: true
  },
  'game_build input': {
    where: 'the "Creating an image version" log line and the settings debug line',
    inputs: (p) => ({ ...WITH_DIFF, game_build: p }),
    scripts: () => ({ 'imageversion/create': [created()] }),
    printedBy: ['info', 'debug'],
    inSummary: false
  },
  'update_desc input': {
    where: 'the "Pulling the build" log line',
    inputs: (p) => ({ ...MAKE_DIFF, update_url: 'https://builds.example.com/b.zip?sig=u-9Zq', update_desc: `x ${p}` }),
    scripts: () =>
      chain({ 'imageupdate/create': [{ json: { success: true, updateid: 31, ...job(5) } }], 'imageupdate/status': [status(5)] }),
    printedBy: ['info'],
    inSummary: false
  },
  'an invalid input echoed in its error': {
    where: 'the input-error annotation and summary <pre>',
    inputs: (p) => ({ ...WITH_DIFF, wait: `x${p}` }),
    scripts: () => ({}),
    printedBy: ['setFailed'],
    inSummary: true,
    refusesControl: 'wait'
  },
  'fleet and region names of a rollout': {
    where: 'the rollout timeout annotation and the summary fleet table',
    inputs: () => ({ ...WITH_DIFF, wait: 'true', wait_for: 'rollout', imageid: '77', wait_timeout: '30' }),
    scripts: (p) => ({ 'imageversion/create': [created()], 'imageversion/status': [status(5)], rollout: [rollout(p)] }),
    printedBy: ['setFailed'],
    inSummary: true
  }
};

async function runWith(inputs: Record<string, string>, scripts: Record<string, Answer[]>): Promise<RunnerCapture> {
  return withRunnerCore(inputs, async (core) => {
    await run({
      core,
      clock: new FakeClock(),
      transport: routed(scripts),
      env: { GITHUB_STEP_SUMMARY: process.env['GITHUB_STEP_SUMMARY'] ?? '' },
      runContext: () => CONTEXT,
      signals: new EventEmitter(),
      exit: () => undefined
    });
  });
}

const CASES = Object.entries(PLACES).flatMap(([name, place]) =>
  Object.entries(PAYLOADS).map(([variant, payload]) => [name, variant, payload, place] as const)
);

describe('outside text at every place the action prints it', () => {
  it.each(CASES)(
    "%s, payload %s: no workflow command but the action's own, outputs as declared",
    async (_name, _variant, payload, place) => {
      const capture = await runWith(place.inputs(payload), place.scripts(payload));
      expectOnlyOwnCommands(capture);
      // eslint-disable-next-line no-control-regex -- control characters are what is looked for
      if (place.refusesControl !== undefined && /[\u0000-\u001f\u007f-\u009f]/.test(payload)) {
        // Refused as an input error naming the input and the character, and printed nowhere.
        const failed = capture.chunks.filter((c) => c.method === 'setFailed').map((c) => c.text);
        expect(failed).toEqual([expect.stringContaining(`input '${place.refusesControl}': contains the control character U+00`)]);
        expect(capture.chunks.filter((c) => c.method !== 'setSecret' && c.text.includes(MARKER))).toEqual([]);
        expect(capture.summary).not.toContain(MARKER);
      } else {
        // The case reaches the sink it names (a check that could not fail would prove nothing).
        for (const method of place.printedBy) {
          expect(capture.chunks.filter((c) => c.method === method && c.text.includes(MARKER)).length).toBeGreaterThan(0);
        }
        if (place.inSummary) expect(capture.summary).toContain(MARKER);
      }
      // Only the action's own secrets are masked; none of them leaks.
      const masks = capture.chunks.filter((c) => c.method === 'setSecret').map((c) => c.text.trim());
      expect(masks.slice(0, 3)).toEqual([`::add-mask::${ACCESS}`, `::add-mask::${SECRET}`, `::add-mask::${TOKEN}`]);
      for (const mask of masks) expect(mask).not.toContain('::add-mask::x');
      // Log lines: a line break from outside is shown, never made.
      for (const chunk of capture.chunks.filter((c) => c.method === 'info' || c.method === 'startGroup')) {
        expect(chunk.text.slice(0, -1)).not.toMatch(/[\r\n]/);
      }
      // Outputs: only declared names, never the injected one's value.
      for (const [output] of capture.outputWrites) expect(DECLARED_OUTPUTS).toContain(output);
      if (capture.outputs['imageversionid'] !== undefined) expect(capture.outputs['imageversionid']).toBe('9001');
      // The summary is HTML: text from outside is escaped.
      expect(capture.summary).not.toContain('<img');
      expect(capture.summary).not.toContain('<h1>');
    }
  );

  it('the places listed each print through a core method the check knows', () => {
    for (const place of Object.values(PLACES))
      for (const method of place.printedBy) expect(['info', ...Object.keys(COMMAND_OF)]).toContain(method);
  });
});

describe('text with line breaks: shown in the log, intact in the outputs', () => {
  it('a jobstatename with newlines is one log line with ⏎ and the same text in the output', async () => {
    const capture = await runWith(WITH_DIFF, { 'imageversion/create': [created({ jobstatename: PAYLOADS.commands })] });
    const line = capture.chunks.find((c) => c.method === 'info' && c.text.startsWith('Created image version 9001:'));
    expect(line?.text).toBe(
      'Created image version 9001: Running⏎::add-mask::x⏎::set-output name=imageversionid::999⏎::stop-commands::t 40%\n'
    );
    expect(capture.outputs['jobstatename']).toBe(PAYLOADS.commands);
    expect(capture.outputs['imageversionid']).toBe('9001');
    expect(capture.outputWrites.filter(([name]) => name === 'imageversionid')).toEqual([['imageversionid', '9001']]);
    expect(capture.summary).toContain(
      '<td>Running<br>::add-mask::x<br>::set-output name=imageversionid::999<br>::stop-commands::t 40%</td>'
    );
  });

  it('a legacy command inside a line is broken in place', async () => {
    const capture = await runWith({ ...WITH_DIFF, game_build: 'v1 ##[add-mask]x' }, { 'imageversion/create': [created()] });
    expect(capture.chunks.find((c) => c.method === 'info' && c.text.startsWith('Creating an image version'))?.text).toContain(
      'game_build=v1 ##［add-mask]x)'
    );
  });
});

describe('long texts from outside', () => {
  it('a 900 KB joberror: the annotation and the summary say it was cut, the summary stays well under 1 MiB', async () => {
    const joberror = `${'disk full on machine 7; '.repeat(37_500)}END`;
    const capture = await runWith(
      { ...WITH_DIFF, wait: 'true' },
      { 'imageversion/create': [created()], 'imageversion/status': [status(6, { joberror })] }
    );
    const failure = capture.chunks.find((c) => c.method === 'setFailed')?.text ?? '';
    expect(failure.length).toBeLessThan(5 * 1024);
    expect(failure).toMatch(/… \(cut: \d+ more characters not shown; annotations are kept short/);
    expect(Buffer.byteLength(capture.summary)).toBeLessThan(300 * 1024);
    // The error once, in the failure block.
    expect(
      /<pre>Image version 9001 failed after \d+s \(job Failed \d+%\):\ndisk full on machine 7; [^<]*… \(cut: \d+ more characters not shown\)<\/pre>/.test(
        capture.summary
      )
    ).toBe(true);
    expect(capture.summary).not.toContain('<td>disk full');
    expect(capture.summary).not.toContain('END');
    expect(capture.outputs['joberror']?.length).toBeLessThan(65 * 1024);
    expect(capture.outputs['joberror']).toMatch(/… \(cut: \d+ more characters not shown\)$/);
  });
});

describe('keys a server echoes back', () => {
  const ECHO = `denied for ${ACCESS} / ${SECRET} (Authorization: Basic ${TOKEN}); ${encodeURIComponent(SECRET)}`;

  it.each([
    [
      'joberror and jobstatename of a failed job',
      { ...WITH_DIFF, wait: 'true' },
      {
        'imageversion/create': [created({ jobstatename: ECHO })],
        'imageversion/status': [status(6, { jobstatename: ECHO, joberror: ECHO })]
      }
    ],
    [
      'a create answer that already failed',
      WITH_DIFF,
      { 'imageversion/create': [created({ jobstateid: 6, jobfailed: 1, jobstatename: ECHO, joberror: ECHO })] }
    ],
    [
      'changed paths and diff state names',
      MAKE_DIFF,
      chain({ 'imagediff/status': [diffStatus(5, { jobstatename: ECHO, added: { [ECHO]: {} } })] })
    ],
    [
      'fleet names',
      { ...WITH_DIFF, wait: 'true', wait_for: 'rollout', imageid: '77', wait_timeout: '30' },
      { 'imageversion/create': [created()], 'imageversion/status': [status(5)], rollout: [rollout(ECHO)] }
    ]
  ] as const)('%s: *** in stdout, the summary and every output', async (_name, inputs, scripts) => {
    const capture = await runWith(inputs, scripts as Record<string, Answer[]>);
    const masks = capture.chunks.filter((c) => c.method === 'setSecret');
    const said = [
      ...capture.chunks.filter((c) => c.method !== 'setSecret').map((c) => c.text),
      capture.summary,
      ...capture.outputWrites.flat()
    ];
    for (const text of said) for (const secret of [ACCESS, SECRET, TOKEN]) expect(text).not.toContain(secret);
    expect(said.join('\n')).toContain('denied for *** / ***');
    expect(masks.length).toBeGreaterThanOrEqual(3);
  });

  it('the credentials inside a build URL are redacted on their own too', async () => {
    const url = 'https://builds.example.com/b.zip?X-Amz-Signature=sig-7hQ2p&X-Amz-Credential=AKIAURL%2F20260101&region=eu';
    const capture = await runWith(
      { ...MAKE_DIFF, update_url: url },
      chain({
        'imageupdate/create': [{ json: { success: true, updateid: 31, ...job(1) } }],
        'imageupdate/status': [status(6, { joberror: 'bad signature sig-7hQ2p for AKIAURL/20260101' })]
      })
    );
    const said = [
      ...capture.chunks.filter((c) => c.method !== 'setSecret').map((c) => c.text),
      capture.summary,
      ...capture.outputWrites.flat()
    ].join('\n');
    expect(said).toContain('bad signature *** for ***');
    expect(said).not.toContain('sig-7hQ2p');
    expect(said).not.toContain('AKIAURL');
  });
});
