/**
 * Renders the job summary the way a run page shows it, to look at before changing it:
 * runs the committed bundle (dist/index.js) against the emulator for a few cases,
 * renders each GITHUB_STEP_SUMMARY as GitHub-flavoured Markdown (raw HTML allowed, as
 * GitHub's is) inside GitHub's own stylesheet, and screenshots it with headless Chromium.
 *
 *   npm run summary-preview                  every case
 *   npm run summary-preview -- chain rollout only these cases
 *
 * Writes .summary-preview/<case>.md (the summary as written), <case>.html and, when
 * Chromium is installed (/usr/bin/chromium, or CHROMIUM=path), <case>.png; plus an
 * index.html showing them all. Exits 1 when a case's step did not end as the case
 * intends, or its summary or an annotation contains a key or the signed URL.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Marked } from 'marked';
import { EMULATOR_IMAGE_ID, EMULATOR_ASID, startEmulator, type EmulatorOptions } from '../emulator/index.ts';
import { ROOT, commandData, runAction, type ActionRun } from '../__tests__/e2e/helpers/run-action.ts';

export const OUT_DIR = join(ROOT, '.summary-preview');
/** A run page's summary column is about this wide on a laptop screen. */
const WIDTH = 1000;
/** Emulated seconds per real second: the default 10-minute install takes 2 s here. */
const TIME_SCALE = 300;

const ACCESS_KEY = 'previewAK-3kP9sQ2w';
const SECRET_KEY = 'previewSK-Vb7nX1cR5tZ8';
const BUILD_MACHINE = 9001;
/** Shaped like a signed storage URL: the step masks it whole, so it must not reach the summary. */
const SIGNATURE = '5f1c0e9ab27d84c3e6f90a1b2c3d4e5f';
const SIGNED_URL =
  'https://builds.storage.example.net/space-game/v2.7.0/server-linux.zip' +
  `?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=3600&X-Goog-Signature=${SIGNATURE}`;
const SECRETS = [ACCESS_KEY, SECRET_KEY, Buffer.from(`${ACCESS_KEY}:${SECRET_KEY}`).toString('base64'), SIGNED_URL, SIGNATURE];

export interface PreviewCase {
  name: string;
  title: string;
  emulator: EmulatorOptions;
  /** Laid over the common inputs; an empty value leaves the input at its default. */
  inputs: Record<string, string>;
  /** The step's exit code this case is about. */
  exitCode: number;
}

export const CASES: readonly PreviewCase[] = [
  {
    name: 'success',
    title: 'wait_for: job, the image version job completes',
    emulator: {},
    inputs: { wait: 'true' },
    exitCode: 0
  },
  {
    name: 'failed',
    title: 'wait_for: job, the image version job fails',
    emulator: { versions: { plan: { outcome: 'failed' } } },
    inputs: { wait: 'true' },
    exitCode: 1
  },
  {
    name: 'chain',
    title: 'imageid + machineid + update_url: image update, diff, then the version',
    emulator: {},
    inputs: { diffid: '', imageid: String(EMULATOR_IMAGE_ID), machineid: String(BUILD_MACHINE), update_url: SIGNED_URL, wait: 'true' },
    exitCode: 0
  },
  {
    name: 'rollout',
    title: 'wait_for: rollout, one machine fails (max_failed_machines: 1)',
    emulator: { rollouts: { plan: { durationSeconds: 300, failedMachines: 1 } } },
    inputs: { imageid: String(EMULATOR_IMAGE_ID), wait_for: 'rollout', max_failed_machines: '1' },
    exitCode: 0
  },
  {
    name: 'dry-run',
    title: 'dry_run: true on the one-step release: the reads, and the requests a real run would send',
    emulator: {},
    inputs: { diffid: '', imageid: String(EMULATOR_IMAGE_ID), machineid: String(BUILD_MACHINE), update_url: SIGNED_URL, dry_run: 'true' },
    exitCode: 0
  },
  {
    name: 'big-diff',
    title: 'a first diff of a loose-file server: 100 000 files, the counts and the first 50 paths',
    emulator: { diffs: { plan: { files: 100_000 } } },
    inputs: { diffid: '', imageid: String(EMULATOR_IMAGE_ID), machineid: String(BUILD_MACHINE), wait: 'true' },
    exitCode: 0
  },
  {
    name: 'locked',
    title: 'the image is locked by an earlier diff (reject_locking_diff: false): what to do next',
    emulator: { diffs: { lockedBy: { [EMULATOR_IMAGE_ID]: 218595 } } },
    inputs: { diffid: '', imageid: String(EMULATOR_IMAGE_ID), machineid: String(BUILD_MACHINE) },
    exitCode: 1
  }
];

// ── Markdown → HTML ──────────────────────────────────────────────────────────

/** GitHub's light theme for rendered Markdown (github-markdown-css, class markdown-body). */
function githubCss(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
}

/** The summary's Markdown as GitHub renders it: GFM, raw HTML passed through. */
export function summaryBody(markdown: string): string {
  return new Marked({ gfm: true, breaks: false }).parse(markdown, { async: false });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Annotation {
  kind: 'error' | 'warning' | 'notice';
  message: string;
}

/** The step's annotations (`::error::`, `::warning::`, `::notice::` lines), which the run page lists above the summary. */
export function annotationsOf(lines: readonly string[]): Annotation[] {
  return lines.flatMap((line) => {
    const command = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    return command ? [{ kind: command[1] as Annotation['kind'], message: commandData(command[2] ?? '') }] : [];
  });
}

const ANNOTATION_ICON: Record<Annotation['kind'], string> = { error: '⛔', warning: '⚠️', notice: 'ℹ️' };

function annotationsCard(annotations: readonly Annotation[]): string {
  const count = (kind: Annotation['kind']): number => annotations.filter((a) => a.kind === kind).length;
  const counts = (['error', 'warning', 'notice'] as const)
    .map((kind) => `${count(kind)} ${kind}${count(kind) === 1 ? '' : 's'}`)
    .join(', ');
  const items = annotations
    .map((a) => `<li class="${a.kind}"><span>${ANNOTATION_ICON[a.kind]}</span> <pre>${escapeHtml(a.message)}</pre></li>`)
    .join('\n');
  return `<section class="card annotations">
<header>Annotations <span class="muted">${counts}</span></header>
${annotations.length > 0 ? `<ul>\n${items}\n</ul>` : '<p class="muted">none</p>'}
</section>`;
}

/**
 * A whole page: the step's annotations and the rendered summary, in boxes like the run
 * page's "Annotations" and "<job> summary" cards.
 */
export function summaryPage(markdown: string, caption: string, css: string = githubCss(), annotations: readonly Annotation[] = []): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(caption)}</title>
<style>
${css}
html, body { margin: 0; background: #f6f8fa; }
body { padding: 16px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.card { box-sizing: border-box; max-width: ${WIDTH - 32}px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.card > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-size: 14px; font-weight: 600; color: #1f2328; }
.card > .markdown-body { padding: 16px 24px 24px; }
.card + .card { margin-top: 16px; }
.muted { font-weight: 400; color: #59636e; }
.annotations ul { list-style: none; margin: 0; padding: 0; }
.annotations li { display: flex; gap: 8px; padding: 8px 16px; border-top: 1px solid #d1d9e0; font-size: 14px; }
.annotations li:first-child { border-top: 0; }
.annotations li pre { margin: 0; font: inherit; white-space: pre-wrap; color: #1f2328; }
.annotations p { margin: 0; padding: 8px 16px; font-size: 14px; }
</style>
</head>
<body>
${annotationsCard(annotations)}
<section class="card">
<header>release summary <span class="muted">(${escapeHtml(caption)})</span></header>
<article class="markdown-body">
${summaryBody(markdown)}
</article>
</section>
</body>
</html>
`;
}

// ── Screenshots ──────────────────────────────────────────────────────────────

function chromiumPath(): string | undefined {
  const path = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

/** One headless Chromium run with a profile of its own; resolves with its stdout. */
async function chromium(binary: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'summary-preview-chromium-'));
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = spawn(
        binary,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--hide-scrollbars',
          `--user-data-dir=${profile}`,
          ...args
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(guard);
        if (code === 0) resolve(stdout);
        else reject(new Error(`chromium exited with ${code}:\n${stderr.slice(-2000)}`));
      });
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * Screenshots a page at its full height: a first run measures it (a script in a copy of
 * the page writes the height into the DOM, which --dump-dom prints), the second captures.
 */
async function screenshot(binary: string, htmlFile: string, pngFile: string): Promise<number> {
  const probe = `${htmlFile}.probe.html`;
  const marker = 'summary-preview-height';
  await writeFile(
    probe,
    readFileSync(htmlFile, 'utf8').replace(
      '</body>',
      // The body's own extent: documentElement.scrollHeight is never less than the window.
      `<script>document.body.setAttribute('data-${marker}', String(Math.ceil(document.body.getBoundingClientRect().bottom)));</script></body>`
    )
  );
  let height = 800;
  try {
    const dom = await chromium(binary, [`--window-size=${WIDTH},200`, '--dump-dom', `file://${probe}`]);
    const measured = Number(new RegExp(`data-${marker}="(\\d+)"`).exec(dom)?.[1]);
    if (Number.isFinite(measured) && measured > 0) height = Math.min(measured, 8000);
  } finally {
    await rm(probe, { force: true });
  }
  await chromium(binary, [`--window-size=${WIDTH},${height}`, `--screenshot=${pngFile}`, `file://${htmlFile}`]);
  return height;
}

// ── The run ──────────────────────────────────────────────────────────────────

async function runCase(c: PreviewCase): Promise<ActionRun> {
  const emulator = await startEmulator({
    auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY },
    time: { scale: TIME_SCALE },
    ...c.emulator
  });
  try {
    const inputs = Object.fromEntries(
      Object.entries({
        access_key: ACCESS_KEY,
        secret_key: SECRET_KEY,
        accountserviceid: String(EMULATOR_ASID),
        diffid: '4242',
        game_build: 'v2.7.0',
        poll_interval: '1',
        api_url: emulator.url,
        ...c.inputs
      }).filter(([, value]) => value !== '')
    );
    return await runAction({ inputs, killAfterMs: 60_000 });
  } finally {
    await emulator.close();
  }
}

function indexPage(cases: readonly PreviewCase[], withPng: boolean): string {
  const items = cases
    .map((c) => {
      const view = withPng ? `<img src="${c.name}.png" alt="${c.name}" style="max-width:100%;border:1px solid #d1d9e0">` : '';
      return `<h2 id="${c.name}"><a href="${c.name}.html">${c.name}</a>: ${escapeHtml(c.title)}</h2>\n${view}`;
    })
    .join('\n');
  return `<!doctype html>\n<meta charset="utf-8">\n<title>Job summary preview</title>\n<body style="font-family:sans-serif;max-width:${WIDTH}px">\n${items}\n</body>\n`;
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !CASES.some((c) => c.name === name));
  if (unknown.length > 0) {
    console.error(`unknown case(s): ${unknown.join(' ')}\nusage: npm run summary-preview [-- ${CASES.map((c) => c.name).join(' ')}]`);
    return 2;
  }
  const cases = wanted.length > 0 ? CASES.filter((c) => wanted.includes(c.name)) : CASES;
  const browser = chromiumPath();
  await mkdir(OUT_DIR, { recursive: true });
  const css = githubCss();
  let ok = true;
  // One at a time: the cases are short, and parallel Chromiums would starve a small machine.
  for (const c of cases) {
    const run = await runCase(c);
    const problems: string[] = [];
    if (run.code !== c.exitCode) problems.push(`the step exited with ${String(run.code ?? run.signal)}, expected ${c.exitCode}`);
    if (run.summary.trim() === '') problems.push('the step wrote no summary');
    const raw = annotationsOf(run.lines);
    const leaked = SECRETS.filter((secret) => [run.summary, ...raw.map((a) => a.message)].some((text) => text.includes(secret)));
    if (leaked.length > 0) problems.push(`the summary or an annotation contains ${leaked.length} secret value(s)`);
    // A leaked secret is not written to disk.
    const mask = (text: string): string => SECRETS.reduce((acc, secret) => acc.split(secret).join('***'), text);
    const markdown = mask(run.summary);
    const annotations = raw.map((a) => ({ ...a, message: mask(a.message) }));
    const base = join(OUT_DIR, c.name);
    await writeFile(`${base}.md`, markdown);
    await writeFile(`${base}.html`, summaryPage(markdown, c.title, css, annotations));
    const written = [`${relative(ROOT, base)}.md`, `${c.name}.html`];
    if (browser) {
      const height = await screenshot(browser, `${base}.html`, `${base}.png`);
      written.push(`${c.name}.png (${WIDTH}×${height})`);
    }
    console.log(`${problems.length === 0 ? '✔' : '✘'} ${c.name}: ${c.title}\n    ${written.join(', ')}`);
    for (const problem of problems) console.log(`    ${problem}`);
    if (problems.length > 0) {
      ok = false;
      console.log(`    step log:\n${run.stdout.replace(/^/gm, '      ')}${run.stderr.replace(/^/gm, '      ')}`);
    }
  }
  await writeFile(
    join(OUT_DIR, 'index.html'),
    indexPage(
      CASES.filter((c) => existsSync(join(OUT_DIR, `${c.name}.html`))),
      browser !== undefined
    )
  );
  console.log(`\nAll cases: ${relative(ROOT, join(OUT_DIR, 'index.html'))}`);
  if (!browser) {
    console.log(
      `No Chromium at ${process.env['CHROMIUM'] ?? '/usr/bin/chromium'}: wrote HTML only. For screenshots install it ` +
        '(Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM to its path.'
    );
  }
  return ok ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main();
