// The emulator's command line: flag parsing, fault specs, and the real process serving
// until SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { CliError, DEFAULT_CLI_PORT, DEFAULT_CLI_TIME_SCALE, parseCli, parseFault } from '../emulator/cli-args.ts';
import { EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, ROUTE_NAMES } from '../emulator/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('emulator CLI flags', () => {
  it('defaults to port 8080 and a quick time scale', () => {
    const settings = parseCli([]);
    expect(settings).toMatchObject({ help: false, quiet: false, port: DEFAULT_CLI_PORT });
    expect(settings.options).toEqual({
      port: 8080,
      time: { scale: DEFAULT_CLI_TIME_SCALE },
      versions: { plan: {} },
      format: {},
      faults: { specs: [] }
    });
  });

  it('maps every flag onto emulator options', () => {
    const settings = parseCli([
      '--port=0',
      '--time-scale',
      '120',
      '--outcome',
      'failed',
      '--duration',
      '900',
      '--end-progress',
      '55',
      '--job-error',
      'line one\\nline two',
      '--eta',
      'late',
      '--eta-factor',
      '3',
      '--allocations',
      '2',
      '--asid',
      '1,2',
      '--access-key',
      'ak',
      '--secret-key',
      'sk',
      '--known-diffs',
      '5,6',
      '--empty-diffs',
      '6',
      '--first-version-id',
      '40',
      '--numeric-strings',
      '--completed',
      '--joberror-none',
      'empty',
      '--errors-200',
      '--path-prefix',
      '/proxy',
      '--fault',
      'status:2:503,retry-after=3',
      '--quiet'
    ]);
    expect(settings.quiet).toBe(true);
    expect(settings.options).toEqual({
      port: 0,
      time: { scale: 120 },
      versions: {
        plan: { outcome: 'failed', durationSeconds: 900, endProgress: 55, error: 'line one\nline two', eta: 'late', etaFactor: 3 },
        activeAllocations: 2,
        firstId: 40
      },
      format: { numericStrings: true, completeName: 'Completed', noJobError: 'empty', errorsWithHttp200: true },
      auth: { accountServiceIds: [1, 2], accessKey: 'ak', secretKey: 'sk' },
      diffs: { knownIds: [5, 6], emptyIds: [6] },
      pathPrefix: '/proxy',
      faults: {
        specs: [
          {
            route: ROUTE_NAMES.imageVersionStatus,
            request: 2,
            kind: 'respond',
            status: 503,
            body: undefined,
            headers: { 'retry-after': '3' },
            delayMs: undefined,
            process: undefined
          }
        ]
      }
    });
  });

  it.each([
    ['create:1:reset', { route: ROUTE_NAMES.imageVersionCreate, request: 1, kind: 'reset' }],
    ['create:1:reset,process=0', { kind: 'reset', process: false }],
    ['status:3-5:hang', { request: [3, 4, 5], kind: 'hang' }],
    ['*:every:delay=250', { route: '*', request: 'every', kind: 'delay', delayMs: 250 }],
    ['status:every:502,body=html', { kind: 'respond', status: 502, body: { kind: 'html' } }],
    ['status:1:200,body=empty', { status: 200, body: { kind: 'empty' } }],
    ['status:1:500,text=oops', { status: 500, body: { kind: 'text', text: 'oops' } }],
    ['create:2:502,process=1,delay=50', { status: 502, process: true, delayMs: 50 }]
  ])('parses the fault %s', (spec, expected) => {
    expect(parseFault(spec)).toMatchObject(expected);
  });

  it.each([
    [['--port', 'http']],
    [['--port', '70000']],
    [['--time-scale', '0']],
    [['--outcome', 'done']],
    [['--eta', 'soon']],
    [['--asid', '1,x']],
    [['--bogus']],
    [['--fault', 'status:2']],
    [['--fault', 'status:0:503']],
    [['--fault', 'status:1:teapot']],
    [['--fault', 'status:1:503,body=xml']],
    [['--fault', 'status:1:reset,process=yes']]
  ])('rejects %j', (argv) => {
    expect(() => parseCli(argv)).toThrow(CliError);
  });
});

describe('emulator CLI process', () => {
  it('prints the URL, keys and api_url, serves, logs requests and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['emulator/cli.ts', '--port', '0', '--time-scale', '600'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    const output = (pattern: RegExp): Promise<RegExpMatchArray> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = stdout.match(pattern);
          if (found === null) return;
          child.stdout.off('data', onData);
          resolve(found);
        };
        const onData = (chunk: Buffer): void => {
          stdout += chunk.toString();
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', () => reject(new Error(`emulator exited early:\n${stdout}`)));
        check();
      });
    try {
      const [, url] = await output(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      await output(/Ctrl-C stops/);
      expect(stdout).toContain(EMULATOR_ACCESS_KEY);
      expect(stdout).toContain(EMULATOR_SECRET_KEY);
      expect(stdout).toContain(`api_url: ${url}`);
      const response = await fetch(`${url}/cfp/v1/imageversion/create?accountserviceid=12345&diffid=1&restart=0`, {
        headers: { authorization: `Basic ${Buffer.from(`${EMULATOR_ACCESS_KEY}:${EMULATOR_SECRET_KEY}`).toString('base64')}` }
      });
      expect(await response.json()).toMatchObject({ success: true, imageversionid: 1001 });
      await output(/GET \/cfp\/v1\/imageversion\/create\?\S+ -> 200/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
