// The command line end to end: `node dist/cli.js` as a child process against the emulator,
// as a person or a CI job runs it. A release, a dry run, ids, each exit code, the summary
// file, --help against action.yml, and no secret (keys, token, a build URL's credentials)
// in stdout, stderr or the summary.
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EMULATOR_IMAGE, ROUTE_NAMES } from '../../emulator/index.ts';
import { OUTPUTS } from '../../src/cli/action-inputs.ts';
import { helpEntries } from '../cli/helpers/help-entries.ts';
import { allCliScenarios, cliScenario, waitForStderr, type CliResult, type CliRun } from '../cli/helpers/run-cli.ts';
import { formsOf } from './helpers/leaks.ts';
import { ROOT } from './helpers/run-action.ts';
import { ACCESS_KEY, BASIC_TOKEN, DIFF_ID, FIRST_VERSION, LONG_JOB, SECRET_KEY, TWO_SECOND_JOB } from './helpers/scenario.ts';

afterAll(() => allCliScenarios());

const AUTH = { auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY } };
const KEYS = { CLANFORGE_ACCESS_KEY: ACCESS_KEY, CLANFORGE_SECRET_KEY: SECRET_KEY };
const BASE = ['--accountserviceid', '12345', '--api-url', '{url}'];
const TOKEN = 'e2eCliT0ken-Mp7Rq2Vx9Kd4';
/** A build URL whose credentials are distinctive, so a leak is found by substring. */
const BUILD_ACCESS = 'AKIAE2ECLIEXAMPLE7Q';
const BUILD_SECRET = 'e2eCliS3cr3t/Key9xW';
const BUILD_URL = `s3://${BUILD_ACCESS}:${encodeURIComponent(BUILD_SECRET)}@bucket/builds/`;

const STATE_CHANGING = new Set<string>([
  ROUTE_NAMES.imageVersionCreate,
  ROUTE_NAMES.imageDiffCreate,
  ROUTE_NAMES.imageDiffReject,
  ROUTE_NAMES.imageUpdateCreate
]);

const on = (result: CliResult, route: string) => result.requests.filter((r) => r.route === route);

/** No secret, in any form, in what the command printed or wrote. */
function expectNoSecrets(run: CliRun, extra: readonly string[] = []): void {
  const places: [string, string][] = [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
    ['the summary', run.summary],
    ...Object.entries(run.files)
  ];
  for (const secret of [ACCESS_KEY, SECRET_KEY, BASIC_TOKEN, ...extra]) {
    for (const [place, text] of places) {
      const leaked = formsOf(secret).find((form) => text.includes(form));
      expect(leaked === undefined ? undefined : `a secret appears in ${place}`).toBeUndefined();
    }
  }
}

/** The log is plain text: no workflow command a runner would act on. */
function expectPlainLog(run: CliRun): void {
  expect(run.stderr.split('\n').filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
}

/** --json: one line on stdout, one JSON object holding every output of the action. */
function jsonOutputs(run: CliRun): Record<string, string> {
  expect(run.stdout.endsWith('\n')).toBe(true);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  const outputs = JSON.parse(run.stdout) as Record<string, string>;
  expect(Object.keys(outputs)).toEqual(OUTPUTS.map((output) => output.name));
  return outputs;
}

describe('a release', () => {
  const release = cliScenario({
    emulator: { ...AUTH, time: { scale: TWO_SECOND_JOB } },
    args: [...BASE, '--imageid', '77', '--machineid', '48213', '--wait', '--poll-interval', '1', '--json', '--summary', '{summary}'],
    // The runner's files, set as if inside a GitHub job: the command line writes neither.
    env: { ...KEYS, GITHUB_OUTPUT: '{dir}/output.txt', GITHUB_STEP_SUMMARY: '{dir}/step-summary.md' },
    read: ['output.txt', 'step-summary.md']
  });

  test('--imageid --machineid --wait: exit 0, the outputs as JSON on stdout, the log on stderr', async () => {
    const result = await release;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(jsonOutputs(run)).toMatchObject({
      imageversionid: String(FIRST_VERSION),
      jobstatename: 'Complete',
      jobstateid: '5',
      jobprogress: '100',
      diffid: '5001',
      files_added: '1',
      files_modified: '3',
      files_removed: '1',
      skipped: 'false',
      updateid: '',
      dry_run: 'false'
    });
    expect(run.stderr).toContain('Creating a diff of image 77 against machine 48213\n');
    expect(run.stderr).toContain(`Waiting for image version ${FIRST_VERSION} (timeout 1h`);
    expect(run.stderr).toContain(
      `\nnotice: Image version ${FIRST_VERSION} (diff 5001): accepted; machines install it next (not waited for)\n`
    );
    expect(on(result, ROUTE_NAMES.imageDiffCreate)).toHaveLength(1);
    expect(on(result, ROUTE_NAMES.imageVersionCreate)).toHaveLength(1);
    expectPlainLog(run);
    expectNoSecrets(run);
  });

  test("--summary FILE holds the action's summary; the runner's output and summary files are left alone", async () => {
    const { run } = await release;
    expect(run.summary).toMatch(/^<h2>Clanforge image version<\/h2>\n<p>✅ Image version 1001 accepted; machines install it next/);
    expect(run.summary).toContain('<h3>Stages</h3>');
    expect(run.files).toEqual({ 'output.txt': '', 'step-summary.md': '' });
  });
});

describe('a dry run', () => {
  const dryRun = cliScenario({
    emulator: AUTH,
    args: [...BASE, '--imageid', '77', '--machineid', '48213', '--dry-run', '--json', '--summary', '{summary}'],
    env: KEYS
  });

  test('exit 0, only safe reads, the plan in the log and the summary', async () => {
    const result = await dryRun;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(jsonOutputs(run)).toMatchObject({ dry_run: 'true', imageversionid: '', diffid: '' });
    expect(result.requests.filter((r) => STATE_CHANGING.has(r.route ?? ''))).toEqual([]);
    expect(run.stderr).toContain('imagediff/create');
    expect(run.stderr).not.toContain('notice:');
    expect(run.summary).toMatch(/^<h2>Clanforge image version: dry run<\/h2>/);
    expectPlainLog(run);
    expectNoSecrets(run);
  });
});

describe('the build URL from CLANFORGE_UPDATE_URL', () => {
  const chain = cliScenario({
    emulator: { ...AUTH, time: { scale: TWO_SECOND_JOB } },
    args: [...BASE, '--imageid', '77', '--machineid', '48213', '--poll-interval', '1', '--json', '--summary', '{summary}', '--debug'],
    env: { ...KEYS, CLANFORGE_UPDATE_URL: BUILD_URL }
  });

  test('pulled first, and none of its credentials printed or written, even with --debug', async () => {
    const result = await chain;
    expect(result.run.code).toBe(0);
    expect(jsonOutputs(result.run)).toMatchObject({ updateid: '3001', imageversionid: String(FIRST_VERSION) });
    expect(on(result, ROUTE_NAMES.imageUpdateCreate)[0]?.query['url']).toBe(BUILD_URL);
    expect(result.run.stderr).toContain('debug: ');
    expectNoSecrets(result.run, [BUILD_URL, BUILD_ACCESS, BUILD_SECRET, encodeURIComponent(BUILD_SECRET)]);
  });
});

describe('ids', () => {
  const SEVERAL_GAMES = {
    ...AUTH,
    machineIds: [48213, 48214, 48215],
    images: [
      { ...EMULATOR_IMAGE, buildMachines: [48213] },
      { ...EMULATOR_IMAGE, imageid: 78, gameid: 502, name: 'Arena EU', buildMachines: [48214, 48215] },
      { ...EMULATOR_IMAGE, imageid: 79, gameid: 502 }
    ],
    diffs: { lockedBy: { 79: 218595 } }
  };
  const asJson = cliScenario({ emulator: SEVERAL_GAMES, args: ['ids', ...BASE, '--json'], env: KEYS });
  const asTable = cliScenario({ emulator: SEVERAL_GAMES, args: ['ids', ...BASE], env: KEYS });

  test('--json: the games, their images, the machines that have each installed and what locks it', async () => {
    const { run } = await asJson;
    expect(run.code).toBe(0);
    const machine = (id: number) => ({ machineid: id, name: `machine-${id}` });
    const free = { diffid: null, updateid: null };
    expect(JSON.parse(run.stdout)).toEqual({
      games: [
        { gameid: 501, name: 'Emulated Game', images: [{ imageid: 77, name: 'image 77', machines: [machine(48213)], lock: free }] },
        {
          gameid: 502,
          name: 'game 502',
          images: [
            { imageid: 78, name: 'Arena EU', machines: [machine(48214), machine(48215)], lock: free },
            {
              imageid: 79,
              name: 'image 79',
              machines: [machine(48213), machine(48214), machine(48215)],
              lock: { diffid: 218595, updateid: null }
            }
          ]
        }
      ]
    });
    expectNoSecrets(run);
  });

  test('image/options in the documented forms: neither parameter, then a pair per game, then a pair per image not yet read', async () => {
    const { requests } = await asJson;
    expect(requests.every((r) => r.route === ROUTE_NAMES.imageOptions && r.status === 200)).toBe(true);
    const pairs = requests.map((r) => [r.query['gameid'], r.query['imageid']]);
    expect(pairs).toEqual([
      [undefined, undefined],
      ['501', '77'],
      ['502', '78'],
      ['502', '79']
    ]);
  });

  test('a table, one row per image', async () => {
    const { run } = await asTable;
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^GAME +IMAGE +MACHINES WITH IT INSTALLED \(machineid\) +LOCKED BY$/);
    expect(rows[1]).toMatch(/^501 Emulated Game +77 image 77 +48213 machine-48213 +not locked$/);
    expect(rows[2]).toMatch(/^502 game 502 +78 Arena EU +48214 machine-48214, 48215 machine-48215 +not locked$/);
    expect(rows[3]).toMatch(/^502 game 502 +79 image 79 +48213 machine-48213, 48214 machine-48214, 48215 machine-48215 +diff 218595$/);
    // The columns line up.
    expect(new Set(rows.map((row) => row.indexOf(row.includes('GAME') ? 'IMAGE' : (row.split(/ {2,}/)[1] ?? '')))).size).toBe(1);
    expect(run.stderr).toBe('2 games, 3 images (4 reads of image/options)\n');
  });

  const withToken = cliScenario({
    emulator: { auth: { mode: 'bearer', token: TOKEN } },
    args: ['ids', '--accountserviceid', '12345', '--api-url', '{url}', '--gameid', '501'],
    env: { MULTIPLAY_TOKEN: TOKEN }
  });

  test('with MULTIPLAY_TOKEN and --gameid: v1 calls without the ASID the token scopes, that game only', async () => {
    const { run, requests } = await withToken;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^GAME .*\n501 Emulated Game +77 image 77 +48213 machine-48213 +not locked\n$/);
    expect(requests.every((r) => r.status === 200 && !('accountserviceid' in r.query))).toBe(true);
    expectNoSecrets(run, [TOKEN]);
  });

  const failedRead = cliScenario({
    emulator: { ...SEVERAL_GAMES, faults: { specs: [{ route: ROUTE_NAMES.imageOptions, request: 2, kind: 'respond', status: 503 }] } },
    args: ['ids', ...BASE],
    env: KEYS
  });

  test('a read that fails says which, and exits 1', async () => {
    const { run } = await failedRead;
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^error: Could not read image\/options with gameid 501 and imageid 77: image\/options request answered HTTP 503/m
    );
    expectNoSecrets(run);
  });

  const noCredentials = cliScenario({ emulator: AUTH, args: ['ids', ...BASE] });

  test('no credentials: exit 2, nothing sent, naming the variables', async () => {
    const { run, requests } = await noCredentials;
    expect(run.code).toBe(2);
    expect(requests).toEqual([]);
    expect(run.stderr).toMatch(
      /^error: Invalid input: no credentials: MULTIPLAY_TOKEN, CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY are all empty; set either MULTIPLAY_TOKEN/
    );
  });
});

describe('exit codes', () => {
  const failed = cliScenario({
    emulator: { ...AUTH, time: { scale: TWO_SECOND_JOB }, versions: { plan: { outcome: 'failed' } } },
    args: [...BASE, '--diffid', String(DIFF_ID), '--wait', '--poll-interval', '1', '--json'],
    env: KEYS
  });

  test('1: the version failed', async () => {
    const { run } = await failed;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: Image version ${FIRST_VERSION} failed after \\d+s \\(job Failed 40%\\):$`, 'm'));
    expect(jsonOutputs(run)).toMatchObject({ imageversionid: String(FIRST_VERSION), jobstateid: '6', jobfailed: '1' });
    expectNoSecrets(run);
  });

  const badFlag = cliScenario({ emulator: AUTH, args: [...BASE, '--diffid', String(DIFF_ID), '--wiat', '--json'], env: KEYS });
  const badValue = cliScenario({ emulator: AUTH, args: [...BASE, '--diffid', String(DIFF_ID), '--wait-timeout', '7h'], env: KEYS });
  const secretFlag = cliScenario({
    emulator: AUTH,
    args: [...BASE, '--diffid', String(DIFF_ID), '--secret-key', SECRET_KEY],
    env: { CLANFORGE_ACCESS_KEY: ACCESS_KEY }
  });
  const urlWithCredentials = cliScenario({
    emulator: AUTH,
    args: [...BASE, '--imageid', '77', '--machineid', '48213', '--update-url', BUILD_URL],
    env: KEYS
  });

  test('2: a bad flag; nothing sent, nothing on stdout', async () => {
    const { run, requests } = await badFlag;
    expect(run.code).toBe(2);
    expect(requests).toEqual([]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: Invalid argument: unknown flag --wiat (did you mean --wait?)\nRun clanforge-image-version --help for the flags.\n'
    );
  });

  test('2: a bad value, worded as the action words it, naming the flag; nothing sent', async () => {
    const { run, requests } = await badValue;
    expect(run.code).toBe(2);
    expect(requests).toEqual([]);
    expect(run.stderr).toMatch(
      /^error: Invalid input: --wait-timeout is '7h': expected seconds or a duration such as 90s, 30m, 2h, 1h30m; more than 0 and at most 6h$/m
    );
    expectNoSecrets(run);
  });

  test('2: a secret as a flag is refused, naming its variable, and never printed', async () => {
    const { run, requests } = await secretFlag;
    expect(run.code).toBe(2);
    expect(requests).toEqual([]);
    expect(run.stderr).toContain('--secret-key is refused: ');
    expect(run.stderr).toContain('set the environment variable CLANFORGE_SECRET_KEY instead');
    expectNoSecrets(run);
  });

  test('2: --update-url with credentials is refused, naming CLANFORGE_UPDATE_URL, and never printed', async () => {
    const { run, requests } = await urlWithCredentials;
    expect(run.code).toBe(2);
    expect(requests).toEqual([]);
    expect(run.stderr).toContain('set the environment variable CLANFORGE_UPDATE_URL instead');
    expectNoSecrets(run, [BUILD_URL, BUILD_ACCESS, BUILD_SECRET, encodeURIComponent(BUILD_SECRET)]);
  });

  const unknown = cliScenario({
    emulator: {
      ...AUTH,
      versions: { plan: { durationSeconds: 0 } },
      rollouts: { plan: { durationSeconds: 0 } },
      faults: { specs: [{ route: ROUTE_NAMES.imageVersionCreate, kind: 'lost' }] }
    },
    args: [...BASE, '--diffid', String(DIFF_ID), '--imageid', '77', '--wait-timeout', '3', '--json'],
    env: KEYS
  });

  test("3: the create's answer was lost and the safe reads after it cannot settle it; never repeated", async () => {
    const result = await unknown;
    expect(result.run.code).toBe(3);
    expect(on(result, ROUTE_NAMES.imageVersionCreate)).toHaveLength(1);
    expect(result.run.stderr).toContain('It may or may not have created an image version, so it was not repeated');
    expect(result.run.stderr).toContain('The safe reads after it did not settle it');
    expect(jsonOutputs(result.run)).toMatchObject({ imageversionid: '' });
    expectNoSecrets(result.run);
  });

  const sigterm = cliScenario({
    emulator: { ...AUTH, ...LONG_JOB },
    args: [...BASE, '--diffid', String(DIFF_ID), '--wait', '--json'],
    env: KEYS,
    during: async (_emulator, child) => {
      await waitForStderr(child, new RegExp(`^Waiting for image version ${FIRST_VERSION} `));
      const signalled = performance.now();
      child.kill('SIGTERM');
      return { signalled };
    }
  });

  test('130: SIGTERM during the wait ends it promptly, reporting the id and how to follow it', async () => {
    const { run, marks } = await sigterm;
    expect(run.killed).toBe(false);
    expect(run.code).toBe(130);
    expect(run.exitedAt - (marks['signalled'] ?? NaN)).toBeLessThan(2_000);
    expect(run.stderr).toMatch(
      new RegExp(`^error: Cancelled \\(SIGTERM\\) while waiting for image version ${FIRST_VERSION}; last state \\w+ \\d+%\\. `, 'm')
    );
    expect(run.stderr).toContain(`/cfp/v1/imageversion/${FIRST_VERSION}/status?accountserviceid=12345`);
    expect(jsonOutputs(run)).toMatchObject({ imageversionid: String(FIRST_VERSION) });
    expectNoSecrets(run);
  });

  const sigint = cliScenario({
    emulator: { ...AUTH, time: { scale: 1 } },
    args: [...BASE, '--imageid', '77', '--machineid', '48213'],
    env: KEYS,
    during: async (_emulator, child) => {
      await waitForStderr(child, /^Waiting for image diff 5001/);
      const signalled = performance.now();
      child.kill('SIGINT');
      return { signalled };
    }
  });

  test('130: Ctrl-C (SIGINT) before a version id was known says what goes on in Clanforge', async () => {
    const { run, marks } = await sigint;
    expect(run.code).toBe(130);
    expect(run.exitedAt - (marks['signalled'] ?? NaN)).toBeLessThan(2_000);
    expect(run.stderr).toMatch(
      /^error: Cancelled \(SIGINT\) before an image version id was known during image diff 5001 \(it goes on in Clanforge\)\./m
    );
  });
});

describe('--help', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> };
  const help = cliScenario({ args: ['--help'] });
  const idsHelp = cliScenario({ args: ['ids', '--help'] });

  test("lists every input as a flag with action.yml's description; the secrets only as variables", async () => {
    const { run } = await help;
    expect(run.code).toBe(0);
    const entries = helpEntries(run.stdout);
    for (const [name, input] of Object.entries(action.inputs)) {
      const flag = `--${name.replaceAll('_', '-')}`;
      if (['token', 'access_key', 'secret_key', 'github_token'].includes(name)) expect(entries.has(flag)).toBe(false);
      else expect(entries.get(flag)?.description).toBe(input.description.trim());
    }
    for (const variable of ['MULTIPLAY_TOKEN', 'CLANFORGE_ACCESS_KEY', 'CLANFORGE_SECRET_KEY', 'CLANFORGE_UPDATE_URL']) {
      expect(run.stdout).toContain(variable);
    }
  });

  test('ids --help', async () => {
    const { run } = await idsHelp;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: clanforge-image-version ids \[flags\]\n/);
  });
});

describe('dist/cli.js on an older Node', () => {
  // Node 24 made to say it is 20, before dist/cli.js runs.
  const older = cliScenario({
    args: ['--help'],
    nodeArgs: ['--import', 'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.11.1"}})']
  });

  test('exits 2 before loading the command, saying how to get Node 24', async () => {
    const { run } = await older;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^clanforge-image-version needs Node.js 24 or later; this is Node.js 20\.11\.1\.\n/);
    expect(run.stderr).toContain('npx --yes node@24 ');
    expect(run.stderr).toContain('npm ci && npx node dist/cli.js');
  });
});
