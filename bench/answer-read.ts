// Reading a large answer: the streaming reader (src/clanforge/wire/streaming-json.ts)
// against JSON.parse of the whole text, on an image-diff status answer of 6 files and of
// 100 000. Each read runs in a child process of its own, from a file in 64 KiB chunks,
// so its peak RSS is that of the read alone and its time that of a first, cold read.
// `node bench/answer-read.ts --child …` is that child.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import type { BenchPart } from './part.ts';

const CHUNK_BYTES = 64 * 1024;
const RUNS = 3;
const FILE_COUNTS = [6, 100_000] as const;
const MODES = ['stream', 'parse'] as const;
type Mode = (typeof MODES)[number];
/** Targets for the 100 000-file answer: throughput, and the heap the read holds half-way (what is kept plus one member, not the answer). */
const TARGET_MB_PER_S = 50;
const TARGET_LIVE_HEAP_BYTES = 1e6;

const DIRS = [
  'Server/Binaries/Linux',
  'Server/Content/Paks',
  'Server/Content/Maps/Region_07/Tiles',
  'Server/Content/Characters/Heroes/Materials',
  'Server/Engine/Plugins/Runtime/Online/Content',
  'Server/Content/Audio/Ambience/Forest'
];

/**
 * An image-diff status answer with diff_info, as the API writes it: the job fields, then
 * `added`, `modified` and `removed` maps of path → { size, md5 } (60 % modified, 30 %
 * added, 10 % removed).
 */
export function diffStatusAnswer(files: number): string {
  const maps: Record<'added' | 'modified' | 'removed', Record<string, { size: number; md5: string }>> = {
    added: {},
    modified: {},
    removed: {}
  };
  for (let k = 0; k < files; k++) {
    const digest = createHash('md5').update(String(k)).digest();
    const dir = DIRS[k % DIRS.length] ?? '';
    const file = `${dir}/Part_${(k % 89).toString().padStart(2, '0')}/asset_${k}_${digest.toString('hex', 0, 4)}.uasset`;
    const kind = k % 10 < 6 ? 'modified' : k % 10 < 9 ? 'added' : 'removed';
    maps[kind][file] = { size: 512 + (digest.readUInt32BE(4) % 64_000_000), md5: digest.toString('hex') };
  }
  return JSON.stringify({
    success: true,
    diffid: 4242,
    jobstateid: 5,
    jobstatename: 'Complete',
    jobprogress: 100,
    jobfailed: 0,
    jobcreated: 1767225600,
    jobupdated: 1767226200,
    jobeta: 1767226200,
    jobstart: '1767225660',
    imageid: 77,
    machineid: 31337,
    ...maps
  });
}

interface ChildResult {
  ms: number;
  /** CPU time of the main thread during the read (user + system): the reader's own work, without V8's background compiling and GC threads. */
  cpuMs: number;
  maxRssBytes: number;
  /** `live` runs: the heap in use after a full GC half-way through the members (stream) or after the parse (parse), minus before the read. */
  liveHeapBytes: number | undefined;
  members: number;
}

/**
 * The child: reads the file once, as `mode` says, and prints a ChildResult. With `live`
 * (and --expose-gc) it also collects garbage half-way through the members to see what
 * the read holds; the timed runs do not.
 */
async function child(mode: Mode, file: string, live: boolean, files: number): Promise<void> {
  const gc = live ? globalThis.gc : undefined;
  if (live && gc === undefined) throw new Error('a live run needs --expose-gc');
  const heapUsed = (): number => getHeapStatistics().used_heap_size;
  // The client loads the reader lazily; so does this, before the clock starts.
  const { readJsonAnswer } = await import('../src/clanforge/wire/streaming-json.ts');
  gc?.();
  const before = heapUsed();
  let liveHeapBytes: number | undefined;
  let members = 0;
  const cpuBefore = process.threadCpuUsage();
  const started = performance.now();
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
  if (mode === 'stream') {
    const count = (): void => {
      if (++members === files >> 1 && gc !== undefined) {
        gc();
        liveHeapBytes = heapUsed() - before;
      }
    };
    const answer = await readJsonAnswer(source, { maxBytes: 64 << 20, members: { added: count, modified: count, removed: count } });
    if (answer.body?.['success'] !== true) throw new Error('the answer was not read');
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, Record<string, unknown>>;
    if (gc !== undefined) {
      gc();
      liveHeapBytes = heapUsed() - before;
    }
    for (const field of ['added', 'modified', 'removed']) members += Object.keys(body[field] ?? {}).length;
  }
  const ms = performance.now() - started;
  const cpu = process.threadCpuUsage(cpuBefore);
  const result: ChildResult = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    liveHeapBytes,
    members
  };
  process.stdout.write(JSON.stringify(result));
}

const execFileAsync = promisify(execFile);

async function runChild(mode: Mode, file: string, files: number, live: boolean): Promise<ChildResult> {
  const args = [...(live ? ['--expose-gc'] : []), import.meta.filename, '--child', mode, file, String(files), live ? 'live' : 'timed'];
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout) as ChildResult;
  if (result.members !== files) throw new Error(`${mode}: ${result.members} members read, ${files} written`);
  return result;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

const size = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);

interface Row {
  files: number;
  bytes: number;
  mode: Mode;
  ms: number;
  cpuMs: number;
  rss: number;
  liveHeap: number;
}

async function run(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clanforge-answer-read-'));
  const rows: Row[] = [];
  try {
    for (const files of FILE_COUNTS) {
      const file = path.join(dir, `diff-${files}.json`);
      const text = diffStatusAnswer(files);
      writeFileSync(file, text);
      const bytes = Buffer.byteLength(text);
      const timed: Record<Mode, ChildResult[]> = { stream: [], parse: [] };
      // Interleaved, so both readers see the same machine.
      for (let r = 0; r < RUNS; r++) for (const mode of MODES) timed[mode].push(await runChild(mode, file, files, false));
      for (const mode of MODES) {
        const live = await runChild(mode, file, files, true);
        rows.push({
          files,
          bytes,
          mode,
          ms: median(timed[mode].map((x) => x.ms)),
          cpuMs: median(timed[mode].map((x) => x.cpuMs)),
          rss: median(timed[mode].map((x) => x.maxRssBytes)),
          liveHeap: live.liveHeapBytes ?? Number.NaN
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const label: Record<Mode, string> = { stream: '`readJsonAnswer`, members to sinks', parse: '`JSON.parse` of the whole text' };
  const lines = [
    `An image-diff status answer (job fields, then \`added\`/\`modified\`/\`removed\` maps of path → { size, md5 }), read from a file ` +
      `in ${CHUNK_BYTES / 1024} KiB chunks by a fresh child process (a cold read; times and peak RSS: median of ${RUNS}). ` +
      "The sinks only count the members. CPU: the child's main-thread user + system time during the read, which other load on the " +
      `machine disturbs less than the wall time (load average at the start: ${loadavg()[0]?.toFixed(1)}). Live heap: in use after ` +
      'a full GC half-way through the members (JSON.parse: after the parse), minus before the read, in one more run.',
    '',
    '| files | answer | reader | wall (ms) | CPU (ms) | MB/s (CPU) | peak RSS (MB) | live heap (MB) |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.files.toLocaleString('en-US')} | ${size(row.bytes)} | ${label[row.mode]} | ${row.ms.toFixed(1)} | ${row.cpuMs.toFixed(1)} | ` +
        `${row.bytes >= 1e6 ? (row.bytes / 1e6 / (row.cpuMs / 1000)).toFixed(0) : '–'} | ${(row.rss / 1e6).toFixed(1)} | ` +
        `${(row.liveHeap / 1e6).toFixed(2)} |`
    ),
    ''
  ];
  const find = (files: number, mode: Mode): Row | undefined => rows.find((row) => row.files === files && row.mode === mode);
  const large = find(FILE_COUNTS[1], 'stream');
  const small = find(FILE_COUNTS[0], 'stream');
  if (large !== undefined && small !== undefined) {
    const rate = large.bytes / 1e6 / (large.cpuMs / 1000);
    const wallRate = large.bytes / 1e6 / (large.ms / 1000);
    const share = large.liveHeap / large.bytes;
    const speedOk = rate >= TARGET_MB_PER_S;
    const heapOk = large.liveHeap <= TARGET_LIVE_HEAP_BYTES;
    lines.push(
      `**Verdict: ${speedOk && heapOk ? 'PASS' : 'FAIL'}** (${large.files.toLocaleString('en-US')} files, ${size(large.bytes)})`,
      `- ${speedOk ? 'PASS' : 'FAIL'} throughput ${rate.toFixed(0)} MB/s of CPU time (target >= ${TARGET_MB_PER_S} MB/s; wall time: ${wallRate.toFixed(0)} MB/s)`,
      `- ${heapOk ? 'PASS' : 'FAIL'} live heap mid-read ${(large.liveHeap / 1e6).toFixed(2)} MB, ${(share * 100).toFixed(1)} % of the answer ` +
        `(target <= ${TARGET_LIVE_HEAP_BYTES / 1e6} MB); peak RSS ${((large.rss - small.rss) / 1e6).toFixed(1)} MB above the ${small.files}-file read`
    );
  }
  return lines.join('\n');
}

export const answerRead: BenchPart = { title: 'Reading a large answer (streaming JSON)', run };

if (import.meta.main && process.argv[2] === '--child') {
  const [mode, file, files, how] = process.argv.slice(3);
  if ((mode !== 'stream' && mode !== 'parse') || file === undefined || files === undefined) {
    throw new Error('usage: answer-read.ts --child <stream|parse> <file> <files> <timed|live>');
  }
  await child(mode, file, how === 'live', Number(files));
}
