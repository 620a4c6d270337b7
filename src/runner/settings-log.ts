/** The settings as read, for the debug log: one `name=value` line per input, secrets never shown. */
import type { Settings } from '../settings/settings.ts';
import type { ActionsCore } from './core.ts';

type Row = [name: string, value: string | number | boolean];

/** The source inputs: a given diff, or the build to diff (the update URL only as set or not: it may hold keys). */
function sourceRows(s: Settings): [Row, Row, Row, Row] {
  const source = s.source;
  const updateUrl =
    source.kind === 'build' && source.update ? (source.update.url !== undefined ? '(set, masked)' : "(the image's default)") : '(none)';
  return [
    ['diffid', source.kind === 'diff' ? source.diffId : '(made by the action)'],
    ['imageid', s.imageId ?? '(none)'],
    ['machineid', source.kind === 'build' ? source.machineId : '(none)'],
    ['update_url', updateUrl]
  ];
}

/** Every input as the action reads it, in action.yml's order. */
export function settingsRows(s: Settings): Row[] {
  const [diffid, imageid, machineid, updateUrl] = sourceRows(s);
  return [
    ['accountserviceid', s.auth.accountServiceId ?? '(not sent)'],
    diffid,
    ['restart', s.restart],
    ['full', s.full ?? '(not sent)'],
    ['force', s.force],
    ['game_build', s.gameBuild ?? '(not sent)'],
    ['install_at', s.installAt ?? '(not sent)'],
    ['disable_timeout', s.disableTimeout ?? '(not sent)'],
    ['disable_percentage', s.disablePercentage ?? '(not sent)'],
    imageid,
    ['gameid', s.gameId ?? '(not given)'],
    machineid,
    updateUrl,
    ['on_no_changes', s.onNoChanges],
    ['reject_locking_diff', s.rejectLockingDiff],
    ['wait', s.wait.kind !== 'none'],
    ['wait_for', s.wait.kind === 'rollout' ? 'rollout' : 'job'],
    ['max_failed_machines', s.wait.kind === 'rollout' ? s.wait.maxFailedMachines : 0],
    ['wait_timeout', `${s.waitTimeoutMs / 1000}s`],
    ['poll_interval', `${s.pollIntervalMs / 1000}s`],
    ['api_url', s.apiUrl.href],
    ['auth', s.auth.kind === 'token' ? 'token (Bearer)' : 'keys (Basic)'],
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
