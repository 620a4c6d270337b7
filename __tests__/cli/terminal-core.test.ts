// The command line's stand-in for the runner: plain lines on stderr, one live line on a
// terminal, outputs and the failure kept for the exit.
import { describe, expect, test } from '@jest/globals';
import { terminalCore, type LogStream } from '../../src/cli/terminal-core.ts';
import { SummaryFile } from '../../src/cli/summary-file.ts';
import { guardCore } from '../../src/runner/core.ts';

class Stream implements LogStream {
  text = '';
  readonly isTTY: boolean;
  readonly columns: number;
  constructor(isTTY: boolean, columns = 40) {
    this.isTTY = isTTY;
    this.columns = columns;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const CLEAR = '\r\x1b[2K';

function core(options: { tty?: boolean; debug?: boolean; columns?: number } = {}) {
  const stderr = new Stream(options.tty ?? false, options.columns);
  const inner = terminalCore({
    stderr,
    getInput: (name) => ({ imageid: ' 77 \n', update_desc: '  keep  ' })[name] ?? '',
    debug: options.debug ?? false,
    summary: new SummaryFile(undefined),
    live: options.tty ?? false
  });
  return { stderr, inner, core: guardCore(inner) };
}

describe('the log', () => {
  test('plain lines on stderr, annotations with their kind, never a workflow command', () => {
    const { stderr, core: c } = core();
    c.info('Creating an image version from diff 4242');
    c.notice('Image version 1001: created');
    c.warning('Could not read the job status\ntrying again');
    c.error('::error::not a command');
    c.startGroup('Waiting for image version 1001');
    c.endGroup();
    expect(stderr.text).toBe(
      [
        'Creating an image version from diff 4242',
        'notice: Image version 1001: created',
        'warning: Could not read the job status',
        '  trying again',
        'error: ::error::not a command',
        'Waiting for image version 1001',
        ''
      ].join('\n')
    );
    expect(stderr.text).not.toMatch(/^::/m);
  });

  test('debug lines only with --debug', () => {
    const quiet = core();
    quiet.core.debug('GET /cfp/v1/image/options → HTTP 200');
    expect(quiet.stderr.text).toBe('');
    expect(quiet.core.isDebug()).toBe(false);
    const loud = core({ debug: true });
    loud.core.debug('GET /cfp/v1/image/options → HTTP 200');
    expect(loud.stderr.text).toBe('debug: GET /cfp/v1/image/options → HTTP 200\n');
    expect(loud.core.isDebug()).toBe(true);
  });

  test('a secret registered with the guard is redacted everywhere, and nothing is printed for it', () => {
    const { stderr, inner, core: c } = core();
    c.setSecret('s3cr3t-value-01');
    c.info('key s3cr3t-value-01 echoed');
    c.setOutput('joberror', 'said s3cr3t-value-01');
    c.setFailed('failed with s3cr3t-value-01');
    expect(stderr.text).toBe('key *** echoed\nerror: failed with ***\n');
    expect(inner.outputs.get('joberror')).toBe('said ***');
    expect(inner.failure()).toBe('failed with ***');
  });

  test('inputs are trimmed as the runner trims them', () => {
    const { core: c } = core();
    expect(c.getInput('imageid')).toBe('77');
    expect(c.getInput('update_desc', { trimWhitespace: false })).toBe('  keep  ');
  });

  test('outputs are kept, the last value of each', () => {
    const { inner, core: c } = core();
    c.setOutput('jobstateid', '4');
    c.setOutput('jobstateid', 5);
    expect(Object.fromEntries(inner.outputs)).toEqual({ jobstateid: '5' });
  });
});

describe('the live line', () => {
  test('off a terminal there is none: the engine prints its own progress lines', () => {
    const { inner, core: c } = core({ tty: false });
    expect(inner.live).toBeUndefined();
    expect(c.live).toBeUndefined();
  });

  test('on a terminal, rewritten in place, cut to the width, cleared before another line and when the wait ends', () => {
    const { stderr, core: c } = core({ tty: true, columns: 30 });
    c.startGroup('Waiting for image version 1001');
    expect(c.live?.('[1s] Queued 0%')).toBe(true);
    expect(c.live?.('[2s] Running 6% (ETA 12:03:40 UTC, in 8s)')).toBe(true);
    c.warning('Could not read the job status');
    c.live?.('[4s] Running 29%');
    c.endGroup();
    c.info('Image version 1001: job Complete after 10s');
    expect(stderr.text).toBe(
      [
        'Waiting for image version 1001\n',
        `${CLEAR}[1s] Queued 0%`,
        `${CLEAR}[2s] Running 6% (ETA 12:03:4…`,
        `${CLEAR}warning: Could not read the job status\n${CLEAR}[2s] Running 6% (ETA 12:03:4…`,
        `${CLEAR}[4s] Running 29%`,
        CLEAR,
        'Image version 1001: job Complete after 10s\n'
      ].join('')
    );
    // What the live line shows (the pieces after a clear that end no line) stays within the width.
    const drawn = stderr.text.split(CLEAR).filter((piece) => piece !== '' && !piece.includes('\n'));
    expect(drawn).toHaveLength(4);
    for (const piece of drawn) expect([...piece].length).toBeLessThanOrEqual(29);
  });

  test('outside text on the live line is one line, its controls neutralised', () => {
    const { stderr, core: c } = core({ tty: true, columns: 80 });
    c.live?.('[1s] Running\n\x1b[31mred 5%');
    expect(stderr.text).toBe(`${CLEAR}[1s] Running⏎\uFFFD[31mred 5%`);
  });

  test('closed at the end of the run', () => {
    const { stderr, inner, core: c } = core({ tty: true });
    c.live?.('[1s] Running 5%');
    inner.close();
    expect(stderr.text.endsWith(CLEAR)).toBe(true);
    inner.close();
    expect(stderr.text.endsWith(`${CLEAR}${CLEAR}`)).toBe(false);
  });
});
