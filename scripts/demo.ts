/**
 * Shows the action at work without Clanforge or GitHub: starts the emulator in this
 * process, runs the committed bundle (dist/index.js) as the Actions runner would, and
 * prints what a user would see on GitHub: the step log, the step outputs and the job
 * summary.
 *
 *   npm run demo                   the README's Usage step: the build pulled from a URL, diffed,
 *                                  made into a version, and its job waited for
 *   npm run demo -- --diff         a diff made elsewhere (diffid) made into a version
 *   npm run demo -- --fail         a job that fails (multi-line joberror)
 *   npm run demo -- --squash       a job superseded by a newer one
 *   npm run demo -- --timeout      wait_timeout runs out while the job goes on
 *   npm run demo -- --flaky        a status poll fails once and is retried
 *   npm run demo -- --rollout      wait_for: rollout: after the job, until no machine is pending
 *   npm run demo -- --debug        also show the step's debug lines
 *   npm run demo -- --token        any of the above in the successor's dialect: a Bearer token, no keys
 *
 * Exits 0 when the step ended as the scenario intends (a failing scenario included),
 * 1 when it did not.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs, stripVTControlCharacters, styleText } from 'node:util';
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_ASID,
  EMULATOR_IMAGE_ID,
  EMULATOR_SECRET_KEY,
  ROUTE_NAMES,
  startEmulator,
  type EmulatorOptions
} from '../emulator/index.ts';
import { buildUrlMasks, findLeaks } from '../__tests__/e2e/helpers/leaks.ts';
import { ACTION_ENTRY as ENTRY, commandData, startAction } from '../__tests__/e2e/helpers/run-action.ts';

/** An install as long as a typical real one (10 minutes), played faster. */
const INSTALL_SECONDS = 600;

const USAGE = `Usage: npm run demo [-- --fail | --squash | --timeout | --flaky | --diff | --rollout] [--token] [--debug] [--job-seconds N]

  (default)        the README's Usage step: the build is pulled from a signed URL
                   (masked), diffed, made into an image version, and its job completes
  --diff           a diff made elsewhere (diffid) is made into a version; its job completes
  --fail           the job fails with a multi-line joberror; the step exits 1
  --squash         a newer job supersedes it; the step exits 1
  --timeout        wait_timeout (3s) runs out while the job goes on; the step exits 1
  --flaky          a status poll gets HTTP 503 once: a warning, a retry, then Complete
  --rollout        wait_for: rollout: after the job, wait until no machine is pending
                   (one machine fails, within max_failed_machines: 1)
  --token          the successor's dialect: the emulator in Bearer mode, the step given
                   token (and api_url as for api.multiplay.dev) instead of the keys
  --debug          show the step's debug lines (as with step debug logging on GitHub)
  --job-seconds N  real seconds the 10-minute install takes here (default 5)`;

const SCENARIO_FLAGS = ['fail', 'squash', 'timeout', 'flaky', 'diff', 'rollout'] as const;

/** A build machine id for the scenarios where the action makes the diff. */
const BUILD_MACHINE = 9001;
/** Shaped like a signed storage URL: the signature is a key, so the step masks the whole URL. */
const SIGNED_URL =
  'https://builds.storage.example.net/space-game/v1.4.2/server-linux.zip' +
  '?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=ci%40space-game.iam.example%2F20261201%2Fauto%2Fstorage%2Fgoog4_request' +
  '&X-Goog-Expires=3600&X-Goog-Signature=5f1c0e9ab27d84c3e6f90a1b2c3d4e5f';

interface Scenario {
  title: string;
  /** Emulator options besides the time scale. */
  emulator: EmulatorOptions;
  /** Laid over the demo's inputs; an empty value leaves the input out. */
  inputs: Record<string, string>;
  /** Inputs the step masks (besides the keys): the header shows them as ***. */
  secretInputs?: readonly string[];
  /** What the step's exit says, when it is what this scenario is about. */
  expect: 'success' | 'failure';
  why: string;
}

type ScenarioName = 'release' | (typeof SCENARIO_FLAGS)[number];

/** The scenarios about the version's job start from a diff made elsewhere: the step is quick to reach the job. */
const GIVEN_DIFF = { diffid: '4242', imageid: '', machineid: '', update_url: '' } as const;

function scenarios(jobSeconds: number): Record<ScenarioName, Scenario> {
  return {
    release: {
      title: "the README's Usage step: the build pulled from a signed URL, diffed, made into a version, its job waited for",
      // A 4-minute download and a 3-minute diff: long enough that each stage is seen running.
      // The diff finds the emulator's default changed paths.
      emulator: { updates: { plan: { durationSeconds: 240 } }, diffs: { plan: { durationSeconds: 180 } } },
      inputs: {},
      secretInputs: ['update_url'],
      expect: 'success',
      why: 'the build was pulled and diffed; Clanforge accepted the image version from the new diff, and the machines install it next (not waited for)'
    },
    diff: {
      title: 'a diff made elsewhere (diffid): the version is created and its job completes',
      emulator: {},
      inputs: GIVEN_DIFF,
      expect: 'success',
      why: 'Clanforge accepted the image version; the machines install it next (not waited for)'
    },
    fail: {
      title: 'the install job fails on some machines',
      emulator: { versions: { plan: { outcome: 'failed' } } },
      inputs: GIVEN_DIFF,
      expect: 'failure',
      why: 'the emulator was told to fail the job'
    },
    squash: {
      title: 'a newer job supersedes this one while it is queued',
      emulator: { versions: { plan: { outcome: 'squashed' } } },
      inputs: GIVEN_DIFF,
      expect: 'failure',
      why: 'the emulator was told to squash the job'
    },
    flaky: {
      title: 'a status poll gets HTTP 503 once (a proxy in the way), then the job completes',
      emulator: { faults: { specs: [{ route: ROUTE_NAMES.imageVersionStatus, request: 1, kind: 'respond', status: 503 }] } },
      inputs: GIVEN_DIFF,
      expect: 'success',
      why: 'the failed poll was retried; Clanforge accepted the image version, and the machines install it next (not waited for)'
    },
    timeout: {
      title: `wait_timeout (3s) runs out: the job takes an hour (${jobSeconds * 6} s here)`,
      emulator: { versions: { plan: { durationSeconds: INSTALL_SECONDS * 6 } } },
      inputs: { ...GIVEN_DIFF, wait_timeout: '3s' },
      expect: 'failure',
      why: 'the wait timed out while the job goes on'
    },
    rollout: {
      title: 'wait_for: rollout: after the job, until no machine is pending (1 may fail)',
      // Half as long as the install, so the whole run stays a few seconds.
      emulator: { rollouts: { plan: { durationSeconds: INSTALL_SECONDS / 2, failedMachines: 1 } } },
      inputs: { ...GIVEN_DIFF, imageid: String(EMULATOR_IMAGE_ID), wait_for: 'rollout', max_failed_machines: '1' },
      expect: 'success',
      why: 'the machines installed the image version and none is pending; 1 failed (allowed up to 1)'
    }
  };
}

// ── Terminal rendering ───────────────────────────────────────────────────────

type Style = Parameters<typeof styleText>[0];
/** Colours only on a terminal (styleText checks the stream and NO_COLOR). */
const paint = (style: Style, text: string): string => styleText(style, text);

function rule(title: string): string {
  const width = Math.min(process.stdout.columns ?? 80, 80);
  return paint('bold', `── ${title} ${'─'.repeat(Math.max(3, width - title.length - 4))}`);
}

/** The runner hides every registered secret, whatever prints it. */
class Masker {
  readonly #secrets: string[] = [];
  add(secret: string): void {
    if (secret === '' || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    this.#secrets.sort((a, b) => b.length - a.length);
  }
  apply(text: string): string {
    return this.#secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
  }
}

/** Turns the step's stdout into what the GitHub log view shows, one line at a time. */
class LogView {
  readonly #masker: Masker;
  readonly #debug: boolean;
  #inGroup = false;

  constructor(masker: Masker, debug: boolean) {
    this.#masker = masker;
    this.#debug = debug;
  }

  #print(text: string, label?: string): void {
    const gutter = this.#inGroup ? `${paint('gray', '│')} ` : '';
    const lines = this.#masker.apply(text).split(/\r?\n/);
    const pad = label === undefined ? '' : ' '.repeat(stripVTControlCharacters(label).length + 1);
    lines.forEach((line, i) => {
      const lead = label === undefined ? '' : i === 0 ? `${label} ` : pad;
      console.log(`  ${gutter}${lead}${line}`);
    });
  }

  line(raw: string): void {
    const command = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    if (command === null) {
      this.#print(raw);
      return;
    }
    const [, name, , rawData] = command;
    const data = commandData(rawData ?? '');
    switch (name) {
      case 'add-mask':
        this.#masker.add(data);
        return;
      case 'group':
        this.#inGroup = true;
        console.log(`  ${paint('bold', `▾ ${this.#masker.apply(data)}`)}`);
        return;
      case 'endgroup':
        this.#inGroup = false;
        return;
      case 'warning':
        this.#print(data, paint(['yellow', 'bold'], 'Warning:'));
        return;
      case 'error':
        this.#print(data, paint(['red', 'bold'], 'Error:'));
        return;
      case 'notice':
        this.#print(data, paint(['cyan', 'bold'], 'Notice:'));
        return;
      case 'debug':
        if (this.#debug) this.#print(paint('gray', data), paint('gray', 'Debug:'));
        return;
      default:
        this.#print(raw);
    }
  }
}

function printOutputs(outputs: Map<string, string>, masker: Masker): void {
  if (outputs.size === 0) {
    console.log(`  ${paint('gray', '(none: no image version was created)')}`);
    return;
  }
  const width = Math.max(...[...outputs.keys()].map((name) => name.length));
  for (const [name, value] of outputs) {
    const [first, ...rest] = masker.apply(value).split('\n');
    console.log(`  ${paint('cyan', name.padEnd(width))}  ${first === '' && rest.length === 0 ? paint('gray', '(empty)') : first}`);
    for (const line of rest) console.log(`  ${' '.repeat(width)}  ${line}`);
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Inline HTML → text: links keep their target, line breaks stay, other tags go. */
function inlineText(html: string): string {
  return decodeEntities(
    html
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => `${label}: ${href}`)
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr)>/gi, '\n')
      .replace(/<li[^>]*>/gi, '• ')
      .replace(/<[^>]*>/g, '')
  );
}

interface Cell {
  header: boolean;
  /** <b> or <strong> inside: the fleet totals of the rollout table. */
  bold: boolean;
  lines: string[];
}

/** Counts, ids and percentages, or the dash of a missing value. */
const NUMERIC = /^(\d[\d.,]*%?|–|-)?$/;

function renderTable(html: string): string[] {
  const rows: Cell[][] = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((cell) => ({
      header: cell[1]?.toLowerCase() === 'h',
      bold: /<(b|strong)\b/i.test(cell[2] ?? ''),
      lines: inlineText(cell[2] ?? '').split('\n')
    }))
  );
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map((row) => Math.max(0, ...(row[c]?.lines ?? []).map((line) => line.length))))
  );
  // Columns of numbers line up on the right, as the machine counts of the rollout table.
  const right = Array.from({ length: columns }, (_, c) => {
    const cells = rows.flatMap((row) => (row[c] && !row[c].header ? [row[c]] : []));
    return cells.some((cell) => /\d/.test(cell.lines.join(''))) && cells.every((cell) => cell.lines.every((line) => NUMERIC.test(line)));
  });
  const out: string[] = [];
  for (const row of rows) {
    const header = row.length > 0 && row.every((cell) => cell.header);
    const height = Math.max(1, ...row.map((cell) => cell.lines.length));
    for (let l = 0; l < height; l++) {
      const cells = row.map((cell, c) => {
        const line = cell.lines[l] ?? '';
        // Padded outside the colour codes, which have no width; a left-aligned last column not at all.
        const shown = cell.bold && !header ? paint('bold', line) : line;
        const pad = ' '.repeat((widths[c] ?? 0) - line.length);
        return right[c] ? pad + shown : c === row.length - 1 ? shown : shown + pad;
      });
      const text = cells.join('  ');
      out.push(header ? paint('bold', text) : text);
    }
    if (header) out.push(paint('gray', widths.map((w) => '─'.repeat(w)).join('  ')));
  }
  return out;
}

/**
 * The job summary (markdown with HTML from @actions/core) as terminal text: headings,
 * tables and <pre> blocks stand apart by one blank line, as GitHub spaces them.
 */
function renderSummary(markdown: string): string[] {
  const out: string[] = [];
  const gap = (): void => {
    if (out.length > 0 && out.at(-1) !== '') out.push('');
  };
  const text = (chunk: string): void => {
    for (const line of inlineText(chunk).split('\n')) if (line.trim() !== '') out.push(line.trim());
  };
  const blocks = /<table[^>]*>[\s\S]*?<\/table>|<pre[^>]*>[\s\S]*?<\/pre>|<h([1-6])[^>]*>[\s\S]*?<\/h\1>/gi;
  let last = 0;
  for (const match of markdown.matchAll(blocks)) {
    text(markdown.slice(last, match.index));
    last = match.index + match[0].length;
    const block = match[0];
    gap();
    if (/^<table/i.test(block)) {
      out.push(...renderTable(block));
    } else if (/^<pre/i.test(block)) {
      const body = decodeEntities(block.replace(/^<pre[^>]*>\n?|\n?<\/pre>$/gi, ''));
      out.push(...body.split('\n').map((line) => paint('gray', '│ ') + line));
    } else {
      // Level 1 and 2 underlined, deeper levels (the summary's sections) bold only.
      out.push(paint(Number(match[1]) <= 2 ? ['bold', 'underline'] : 'bold', inlineText(block).trim()));
    }
    gap();
  }
  text(markdown.slice(last));
  while (out.at(-1) === '') out.pop();
  return out;
}

// ── The run ──────────────────────────────────────────────────────────────────

interface Options {
  scenario: ScenarioName;
  debug: boolean;
  token: boolean;
  jobSeconds: number;
}

/** The token of --token: distinctive, so the leak check finds it anywhere. */
const DEMO_TOKEN = 'demo-mp-token-5Jq8XwV2rN7c';

function readOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      fail: { type: 'boolean', default: false },
      squash: { type: 'boolean', default: false },
      timeout: { type: 'boolean', default: false },
      flaky: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      rollout: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      token: { type: 'boolean', default: false },
      'job-seconds': { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  });
  if (values.help) return undefined;
  const picked = SCENARIO_FLAGS.filter((name) => values[name]);
  if (picked.length > 1) {
    throw new Error(`choose one of ${SCENARIO_FLAGS.map((p) => `--${p}`).join(', ')} (got ${picked.map((p) => `--${p}`).join(', ')})`);
  }
  const jobSeconds = Number(values['job-seconds']);
  if (!Number.isFinite(jobSeconds) || jobSeconds < 1 || jobSeconds > 600) throw new Error('--job-seconds must be a number from 1 to 600');
  return { scenario: picked[0] ?? 'release', debug: values.debug, token: values.token, jobSeconds };
}

async function main(): Promise<number> {
  let options: Options | undefined;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === undefined) {
    console.log(USAGE);
    return 0;
  }
  if (!existsSync(ENTRY)) {
    console.error(`${ENTRY} is missing: build it with npm run package.`);
    return 1;
  }
  const scenario = scenarios(options.jobSeconds)[options.scenario];
  const timeScale = INSTALL_SECONDS / options.jobSeconds;
  const bearer = options.token ? { auth: { mode: 'bearer' as const, token: DEMO_TOKEN } } : {};
  const emulator = await startEmulator({ ...scenario.emulator, ...bearer, time: { scale: timeScale } });
  try {
    const inputs: Record<string, string> = Object.fromEntries(
      Object.entries({
        // With a token the ASID is left out, except for a rollout wait (its v2 path names it).
        ...(options.token
          ? { token: DEMO_TOKEN, accountserviceid: options.scenario === 'rollout' ? String(EMULATOR_ASID) : '' }
          : { access_key: EMULATOR_ACCESS_KEY, secret_key: EMULATOR_SECRET_KEY, accountserviceid: String(EMULATOR_ASID) }),
        // The README's Usage step (examples/release.yml), with the emulator's image.
        imageid: String(EMULATOR_IMAGE_ID),
        machineid: String(BUILD_MACHINE),
        update_url: SIGNED_URL,
        game_build: 'v1.4.2',
        wait: 'true',
        wait_timeout: '45m',
        // 1 s rather than the default 10 s, so a job this short shows its progress.
        poll_interval: '1',
        api_url: emulator.url,
        ...scenario.inputs
      }).filter(([, value]) => value !== '')
    );
    const secretInputs = new Set(['token', 'access_key', 'secret_key', ...(scenario.secretInputs ?? [])]);

    console.log(paint('bold', 'Clanforge image version: demo'));
    console.log(`  Emulator  ${emulator.url} (in this process; a ${INSTALL_SECONDS / 60}-minute install plays in ${options.jobSeconds} s)`);
    if (options.token)
      console.log(`  Token     ${DEMO_TOKEN}: sent as Authorization: Bearer (the successor's dialect), masked (***) like a secret`);
    else console.log(`  Keys      ${EMULATOR_ACCESS_KEY} / ${EMULATOR_SECRET_KEY}: the emulator's test keys, masked (***) like secrets`);
    console.log(`  Scenario  ${scenario.title}`);
    console.log(`  Step      node dist/index.js, as the runner starts it, with:`);
    const width = Math.max(...Object.keys(inputs).map((name) => name.length));
    for (const [name, value] of Object.entries(inputs)) {
      console.log(`              ${`${name}:`.padEnd(width + 1)} ${secretInputs.has(name) ? '***' : value}`);
    }
    console.log();

    console.log(rule('Step log'));
    const masker = new Masker();
    const view = new LogView(masker, options.debug);
    // The runner's environment for the step, as the end-to-end tests build it: every
    // input of action.yml (given or its default), the run identity, the file commands.
    const step = startAction({
      inputs,
      env: {
        GITHUB_REF: 'refs/tags/v1.4.2',
        // The default update_desc is made of it and the short commit.
        GITHUB_REF_NAME: 'v1.4.2',
        GITHUB_SHA: '9b2e61f0c3a54d7e8f1a2b3c4d5e6f708192a3b4',
        GITHUB_REPOSITORY: 'your-org/space-game',
        GITHUB_RUN_ID: '1234567890',
        GITHUB_SERVER_URL: 'https://github.com',
        ...(options.debug ? { RUNNER_DEBUG: '1' } : {})
      },
      killAfterMs: (options.jobSeconds * 6 + 60) * 1000
    });
    const child = await step.child;
    // Ctrl-C reaches the step too (same process group), as a cancelled workflow would.
    const onInterrupt = (): void => {
      child.kill('SIGINT');
    };
    process.on('SIGINT', onInterrupt);
    const shown = (input: NodeJS.ReadableStream | null): Promise<void> =>
      new Promise((resolve) => {
        if (input === null) return resolve();
        createInterface({ input })
          .on('line', (line) => view.line(line))
          .on('close', resolve);
      });
    const [run] = await Promise.all([step.result, shown(child.stdout), shown(child.stderr)]);
    process.off('SIGINT', onInterrupt);
    console.log();

    console.log(rule('Step outputs'));
    printOutputs(new Map(Object.entries(run.outputs)), masker);
    console.log();

    console.log(rule('Job summary'));
    for (const line of renderSummary(masker.apply(run.summary))) console.log(line === '' ? '' : `  ${line}`);
    console.log();

    console.log(rule('Result'));
    // The check the end-to-end tests make: keys and URL credentials only on mask lines.
    const secretUrls = (scenario.secretInputs ?? []).map((name) => inputs[name] ?? '').filter((url) => url !== '');
    const leaks = findLeaks(run, {
      keys: options.token
        ? [DEMO_TOKEN]
        : [EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, Buffer.from(`${EMULATOR_ACCESS_KEY}:${EMULATOR_SECRET_KEY}`).toString('base64')],
      extraMask: (mask) => secretUrls.some((url) => buildUrlMasks(url)(mask))
    });
    if (leaks.length > 0) {
      console.log(`  ${paint('red', '✘')} The step did not keep its secrets:`);
      for (const leak of leaks) console.log(`    ${leak}`);
      return 1;
    }
    const ended = run.killed
      ? 'was killed for taking too long'
      : run.code === null
        ? `was ended by ${run.signal}`
        : `exited with code ${run.code}`;
    if (scenario.expect === 'success' && run.code === 0) {
      console.log(`  ${paint('green', '✔')} The step ${ended}: ${scenario.why}.`);
      return 0;
    }
    if (scenario.expect === 'failure' && run.code !== 0 && run.code !== null) {
      console.log(`  ${paint('green', '✔')} The step ${ended}: the step failed as expected (${scenario.why}).`);
      console.log('    The demo itself succeeded.');
      return 0;
    }
    console.log(`  ${paint('red', '✘')} The step ${ended}, which this scenario did not expect.`);
    return 1;
  } finally {
    await emulator.close();
  }
}

process.exitCode = await main();
