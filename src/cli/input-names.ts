/**
 * How the command line names the action's inputs in problems: a flag (`--imageid`), or
 * the environment variable a secret or the build URL came from. The settings readers
 * word every problem through these (settings/input-names.ts), so an input error reads as
 * the action's does, naming what the user typed or set.
 */
import { joined, type InputNames } from '../settings/input-names.ts';
import { flagOf } from './flags.ts';
import { secretVariable, UPDATE_URL_VARIABLE } from './environment.ts';

export const CLI_CREDENTIALS_ADVICE =
  'set either MULTIPLAY_TOKEN (a Multiplay API token, for the successor at https://api.multiplay.dev) or CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY (Clanforge keys), not both';

/** updateUrlFrom: where the build URL came from, so a problem with it names that place. */
export function cliInputNames(updateUrlFrom: 'flag' | 'environment' = 'flag'): InputNames {
  const variable = (name: string): string | undefined =>
    secretVariable(name) ?? (name === 'update_url' && updateUrlFrom === 'environment' ? UPDATE_URL_VARIABLE : undefined);
  const ref = (name: string): string => variable(name) ?? flagOf(name);
  return {
    subject: (name) => {
      const from = variable(name);
      return from !== undefined ? `environment variable ${from}` : flagOf(name);
    },
    ref,
    subjects: (names) => joined(names.map(ref)),
    credentials: CLI_CREDENTIALS_ADVICE
  };
}
