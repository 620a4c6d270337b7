// Generated from action.yml by scripts/cli-inputs.ts (npm run cli-inputs): do not edit.
// __tests__/cli/action-inputs.test.ts fails when it differs from action.yml.

/** One input of the action, as the command line offers it. */
export interface ActionInput {
  /** The input's name in action.yml. */
  readonly name: string;
  /** The flag: `--` and the name, `_` as `-`. */
  readonly flag: string;
  /** action.yml's description, word for word. */
  readonly description: string;
  /** action.yml's default, as the runner passes it when the input is not given; null: none. */
  readonly default: string | null;
  readonly required: boolean;
  /** true/false (1/0): a bare flag means true. */
  readonly boolean: boolean;
}

export const INPUTS: readonly ActionInput[] = [
  {
    name: 'token',
    flag: '--token',
    description:
      "A Multiplay API token, sent as Authorization: Bearer (the successor's dialect; api_url then defaults to https://api.multiplay.dev). Give either token or access_key and secret_key, not both. At least 8 characters. Pass it from a secret; it is masked in the log.",
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'access_key',
    flag: '--access-key',
    description:
      "Clanforge access key (from the dashboard's Auth Keys page), sent with secret_key as Authorization Basic. Give either access_key and secret_key or token. At least 8 characters. Pass it from a secret; it is masked in the log.",
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'secret_key',
    flag: '--secret-key',
    description: 'Clanforge secret key, with access_key. At least 8 characters. Pass it from a secret; it is masked in the log.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'accountserviceid',
    flag: '--accountserviceid',
    description:
      'Account service id (ASID), a positive integer. Required with access_key and secret_key; optional with token (the token scopes the account; then it is sent only on the rollout status path, which names it), and so required with token for wait_for rollout.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'diffid',
    flag: '--diffid',
    description:
      'Id of a completed image difference analysis to turn into a new image version. A positive integer. Without it, give imageid and machineid and the action creates the diff itself.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'machineid',
    flag: '--machineid',
    description:
      'The build machine holding the new files. With imageid and no diffid, the action creates the diff (imagediff/create) from this machine. A positive integer.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'update',
    flag: '--update',
    description:
      "Without diffid: first run imageupdate/create on machineid, then diff. Without update_url, the build machine pulls from the image's default update URL. update_url implies update. Boolean: true/false, 1/0.",
    default: 'false',
    required: false,
    boolean: true
  },
  {
    name: 'update_url',
    flag: '--update-url',
    description:
      'URL of the build to pull onto machineid first (imageupdate/create, waited for), then diff; not with diffid. s3://ACCESS:SECRET@bucket/folder/?region=..., steam://USER:PASSWORD@install/APPID/?beta=..., gs://bucket/folder?credentials=<URL-encoded service-account JSON>, cos://... or http(s)://; credentials inside are percent-encoded once (the action encodes the whole URL again). Treated as a secret and masked, with every credential inside it.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'update_desc',
    flag: '--update-desc',
    description: "Description of the image update (always sent; Clanforge requires it). Default is the run's ref and short commit.",
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'on_no_changes',
    flag: '--on-no-changes',
    description:
      'When the diff has no changes: deploy (go on, as a full version), skip (reject the empty diff, create nothing, succeed with skipped=true) or fail (reject it and fail).',
    default: 'deploy',
    required: false,
    boolean: false
  },
  {
    name: 'reject_locking_diff',
    flag: '--reject-locking-diff',
    description:
      'When diff creation or the image update fails with "image locked by diffid: N", reject diff N (reinstall=0) and retry that call once, logging it loudly. A lock by an image update ("locked by updateid: N") always fails, naming it. Default false: the step fails naming N and the remedy. Boolean: true/false, 1/0.',
    default: 'false',
    required: false,
    boolean: true
  },
  {
    name: 'restart',
    flag: '--restart',
    description: "Stop the image's game servers during the install and restart them after (sent as restart=1/0). Boolean: true/false, 1/0.",
    default: 'false',
    required: false,
    boolean: true
  },
  {
    name: 'full',
    flag: '--full',
    description:
      'Create a full image instead of a differential one (sent as full=1/0 only when given). Must be true when the diff has no changes. Boolean: true/false, 1/0, or auto: read the diff and send full=1 only when it has no changes (Clanforge refuses a differential version from an empty diff).',
    default: null,
    required: false,
    boolean: true
  },
  {
    name: 'game_build',
    flag: '--game-build',
    description:
      'Free-form game build string (for example the tag name); becomes the version of the Clanforge Game Version when the job completes.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'force',
    flag: '--force',
    description: 'Go ahead even while the image has active allocations (sent as force=1/0). Boolean: true/false, 1/0.',
    default: 'false',
    required: false,
    boolean: true
  },
  {
    name: 'install_at',
    flag: '--install-at',
    description:
      'When the install job should start, as unix seconds or an ISO-8601 date-time with a zone (for example 2026-12-01T03:00:00Z). Default is now.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'disable_timeout',
    flag: '--disable-timeout',
    description:
      'Whole minutes (> 0) after which machines that have not reported success are disabled, once disable_percentage of machines installed. Only together with disable_percentage.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'disable_percentage',
    flag: '--disable-percentage',
    description:
      'Share of machines (0.00 to 100.00) that must install successfully before slow machines are disabled after disable_timeout. Only together with disable_timeout.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'wait',
    flag: '--wait',
    description: 'Wait until the image version job is Complete, Failed or Squashed. Boolean: true/false, 1/0.',
    default: 'false',
    required: false,
    boolean: true
  },
  {
    name: 'wait_timeout',
    flag: '--wait-timeout',
    description:
      'How long to wait, as seconds or a duration such as 90s, 30m, 2h; at most 6h. Counted from the first wait and shared by every stage waited on (image update, diff, version job, rollout); a Retry-After on a create call longer than it is not waited for. The job goes on in Clanforge when the wait times out.',
    default: '3600',
    required: false,
    boolean: false
  },
  {
    name: 'poll_interval',
    flag: '--poll-interval',
    description:
      'Time between status polls while the end of the job is far, as whole seconds (>= 1) or a duration such as 15s or 1m, at most 6h; polls come sooner as the job nears its end, never more than once a second.',
    default: '10',
    required: false,
    boolean: false
  },
  {
    name: 'wait_for',
    flag: '--wait-for',
    description:
      'What to wait for: job (the image version job ends) or rollout (then also until no machine is pending, across all fleets and regions). rollout needs imageid and implies wait; wait_timeout covers both.',
    default: 'job',
    required: false,
    boolean: false
  },
  {
    name: 'imageid',
    flag: '--imageid',
    description:
      'Id of the image to update. Required without diffid (with machineid, the action creates the diff) and with wait_for rollout, whose status is read per image. A positive integer.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'gameid',
    flag: '--gameid',
    description:
      'Id of the game the image belongs to, a positive integer. Optional: image/options (what locks the image, read by a dry run and after a create whose answer was lost) takes gameid and imageid together. When not given, the action reads it from the diff (diff_info) or from image/options; give it when the account has several games and the image cannot be found there.',
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'max_failed_machines',
    flag: '--max-failed-machines',
    description: 'With wait_for rollout, the step fails as soon as more machines than this failed to install. A whole number >= 0.',
    default: '0',
    required: false,
    boolean: false
  },
  {
    name: 'api_url',
    flag: '--api-url',
    description:
      "Origin of the API (a path prefix is kept). Empty (the default): https://api.multiplay.dev with token (the successor), https://api.multiplay.co.uk with access_key and secret_key (Clanforge, Unity's hosting). https only; plain http is accepted for loopback hosts (127.0.0.0/8, localhost, [::1]), for the emulator.",
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'environment',
    flag: '--environment',
    description:
      "Optional GitHub environment name (for example production). When set, the release is recorded as a GitHub deployment of the run's commit in that environment, with a status per stage (needs permissions: deployments: write); every text sent is scrubbed of the step's secrets. When the job itself declares environment: with the same name, GitHub already records the job as a deployment there: the action adds none and says so in a notice (give the job's environment deployment: false to have the action's record instead). Empty: nothing is sent to GitHub. A failing GitHub API only gives one warning; it never fails the step.",
    default: null,
    required: false,
    boolean: false
  },
  {
    name: 'github_token',
    flag: '--github-token',
    description:
      "Token for the GitHub deployment (used only when environment is set; masked in every form). Needs deployments write permission. Sent only to GITHUB_API_URL's origin (redirects elsewhere are not followed).",
    default: '${{ github.token }}',
    required: false,
    boolean: false
  },
  {
    name: 'dry_run',
    flag: '--dry-run',
    description:
      "Validate the inputs, make only safe reads (the diff's status and changes, what locks the image), and print and summarize the requests a real run would send, changing nothing. Fails on what a real run would refuse (a locked image, an empty diff without full, a diff that is not complete). Boolean: true/false, 1/0.",
    default: 'false',
    required: false,
    boolean: true
  }
];

/** The action's outputs, in action.yml's order: --json prints each. */
export const OUTPUTS: readonly { readonly name: string; readonly description: string }[] = [
  {
    name: 'imageversionid',
    description:
      "Id of the image version that was created (also when the create's answer was lost and the safe reads afterwards found the version)."
  },
  {
    name: 'jobstatename',
    description:
      "Name of the job's last known state as Clanforge sent it (Created, Pending, Queued, Running, Complete or Completed, Failed, Squashed). Compare jobstateid in conditions, not this name."
  },
  {
    name: 'jobstateid',
    description: "Id of the job's last known state (1 Created, 2 Pending, 3 Queued, 4 Running, 5 Complete, 6 Failed, 7 Squashed)."
  },
  { name: 'jobprogress', description: 'Job progress in percent (0 to 100).' },
  { name: 'jobfailed', description: 'Non-zero when the job failed.' },
  { name: 'joberror', description: "The job's error text, empty when there is none." },
  { name: 'jobeta', description: 'Estimated end of the job as unix seconds, empty when unknown.' },
  { name: 'jobcreated', description: 'When the job was created, as unix seconds.' },
  { name: 'jobupdated', description: 'When the job was last updated, as unix seconds.' },
  { name: 'diffid', description: 'Id of the image diff the version was (or would be) created from, given or created by the action.' },
  { name: 'updateid', description: 'Id of the image update, when update or update_url was given.' },
  {
    name: 'files_added',
    description: 'Files the diff added, when the action read the diff (it made it, or full auto, or on_no_changes other than deploy).'
  },
  { name: 'files_modified', description: 'Files the diff modified, when the action read the diff.' },
  { name: 'files_removed', description: 'Files the diff removed, when the action read the diff.' },
  { name: 'skipped', description: 'true when the diff had no changes and on_no_changes is skip (nothing was created), else false.' },
  { name: 'completed_machines', description: 'With wait_for rollout, machines that installed the new version (last known count).' },
  { name: 'pending_machines', description: 'With wait_for rollout, machines still pending the install (last known count).' },
  { name: 'failed_machines', description: 'With wait_for rollout, machines that failed to install (last known count).' },
  { name: 'rollout', description: 'With wait_for rollout, how the rollout wait ended: complete, failed or timeout.' },
  {
    name: 'deployment_id',
    description: 'Id of the GitHub deployment recording the release, when environment is set and GitHub accepted it; empty otherwise.'
  },
  { name: 'dry_run', description: 'true on a dry run (nothing was changed), false on a real run; empty when the inputs were invalid.' }
];
