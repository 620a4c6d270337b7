// The dry run's plan follows the stages' own code: whatever a stage asks of the client
// shows in the plan as a real run would send it, with no dry-run file knowing the rule.
// `aNewRule` below stands for a rule someone adds to diff.ts or locks.ts: it uses only
// what every stage uses (the client, the lock handling, the waits), and the plan records
// it, answers it as the service would and says what a real run waits for.
import { describe, expect, it } from '@jest/globals';
import { ClanforgeClient } from '../../src/clanforge/client/client.ts';
import type { HttpRequest } from '../../src/clanforge/http/transport.ts';
import { readSettings } from '../../src/settings/read-settings.ts';
import type { StageContext } from '../../src/stages/context.ts';
import { planLog } from '../../src/stages/dry-run.ts';
import { withLockHandling } from '../../src/stages/locks.ts';
import { Plan } from '../../src/stages/plan.ts';
import { addRow, waitForStageJob } from '../../src/stages/waits.ts';
import { StepOutputs } from '../../src/runner/outputs.ts';
import { emptyReport } from '../../src/runner/report.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { FakeCore } from '../helpers/fake-core.ts';
import { redactorOf } from '../helpers/redactor.ts';
import { scriptedTransport } from '../helpers/scripted-transport.ts';

const INPUTS = {
  access_key: 'AK-plan-0001',
  secret_key: 'SK-plan-0002',
  accountserviceid: '12345',
  imageid: '77',
  machineid: '9001',
  gameid: '501',
  dry_run: 'true',
  reject_locking_diff: 'true',
  api_url: 'https://api.test'
};

/** A dry run's context on a transport that answers the safe reads only (image 77 locked by diff 218595). */
function planned(): { ctx: StageContext; plan: Plan; core: FakeCore; sent: HttpRequest[] } {
  const core = new FakeCore(INPUTS);
  const settings = readSettings((name) => core.getInput(name));
  const plan = new Plan(settings, core);
  const sent: HttpRequest[] = [];
  const transport = scriptedTransport((request) => {
    sent.push(request);
    if (!request.url.pathname.endsWith('/image/options')) throw new Error(`a dry run sent ${request.url.pathname}`);
    const body = { success: true, diffid: 218595, games: [{ gameid: 501 }], images: [{ imageid: 77 }], machines: [] };
    return { status: 200, statusText: 'OK', headers: {}, body: JSON.stringify(body) };
  });
  const clock = new FakeClock();
  const client = new ClanforgeClient({
    apiUrl: settings.apiUrl,
    credentials: settings.auth,
    accountServiceId: settings.auth.accountServiceId,
    transport,
    userAgent: 'test/1',
    sleep: clock.sleep.bind(clock),
    now: clock.now.bind(clock),
    log: core,
    redact: redactorOf(settings.auth),
    plan
  });
  const ctx: StageContext = {
    client,
    settings,
    log: planLog(core, plan),
    outputs: new StepOutputs(core),
    clock,
    signal: new AbortController().signal,
    deadline: () => clock.now() + settings.waitTimeoutMs,
    report: emptyReport(),
    started: clock.now(),
    defaultUpdateDesc: 'v1 (abc1234)',
    image: { imageId: 77, gameId: 501 },
    plan
  };
  plan.attach(ctx);
  return { ctx, plan, core, sent };
}

/** A rule as a stage would write it: make a diff of the image (its lock handled as every call on the image is), wait for it, reject it. */
async function aNewRule(ctx: StageContext): Promise<void> {
  const made = await withLockHandling(ctx, {
    imageId: 77,
    what: 'create the image diff',
    again: 'creating the diff again',
    call: () => ctx.client.diffs.create({ imageId: 77, machineId: 9001 })
  });
  const row = addRow(ctx, 'Image diff', made.diffId, made.job);
  await waitForStageJob(ctx, row, made.job, async () => made.job, { polls: 'GET /cfp/v1/imagediff/{diffid}/status', noun: 'diff' });
  await ctx.client.diffs.reject(made.diffId);
}

describe('the plan follows the stages', () => {
  it('records a rule written as stage code, answered as the service would, with no dry-run file knowing it', async () => {
    const { ctx, plan, sent } = planned();
    await aNewRule(ctx);
    expect(plan.record.requests.map((r) => `${r.path}?${r.shownQuery} | ${r.purpose}`)).toEqual([
      // The image is locked: the service refuses the first diff; the lock handling (locks.ts) rejects the locking diff and tries once more.
      '/cfp/v1/imagediff/create?accountserviceid=12345&imageid=77&machineid=9001 | diff image 77 against machine 9001: refused while diff 218595 locks the image (image locked by diffid: 218595)',
      '/cfp/v1/imagediff/218595/reject?accountserviceid=12345&reinstall=0 | reject diff 218595 (reinstall=0)',
      '/cfp/v1/imagediff/create?accountserviceid=12345&imageid=77&machineid=9001 | diff image 77 against machine 9001; a real run then polls GET /cfp/v1/imagediff/{diffid}/status until it ends',
      '/cfp/v1/imagediff/{diffid}/reject?accountserviceid=12345&reinstall=0 | reject diff {diffid} (reinstall=0)'
    ]);
    expect(plan.record.reads).toEqual(['image 77: locked by diff 218595']);
    // Safe reads only went out: image/options with the pair.
    expect(sent.map((r) => r.url.search)).toEqual(['?accountserviceid=12345&gameid=501&imageid=77']);
  });

  it("the stages' own lines go to the debug log, with planned ids named as the field they stand for", async () => {
    const { ctx, core } = planned();
    await aNewRule(ctx);
    const warnings = core.messages('warning');
    expect(warnings).toEqual([
      'Dry run: Image 77 is locked by diff 218595. reject_locking_diff is true: REJECTING DIFF 218595 (reinstall=0) and creating the diff again, once.'
    ]);
    expect(core.messages('info').join('\n')).not.toMatch(/9007199254/);
  });
});
