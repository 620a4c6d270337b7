/** The settings as read, for the debug log: one `name=value` line per input, secrets never shown. */
import type { Settings } from '../settings/settings.ts';
import type { ActionsCore } from './core.ts';

type Row = [name: string, value: string | number | boolean];

/** The build update: whether one is made, its URL only as set or not (it may hold keys), its description. */
function updateRows(s: Settings): [Row, Row, Row] {
  const update = s.source.kind === 'build' ? s.source.update : undefined;
  const url = update === undefined ? '(none)' : update.url !== undefined ? '(set, masked)' : "(the image's default)";
  const desc = update === undefined ? '(none)' : (update.desc ?? "(the run's ref and commit)");
  return [
    ['update', update !== undefined],
    ['update_url', url],
    ['update_desc', desc]
  ];
}

/** Every input as the action reads it, in action.yml's order: 'auth' in place of the keys and token, update_url only as set or not, no github_token. */
export function settingsRows(s: Settings): Row[] {
  const source = s.source;
  return [
    ['auth', s.auth.kind === 'token' ? 'token (Bearer)' : 'keys (Basic)'],
    ['accountserviceid', s.auth.accountServiceId ?? '(not sent)'],
    ['diffid', source.kind === 'diff' ? source.diffId : '(made by the action)'],
    ['machineid', source.kind === 'build' ? source.machineId : '(none)'],
    ...updateRows(s),
    ['on_no_changes', s.onNoChanges],
    ['reject_locking_diff', s.rejectLockingDiff],
    ['restart', s.restart],
    ['full', s.full ?? '(not sent)'],
    ['game_build', s.gameBuild ?? '(not sent)'],
    ['force', s.force],
    ['install_at', s.installAt ?? '(not sent)'],
    ['disable_timeout', s.disableTimeout ?? '(not sent)'],
    ['disable_percentage', s.disablePercentage ?? '(not sent)'],
    ['wait', s.wait.kind !== 'none'],
    ['wait_timeout', `${s.waitTimeoutMs / 1000}s`],
    ['poll_interval', `${s.pollIntervalMs / 1000}s`],
    ['wait_for', s.wait.kind === 'rollout' ? 'rollout' : 'job'],
    ['imageid', s.imageId ?? '(none)'],
    ['gameid', s.gameId ?? '(not given)'],
    ['max_failed_machines', s.wait.kind === 'rollout' ? s.wait.maxFailedMachines : 0],
    ['api_url', s.apiUrl.href],
    ['environment', s.deployment?.environment ?? '(none: no GitHub deployment)'],
    ['dry_run', s.dryRun]
  ];
}

/** The settings, one per debug line, in a group (only when debug logging is on: an empty group would show). */
export function logSettings(core: Pick<ActionsCore, 'debug' | 'isDebug' | 'startGroup' | 'endGroup'>, s: Settings): void {
  if (!core.isDebug()) return;
  core.startGroup('Settings');
  for (const [name, value] of settingsRows(s)) core.debug(`${name}=${value}`);
  core.endGroup();
}
