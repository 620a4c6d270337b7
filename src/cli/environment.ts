/**
 * What the command line takes from the environment instead of flags: the secrets, and a
 * build URL that carries credentials. A command line stays in shell history and in
 * process lists (`ps`), so no secret is ever taken from it; each CI system hands its
 * stored secrets to a job as environment variables.
 */

/** The action's secret inputs and the variable each comes from. */
export const SECRET_VARIABLES: Readonly<Record<string, string>> = {
  token: 'MULTIPLAY_TOKEN',
  access_key: 'CLANFORGE_ACCESS_KEY',
  secret_key: 'CLANFORGE_SECRET_KEY',
  github_token: 'GITHUB_TOKEN'
};

/** The build URL (input update_url) from the environment: required when it carries credentials, accepted for any. */
export const UPDATE_URL_VARIABLE = 'CLANFORGE_UPDATE_URL';

/** The variable a secret input comes from, or undefined for an input given as a flag. */
export function secretVariable(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SECRET_VARIABLES, name) ? SECRET_VARIABLES[name] : undefined;
}
