/**
 * The sample logs in docs/ are what the action prints, not typed by hand: each sample
 * runs the committed bundle (dist/index.js) against the emulator, as the runner starts
 * it, and its log, as GitHub shows it with debug logging off, goes between the sample's
 * markers in its page:
 *
 *   <!-- sample:NAME:start -->
 *   ```text
 *   …
 *   ```
 *   <!-- sample:NAME:end -->
 *
 *   npm run docs:samples              rewrite the samples in docs/
 *   npm run docs:samples -- --check   exit 1 when a page differs from a fresh run
 *
 * __tests__/docs-snippets.test.ts runs every sample and fails when a page differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EMULATOR_ACCESS_KEY,
  EMULATOR_ASID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  EMULATOR_SECRET_KEY,
  EMULATOR_TOKEN,
  startEmulator,
  type EmulatorOptions
} from '../emulator/index.ts';
import { commandData, ROOT, startAction, stdoutLines } from '../__tests__/e2e/helpers/run-action.ts';
import { formatDoc } from './readme-tables.ts';

/** The build machine of the samples (the emulator takes any positive id). */
export const SAMPLE_MACHINE_ID = 9001;
/** A signed build URL like the one the README's upload step hands over; its signature is a secret. */
export const SAMPLE_BUILD_URL = 'https://builds.example.com/server-v2.7.0.zip?signature=abc123';

export interface Sample {
  /** The marker name. */
  name: string;
  /** The page, relative to the repository, whose markers it fills. */
  page: string;
  emulator: EmulatorOptions;
  /** The step's inputs (action.yml names); the API URL is the emulator's. */
  inputs: Record<string, string>;
  /** The step must end with this exit code, or the sample is not what its page says. */
  exitCode: 0 | 1;
}

const KEYS = {
  access_key: EMULATOR_ACCESS_KEY,
  secret_key: EMULATOR_SECRET_KEY,
  accountserviceid: String(EMULATOR_ASID)
};

/** The README's Usage step (examples/release.yml) with the emulator's ids. */
export const USAGE_INPUTS: Readonly<Record<string, string>> = {
  ...KEYS,
  imageid: String(EMULATOR_IMAGE_ID),
  machineid: String(SAMPLE_MACHINE_ID),
  update_url: SAMPLE_BUILD_URL,
  game_build: 'v2.7.0',
  wait: 'true',
  wait_timeout: '45m'
};

export const SAMPLES: readonly Sample[] = [
  {
    name: 'dry-run',
    page: 'docs/dry-run.md',
    emulator: {},
    inputs: { ...USAGE_INPUTS, dry_run: 'true' },
    exitCode: 0
  },
  {
    name: 'dry-run-token',
    page: 'docs/dry-run.md',
    emulator: { auth: { mode: 'bearer', token: EMULATOR_TOKEN } },
    inputs: {
      token: EMULATOR_TOKEN,
      imageid: String(EMULATOR_IMAGE_ID),
      machineid: String(SAMPLE_MACHINE_ID),
      update_url: SAMPLE_BUILD_URL,
      game_build: 'v2.7.0',
      wait: 'true',
      dry_run: 'true'
    },
    exitCode: 0
  },
  {
    name: 'dry-run-locked',
    page: 'docs/dry-run.md',
    emulator: { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 218595 } } },
    inputs: { ...USAGE_INPUTS, dry_run: 'true' },
    exitCode: 1
  },
  {
    name: 'dry-run-wrong-game',
    page: 'docs/dry-run.md',
    // Two games, the image in the first; input gameid names the second.
    emulator: { images: [EMULATOR_IMAGE, { ...EMULATOR_IMAGE, imageid: 78, gameid: 502 }] },
    inputs: { ...USAGE_INPUTS, gameid: '502', dry_run: 'true' },
    exitCode: 0
  },
  {
    name: 'update-url-not-encoded',
    page: 'docs/build-sources.md',
    emulator: {},
    inputs: {
      ...USAGE_INPUTS,
      // The AWS documentation's example secret key, with its '/' left as is.
      update_url: 's3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY@game-builds/server/v2.7.0/?region=eu-west-1'
    },
    exitCode: 1
  }
];

/** The runner's run identity in every sample: a tag push of v2.7.0. */
const SAMPLE_ENV = { GITHUB_REF: 'refs/tags/v2.7.0', GITHUB_REF_NAME: 'v2.7.0' };

/**
 * stdout as the GitHub log shows it with debug logging off: masks applied, debug and
 * mask lines hidden, a group's title shown as a line, annotations with their kind.
 */
export function visibleLog(stdout: string): string {
  const lines = stdoutLines(stdout);
  const secrets = lines
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => commandData(line.slice('::add-mask::'.length)))
    .filter((secret) => secret !== '')
    .sort((a, b) => b.length - a.length);
  const mask = (text: string): string => secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
  const shown: string[] = [];
  for (const line of lines) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (command === null) {
      shown.push(mask(line));
      continue;
    }
    const [, name, data = ''] = command;
    const text = mask(commandData(data));
    const label = { error: 'Error: ', warning: 'Warning: ', notice: 'Notice: ', group: '' }[name ?? ''];
    if (label !== undefined) shown.push(...`${label}${text}`.split(/\r?\n/));
  }
  return shown.join('\n');
}

/** Runs one sample: an emulator, the bundle with the sample's inputs, the visible log. */
export async function runSample(sample: Sample): Promise<string> {
  const emulator = await startEmulator(sample.emulator);
  try {
    const run = await startAction({ inputs: { ...sample.inputs, api_url: emulator.url }, env: SAMPLE_ENV }).result;
    if (run.code !== sample.exitCode) {
      throw new Error(`sample ${sample.name}: the step exited with ${run.code}, not ${sample.exitCode}:\n${run.stdout}${run.stderr}`);
    }
    const log = visibleLog(run.stdout);
    // A sample shows what a user sees against the real API: nothing of the emulator's.
    if (log.includes(emulator.url) || log.includes('127.0.0.1')) throw new Error(`sample ${sample.name}: the log names the emulator`);
    return log;
  } finally {
    await emulator.close();
  }
}

function markers(name: string): [string, string] {
  return [`<!-- sample:${name}:start -->`, `<!-- sample:${name}:end -->`];
}

/** The text between a sample's markers: the log as a text block. */
export function sampleBlock(log: string): string {
  return ['```text', log, '```'].join('\n');
}

/** The page with the sample's markers holding `log`; throws when they are missing or repeated. */
export function replaceSample(page: string, name: string, log: string): string {
  const [start, end] = markers(name);
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from === -1 || to < from) throw new Error(`markers ${start} … ${end} are missing or out of order`);
  if (page.indexOf(start, from + 1) !== -1) throw new Error(`markers ${start} appear more than once`);
  return `${page.slice(0, from + start.length)}\n${sampleBlock(log)}\n${page.slice(to)}`;
}

/** Every page with samples, as a fresh run of its samples makes it (formatted as docs/ is). */
export async function renderSamplePages(): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const sample of SAMPLES) {
    const path = join(ROOT, sample.page);
    const page = pages.get(path) ?? readFileSync(path, 'utf8');
    pages.set(path, replaceSample(page, sample.name, await runSample(sample)));
  }
  for (const [path, page] of pages) pages.set(path, await formatDoc(page, path));
  return pages;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const pages = await renderSamplePages();
  let stale = 0;
  for (const [path, page] of pages) {
    if (page === readFileSync(path, 'utf8')) continue;
    stale++;
    if (check) console.error(`${path}: a sample differs from a fresh run: npm run docs:samples`);
    else writeFileSync(path, page);
  }
  if (!check) console.log(stale === 0 ? 'The samples are up to date' : `Rewrote the samples in ${stale} page(s)`);
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
