/**
 * How problems name an input. The action says `input 'imageid'`; the command line says
 * `--imageid`, or the environment variable a secret comes from. The settings readers
 * word every problem through these, so each front door's messages name what its user
 * typed, and no message is rewritten afterwards.
 */
export interface InputNames {
  /** An input as the subject of a problem: input 'imageid'. */
  subject(name: string): string;
  /** An input referred to inside a problem: 'diffid'. */
  ref(name: string): string;
  /** Several inputs as the subject: inputs 'token', 'access_key' and 'secret_key'. */
  subjects(names: readonly string[]): string;
  /** How to give the credentials, said when they are missing or given twice. */
  credentials: string;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** The action's names: inputs of the step. */
export const ACTION_INPUTS: InputNames = {
  subject: (name) => `input '${name}'`,
  ref: (name) => `'${name}'`,
  subjects: (names) => `inputs ${list(names.map((name) => `'${name}'`))}`,
  credentials:
    'give either token (a Multiplay API token, sent as Authorization: Bearer; e.g. ${{ secrets.MULTIPLAY_TOKEN }}, for the successor at https://api.multiplay.dev) ' +
    'or access_key and secret_key (Clanforge keys from the dashboard → Auth Keys, sent as Authorization: Basic), not both'
};

/** Names that a list of several words joins as prose, for InputNames of other front doors. */
export function joined(items: readonly string[]): string {
  return list(items);
}
