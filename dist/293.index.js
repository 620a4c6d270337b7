export const id = 293;
export const ids = [293];
export const modules = {

/***/ 1293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commandLine: () => (/* binding */ commandLine)
});

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/cli/action-inputs.ts
// Generated from action.yml by scripts/cli-inputs.ts (npm run cli-inputs): do not edit.
// __tests__/cli/action-inputs.test.ts fails when it differs from action.yml.
const INPUTS = [
    {
        name: 'token',
        flag: '--token',
        description: "A Multiplay API token, sent as Authorization: Bearer (the successor's dialect; api_url then defaults to https://api.multiplay.dev). Give either token or access_key and secret_key, not both. At least 8 characters. Pass it from a secret; it is masked in the log.",
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'access_key',
        flag: '--access-key',
        description: "Clanforge access key (from the dashboard's Auth Keys page), sent with secret_key as Authorization Basic. Give either access_key and secret_key or token. At least 8 characters. Pass it from a secret; it is masked in the log.",
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
        description: 'Account service id (ASID), a positive integer. Required with access_key and secret_key; optional with token (the token scopes the account; then it is sent only on the rollout status path, which names it), and so required with token for wait_for rollout.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'diffid',
        flag: '--diffid',
        description: 'Id of a completed image difference analysis to turn into a new image version. A positive integer. Without it, give imageid and machineid and the action creates the diff itself.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'machineid',
        flag: '--machineid',
        description: 'The build machine holding the new files. With imageid and no diffid, the action creates the diff (imagediff/create) from this machine. A positive integer.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'update',
        flag: '--update',
        description: "Without diffid: first run imageupdate/create on machineid, then diff. Without update_url, the build machine pulls from the image's default update URL. update_url implies update. Boolean: true/false, 1/0.",
        default: 'false',
        required: false,
        boolean: true
    },
    {
        name: 'update_url',
        flag: '--update-url',
        description: 'URL of the build to pull onto machineid first (imageupdate/create, waited for), then diff; not with diffid. s3://ACCESS:SECRET@bucket/folder/?region=..., steam://USER:PASSWORD@install/APPID/?beta=..., gs://bucket/folder?credentials=<URL-encoded service-account JSON>, cos://... or http(s)://; credentials inside are percent-encoded once (the action encodes the whole URL again). Treated as a secret and masked, with every credential inside it.',
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
        description: 'When the diff has no changes: deploy (go on, as a full version), skip (reject the empty diff, create nothing, succeed with skipped=true) or fail (reject it and fail).',
        default: 'deploy',
        required: false,
        boolean: false
    },
    {
        name: 'reject_locking_diff',
        flag: '--reject-locking-diff',
        description: 'When diff creation or the image update fails with "image locked by diffid: N", reject diff N (reinstall=0) and retry that call once, logging it loudly. A lock by an image update ("locked by updateid: N") always fails, naming it. Default false: the step fails naming N and the remedy. Boolean: true/false, 1/0.',
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
        description: 'Create a full image instead of a differential one (sent as full=1/0 only when given). Must be true when the diff has no changes. Boolean: true/false, 1/0, or auto: read the diff and send full=1 only when it has no changes (Clanforge refuses a differential version from an empty diff).',
        default: null,
        required: false,
        boolean: true
    },
    {
        name: 'game_build',
        flag: '--game-build',
        description: 'Free-form game build string (for example the tag name); becomes the version of the Clanforge Game Version when the job completes.',
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
        description: 'When the install job should start, as unix seconds or an ISO-8601 date-time with a zone (for example 2026-12-01T03:00:00Z). Default is now.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'disable_timeout',
        flag: '--disable-timeout',
        description: 'Whole minutes (> 0) after which machines that have not reported success are disabled, once disable_percentage of machines installed. Only together with disable_percentage.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'disable_percentage',
        flag: '--disable-percentage',
        description: 'Share of machines (0.00 to 100.00) that must install successfully before slow machines are disabled after disable_timeout. Only together with disable_timeout.',
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
        description: 'How long to wait, as seconds or a duration such as 90s, 30m, 2h; at most 6h. Counted from the first wait and shared by every stage waited on (image update, diff, version job, rollout); a Retry-After on a create call longer than it is not waited for. The job goes on in Clanforge when the wait times out.',
        default: '3600',
        required: false,
        boolean: false
    },
    {
        name: 'poll_interval',
        flag: '--poll-interval',
        description: 'Time between status polls while the end of the job is far, as whole seconds (>= 1) or a duration such as 15s or 1m, at most 6h; polls come sooner as the job nears its end, never more than once a second.',
        default: '10',
        required: false,
        boolean: false
    },
    {
        name: 'wait_for',
        flag: '--wait-for',
        description: 'What to wait for: job (the image version job ends) or rollout (then also until no machine is pending, across all fleets and regions). rollout needs imageid and implies wait; wait_timeout covers both.',
        default: 'job',
        required: false,
        boolean: false
    },
    {
        name: 'imageid',
        flag: '--imageid',
        description: 'Id of the image to update. Required without diffid (with machineid, the action creates the diff) and with wait_for rollout, whose status is read per image. A positive integer.',
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'gameid',
        flag: '--gameid',
        description: 'Id of the game the image belongs to, a positive integer. Optional: image/options (what locks the image, read by a dry run and after a create whose answer was lost) takes gameid and imageid together. When not given, the action reads it from the diff (diff_info) or from image/options; give it when the account has several games and the image cannot be found there.',
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
        description: "Origin of the API (a path prefix is kept). Empty (the default): https://api.multiplay.dev with token (the successor), https://api.multiplay.co.uk with access_key and secret_key (Clanforge, Unity's hosting). https only; plain http is accepted for loopback hosts (127.0.0.0/8, localhost, [::1]), for the emulator.",
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'environment',
        flag: '--environment',
        description: "Optional GitHub environment name (for example production). When set, the release is recorded as a GitHub deployment of the run's commit in that environment, with a status per stage (needs permissions: deployments: write); every text sent is scrubbed of the step's secrets. When the job itself declares environment: with the same name, GitHub already records the job as a deployment there: the action adds none and says so in a notice (give the job's environment deployment: false to have the action's record instead). Empty: nothing is sent to GitHub. A failing GitHub API only gives one warning; it never fails the step.",
        default: null,
        required: false,
        boolean: false
    },
    {
        name: 'github_token',
        flag: '--github-token',
        description: "Token for the GitHub deployment (used only when environment is set; masked in every form). Needs deployments write permission. Sent only to GITHUB_API_URL's origin (redirects elsewhere are not followed).",
        default: '${{ github.token }}',
        required: false,
        boolean: false
    },
    {
        name: 'dry_run',
        flag: '--dry-run',
        description: "Validate the inputs, make only safe reads (the diff's status and changes, what locks the image), and print and summarize the requests a real run would send, changing nothing. Fails on what a real run would refuse (a locked image, an empty diff without full, a diff that is not complete). Boolean: true/false, 1/0.",
        default: 'false',
        required: false,
        boolean: true
    }
];
/** The action's outputs, in action.yml's order: --json prints each. */
const OUTPUTS = [
    {
        name: 'imageversionid',
        description: "Id of the image version that was created (also when the create's answer was lost and the safe reads afterwards found the version)."
    },
    {
        name: 'jobstatename',
        description: "Name of the job's last known state as Clanforge sent it (Created, Pending, Queued, Running, Complete or Completed, Failed, Squashed). Compare jobstateid in conditions, not this name."
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

;// CONCATENATED MODULE: ./src/cli/environment.ts
/**
 * What the command line takes from the environment instead of flags: the secrets, and a
 * build URL that carries credentials. A command line stays in shell history and in
 * process lists (`ps`), so no secret is ever taken from it; each CI system hands its
 * stored secrets to a job as environment variables.
 */
/** The action's secret inputs and the variable each comes from. */
const SECRET_VARIABLES = {
    token: 'MULTIPLAY_TOKEN',
    access_key: 'CLANFORGE_ACCESS_KEY',
    secret_key: 'CLANFORGE_SECRET_KEY',
    github_token: 'GITHUB_TOKEN'
};
/** The build URL (input update_url) from the environment: required when it carries credentials, accepted for any. */
const UPDATE_URL_VARIABLE = 'CLANFORGE_UPDATE_URL';
/** The variable a secret input comes from, or undefined for an input given as a flag. */
function secretVariable(name) {
    return Object.prototype.hasOwnProperty.call(SECRET_VARIABLES, name) ? SECRET_VARIABLES[name] : undefined;
}

;// CONCATENATED MODULE: ./src/cli/flags.ts
/**
 * The flags of each command. A release takes every input of the action but the secrets,
 * named after it (`update_url` → `--update-url`, action-inputs.ts is generated from
 * action.yml), and the command line's own: --json, --summary, --debug, --help.
 * `ids` takes the few it needs.
 */


/** `update_url` → `--update-url`. */
function flagOf(name) {
    return `--${name.replaceAll('_', '-')}`;
}
/** The inputs a release takes as flags: all but the secrets, which come from the environment. */
const INPUT_FLAGS = INPUTS.filter((input) => secretVariable(input.name) === undefined);
const JSON_FLAG = {
    flag: '--json',
    value: undefined,
    description: "Print the outputs as one JSON object on stdout (every output of the action, '' when not set)."
};
const RELEASE_FLAGS = [
    JSON_FLAG,
    {
        flag: '--summary',
        value: 'FILE',
        description: "Write the action's job summary (Markdown with HTML tables) to FILE."
    },
    { flag: '--debug', value: undefined, description: "Also print the debug lines (the action's RUNNER_DEBUG)." },
    { flag: '--help', value: undefined, description: 'Print this help.' },
    { flag: '--version', value: undefined, description: "Print the command's version." }
];
/** The inputs ids shares with a release, by name. */
const IDS_INPUTS = (/* unused pure expression or super */ null && (['accountserviceid', 'api_url']));
const IDS_FLAGS = [
    {
        flag: '--accountserviceid',
        value: 'ASID',
        description: 'Account service id (ASID), a positive integer. Required with CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY; optional with MULTIPLAY_TOKEN.'
    },
    {
        flag: '--api-url',
        value: 'URL',
        description: 'Origin of the API. Default: https://api.multiplay.dev with MULTIPLAY_TOKEN (the successor), https://api.multiplay.co.uk with the Clanforge keys.'
    },
    { flag: '--gameid', value: 'ID', description: "Only this game's images." },
    { ...JSON_FLAG, description: 'Print the listing as one JSON object on stdout instead of a table.' },
    { flag: '--debug', value: undefined, description: 'Also print the debug lines (each request and its answer status).' },
    { flag: '--help', value: undefined, description: 'Print this help.' }
];

;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The command line read into what each command needs, every problem collected (as the
 * settings readers collect theirs), nothing sent before they are all fixed.
 *
 * - `clanforge-image-version [release] [flags]` or `clanforge-image-version ids [flags]`.
 * - `--flag VALUE` or `--flag=VALUE`; a value that starts with `--` only in the `=` form.
 * - A boolean input alone means true (`--dry-run`); its value may follow either way
 *   (`--wait true`, `--wait=false`, also 1/0 as the action takes them).
 * - A secret never comes from a flag: `--token`, `--access-key`, `--secret-key` and
 *   `--github-token` are refused (with or without a value), naming the variable to set.
 * - No value is ever echoed in a problem (it may be a secret typed in the wrong place);
 *   flag names are.
 */



const COMMAND_NAME = 'clanforge-image-version';
function specs(command) {
    const map = new Map();
    const own = command === 'release' ? RELEASE_FLAGS : IDS_FLAGS;
    const inputs = command === 'release' ? INPUT_FLAGS : [];
    for (const input of inputs)
        map.set(input.flag, { kind: 'input', name: input.name, boolean: input.boolean });
    for (const { flag } of own) {
        const name = flag.slice(2);
        if (name === 'summary')
            map.set(flag, { kind: 'own-value', name });
        else if (name === 'json' || name === 'debug' || name === 'help' || name === 'version')
            map.set(flag, { kind: 'own', name });
        else
            map.set(flag, { kind: 'input', name: name.replaceAll('-', '_'), boolean: false });
    }
    map.set('-h', { kind: 'own', name: 'help' });
    return map;
}
/** The variable to set instead of a secret flag (`--access-key`, `--access_key`, any case), or undefined. */
function secretFlagVariable(flag) {
    const normal = flag.toLowerCase().replaceAll('_', '-');
    const found = Object.entries(SECRET_VARIABLES).find(([name]) => flagOf(name) === normal);
    return found?.[1];
}
function secretFlagProblem(flag, variable) {
    return `${flag} is refused: a secret on the command line stays in shell history and process lists; set the environment variable ${variable} instead (from your CI system's secret store)`;
}
function distance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j] ?? 0;
            row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length] ?? 0;
}
/** A flag name as it may be shown: never long (it could be a pasted value). */
function shownFlag(flag) {
    return flag.length > 40 ? `${flag.slice(0, 40)}…` : flag;
}
function unknownFlagProblem(flag, command, known) {
    const normal = flag.toLowerCase().replaceAll('_', '-');
    const close = [...known.keys()]
        .filter((name) => name.startsWith('--'))
        .map((name) => ({ name, d: name === normal ? 0 : distance(normal, name) }))
        .filter(({ d }) => d <= 2)
        .sort((a, b) => a.d - b.d)[0];
    const isReleaseInput = command === 'ids' && INPUTS.some((input) => input.flag === normal);
    const hint = close ? ` (did you mean ${close.name}?)` : isReleaseInput ? ` (${normal} is a flag of a release, not of ids)` : '';
    return `unknown flag ${shownFlag(flag)}${hint}`;
}
const COMMANDS = ['release', 'ids'];
function parseArgs(argv) {
    const first = argv[0];
    const command = first === 'ids' ? 'ids' : 'release';
    const parsed = {
        command,
        help: false,
        version: false,
        inputs: new Map(),
        json: false,
        debug: false,
        summary: undefined,
        problems: []
    };
    const known = specs(command);
    const problem = (text) => void parsed.problems.push(text);
    const given = new Set();
    let i = first !== undefined && COMMANDS.includes(first) ? 1 : 0;
    for (; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (!arg.startsWith('-') || arg === '-' || arg === '--') {
            // A word where a flag was expected; only a command word is shown, as it cannot be a secret.
            if (i === 0 && /^[a-z][a-z-]{0,30}$/.test(arg))
                problem(`unknown command '${arg}': the commands are release (the default) and ids`);
            else
                problem(`unexpected argument #${i + 1}: not a flag nor a flag's value (flags take their value as --flag VALUE or --flag=VALUE)`);
            continue;
        }
        const eq = arg.indexOf('=');
        const flag = eq < 0 ? arg : arg.slice(0, eq);
        const inline = eq < 0 ? undefined : arg.slice(eq + 1);
        const next = argv[i + 1];
        const nextIsValue = next !== undefined && !next.startsWith('--');
        const variable = secretFlagVariable(flag);
        if (variable !== undefined) {
            problem(secretFlagProblem(flag, variable));
            // Its value (if it has one) is skipped, never read as an argument.
            if (inline === undefined && next !== undefined && !next.startsWith('-'))
                i++;
            continue;
        }
        const spec = known.get(flag);
        if (spec === undefined) {
            problem(unknownFlagProblem(flag, command, known));
            // A word after it is taken as its value: one problem, not two.
            if (inline === undefined && next !== undefined && !next.startsWith('-'))
                i++;
            continue;
        }
        if (spec.kind === 'own') {
            if (inline !== undefined)
                problem(`${flag} takes no value`);
            else
                parsed[spec.name] = true;
            continue;
        }
        let value;
        if (inline !== undefined)
            value = inline;
        else if (spec.kind === 'input' && spec.boolean) {
            // A boolean alone is true; a value that follows is its value (the settings reader checks it).
            value = next !== undefined && !next.startsWith('-') ? next : 'true';
            if (value === next)
                i++;
        }
        else if (nextIsValue) {
            value = next;
            i++;
        }
        else {
            problem(next === undefined
                ? `${flag} needs a value: ${flag} VALUE or ${flag}=VALUE`
                : `${flag} needs a value: the next argument is a flag (write ${flag}=VALUE for a value that starts with --)`);
            continue;
        }
        if (given.has(flag)) {
            problem(`${flag} is given more than once: give it once`);
            continue;
        }
        given.add(flag);
        if (spec.kind === 'own-value')
            parsed.summary = value;
        else
            parsed.inputs.set(spec.name, value);
    }
    return parsed;
}
/** The problems as one message, worded as the action words invalid inputs. */
function argumentsMessage(problems) {
    return problems.length === 1
        ? `Invalid argument: ${problems[0]}`
        : `Invalid arguments (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`;
}

;// CONCATENATED MODULE: ./src/cli/help.ts
/**
 * --help: the flags of each command. A release's flags are the action's inputs with
 * action.yml's descriptions word for word (action-inputs.ts is generated from it);
 * __tests__/cli/help.test.ts holds the two equal.
 */



/** Help lines are at most this wide. */
const HELP_WIDTH = 100;
/** A description sits under its flag, indented this far. */
const DESCRIPTION_INDENT = '      ';
/** Words into lines of at most `width` characters (a longer word keeps its own line), each indented. */
function wrap(text, indent, width = HELP_WIDTH) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter((w) => w !== '')) {
        if (line !== '' && indent.length + line.length + 1 + word.length > width) {
            lines.push(indent + line);
            line = word;
        }
        else
            line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '')
        lines.push(indent + line);
    return lines;
}
function flagBlock(head, description) {
    return [`  ${head}`, ...wrap(description, DESCRIPTION_INDENT)];
}
function ownFlags(flags) {
    return flags.flatMap((f) => flagBlock(f.value === undefined ? f.flag : `${f.flag} ${f.value}`, f.description));
}
const ENVIRONMENT = [
    'Secrets come from the environment, never from flags (a command line stays in shell history):',
    '  MULTIPLAY_TOKEN        a Multiplay API token (Bearer; the successor, https://api.multiplay.dev),',
    '  CLANFORGE_ACCESS_KEY   or the Clanforge access key (Basic; with --accountserviceid)',
    '  CLANFORGE_SECRET_KEY   and secret key'
];
function releaseHelp() {
    const inputs = INPUT_FLAGS.flatMap((input) => {
        const value = input.boolean ? '[true|false]' : 'VALUE';
        const def = input.default !== null ? `  (default: ${input.default})` : '';
        return flagBlock(`${input.flag} ${value}${def}`, input.description);
    });
    return [
        `Usage: ${COMMAND_NAME} [release] [flags]`,
        `       ${COMMAND_NAME} ids [flags]      (find your ids: ${COMMAND_NAME} ids --help)`,
        '',
        ...wrap('Ships a game-server build to Multiplay Clanforge as the GitHub Action does, with the same stages ' +
            '(image update, diff, image version, wait, rollout) and the same messages. The log goes to stderr; ' +
            'on a terminal a wait shows one live progress line.', ''),
        '',
        ...ENVIRONMENT,
        `  ${UPDATE_URL_VARIABLE.padEnd(22)} the build URL as --update-url takes it; required when it holds credentials`,
        '  GITHUB_TOKEN           with --environment only: the GitHub deployment record, with',
        '                         GITHUB_REPOSITORY, GITHUB_SHA and GITHUB_API_URL',
        '',
        "Flags: the action's inputs, described as in action.yml (input update_url is --update-url; token,",
        'access_key, secret_key and github_token are the variables above). A boolean alone means true.',
        ...inputs,
        '',
        'Flags of the command line:',
        ...ownFlags(RELEASE_FLAGS),
        '',
        'Exit codes:',
        '  0    done: created (and waited for, as asked), nothing to deploy (--on-no-changes skip), a dry run',
        '  1    failed: nothing was created, or the version failed, timed out or its rollout failed',
        '  2    bad input: nothing was sent',
        "  3    the create's outcome is unknown: it may have been processed; check before running again",
        '  130  cancelled (Ctrl-C or SIGTERM); what was under way goes on in Clanforge',
        ''
    ].join('\n');
}
function idsHelp() {
    return [
        `Usage: ${COMMAND_NAME} ids [flags]`,
        '',
        ...wrap("Lists what the account holds, read from image/options: its games, their images, and for each image the machines that have it installed (candidates for --machineid) and what locks it now. The ids are the action's gameid, imageid and machineid.", ''),
        '',
        ...ENVIRONMENT,
        '',
        'Flags:',
        ...ownFlags(IDS_FLAGS),
        '',
        'Exit codes: 0 listed; 1 a read failed; 2 bad input (nothing sent); 130 cancelled.',
        ''
    ].join('\n');
}

// EXTERNAL MODULE: ./src/clanforge/client/client.ts + 5 modules
var client_client = __webpack_require__(9706);
// EXTERNAL MODULE: ./src/clanforge/http/transport-for.ts + 1 modules
var transport_for = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/main.ts + 25 modules
var main = __webpack_require__(7553);
// EXTERNAL MODULE: ./src/runner/cancel.ts
var runner_cancel = __webpack_require__(4990);
// EXTERNAL MODULE: ./src/runner/core.ts + 19 modules
var runner_core = __webpack_require__(6134);
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/runner/untrusted-text.ts
var untrusted_text = __webpack_require__(2590);
// EXTERNAL MODULE: ./src/settings/read-settings.ts + 1 modules
var read_settings = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/settings/input-names.ts
var input_names = __webpack_require__(6584);
;// CONCATENATED MODULE: ./src/cli/input-names.ts
/**
 * How the command line names the action's inputs in problems: a flag (`--imageid`), or
 * the environment variable a secret or the build URL came from. The settings readers
 * word every problem through these (settings/input-names.ts), so an input error reads as
 * the action's does, naming what the user typed or set.
 */



const CLI_CREDENTIALS_ADVICE = 'set either MULTIPLAY_TOKEN (a Multiplay API token, for the successor at https://api.multiplay.dev) or CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY (Clanforge keys), not both';
/** updateUrlFrom: where the build URL came from, so a problem with it names that place. */
function cliInputNames(updateUrlFrom = 'flag') {
    const variable = (name) => secretVariable(name) ?? (name === 'update_url' && updateUrlFrom === 'environment' ? UPDATE_URL_VARIABLE : undefined);
    const ref = (name) => variable(name) ?? flagOf(name);
    return {
        subject: (name) => {
            const from = variable(name);
            return from !== undefined ? `environment variable ${from}` : flagOf(name);
        },
        ref,
        subjects: (names) => (0,input_names/* joined */.o)(names.map(ref)),
        credentials: CLI_CREDENTIALS_ADVICE
    };
}

;// CONCATENATED MODULE: ./src/cli/io.ts
/** The exit codes a script can act on (docs/cli.md). */
const EXIT_CODES = {
    done: 0,
    failed: 1,
    'bad-input': 2,
    'outcome-unknown': 3,
    cancelled: 130
};
/** Whether stderr can hold a live line: a terminal that is not dumb. */
function isLiveTerminal(io) {
    return io.stderr.isTTY === true && io.env['TERM'] !== 'dumb';
}

// EXTERNAL MODULE: ./src/clanforge/wire/image-options.ts
var image_options = __webpack_require__(807);
;// CONCATENATED MODULE: ./src/cli/ids-listing.ts

/** A read failed: says which, with the failure's own message. */
class ListingReadError extends Error {
    constructor(what, cause) {
        super(`Could not read ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
        this.name = 'ListingReadError';
    }
}
/** The game asked for with --gameid is not among the account's. */
class UnknownGameError extends Error {
}
function pairText(gameId, imageId) {
    return `image/options with gameid ${gameId} and imageid ${imageId}`;
}
async function listIds(client, onlyGame) {
    let reads = 0;
    const read = async (pair) => {
        reads++;
        try {
            return await client.images.options(pair);
        }
        catch (error) {
            throw new ListingReadError(pair === undefined ? 'image/options (neither gameid nor imageid)' : pairText(pair.gameId, pair.imageId), error);
        }
    };
    const all = await read(undefined);
    const names = new Map(all.images.map((image) => [image.id, image.name]));
    let games = all.games;
    if (onlyGame !== undefined) {
        games = games.filter((game) => game.id === onlyGame);
        if (games.length === 0) {
            const ids = all.games.map((game) => game.id).join(', ');
            throw new UnknownGameError(`game ${onlyGame} is not one of the account's games (image/options lists ${all.games.length === 0 ? 'none' : ids})`);
        }
    }
    const unplaced = all.images.map((image) => image.id);
    const listings = [];
    /** The answer of each image's own pair, once read. */
    const own = new Map();
    for (const game of games) {
        const listing = { gameId: game.id, name: game.name, images: [] };
        listings.push(listing);
        // Any image of the account makes a valid pair, and the answer lists this game's images.
        // Once every image is placed, the games left hold none.
        const probe = onlyGame !== undefined ? all.images[0]?.id : unplaced[0];
        if (probe === undefined)
            continue;
        const answer = await read({ gameId: game.id, imageId: probe });
        if ((0,image_options/* listsImage */.JL)(answer, probe))
            own.set(probe, answer);
        for (const image of answer.images) {
            listing.images.push({ imageId: image.id, name: image.name ?? names.get(image.id), machines: [], lock: undefined });
            const at = unplaced.indexOf(image.id);
            if (at >= 0)
                unplaced.splice(at, 1);
        }
    }
    for (const listing of listings) {
        for (const image of listing.images) {
            const answer = own.get(image.imageId) ?? (await read({ gameId: listing.gameId, imageId: image.imageId }));
            if (!(0,image_options/* listsImage */.JL)(answer, image.imageId))
                continue;
            image.machines = answer.machines;
            image.lock = answer.lock;
        }
    }
    const left = onlyGame === undefined ? all.images.filter((image) => unplaced.includes(image.id)) : [];
    return { games: listings, unplaced: left, reads };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/cli/summary-file.ts
/**
 * The job summary as a file (--summary FILE): the same Markdown with HTML the action
 * writes to the runner's summary file, built the way @actions/core's summary builds it
 * (a heading is `<hN>…</hN>` and a line end, raw pieces as given). The first write of a
 * run replaces the file; a later one adds to it, as the runner's per-step file would.
 */


const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
class SummaryFile {
    #buffer = '';
    #written = false;
    #path;
    /** path: undefined writes nothing (no --summary). */
    constructor(path) {
        this.#path = path;
    }
    addHeading(text, level = 1) {
        const tag = HEADINGS.has(`h${level}`) ? `h${level}` : 'h1';
        return this.addRaw(`<${tag}>${text}</${tag}>`, true);
    }
    addRaw(text, addEOL = false) {
        this.#buffer += addEOL ? `${text}${external_node_os_.EOL}` : text;
        return this;
    }
    async write(options) {
        if (this.#path !== undefined) {
            const replace = options?.overwrite === true || !this.#written;
            await (replace ? promises_.writeFile : promises_.appendFile)(this.#path, this.#buffer, { encoding: 'utf8' });
            this.#written = true;
        }
        return this.emptyBuffer();
    }
    emptyBuffer() {
        this.#buffer = '';
        return this;
    }
}

;// CONCATENATED MODULE: ./src/cli/terminal-core.ts
const CLEAR_LINE = '\r\x1b[2K';
/** The one live line of a terminal. */
class LiveLine {
    #text;
    #shown = false;
    #out;
    constructor(out) {
        this.#out = out;
    }
    show(text) {
        this.#text = text;
        this.#draw();
    }
    /** Prints a line above the live line, which stays. */
    print(line) {
        this.#clear();
        this.#out.write(`${line}\n`);
        if (this.#text !== undefined)
            this.#draw();
    }
    /** The wait is over (or the run): the live line goes. */
    end() {
        this.#clear();
        this.#text = undefined;
    }
    #draw() {
        // A terminal that does not say its width (0) is taken as 80 columns.
        const width = Math.max(20, (this.#out.columns || 80) - 1);
        const chars = [...(this.#text ?? '')];
        const text = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('');
        this.#out.write(`${CLEAR_LINE}${text}`);
        this.#shown = true;
    }
    #clear() {
        if (!this.#shown)
            return;
        this.#out.write(CLEAR_LINE);
        this.#shown = false;
    }
}
/** `warning: first line`, further lines indented under it. */
function prefixed(prefix, message) {
    const text = message instanceof Error ? message.toString() : message;
    return `${prefix}: ${text.split('\n').join('\n  ')}`;
}
function terminalCore(options) {
    const { stderr, debug } = options;
    const live = options.live ? new LiveLine(stderr) : undefined;
    const print = (line) => {
        if (live)
            live.print(line);
        else
            stderr.write(`${line}\n`);
    };
    const outputs = new Map();
    let failure;
    return {
        outputs,
        failure: () => failure,
        print,
        close: () => live?.end(),
        getInput: (name, opts) => {
            const value = options.getInput(name);
            return opts?.trimWhitespace === false ? value : value.trim();
        },
        setOutput: (name, value) => void outputs.set(name, String(value)),
        setSecret: () => undefined,
        info: (message) => print(message),
        notice: (message) => print(prefixed('notice', message)),
        warning: (message) => print(prefixed('warning', message)),
        error: (message) => print(prefixed('error', message)),
        debug: (message) => {
            if (debug)
                print(`debug: ${message}`);
        },
        isDebug: () => debug,
        startGroup: (name) => {
            live?.end();
            print(name);
        },
        endGroup: () => live?.end(),
        setFailed: (message) => {
            failure = message instanceof Error ? message.message : message;
            print(prefixed('error', message));
        },
        summary: options.summary,
        ...(live
            ? {
                live: (text) => {
                    live.show(text);
                    return true;
                }
            }
            : {})
    };
}

;// CONCATENATED MODULE: ./src/cli/ids.ts
/**
 * `ids`: what the account holds (ids-listing.ts), as a table or, with --json, as one JSON
 * object on stdout. Credentials come from the environment as for a release, and are
 * checked by the same rules and worded the same way; every name from outside is
 * neutralised and every secret redacted before it is shown.
 */
















/** The flags and variables ids takes (the secrets from the environment), read as a release reads them; problems name the flags. */
function idsSettings(args, read) {
    return (0,read_settings/* readAccountSettings */.pU)((name) => (secretVariable(name) !== undefined ? read(name) : (args.inputs.get(name) ?? '')).trim(), cliInputNames());
}
/** A name from outside, for one table cell. */
function shownName(core, name) {
    if (name === undefined || name === '')
        return '';
    const text = (0,untrusted_text/* untrustedText */.Ui)(name, 'log', core.secrets);
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
function lockText(lock) {
    if (lock === undefined)
        return 'unknown';
    const parts = [
        lock.diffId !== undefined ? `diff ${lock.diffId}` : '',
        lock.updateId !== undefined ? `update ${lock.updateId}` : ''
    ].filter((part) => part !== '');
    return parts.length === 0 ? 'not locked' : parts.join(' and ');
}
/** Machines shown in a table cell before `and N more`. */
const MACHINES_SHOWN = 3;
function machinesText(core, machines) {
    if (machines.length === 0)
        return 'none';
    const shown = machines.slice(0, MACHINES_SHOWN).map((m) => `${m.id}${m.name ? ` ${shownName(core, m.name)}` : ''}`);
    const more = machines.length - shown.length;
    return `${shown.join(', ')}${more > 0 ? ` and ${more} more (--json lists all)` : ''}`;
}
function idsTable(core, listing) {
    const rows = [['GAME', 'IMAGE', 'MACHINES WITH IT INSTALLED (machineid)', 'LOCKED BY']];
    const named = (id, name) => `${id}${name ? ` ${shownName(core, name)}` : ''}`;
    for (const game of listing.games) {
        if (game.images.length === 0)
            rows.push([named(game.gameId, game.name), '(no images)', '', '']);
        for (const image of game.images) {
            rows.push([
                named(game.gameId, game.name),
                named(image.imageId, image.name),
                machinesText(core, image.machines),
                lockText(image.lock)
            ]);
        }
    }
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length))) ?? [];
    return rows
        .map((row) => row
        .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - [...cell].length)))
        .join('  ')
        .trimEnd())
        .join('\n');
}
function idsJson(core, listing) {
    const text = (name) => (name === undefined ? null : core.secrets.redact(name));
    return JSON.stringify({
        games: listing.games.map((game) => ({
            gameid: game.gameId,
            name: text(game.name),
            images: game.images.map((image) => ({
                imageid: image.imageId,
                name: text(image.name),
                machines: image.machines.map((m) => ({ machineid: m.id, name: text(m.name) })),
                lock: image.lock === undefined ? null : { diffid: image.lock.diffId ?? null, updateid: image.lock.updateId ?? null }
            }))
        }))
    });
}
async function ids(args, io) {
    const read = (name) => {
        const variable = secretVariable(name);
        return variable !== undefined ? (io.env[variable] ?? '') : '';
    };
    const terminal = terminalCore({
        stderr: io.stderr,
        getInput: read,
        debug: args.debug,
        summary: new SummaryFile(undefined),
        live: false
    });
    const core = (0,runner_core/* guardCore */.nj)(terminal);
    // The secrets are known to the guard before anything is said.
    (0,masking/* maskSecretInputs */.q)(core, core.secrets);
    if (args.problems.length > 0) {
        core.error(argumentsMessage(args.problems));
        core.info(`Run ${COMMAND_NAME} ids --help for the flags.`);
        return EXIT_CODES['bad-input'];
    }
    let settings;
    try {
        settings = idsSettings(args, (name) => read(name).trim());
    }
    catch (error) {
        if (!(error instanceof read_settings/* InputError */.dz))
            throw error;
        core.error(error.message);
        core.info(`Run ${COMMAND_NAME} ids --help for the flags and the environment variables.`);
        return EXIT_CODES['bad-input'];
    }
    const cancel = (0,runner_cancel/* onCancel */.A)(io.signals, () => io.exit(EXIT_CODES.cancelled));
    try {
        const client = new client_client/* ClanforgeClient */.R({
            apiUrl: settings.apiUrl,
            credentials: settings.auth,
            accountServiceId: settings.auth.accountServiceId,
            transport: await (0,transport_for/* transportFor */.J)(settings.apiUrl, io.env),
            userAgent: version/* USER_AGENT */._,
            sleep: main/* systemClock */.m.sleep,
            now: main/* systemClock */.m.now,
            log: core,
            signal: cancel.controller.signal,
            redact: (text) => core.secrets.redact(text)
        });
        const listing = await listIds(client, settings.gameId);
        for (const image of listing.unplaced) {
            core.warning(`image ${image.id}${image.name ? ` (${image.name})` : ''} is listed by image/options but by no game's listing: its machines and lock were not read`);
        }
        if (args.json)
            io.stdout.write(`${idsJson(core, listing)}\n`);
        else
            io.stdout.write(`${idsTable(core, listing)}\n`);
        const images = listing.games.reduce((sum, game) => sum + game.images.length, 0);
        core.info(`${listing.games.length} game${listing.games.length === 1 ? '' : 's'}, ${images} image${images === 1 ? '' : 's'} (${listing.reads} reads of image/options)`);
        return EXIT_CODES.done;
    }
    catch (error) {
        const by = cancel.cancelledBy();
        if (by !== undefined) {
            core.error(`Cancelled (${by}): nothing was listed.`);
            return EXIT_CODES.cancelled;
        }
        if (!(error instanceof ListingReadError || error instanceof UnknownGameError))
            throw error;
        core.error(error.message);
        return EXIT_CODES.failed;
    }
    finally {
        cancel.stop();
    }
}

// EXTERNAL MODULE: ./src/runner/run-context.ts
var run_context = __webpack_require__(2825);
// EXTERNAL MODULE: ./src/settings/build-source.ts
var build_source = __webpack_require__(4611);
;// CONCATENATED MODULE: ./src/cli/release.ts
/**
 * A release from the command line: the action's engine (main.ts run()) with the command
 * line standing in for the runner. The flags are the inputs, the secrets come from the
 * environment, the log goes to stderr, the outputs to stdout with --json, the summary to
 * --summary FILE; the exit code says how the run ended.
 */











function releaseInputs(args, env) {
    const flagUrl = (args.inputs.get('update_url') ?? '').trim();
    const envUrl = (env[UPDATE_URL_VARIABLE] ?? '').trim();
    const problems = [];
    if (flagUrl !== '' && envUrl !== '')
        problems.push(`--update-url and ${UPDATE_URL_VARIABLE} are both given: give the build URL once`);
    else if (flagUrl !== '' && (0,build_source/* carriesCredentials */.gG)(flagUrl)) {
        problems.push(`--update-url is refused: the URL carries credentials (a password before '@' or a signed query value), and a command line stays in shell history and process lists; set the environment variable ${UPDATE_URL_VARIABLE} instead`);
    }
    const defaults = new Map(INPUT_FLAGS.map((input) => [input.name, input.default ?? '']));
    return {
        updateUrlFrom: flagUrl === '' && envUrl !== '' ? 'environment' : 'flag',
        problems,
        read(name) {
            const variable = secretVariable(name);
            if (variable !== undefined)
                return env[variable] ?? '';
            if (name === 'update_url')
                return flagUrl !== '' ? flagUrl : envUrl;
            return args.inputs.get(name) ?? defaults.get(name) ?? '';
        }
    };
}
async function release(args, io) {
    const inputs = releaseInputs(args, io.env);
    const problems = [...args.problems, ...inputs.problems];
    if (problems.length > 0) {
        io.stderr.write(`error: ${argumentsMessage(problems).split('\n').join('\n  ')}\nRun ${COMMAND_NAME} --help for the flags.\n`);
        return EXIT_CODES['bad-input'];
    }
    const core = terminalCore({
        stderr: io.stderr,
        getInput: (name) => inputs.read(name),
        debug: args.debug,
        summary: new SummaryFile(args.summary),
        live: isLiveTerminal(io)
    });
    let end;
    try {
        ({ end } = await (0,main/* run */.e)({
            core,
            env: io.env,
            runContext: () => (0,run_context/* runContext */.p)(io.env),
            signals: io.signals,
            exit: () => io.exit(EXIT_CODES.cancelled),
            summary: args.summary !== undefined,
            inputNames: cliInputNames(inputs.updateUrlFrom)
        }));
    }
    finally {
        core.close();
    }
    if (args.json) {
        const outputs = Object.fromEntries(OUTPUTS.map(({ name }) => [name, core.outputs.get(name) ?? '']));
        io.stdout.write(`${JSON.stringify(outputs)}\n`);
    }
    if (end === 'bad-input')
        io.stderr.write(`Run ${COMMAND_NAME} --help for the flags and the environment variables.\n`);
    return EXIT_CODES[end];
}

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * The command line: `clanforge-image-version [release] [flags]` (the default) or
 * `clanforge-image-version ids [flags]`, and --help for each. Returns the exit code.
 */





async function main_main(argv, io) {
    const args = parseArgs(argv);
    if (args.help) {
        io.stdout.write(args.command === 'ids' ? idsHelp() : releaseHelp());
        return 0;
    }
    if (args.version) {
        io.stdout.write(`${version/* VERSION */.x}\n`);
        return 0;
    }
    return args.command === 'ids' ? ids(args, io) : release(args, io);
}

;// CONCATENATED MODULE: ./src/cli.ts
// The command line over the process (docs/cli.md). dist/cli.js, the package's bin, checks
// the Node version, then imports the bundle (dist/index.js) and calls its cli(), which
// loads this module: the action's runs never load it.

/** Runs the command line on this process's streams, signals and environment; returns the exit code. */
function commandLine(argv) {
    return main_main(argv, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
        signals: process,
        exit: (code) => process.exit(code)
    });
}


/***/ })

};
