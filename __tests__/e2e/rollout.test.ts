// End to end: wait_for: rollout, with the bundled action (dist/index.js) as a child
// process against the in-process emulator. After the version's job completes, the
// action polls the image's v2 status until no machine is pending. Every scenario starts
// when this file loads and they all run at once; the tests only assert on them.
import { afterAll, describe, expect, test } from '@jest/globals';
import { EMULATOR_FIRST_DIFF_ID, EMULATOR_IMAGE, EMULATOR_IMAGE_ID, ROUTE_NAMES, type RecordedRequest } from '../../emulator/index.ts';
import { expectNoLeaks, failureOf, nth } from './helpers/assertions.ts';
import { commands } from './helpers/run-action.ts';
import {
  allScenarios,
  FIRST_VERSION,
  LONG_JOB,
  scenario,
  STATUS,
  TWO_SECOND_JOB,
  type Case,
  type ScenarioResult
} from './helpers/scenario.ts';

afterAll(() => allScenarios());

const ROLLOUT = ROUTE_NAMES.imageRollout;
const IMAGE = String(EMULATOR_IMAGE_ID);
const ROLLOUT_PATH = `/cfp/v2/project/12345/image/${IMAGE}/status`;
const TOTAL = 40;
const PRODUCTION = nth(EMULATOR_IMAGE.fleets, 0);
const STAGING = nth(EMULATOR_IMAGE.fleets, 1);
const [PROD_EU, PROD_NA] = [nth(PRODUCTION.regions, 0), nth(PRODUCTION.regions, 1)];
const [STAGING_EU, STAGING_NA] = [nth(STAGING.regions, 0), nth(STAGING.regions, 1)];

const WAIT_ROLLOUT = { wait_for: 'rollout', imageid: IMAGE, poll_interval: '1' };
/** Emulated seconds of a rollout that takes `real` seconds at TWO_SECOND_JOB. */
const rolloutSeconds = (real: number): number => real * TWO_SECOND_JOB;

const rolloutsOf = (result: ScenarioResult): RecordedRequest[] => result.requests.filter((r) => r.route === ROLLOUT);

interface Totals {
  completed: number;
  pending: number;
  failed: number;
}

function totalsOf(request: RecordedRequest): Totals {
  const body = JSON.parse(request.responseBody ?? '{}') as Record<string, unknown>;
  return {
    completed: Number(body['completed_machines']),
    pending: Number(body['pending_machines']),
    failed: Number(body['failed_machines'])
  };
}

const describeTotals = (t: Totals): string =>
  `completed ${t.completed}/${t.completed + t.pending + t.failed}, pending ${t.pending}, failed ${t.failed}`;

/** What the rollout log lines say, without the elapsed-time prefix. */
function rolloutLines(result: ScenarioResult): string[] {
  return result.run.lines.filter((line) => /^\[\d[^\]]*\] rollout: /.test(line)).map((line) => line.replace(/^\[[^\]]*\] rollout: /, ''));
}

/** The totals the emulator answered, a line each time they changed: what the log must show. */
function expectedLines(result: ScenarioResult): string[] {
  return rolloutsOf(result)
    .filter((r) => r.status === 200)
    .map((r) => describeTotals(totalsOf(r)))
    .filter((line, i, all) => i === 0 || line !== all[i - 1]);
}

/** A summary fleet/region table row: counts on the right, a failed count marked. */
function row(fleet: string, region: string, completed: number, pending: number, failed: number): string {
  const right = (cell: string | number): string => `<td align="right">${cell}</td>`;
  return `<tr><td>${fleet}</td><td>${region}</td>${right(completed)}${right(pending)}${right(failed > 0 ? `⚠️ <b>${failed}</b>` : failed)}</tr>`;
}

/**
 * The polls went to the image's v2 status with detail, only after the job was seen
 * Complete, and at most once a second; except, on a timeout, the last one, which the
 * wait loop moves onto the deadline so the failure reports the latest counts.
 */
function expectRolloutPolls(result: ScenarioResult, endsOnDeadline = false): void {
  const rollouts = rolloutsOf(result);
  expect(rollouts.length).toBeGreaterThan(0);
  for (const poll of rollouts) {
    expect(poll.path).toBe(ROLLOUT_PATH);
    expect(poll.query).toEqual({ detail: 'true' });
    expect(poll.headers['authorization']).toBe(result.authorization);
  }
  const completeAt = result.statuses.findIndex(
    (s) => s.responseBody !== null && (JSON.parse(s.responseBody) as { jobstateid?: unknown }).jobstateid === 5
  );
  expect(completeAt).toBeGreaterThan(-1);
  expect(completeAt).toBe(result.statuses.length - 1);
  expect(nth(rollouts, 0).seq).toBeGreaterThan(nth(result.statuses, completeAt).seq);
  const paced = endsOnDeadline ? rollouts.slice(0, -1) : rollouts;
  for (let i = 1; i < paced.length; i++) expect(nth(paced, i).time - nth(paced, i - 1).time).toBeGreaterThanOrEqual(990);
}

const clean = scenario({
  emulator: { time: { scale: TWO_SECOND_JOB }, rollouts: { plan: { durationSeconds: rolloutSeconds(3) } } },
  inputs: WAIT_ROLLOUT
});
// A format variant the docs also describe: fleets as a list, counts as numeric strings.
const listFormat = scenario({
  emulator: {
    time: { scale: TWO_SECOND_JOB },
    rollouts: { plan: { durationSeconds: rolloutSeconds(1) } },
    format: { fleetsAsList: true, numericStrings: true }
  },
  inputs: WAIT_ROLLOUT
});

describe('a clean rollout', () => {
  test('exit 0, rollout=complete with the last counts', async () => {
    const result = await clean;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(commands(run, 'warning')).toEqual([]);
    expect(run.outputs).toMatchObject({
      imageversionid: String(FIRST_VERSION),
      jobstateid: '5',
      rollout: 'complete',
      completed_machines: String(TOTAL),
      pending_machines: '0',
      failed_machines: '0'
    });
    expect(run.lines).toContain(`Rollout of image ${IMAGE} complete: completed ${TOTAL}/${TOTAL}, pending 0, failed 0.`);
    expectNoLeaks(run);
  });

  test('polls the v2 image status after the job is Complete, at most once a second', async () => {
    const result = await clean;
    expectRolloutPolls(result);
    const rollouts = rolloutsOf(result);
    // Machines were pending at the first poll, none at the last.
    expect(totalsOf(nth(rollouts, 0)).pending).toBeGreaterThan(0);
    expect(totalsOf(rollouts.at(-1) as RecordedRequest)).toEqual({ completed: TOTAL, pending: 0, failed: 0 });
  });

  test('logs `completed N/M, pending P, failed F` only when the counts change, in a group', async () => {
    const result = await clean;
    const lines = rolloutLines(result);
    expect(lines).toEqual(expectedLines(result));
    // The rollout takes several polls, so there is progress in between.
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe(`completed ${TOTAL}/${TOTAL}, pending 0, failed 0`);
    const open = result.run.lines.indexOf(
      `::group::Waiting for the rollout of image ${IMAGE} until no machine is pending (at most 0 may fail)`
    );
    expect(open).toBeGreaterThan(-1);
    expect(result.run.lines.indexOf('::endgroup::', open)).toBeGreaterThan(open);
  });

  test('summary: the rollout row and a fleet/region table', async () => {
    const { summary } = (await clean).run;
    expect(summary).toContain(`<p>✅ Image version ${FIRST_VERSION} installed on every machine (${TOTAL} machines)</p>`);
    expect(summary).toContain(
      `<tr><td>Rollout</td><td>image ${IMAGE}: complete (completed ${TOTAL}/${TOTAL}, pending 0, failed 0)</td></tr>`
    );
    expect(summary).toContain('<h3>Rollout by fleet and region</h3>');
    expect(summary).toContain(
      '<tr><th>Fleet</th><th>Region</th><th align="right">Completed</th><th align="right">Pending</th><th align="right">Failed</th></tr>'
    );
    for (const fleet of EMULATOR_IMAGE.fleets) {
      const machines = fleet.regions.reduce((sum, region) => sum + region.machines, 0);
      expect(summary).toContain(row(`<b>${fleet.name}</b>`, 'all regions', machines, 0, 0));
      for (const region of fleet.regions) expect(summary).toContain(row('', region.name, region.machines, 0, 0));
    }
    expect(summary).not.toContain('Still pending');
  });

  test('fleets as a list and counts as strings: the same outcome and table', async () => {
    const result = await listFormat;
    expect(result.run.code).toBe(0);
    expect(result.run.outputs).toMatchObject({
      rollout: 'complete',
      completed_machines: String(TOTAL),
      pending_machines: '0',
      failed_machines: '0'
    });
    expect(rolloutLines(result)).toEqual(expectedLines(result));
    expect(result.run.summary).toContain(row(`<b>${PRODUCTION.name}</b>`, 'all regions', PROD_EU.machines + PROD_NA.machines, 0, 0));
    expect(result.run.summary).toContain(row('', STAGING_NA.name, STAGING_NA.machines, 0, 0));
    expectNoLeaks(result.run);
  });
});

const failedWithin = scenario({
  emulator: {
    time: { scale: TWO_SECOND_JOB },
    rollouts: { plan: { durationSeconds: rolloutSeconds(1), failedMachines: { [STAGING_EU.regionid]: 2 } } }
  },
  inputs: { ...WAIT_ROLLOUT, max_failed_machines: '2' }
});

describe('machines that fail to install', () => {
  test('as many as max_failed_machines: success, failed_machines counted', async () => {
    const result = await failedWithin;
    const { run } = result;
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      rollout: 'complete',
      completed_machines: String(TOTAL - 2),
      pending_machines: '0',
      failed_machines: '2'
    });
    expect(run.lines).toContain(`Rollout of image ${IMAGE} complete: completed ${TOTAL - 2}/${TOTAL}, pending 0, failed 2.`);
    expect(run.summary).toContain(row('', STAGING_EU.name, STAGING_EU.machines - 2, 0, 2));
    // Never silent: the headline and one warning say how many failed.
    expect(run.summary).toContain(
      `<p>⚠️ Image version ${FIRST_VERSION} rolled out: 2 machines failed (allowed up to 2), ${TOTAL - 2} of ${TOTAL} installed it</p>`
    );
    expect(commands(run, 'warning')).toEqual([
      expect.stringMatching(
        new RegExp(`^Rollout of image ${IMAGE}: 2 machines failed to install \\(allowed up to 2 by max_failed_machines\\) in `)
      )
    ]);
    expectNoLeaks(run);
  });
});

// The whole chain: the action makes the diff, creates the version and waits for the rollout.
const chain = scenario({
  emulator: { time: { scale: TWO_SECOND_JOB }, rollouts: { plan: { durationSeconds: rolloutSeconds(1) } } },
  inputs: { ...WAIT_ROLLOUT, diffid: '', machineid: '9001' }
});

describe('the whole chain, then the rollout', () => {
  test('diff, version, job and rollout in order; a row per stage and the fleet table', async () => {
    const result = await chain;
    const { run } = result;
    expect(run.code).toBe(0);
    const routes = result.requests.map((r) => r.route).filter((route, i, all) => i === 0 || route !== all[i - 1]);
    // One install read before the create; then each rollout poll reads the image view and the version's installs.
    const [before, polls] = [routes.slice(0, 5), routes.slice(5)];
    expect(before).toEqual([
      ROUTE_NAMES.imageDiffCreate,
      ROUTE_NAMES.imageDiffStatus,
      ROUTE_NAMES.imageInstallStatus,
      ROUTE_NAMES.imageVersionCreate,
      STATUS
    ]);
    expect(polls.length).toBeGreaterThan(0);
    polls.forEach((route, i) => expect(route).toBe(i % 2 === 0 ? ROLLOUT : ROUTE_NAMES.imageInstallStatus));
    expect(run.outputs).toMatchObject({ diffid: String(EMULATOR_FIRST_DIFF_ID), rollout: 'complete', pending_machines: '0' });
    expect(run.summary).toContain('<h3>Stages</h3>');
    expect(run.summary).toContain('<h3>Rollout by fleet and region</h3>');
    expectRolloutPolls(result);
    expectNoLeaks(run);
  });
});

/** Each failure or fault with its assertions; every row ends with the leak check. */
const ROLLOUT_FAILURES: Case[] = [
  {
    name: 'more than max_failed_machines: exit 1 with rollout=failed as soon as they fail, machines still pending',
    // Only the 3 failing machines ever finish; the rest stay pending: the step must not wait for them.
    result: scenario({
      emulator: {
        time: { scale: TWO_SECOND_JOB },
        rollouts: { plan: { durationSeconds: rolloutSeconds(2), outcome: 'stuck', failedMachines: { [STAGING_EU.regionid]: 3 } } }
      },
      inputs: { ...WAIT_ROLLOUT, max_failed_machines: '2' }
    }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({
        rollout: 'failed',
        failed_machines: '3',
        completed_machines: '0',
        pending_machines: String(TOTAL - 3)
      });
      expect(failureOf(run)).toBe(
        `Rollout of image ${IMAGE} failed: 3 machine(s) failed to install, more than max_failed_machines (2); completed 0/${TOTAL}, pending ${TOTAL - 3}, failed 3. Check the failed machines in the Clanforge dashboard.`
      );
      // The poll that saw the third failure was the last one.
      const failedCounts = rolloutsOf(result).map((r) => totalsOf(r).failed);
      expect(failedCounts.at(-1)).toBe(3);
      expect(failedCounts.slice(0, -1).every((n) => n <= 2)).toBe(true);
      expect(rolloutLines(result)).toEqual(expectedLines(result));
      expectRolloutPolls(result);
      expect(run.summary).toContain(
        `<p>❌ Image version ${FIRST_VERSION}: the rollout failed, 3 machines failed (more than max_failed_machines, 2)</p>`
      );
      expect(run.summary).toContain(row('', STAGING_EU.name, 0, STAGING_EU.machines - 3, 3));
      expectNoLeaks(run);
    }
  },
  {
    name: 'a rollout that never finishes: exit 1 on wait_timeout with rollout=timeout, naming the fleets still pending, one log line for counts that stop changing',
    result: scenario({
      emulator: {
        time: { scale: TWO_SECOND_JOB },
        rollouts: {
          plan: { durationSeconds: rolloutSeconds(1), outcome: 'stuck', stuckMachines: { [PROD_EU.regionid]: 1, [STAGING_NA.regionid]: 2 } }
        }
      },
      inputs: { ...WAIT_ROLLOUT, wait_timeout: '8' }
    }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({
        jobstateid: '5',
        rollout: 'timeout',
        completed_machines: String(TOTAL - 3),
        pending_machines: '3',
        failed_machines: '0'
      });
      expect(failureOf(run)).toBe(
        `Timed out after waiting 8s (wait_timeout) for the rollout of image ${IMAGE}: completed ${TOTAL - 3}/${TOTAL}, pending 3, failed 0; ` +
          `still pending in ${PRODUCTION.name} (1), ${STAGING.name} (2). The machines go on installing in Clanforge.`
      );
      expect(run.exitedAtEpoch - run.startedAtEpoch).toBeGreaterThanOrEqual(8_000);
      // One log line for counts that stop changing, however many polls see them.
      const lines = rolloutLines(result);
      expect(lines).toEqual(expectedLines(result));
      expect(lines.filter((line) => line === `completed ${TOTAL - 3}/${TOTAL}, pending 3, failed 0`)).toHaveLength(1);
      const settled = rolloutsOf(result).filter((r) => totalsOf(r).pending === 3);
      expect(settled.length).toBeGreaterThan(1);
      expectRolloutPolls(result, true);
      // Summary: the pending fleets and the fleet/region table.
      const { summary } = run;
      expect(summary).toContain(`Still pending: ${PRODUCTION.name} (1), ${STAGING.name} (2)`);
      expect(summary).toContain(
        `<tr><td>Rollout</td><td>image ${IMAGE}: timeout (completed ${TOTAL - 3}/${TOTAL}, pending 3, failed 0)</td></tr>`
      );
      expect(summary).toContain(row(`<b>${PRODUCTION.name}</b>`, 'all regions', PROD_EU.machines + PROD_NA.machines - 1, 1, 0));
      expect(summary).toContain(row('', PROD_EU.name, PROD_EU.machines - 1, 1, 0));
      expect(summary).toContain(row('', PROD_NA.name, PROD_NA.machines, 0, 0));
      expect(summary).toContain(row(`<b>${STAGING.name}</b>`, 'all regions', STAGING_EU.machines + STAGING_NA.machines - 2, 2, 0));
      expect(summary).toContain(row('', STAGING_NA.name, STAGING_NA.machines - 2, 2, 0));
      // The headline says the rollout ran out of time, not the (Complete) job.
      expect(summary).not.toContain('Timed out waiting for the image version job');
      expectNoLeaks(run);
    }
  },
  {
    name: 'a rollout that times out with failed machines within max_failed_machines: the headline and a warning say how many failed',
    result: scenario({
      emulator: {
        time: { scale: TWO_SECOND_JOB },
        rollouts: {
          plan: {
            durationSeconds: rolloutSeconds(1),
            outcome: 'stuck',
            failedMachines: { [STAGING_EU.regionid]: 1 },
            stuckMachines: { [PROD_EU.regionid]: 1 }
          }
        }
      },
      inputs: { ...WAIT_ROLLOUT, max_failed_machines: '2', wait_timeout: '6' }
    }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ rollout: 'timeout', pending_machines: '1', failed_machines: '1' });
      expect(run.summary).toContain(
        `<p>⏱️ Timed out waiting for the rollout of image version ${FIRST_VERSION}: machines go on installing in Clanforge; 1 machine failed (allowed up to 2)</p>`
      );
      expect(run.summary).toContain(
        `<tr><td>Rollout</td><td>image ${IMAGE}: timeout (completed ${TOTAL - 2}/${TOTAL}, pending 1, failed 1, allowed up to 2)</td></tr>`
      );
      expect(run.summary).toContain(row('', STAGING_EU.name, STAGING_EU.machines - 1, 0, 1));
      expect(commands(run, 'warning')).toEqual([
        `Rollout of image ${IMAGE}: 1 machine failed to install (allowed up to 2 by max_failed_machines) in ${STAGING.name} / ${STAGING_EU.name} (1); ` +
          `completed ${TOTAL - 2}/${TOTAL}, pending 1, failed 1. Check the failed machines in the Clanforge dashboard.`
      ]);
      expect(failureOf(run)).toMatch(/^Timed out after waiting 6s \(wait_timeout\) for the rollout of image /);
      expectNoLeaks(run);
    }
  },
  {
    name: 'wait_timeout running out during the job: rollout=timeout, the rollout never polled',
    result: scenario({ emulator: LONG_JOB, inputs: { ...WAIT_ROLLOUT, wait_timeout: '2' } }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(1);
      expect(failureOf(run)).toMatch(
        new RegExp(`^Timed out after waiting 2s \\(wait_timeout\\) for image version ${FIRST_VERSION}: last state `)
      );
      expect(rolloutsOf(result)).toEqual([]);
      expect(result.statuses.length).toBeGreaterThan(0);
      expect(run.outputs).toMatchObject({ rollout: 'timeout', completed_machines: '', pending_machines: '', failed_machines: '' });
      expectNoLeaks(run);
    }
  },
  {
    name: 'a 503 with Retry-After on the rollout status: warns, waits, polls again and completes',
    result: scenario({
      emulator: {
        time: { scale: TWO_SECOND_JOB },
        rollouts: { plan: { durationSeconds: rolloutSeconds(1) } },
        faults: { specs: [{ route: ROLLOUT, request: 1, kind: 'respond', status: 503, headers: { 'Retry-After': '1' } }] }
      },
      inputs: WAIT_ROLLOUT
    }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        rollout: 'complete',
        completed_machines: String(TOTAL),
        pending_machines: '0',
        failed_machines: '0'
      });
      const rollouts = rolloutsOf(result);
      expect(nth(rollouts, 0).status).toBe(503);
      expect(rollouts.slice(1).every((r) => r.status === 200)).toBe(true);
      expect(nth(rollouts, 1).time - nth(rollouts, 0).time).toBeGreaterThanOrEqual(1_000);
      expect(commands(run, 'warning')).toEqual([
        expect.stringMatching(
          /^Could not read the rollout status \(status request answered HTTP 503 Service Unavailable.*\); trying again in \d+ s\.$/
        )
      ]);
      expect(rolloutLines(result)).toEqual(expectedLines(result));
      expectRolloutPolls(result);
      expectNoLeaks(run);
    }
  },
  {
    name: 'a 503 from imageinstall/status while the image view still shows the image at rest: warns, polls again, waits for the installs of the version',
    // The first rollout poll comes before the machines turn pending (rollout delay): only the
    // install list shows the version's installs then, and its read fails once.
    result: scenario({
      emulator: {
        time: { scale: 20 },
        diffs: { plan: { durationSeconds: 10 } },
        versions: { plan: { durationSeconds: 40 } },
        rollouts: { plan: { delaySeconds: 200, durationSeconds: 100 } },
        faults: { specs: [{ route: ROUTE_NAMES.imageInstallStatus, request: 2, kind: 'respond', status: 503 }] }
      },
      inputs: { ...WAIT_ROLLOUT, diffid: '', machineid: '9' },
      killAfterMs: 40_000
    }),
    check: (result) => {
      const { run } = result;
      expect(run.code).toBe(0);
      const installs = result.requests.filter((r) => r.route === ROUTE_NAMES.imageInstallStatus);
      expect(nth(installs, 1).status).toBe(503);
      // The poll with the failed read saw the image at rest: it must not have ended the wait.
      const firstPoll = nth(rolloutsOf(result), 0);
      expect(totalsOf(firstPoll)).toEqual({ completed: TOTAL, pending: 0, failed: 0 });
      const rollouts = rolloutsOf(result);
      // The wait outlasted the rollout delay (200 emulated s: 10 s at this scale).
      expect(nth(rollouts, rollouts.length - 1).time).toBeGreaterThan(nth(installs, 1).time + 10_000);
      expect(commands(run, 'warning')).toEqual([
        expect.stringMatching(/^Could not read the rollout status \(.*HTTP 503.*\); trying again in \d+ s\.$/)
      ]);
      expect(run.lines.some((line) => line.includes("waiting on the image's rollout view alone"))).toBe(false);
      expect(run.outputs).toMatchObject({ rollout: 'complete', completed_machines: String(TOTAL), pending_machines: '0' });
      // Every machine of the version was seen pending, then done.
      expect(rolloutsOf(result).some((r) => r.status === 200 && totalsOf(r).pending > 0)).toBe(true);
      expectNoLeaks(run);
    }
  },
  {
    name: 'wait_for: rollout without imageid: an input error before any request',
    result: scenario({ inputs: { wait_for: 'rollout' } }),
    check: (result) => {
      expect(result.run.code).toBe(1);
      expect(failureOf(result.run)).toBe(
        "Invalid input: input 'imageid' is required when 'wait_for' is 'rollout': the id of the image whose rollout to wait for, a positive integer"
      );
      expect(result.requests).toEqual([]);
      expect(result.run.outputWrites).toEqual([]);
      expectNoLeaks(result.run);
    }
  }
];

describe('rollout failures and faults', () => {
  test.each(ROLLOUT_FAILURES)('$name', async ({ result, check }) => {
    await check(await result);
  });
});
