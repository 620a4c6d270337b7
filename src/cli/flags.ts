/**
 * The flags of each command. A release takes every input of the action but the secrets,
 * named after it (`update_url` → `--update-url`, action-inputs.ts is generated from
 * action.yml), and the command line's own: --json, --summary, --debug, --help.
 * `ids` takes the few it needs.
 */
import { INPUTS, type ActionInput } from './action-inputs.ts';
import { secretVariable } from './environment.ts';

/** `update_url` → `--update-url`. */
export function flagOf(name: string): string {
  return `--${name.replaceAll('_', '-')}`;
}

export type Command = 'release' | 'ids';

/** A flag of the command line itself (not an input of the action). */
export interface OwnFlag {
  readonly flag: string;
  /** The value it takes (shown in --help), or undefined for a bare flag. */
  readonly value: string | undefined;
  readonly description: string;
}

/** The inputs a release takes as flags: all but the secrets, which come from the environment. */
export const INPUT_FLAGS: readonly ActionInput[] = INPUTS.filter((input) => secretVariable(input.name) === undefined);

export const JSON_FLAG: OwnFlag = {
  flag: '--json',
  value: undefined,
  description: "Print the outputs as one JSON object on stdout (every output of the action, '' when not set)."
};

export const RELEASE_FLAGS: readonly OwnFlag[] = [
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
export const IDS_INPUTS: readonly string[] = ['accountserviceid', 'api_url'];

export const IDS_FLAGS: readonly OwnFlag[] = [
  {
    flag: '--accountserviceid',
    value: 'ASID',
    description:
      'Account service id (ASID), a positive integer. Required with CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY; optional with MULTIPLAY_TOKEN.'
  },
  {
    flag: '--api-url',
    value: 'URL',
    description:
      'Origin of the API. Default: https://api.multiplay.dev with MULTIPLAY_TOKEN (the successor), https://api.multiplay.co.uk with the Clanforge keys.'
  },
  { flag: '--gameid', value: 'ID', description: "Only this game's images." },
  { ...JSON_FLAG, description: 'Print the listing as one JSON object on stdout instead of a table.' },
  { flag: '--debug', value: undefined, description: 'Also print the debug lines (each request and its answer status).' },
  { flag: '--help', value: undefined, description: 'Print this help.' }
];
