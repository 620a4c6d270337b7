/**
 * --help: the flags of each command. A release's flags are the action's inputs with
 * action.yml's descriptions word for word (action-inputs.ts is generated from it);
 * __tests__/cli/help.test.ts holds the two equal.
 */
import { COMMAND_NAME } from './args.ts';
import { UPDATE_URL_VARIABLE } from './environment.ts';
import { IDS_FLAGS, INPUT_FLAGS, RELEASE_FLAGS, type OwnFlag } from './flags.ts';

/** Help lines are at most this wide. */
export const HELP_WIDTH = 100;
/** A description sits under its flag, indented this far. */
export const DESCRIPTION_INDENT = '      ';

/** Words into lines of at most `width` characters (a longer word keeps its own line), each indented. */
export function wrap(text: string, indent: string, width = HELP_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function flagBlock(head: string, description: string): string[] {
  return [`  ${head}`, ...wrap(description, DESCRIPTION_INDENT)];
}

function ownFlags(flags: readonly OwnFlag[]): string[] {
  return flags.flatMap((f) => flagBlock(f.value === undefined ? f.flag : `${f.flag} ${f.value}`, f.description));
}

const ENVIRONMENT = [
  'Secrets come from the environment, never from flags (a command line stays in shell history):',
  '  MULTIPLAY_TOKEN        a Multiplay API token (Bearer; the successor, https://api.multiplay.dev),',
  '  CLANFORGE_ACCESS_KEY   or the Clanforge access key (Basic; with --accountserviceid)',
  '  CLANFORGE_SECRET_KEY   and secret key'
];

export function releaseHelp(): string {
  const inputs = INPUT_FLAGS.flatMap((input) => {
    const value = input.boolean ? '[true|false]' : 'VALUE';
    const def = input.default !== null ? `  (default: ${input.default})` : '';
    return flagBlock(`${input.flag} ${value}${def}`, input.description);
  });
  return [
    `Usage: ${COMMAND_NAME} [release] [flags]`,
    `       ${COMMAND_NAME} ids [flags]      (find your ids: ${COMMAND_NAME} ids --help)`,
    '',
    ...wrap(
      'Ships a game-server build to Multiplay Clanforge as the GitHub Action does, with the same stages ' +
        '(image update, diff, image version, wait, rollout) and the same messages. The log goes to stderr; ' +
        'on a terminal a wait shows one live progress line.',
      ''
    ),
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

export function idsHelp(): string {
  return [
    `Usage: ${COMMAND_NAME} ids [flags]`,
    '',
    ...wrap(
      "Lists what the account holds, read from image/options: its games, their images, and for each image the machines that have it installed (candidates for --machineid) and what locks it now. The ids are the action's gameid, imageid and machineid.",
      ''
    ),
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
