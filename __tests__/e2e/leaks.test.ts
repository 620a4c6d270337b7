// The shared leak check itself: each rule can fail. (No child process: a record is made by hand.)
import { describe, expect, test } from '@jest/globals';
import { buildUrlMasks, findLeaks, formsOf, urlSerialisations } from './helpers/leaks.ts';
import type { StepRecord } from './helpers/run-action.ts';

const KEYS = ['AK-1', 'SK-2', 'TOKEN-3'];
const MASKS = KEYS.map((key) => `::add-mask::${key}`);
const clean: StepRecord = {
  lines: [...MASKS, 'Created image version 1'],
  stderr: '',
  outputWrites: [['imageversionid', '1']],
  summary: '<h2>ok</h2>'
};
const leaksIn = (step: Partial<StepRecord>, secrets: string[] = []): string[] => findLeaks({ ...clean, ...step }, { keys: KEYS, secrets });

describe('findLeaks', () => {
  test('a step that masked its keys first and said them nowhere else: no problem', () => {
    expect(leaksIn({})).toEqual([]);
  });

  test.each([
    ['the log', { lines: [...MASKS, 'auth SK-2'] }],
    ['stderr', { stderr: 'Error: TOKEN-3' }],
    ['the outputs', { outputWrites: [['joberror', 'key AK-1']] as [string, string][] }],
    ['the summary', { summary: '<td>SK-2</td>' }]
  ])('a key in %s is a leak, reported without the key', (place, step) => {
    const problems = leaksIn(step);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`appears in ${place}`);
    for (const key of KEYS) expect(problems[0]).not.toContain(key);
  });

  test('masks missing, out of order, late or unexpected are problems', () => {
    expect(leaksIn({ lines: [MASKS[0] ?? '', 'hello'] })).toEqual(expect.arrayContaining([expect.stringContaining('mask line 2')]));
    expect(leaksIn({ lines: [MASKS[1] ?? '', MASKS[0] ?? '', MASKS[2] ?? ''] })).toHaveLength(2);
    expect(leaksIn({ lines: ['hello', ...MASKS] })).toEqual(expect.arrayContaining([expect.stringContaining('comes after other output')]));
    expect(leaksIn({ lines: [...MASKS, '::add-mask::other'] })).toEqual(['an unexpected value is masked: "other"']);
  });

  test('an extra secret may show on a mask line only', () => {
    const url = 'https://b.example/x.zip?sig=S1G';
    const check = { keys: KEYS, secrets: ['S1G'], extraMask: buildUrlMasks(url) };
    expect(findLeaks({ ...clean, lines: [...MASKS, `::add-mask::${url}`, '::add-mask::S1G', 'pulling'] }, check)).toEqual([]);
    expect(findLeaks({ ...clean, lines: [...MASKS, `::add-mask::${url}`, 'pulling sig=S1G'] }, check)).toHaveLength(1);
    expect(findLeaks({ ...clean, lines: [...MASKS, '::add-mask::unrelated'] }, check)).toHaveLength(1);
  });

  test("a build URL's masks may be the forms the URL parser writes it in, and nothing else", () => {
    const url = 'https://b.example/x.zip?name="q"&sig=S1G';
    const accepts = buildUrlMasks(url);
    // As a path, a '?' and '"' are percent-encoded; the URL class itself says so.
    expect(urlSerialisations(url)).toContain('https://b.example/x.zip%3Fname=%22q%22&sig=S1G');
    expect(accepts('https://b.example/x.zip%3Fname=%22q%22&sig=S1G')).toBe(true);
    expect(accepts('https://b.example/other')).toBe(false);
  });

  test('a secret in any of its forms is a leak: percent-encoded, as the URL parser writes it, JSON-escaped', () => {
    const secret = 'SK "q"/é';
    const check = { keys: KEYS, secrets: [secret] };
    for (const form of [encodeURIComponent(secret), 'SK%20%22q%22/%C3%A9', 'SK \\"q\\"/é']) {
      expect(formsOf(secret)).toContain(form);
      const problems = findLeaks({ ...clean, lines: [...MASKS, `said ${form}`] }, check);
      expect(problems).toEqual([expect.stringMatching(/^secret #4 \(encoded\) appears in the log: "said <secret>"$/)]);
    }
  });

  test('what was sent to a server is checked too', () => {
    const problems = findLeaks(clean, { keys: KEYS, sent: ['POST /repos/o/r/deployments {"description":"SK-2"}'] });
    expect(problems).toEqual([expect.stringContaining('secret #2 appears in what was sent to a server')]);
    expect(findLeaks(clean, { keys: KEYS, sent: ['POST /repos/o/r/deployments {"description":"***"}'] })).toEqual([]);
  });
});
