import { describe, expect, it } from '@jest/globals';
import { Secrets } from '../../src/runner/untrusted-text.ts';
import { maskableLines, runnerMasks, secretForms } from '../../src/settings/secret-forms.ts';

/** Values holding every character whose encoding differs between the forms, and non-ASCII. */
const VALUES = ['tok"en with space', "it's<a>{b}|c", '50%+off/x?y#z', 'pa:ss;w=rd@[h]^`\\', 'é-ü-😀-ß', 'AbC+/=dEf'];

/** What the real URL class writes for `value` in each component: the oracle secretForms must agree with. */
function urlForms(value: string): Record<string, string> {
  const special = new URL('https://h.example/');
  const plain = new URL('s3://bucket/');
  special.username = value;
  const username = special.username;
  special.password = value;
  const password = special.password;
  // A non-special scheme: a special one turns '\' into '/' in a path.
  plain.pathname = `/${value}`;
  const path = plain.pathname.slice(1);
  special.search = `?${value}`;
  const specialQuery = special.search.slice(1);
  plain.search = `?${value}`;
  const query = plain.search.slice(1);
  special.hash = `#${value}`;
  const fragment = special.hash.slice(1);
  return { username, password, path, specialQuery, query, fragment };
}

describe('secretForms', () => {
  it.each(VALUES)('%j: as given, encodeURIComponent, form-encoded, JSON-escaped', (value) => {
    const forms = secretForms(value);
    expect(forms[0]).toBe(value);
    expect(forms).toContain(encodeURIComponent(value));
    expect(forms).toContain(new URLSearchParams({ v: value }).toString().slice(2));
    expect(forms).toContain(JSON.stringify(value).slice(1, -1));
  });

  it.each(VALUES)('%j: every form the WHATWG URL parser writes it in (userinfo, path, query, fragment)', (value) => {
    const forms = secretForms(value);
    for (const [component, form] of Object.entries(urlForms(value))) {
      expect([component, forms.includes(form)]).toEqual([component, true]);
    }
  });

  it('a token echoed in a Location query comes back as the URL parser rewrites it (" → %22), and is redacted', () => {
    const token = 'mp_"T0ken" with\'quotes<and>{braces}é';
    const location = new URL(`https://api.multiplay.dev/cfp/v1/imageversion/1?token=${token}`).href;
    expect(location).not.toContain(token);
    expect(location).toContain('%22T0ken%22');
    const secrets = new Secrets();
    for (const form of secretForms(token)) secrets.add(form);
    const redacted = secrets.redact(`Clanforge answered HTTP 302 with Location ${location}`);
    expect(redacted).toBe('Clanforge answered HTTP 302 with Location https://api.multiplay.dev/cfp/v1/imageversion/1?token=***');
  });

  it('takes a lone surrogate without throwing, as U+FFFD the way a URL carries it', () => {
    const forms = secretForms('ab\uD800cd');
    expect(forms[0]).toBe('ab\uD800cd');
    expect(forms).toContain('ab%EF%BF%BDcd');
  });

  it('gives nothing for an empty value and no duplicates', () => {
    expect(secretForms('')).toEqual([]);
    expect(secretForms('plainToken123')).toEqual(['plainToken123']);
  });
});

describe('line breaks of a secret, as the runner reads them', () => {
  it('a NEL, LS or PS inside a value does not split its mask: the value is masked whole, no fragment alone', () => {
    for (const sep of ['\u0085', '\u2028', '\u2029']) {
      const url = `https://builds.example.net/${sep}s3cr3t-part-x`;
      expect(maskableLines(url)).toEqual([]);
      // A NEL is a C1 control: in-process only (a mask line would print it raw); LS and PS are masked whole on the runner.
      expect(runnerMasks([url])).toEqual(sep === '\u0085' ? [] : [url]);
      expect(runnerMasks(secretForms(url)).filter((mask) => url.startsWith(mask))).toEqual(sep === '\u0085' ? [] : [url]);
    }
  });

  it('a value holding another control character goes to the runner only in its encoded forms: a mask line would print it raw', () => {
    const url = 'https://builds.example.net/x.zip?\u009b31m';
    expect(runnerMasks([url, encodeURIComponent(url), 'tab\tin-a-value'])).toEqual([encodeURIComponent(url), 'tab\tin-a-value']);
    expect(runnerMasks(secretForms(url)).some((mask) => mask.includes('\u009b'))).toBe(false);
    expect(runnerMasks(secretForms(url))).toContain('https://builds.example.net/x.zip?%C2%9B31m');
  });

  it('a value with LF or CR is masked per line on the runner and whole in-process', () => {
    const key = 'line-one-secret\r\nline-two-secret\nxy';
    expect(maskableLines(key)).toEqual(['line-one-secret', 'line-two-secret']);
    expect(runnerMasks([key])).toEqual([]);
  });
});
