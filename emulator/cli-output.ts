// What the CLI prints: how to reach the emulator, and one line per request.
import { DEFAULT_DIFF_DURATION_SECONDS, DEFAULT_UPDATE_DURATION_SECONDS } from './defaults.ts';
import { resolveDiffChanges } from './diffs.ts';
import { gameOf, machineCount } from './images.ts';
import { resolveJobPlan } from './job-timeline.ts';
import type { ResolvedJobPlan } from './job-timeline.ts';
import { resolveRolloutPlan } from './rollout.ts';
import type { Emulator, EmulatorOptions, RecordedRequest } from './types.ts';

const realSeconds = (emulated: number, scale: number): number => Math.round((emulated / scale) * 10) / 10;

function planSummary(plan: ResolvedJobPlan, scale: number): string {
  const outcome = plan.outcome === 'complete' ? 'complete' : plan.outcome === 'failed' ? 'fail' : 'are squashed';
  return `${outcome} after ${plan.durationSeconds} emulated s = ${realSeconds(plan.durationSeconds, scale)} s real`;
}

function jobSummary(options: EmulatorOptions): string {
  const scale = options.time?.scale ?? 1;
  return `jobs ${planSummary(resolveJobPlan(options.versions?.plan), scale)} (time scale ${scale})`;
}

function diffSummary(emulator: Emulator, options: EmulatorOptions): string {
  const scale = options.time?.scale ?? 1;
  const plan = resolveJobPlan({ durationSeconds: DEFAULT_DIFF_DURATION_SECONDS }, options.diffs?.plan);
  const changes = resolveDiffChanges(options.diffs?.plan);
  const found = [changes.added, changes.modified, changes.removed].every((list) => list.length === 0)
    ? 'no changes (full=1 needed)'
    : `${changes.added.length} added, ${changes.modified.length} modified, ${changes.removed.length} removed`;
  const imageid = emulator.images[0]?.imageid;
  const lock = imageid === undefined ? null : emulator.imageLock(imageid);
  const locked = lock === null ? '' : `; image ${imageid} locked by diffid ${lock}`;
  return `diffs ${planSummary(plan, scale)}, ${found}${locked}`;
}

function rolloutSummary(emulator: Emulator, options: EmulatorOptions): string {
  const plan = resolveRolloutPlan(options.rollouts?.plan);
  const scale = options.time?.scale ?? 1;
  const image = emulator.images[0];
  if (image === undefined) return 'no image';
  const machines = machineCount(image);
  const pace =
    plan.outcome === 'stuck' ? 'never finishes installing (stuck)' : `installs over ${realSeconds(plan.durationSeconds, scale)} s real`;
  const delay = plan.delaySeconds > 0 ? ` starting ${realSeconds(plan.delaySeconds, scale)} s after Complete` : '';
  const failed = typeof plan.failedMachines === 'number' && plan.failedMachines > 0 ? `, ${plan.failedMachines} machines fail` : '';
  return `image ${image.imageid}, ${machines} machines in ${image.fleets.length} fleets: a completed version ${pace}${delay}${failed}`;
}

/** How to authenticate, in the emulator's dialect: the banner lines, action inputs, env and curl flags. */
function dialect(
  emulator: Emulator,
  asid: number | undefined,
  lenient: boolean
): { lines: string[]; inputs: string[]; env: string; curl: string; query: string } {
  if (emulator.authMode === 'bearer') {
    const onV1 = lenient ? 'optional on v1 calls' : 'the token scopes the account: v1 calls refuse accountserviceid';
    return {
      lines: [`  token (Bearer)    ${emulator.token}`, `  accountserviceid  ${emulator.accountServiceIds.join(', ')} (${onV1})`],
      inputs: [`      token: ${emulator.token}`, `      accountserviceid: ${asid}`],
      env: `INPUT_TOKEN=${emulator.token}`,
      curl: `-H 'Authorization: Bearer ${emulator.token}'`,
      query: ''
    };
  }
  return {
    lines: [
      `  access key        ${emulator.accessKey}`,
      `  secret key        ${emulator.secretKey}`,
      `  accountserviceid  ${emulator.accountServiceIds.join(', ')}`
    ],
    inputs: [`      access_key: ${emulator.accessKey}`, `      secret_key: ${emulator.secretKey}`, `      accountserviceid: ${asid}`],
    env: `INPUT_ACCESS_KEY=${emulator.accessKey} INPUT_SECRET_KEY=${emulator.secretKey}`,
    curl: `-u ${emulator.accessKey}:${emulator.secretKey}`,
    query: `accountserviceid=${asid}&`
  };
}

export function banner(emulator: Emulator, options: EmulatorOptions, faultSpecs: readonly string[]): string {
  const asid = emulator.accountServiceIds[0];
  const lenient = options.params === 'lenient';
  const auth = dialect(emulator, asid, lenient);
  const image = emulator.images[0];
  const imageid = image?.imageid;
  const gameid = image === undefined ? undefined : gameOf(image);
  const lines = [
    `Clanforge API emulator listening on ${emulator.url}`,
    ...auth.lines,
    `  image versions    ${jobSummary(options)}`,
    `  image updates     updates ${planSummary(resolveJobPlan({ durationSeconds: DEFAULT_UPDATE_DURATION_SECONDS }, options.updates?.plan), options.time?.scale ?? 1)}`,
    `  image diffs       ${diffSummary(emulator, options)}`,
    `  rollout           ${rolloutSummary(emulator, options)}`
  ];
  if (emulator.images.length > 1) {
    lines.push(`  images            ${emulator.images.map((each) => `${each.imageid} (game ${gameOf(each)})`).join(', ')}`);
  }
  if (imageid !== undefined && emulator.latestVersionFull(imageid)) {
    lines.push('  latest version    full: a diff with no changes must be rejected');
  }
  if (emulator.images[0]?.updateUrl !== undefined) lines.push('  default update    set: imageupdate/create may leave out url');
  lines.push(
    lenient
      ? '  parameters        lenient: unknown ones ignored, image/options takes imageid alone'
      : '  parameters        strict: only the documented ones (--lenient to relax)'
  );
  const allocations = options.versions?.activeAllocations ?? 0;
  if (allocations > 0) lines.push(`  allocations       ${allocations} active: create needs force=1`);
  for (const spec of faultSpecs) lines.push(`  fault             ${spec}`);
  const installs = `${emulator.url}/cfp/v1/imageinstall/status${auth.query === '' ? '' : `?${auth.query.slice(0, -1)}`}`;
  lines.push(
    '',
    'Point the action at it with api_url (plain http is accepted for loopback):',
    '  - uses: ./',
    '    with:',
    `      api_url: ${emulator.url}`,
    ...auth.inputs,
    '      diffid: 1',
    '      wait: true',
    '',
    'Or run the bundled action locally:',
    `  INPUT_API_URL=${emulator.url} ${auth.env} \\`,
    `  INPUT_ACCOUNTSERVICEID=${asid} INPUT_DIFFID=1 INPUT_WAIT=true node dist/index.js`,
    '',
    'Or by hand:',
    `  curl ${auth.curl} '${emulator.url}/cfp/v1/imageversion/create?${auth.query}diffid=1&restart=0'`,
    `  curl ${auth.curl} '${emulator.url}/cfp/v2/project/${asid}/image/${imageid}/status?detail=true'`,
    `  curl ${auth.curl} '${emulator.url}/cfp/v1/imagediff/create?${auth.query}imageid=${imageid}&machineid=1'`,
    `  curl ${auth.curl} '${installs}'`,
    `  curl ${auth.curl} '${emulator.url}/cfp/v1/image/options?${auth.query}gameid=${gameid}&imageid=${imageid}'`,
    '',
    'Ctrl-C stops the emulator.'
  );
  return lines.join('\n');
}

function jobState(body: string | null): string {
  if (body === null) return '';
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return '';
    const fields = parsed as Record<string, unknown>;
    if (typeof fields.error_message === 'string') return ` ${fields.error_message}`;
    if (fields.pending_machines !== undefined) {
      return ` pending ${String(fields.pending_machines)} failed ${String(fields.failed_machines)} completed ${String(fields.completed_machines)}`;
    }
    if (fields.jobstatename === undefined) return '';
    return ` ${String(fields.jobstatename)} ${String(fields.jobprogress)}%`;
  } catch {
    return '';
  }
}

export function requestLine(request: RecordedRequest): string {
  const time = new Date(request.time).toISOString().slice(11, 19);
  const fault = request.fault === null ? '' : ` [fault: ${request.fault}]`;
  return `${time} ${request.method} ${request.url} -> ${request.status}${jobState(request.responseBody)}${fault}`;
}
