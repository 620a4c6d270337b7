// End to end: the demo's default scenario, the README's Usage step (an image update from a
// build URL, the diff, the version, the wait), and its --rollout and --diff scenarios
// (`npm run demo`, scripts/demo.ts), each run once without colours. The runs start when this
// file loads and overlap; the tests only assert on what each printed. (The default also runs
// in action.test.ts, with --fail and --flaky.)
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_ACCESS_KEY, EMULATOR_IMAGE, EMULATOR_SECRET_KEY } from '../../emulator/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { demo } from './helpers/run-demo.ts';
import { ROOT } from './helpers/run-action.ts';

/** The inputs of the README's Usage step (its first yaml block): the demo's default runs them. */
function readmeUsageInputs(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(readme)?.[1] ?? '';
  const [step] = parse(block) as [{ with: Record<string, unknown> }];
  // The demo gives the emulator's keys and adds api_url; the inputs it shows are the step's.
  return Object.keys(step.with);
}

const runs = {
  // --debug too: the request lines are where an unmasked update_url would show.
  release: demo('--debug', '--job-seconds', '1'),
  diff: demo('--diff', '--job-seconds', '1'),
  rollout: demo('--rollout', '--job-seconds', '1'),
  help: demo('--help'),
  conflicting: demo('--diff', '--rollout')
};

afterAll(() => Promise.allSettled(Object.values(runs)));

const EMULATOR_TOKEN = Buffer.from(`${EMULATOR_ACCESS_KEY}:${EMULATOR_SECRET_KEY}`).toString('base64');
const MACHINES = EMULATOR_IMAGE.fleets.flatMap((fleet) => fleet.regions).reduce((sum, region) => sum + region.machines, 0);

/** The lines of one rendered section, from its `── Title ──` rule to the next rule. */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`── ${title} `));
  expect(start).toBeGreaterThan(-1);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('── '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** A summary table: its header line, rule and rows up to the blank line that ends it. */
function table(summary: string[], header: RegExp): string[] {
  const start = summary.findIndex((line) => header.test(line));
  expect(start).toBeGreaterThan(-1);
  const end = summary.indexOf('', start);
  return summary.slice(start, end === -1 ? undefined : end);
}

/** Rendered for a terminal: no workflow command, HTML tag or process warning, and no key or URL secret. */
function expectTidy(stdout: string): void {
  const lines = stdout.split('\n');
  expect(lines.filter((line) => /^\s*(│ )?::[a-z-]+/.test(line))).toEqual([]);
  expect(stdout).not.toMatch(/<\/?(table|tr|td|th|h[1-6]|pre|a|b|br)\b/);
  expect(stdout).not.toMatch(/&(lt|gt|amp|quot);/);
  expect(stdout).not.toContain('(node:');
  expect(stdout).not.toContain(EMULATOR_TOKEN);
  // The keys are named once, in the header that says they are the emulator's test keys.
  expect(lines.filter((line) => line.includes(EMULATOR_ACCESS_KEY) || line.includes(EMULATOR_SECRET_KEY))).toEqual([
    expect.stringMatching(/^ {2}Keys {6}emulator-access-key \/ emulator-secret-key: /)
  ]);
  expect(stdout).toMatch(/^ {14}access_key: +\*\*\*$/m);
  expect(stdout).toMatch(/^ {14}secret_key: +\*\*\*$/m);
}

describe("npm run demo: the README's Usage step", () => {
  test('exits 0 after the image update, the diff and the version job, in that order', async () => {
    const { code, stdout, stderr } = await runs.release;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const log = section(stdout, 'Step log');
    const at = (pattern: RegExp): number => {
      expect(log).toContainEqual(expect.stringMatching(pattern));
      return log.findIndex((line) => pattern.test(line));
    };
    const steps = [
      at(/^ {2}Pulling the build onto machine 9001 for image 77 \(image update "v1\.4\.2 \(9b2e61f\)"\)$/),
      at(/^ {2}▾ Waiting for image update 3001$/),
      at(/^ {2}│ Image update 3001: Complete 100%$/),
      at(/^ {2}Creating a diff of image 77 against machine 9001$/),
      at(/^ {2}▾ Waiting for image diff 5001$/),
      at(/^ {2}│ Image diff 5001: Complete 100%$/),
      at(/^ {2}Diff 5001: 1 added, 3 modified, 1 removed$/),
      at(/^ {2}Creating an image version from diff 5001 /),
      at(/^ {2}▾ Waiting for image version 1001 /),
      at(/^ {2}│ \[\d+s\] Complete 100%$/),
      at(/^ {2}Image version 1001: job Complete /)
    ];
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // Only the job was waited for: the last line says what that means, not "installed".
    expect(stdout).toContain(
      '✔ The step exited with code 0: the build was pulled and diffed; Clanforge accepted the image version from the new diff, and the machines install it next (not waited for).'
    );
  });

  test("runs the inputs of the README's Usage step, the signed update_url masked in the header and on the request line", async () => {
    const { stdout } = await runs.release;
    const usage = readmeUsageInputs();
    for (const name of ['imageid', 'machineid', 'update_url', 'game_build', 'wait', 'wait_timeout']) expect(usage).toContain(name);
    for (const name of usage) expect(stdout).toMatch(new RegExp(`^ {14}${name}: +\\S`, 'm'));
    expect(stdout).toMatch(/^ {14}update_url: +\*\*\*$/m);
    expect(stdout).not.toMatch(/^ {14}diffid:/m);
    expect(stdout).toMatch(/^ {2}Debug: GET \/cfp\/v1\/imageupdate\/create\?.*&url=\*\*\* → HTTP 200 /m);
    for (const part of ['storage.example', 'X-Goog', 'Signature', 'server-linux.zip']) expect(stdout).not.toContain(part);
    expectTidy(stdout);
  });

  test('outputs the update, the diff and its counts', async () => {
    const outputs = section((await runs.release).stdout, 'Step outputs');
    for (const [name, value] of [
      ['updateid', '3001'],
      ['diffid', '5001'],
      ['files_added', '1'],
      ['files_modified', '3'],
      ['files_removed', '1'],
      ['imageversionid', '1001'],
      ['jobstateid', '5']
    ]) {
      expect(outputs).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${name} +${value}$`)));
    }
  });

  test('renders the summary: stage table, diff heading and the changed paths', async () => {
    const summary = section((await runs.release).stdout, 'Job summary');
    expect(summary).toContain('  ✅ Image version 1001 accepted; machines install it next (not waited for)');
    // Headings stand apart from what follows them.
    for (const heading of ['Stages', 'Diff'])
      expect(summary.slice(summary.indexOf(`  ${heading}`), summary.indexOf(`  ${heading}`) + 2)).toEqual([`  ${heading}`, '']);
    const stages = table(summary, /^ {2}Stage +State +Took$/);
    expect(stages[1]).toMatch(/^ {2}─+( {2}─+){2}$/);
    expect(stages.slice(2)).toEqual([
      expect.stringMatching(/^ {2}Image update {3}Complete {2}\d+s$/),
      expect.stringMatching(/^ {2}Image diff {5}Complete {2}\d+s$/),
      expect.stringMatching(/^ {2}Image version {2}Complete {2}\d+s$/)
    ]);
    const diff = summary.indexOf('  1 added, 3 modified, 1 removed');
    expect(diff).toBeGreaterThan(summary.indexOf('  Diff'));
    const first = summary.findIndex((line, i) => i > diff && line.startsWith('  │ '));
    const after = summary.findIndex((line, i) => i > first && !line.startsWith('  │ '));
    expect(summary.slice(diff + 1, first)).toEqual(['']);
    expect(summary.slice(first, after)).toEqual([
      '  │ + Server/Content/Paks/patch_0_P.pak',
      '  │ ~ Server/Binaries/Linux/GameServer-Linux-Shipping',
      '  │ ~ Server/Content/Paks/Game-LinuxServer.pak',
      '  │ ~ Server/version.txt',
      '  │ - Server/Content/Movies/intro_old.mp4'
    ]);
  });
});

describe('npm run demo -- --rollout', () => {
  test('exits 0 after the job and the rollout, logging the totals as they change', async () => {
    const { code, stdout, stderr } = await runs.rollout;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {14}wait_for: +rollout$/m);
    const log = section(stdout, 'Step log');
    const complete = log.findIndex((line) => /^ {2}Image version 1001: job Complete /.test(line));
    const group = log.indexOf('  ▾ Waiting for the rollout of image 77 until no machine is pending (at most 1 may fail)');
    expect(complete).toBeGreaterThan(-1);
    expect(group).toBeGreaterThan(complete);
    const totals = log
      .slice(group)
      .filter((line) => line.startsWith('  │ '))
      .map((line) => line.replace(/^ {2}│ \[\d+s\] /, ''));
    expect(totals.length).toBeGreaterThan(0);
    for (const line of totals) expect(line).toMatch(new RegExp(`^rollout: completed \\d+/${MACHINES}, pending \\d+, failed [01]$`));
    expect(totals.at(-1)).toBe(`rollout: completed ${MACHINES - 1}/${MACHINES}, pending 0, failed 1`);
    expect(log).toContain(`  Rollout of image 77 complete: completed ${MACHINES - 1}/${MACHINES}, pending 0, failed 1.`);
    expect(stdout).toContain(
      '✔ The step exited with code 0: the machines installed the image version and none is pending; 1 failed (allowed up to 1).'
    );
    expectTidy(stdout);
  });

  test('outputs the machine counts and how the rollout ended', async () => {
    const outputs = section((await runs.rollout).stdout, 'Step outputs');
    for (const [name, value] of [
      ['completed_machines', String(MACHINES - 1)],
      ['pending_machines', '0'],
      ['failed_machines', '1'],
      ['rollout', 'complete']
    ]) {
      expect(outputs).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${name} +${value}$`)));
    }
  });

  test('renders the fleet/region table with the counts lined up on the right', async () => {
    const summary = section((await runs.rollout).stdout, 'Job summary');
    expect(summary).toContain(
      `  ⚠️ Image version 1001 rolled out: 1 machine failed (allowed up to 1), ${MACHINES - 1} of ${MACHINES} installed it`
    );
    expect(summary).toContainEqual(
      expect.stringMatching(
        new RegExp(`^ {2}Rollout {8}image 77: complete \\(completed ${MACHINES - 1}/${MACHINES}, pending 0, failed 1, allowed up to 1\\)$`)
      )
    );
    expect(summary.slice(summary.indexOf('  Rollout by fleet and region'), summary.indexOf('  Rollout by fleet and region') + 2)).toEqual([
      '  Rollout by fleet and region',
      ''
    ]);
    const fleets = table(summary, /^ {2}Fleet +Region +Completed +Pending +Failed$/);
    const rows = fleets.slice(2);
    // Fleet totals first, then one row per region (the fleet not named again); failed counts marked.
    const expected = EMULATOR_IMAGE.fleets.flatMap((fleet) => [
      [fleet.name, 'all regions'],
      ...fleet.regions.map((region) => ['', region.name])
    ]);
    expect(rows).toHaveLength(expected.length);
    const cells = rows.map((row) => /^ {2}(.*?) {2,}(\S.*?) +(\d+) +(\d+) +(?:⚠️ )?(\d+)$/.exec(row)?.slice(1) ?? [row]);
    expect(cells.map(([fleet, region]) => [fleet, region])).toEqual(expected);
    expect(rows.filter((row) => row.includes('⚠️'))).toHaveLength(2);
    const regions = cells.filter(([, region]) => region !== 'all regions').map((cell) => cell.slice(2).map(Number));
    const sum = (column: number): number => regions.reduce((total, counts) => total + (counts[column] ?? NaN), 0);
    expect([sum(0), sum(1), sum(2)]).toEqual([MACHINES - 1, 0, 1]);
    // Right-aligned numbers: the Completed and Pending counts of every row end in the same column.
    const ends = rows.map((row) => {
      const match = /(\d+) +(\d+) +(?:⚠️ )?\d+$/.exec(row);
      return match
        ? [
            match.index + (match[1]?.length ?? 0),
            match.index + match[0].indexOf(match[2] ?? '', match[1]?.length ?? 0) + (match[2]?.length ?? 0)
          ]
        : [];
    });
    expect(new Set(ends.map((e) => e.join(','))).size).toBe(1);
  });
});

describe('npm run demo -- --diff', () => {
  test('starts at the version: no image update, no diff made, the given diff named', async () => {
    const { code, stdout, stderr } = await runs.diff;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {14}diffid: +4242$/m);
    expect(stdout).not.toMatch(/^ {14}(update_url|machineid):/m);
    const log = section(stdout, 'Step log');
    expect(log).toContainEqual(expect.stringMatching(/^ {2}Creating an image version from diff 4242 /));
    expect(log.filter((line) => /image update|Creating a diff/.test(line))).toEqual([]);
    expectTidy(stdout);
  });
});

describe('npm run demo flags', () => {
  test('--help names the default and lists every scenario', async () => {
    const { code, stdout } = await runs.help;
    expect(code).toBe(0);
    expect(stdout).toContain('[-- --fail | --squash | --timeout | --flaky | --diff | --rollout]');
    expect(stdout).toMatch(/^ {2}\(default\) {8}the README's Usage step/m);
    expect(stdout).toMatch(/^ {2}--diff {11}\S/m);
    expect(stdout).toMatch(/^ {2}--rollout {8}\S/m);
  });

  test('refuses --diff with --rollout, naming every scenario flag', async () => {
    const { code, stderr } = await runs.conflicting;
    expect(code).toBe(2);
    expect(stderr).toContain('choose one of --fail, --squash, --timeout, --flaky, --diff, --rollout (got --diff, --rollout)');
  });
});
