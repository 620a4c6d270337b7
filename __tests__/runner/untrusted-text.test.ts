// The one function outside text goes through (untrusted-text.ts) and the guard that
// applies it to everything said to the runner (core.ts).
import { describe, expect, it } from '@jest/globals';
import * as actionsCore from '@actions/core';
import { MAX_SUMMARY_BYTES, guardCore } from '../../src/runner/core.ts';
import { MAX_ANNOTATION_CHARS, MAX_LOG_CHARS, MAX_TEXT_CHARS, Secrets, cut, untrustedText } from '../../src/runner/untrusted-text.ts';
import { oneLine } from '../../src/format.ts';
import { FakeCore } from '../helpers/fake-core.ts';

const PAYLOAD = 'Running\n::add-mask::x\n::set-output name=imageversionid::999\n::stop-commands::t';

function secrets(...values: string[]): Secrets {
  const s = new Secrets();
  for (const v of values) s.add(v);
  return s;
}

describe('untrustedText for a log line', () => {
  it('shows every line break as ⏎, so the text stays one line', () => {
    expect(untrustedText(PAYLOAD, 'log')).toBe('Running⏎::add-mask::x⏎::set-output name=imageversionid::999⏎::stop-commands::t');
    expect(untrustedText('a\r\nb\rc\u2028d\u0085e', 'log')).toBe('a⏎b⏎c⏎d⏎e');
  });

  it('breaks a leading :: (after blanks, as the runner trims them) and ##[ anywhere, in place', () => {
    expect(untrustedText('::add-mask::x', 'log')).toBe('：:add-mask::x');
    expect(untrustedText(' \t\u00a0::error::x', 'log')).toBe(' \t\u00a0：:error::x');
    expect(untrustedText('ok ##[add-mask]x and ##[error]y', 'log')).toBe('ok ##［add-mask]x and ##［error]y');
    expect(untrustedText('a :: b', 'log')).toBe('a :: b');
    // Neutralised text stays neutral when it passes again.
    expect(untrustedText(untrustedText('::x ##[y', 'log'), 'log')).toBe('：:x ##［y');
  });

  it('replaces control characters (ANSI escapes) but keeps tabs', () => {
    expect(untrustedText('\u001b[2Jred\u0007\tok\u007f', 'log')).toBe('\uFFFD[2Jred\uFFFD\tok\uFFFD');
  });

  it('cuts a line at MAX_LOG_CHARS and says so', () => {
    const text = untrustedText('y'.repeat(MAX_LOG_CHARS + 10), 'log');
    expect(text).toBe(`${'y'.repeat(MAX_LOG_CHARS)}… (cut: 10 more characters not shown)`);
  });
});

describe('untrustedText for an annotation', () => {
  it('keeps the lines (the command protocol escapes them) but neutralises ##[ and control characters', () => {
    expect(untrustedText(`failed:\n${PAYLOAD}\r\n##[add-mask]x\u001b`, 'annotation')).toBe(`failed:\n${PAYLOAD}\n##［add-mask]x\uFFFD`);
  });

  it('is cut at MAX_ANNOTATION_CHARS with a note', () => {
    const text = untrustedText('z'.repeat(MAX_ANNOTATION_CHARS * 3), 'annotation');
    expect(text.startsWith('z'.repeat(MAX_ANNOTATION_CHARS))).toBe(true);
    expect(
      text.endsWith(
        `… (cut: ${MAX_ANNOTATION_CHARS * 2} more characters not shown; annotations are kept short, the job summary and the outputs have more)`
      )
    ).toBe(true);
  });
});

describe('untrustedText for outputs and the summary', () => {
  it('leaves an output value intact but for the secrets', () => {
    expect(untrustedText(`${PAYLOAD}\n##[x] key-1`, 'output', secrets('key-1'))).toBe(`${PAYLOAD}\n##[x] ***`);
  });

  it('escapes a summary cell and turns its line breaks into <br>', () => {
    expect(untrustedText('<b>a</b> & "q"\r\nb\nc', 'summary-cell')).toBe('&lt;b&gt;a&lt;/b&gt; &amp; &quot;q&quot;<br>b<br>c');
  });

  it('escapes a <pre> block and keeps its lines', () => {
    expect(untrustedText('</pre><script>x</script>\r\nnext', 'summary-pre')).toBe('&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;\nnext');
  });

  it('cuts a summary text or output at 64 KiB and says so', () => {
    const big = 'e'.repeat(MAX_TEXT_CHARS + 100);
    for (const sink of ['summary-cell', 'summary-pre', 'output'] as const) {
      expect(untrustedText(big, sink)).toBe(`${'e'.repeat(MAX_TEXT_CHARS)}… (cut: 100 more characters not shown)`);
    }
  });

  it('never cuts a surrogate pair in half', () => {
    expect(cut('ab😀', 3)).toBe('ab… (cut: 2 more characters not shown)');
    expect(oneLine('a\nb')).toBe('a⏎b');
  });
});

describe('Secrets', () => {
  it('redacts every non-empty secret, longest first, whatever its length', () => {
    const s = secrets('k', 'key-long', 'key-long-token', '');
    expect(s.redact('key-long-token key-long k x')).toBe('*** *** *** x');
  });

  it('also redacts the HTML-escaped form a secret takes in the summary', () => {
    const s = secrets('a&b<c');
    expect(s.redact('raw a&b<c, escaped a&amp;b&lt;c')).toBe('raw ***, escaped ***');
  });
});

describe('guardCore', () => {
  it('applies the sink of each call and redacts what setSecret registered', () => {
    const inner = new FakeCore();
    const core = guardCore(inner);
    core.setSecret('sk-1234');
    core.setSecret('');
    core.info(`state ${PAYLOAD} sk-1234`);
    core.debug('::x');
    core.startGroup('g\n::endgroup::');
    core.warning(`w\n##[error]sk-1234`);
    core.error('::add-mask::e');
    core.setFailed(`f ${'q'.repeat(MAX_ANNOTATION_CHARS)}`);
    core.setOutput('jobstatename', `${PAYLOAD} sk-1234`);
    expect(inner.secrets).toEqual(['sk-1234']);
    expect(inner.messages('info')).toEqual(['state Running⏎::add-mask::x⏎::set-output name=imageversionid::999⏎::stop-commands::t ***']);
    expect(inner.messages('debug')).toEqual(['：:x']);
    expect(inner.messages('group')).toEqual(['g⏎::endgroup::']);
    expect(inner.messages('warning')).toEqual(['w\n##［error]***']);
    expect(inner.messages('error')).toEqual(['::add-mask::e']);
    expect(inner.failed).toMatch(
      /^f q+… \(cut: 2 more characters not shown; annotations are kept short, the job summary and the outputs have more\)$/
    );
    expect(inner.outputs.get('jobstatename')).toBe(`${PAYLOAD} ***`);
  });

  it('redacts every summary piece and keeps the summary under its limit, saying how much was left out', async () => {
    const inner = actionsCore.summary.emptyBuffer();
    const fake = new FakeCore();
    const core = guardCore({ ...fake, setSecret: () => undefined, summary: inner } as unknown as FakeCore);
    core.setSecret('sk-&-9');
    core.summary.addHeading('h sk-&-9', 2).addRaw('raw sk-&amp;-9', true).addRaw('<table><tr><td>sk-&-9</td></tr></table>', true);
    const block = 'b'.repeat(200 * 1024);
    for (let i = 0; i < 4; i++) core.summary.addRaw(`<pre>${block}</pre>`, true);
    core.summary.addRaw('<a href="x">Workflow run</a>', true);
    let written = '';
    // core.summary.write reads the file from the environment; stringify what it would write instead.
    const write = inner.write.bind(inner);
    inner.write = async () => {
      written = inner.stringify();
      return inner;
    };
    await core.summary.write();
    inner.write = write;
    inner.emptyBuffer();
    expect(written).not.toContain('sk-&');
    expect(written).toContain('<h2>h ***</h2>');
    expect(written).toContain('raw ***');
    expect(written).toContain('<td>***</td>');
    expect(Buffer.byteLength(written)).toBeLessThan(MAX_SUMMARY_BYTES + 1024);
    expect(written.split(block).length - 1).toBe(2);
    expect(written).toContain('<a href="x">Workflow run</a>');
    expect(written).toMatch(/<p>… \d+ more bytes of this summary were left out: GitHub refuses a step summary over 1 MiB\.<\/p>/);
  });
});
