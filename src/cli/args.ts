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
import { INPUTS } from './action-inputs.ts';
import { SECRET_VARIABLES } from './environment.ts';
import { flagOf, IDS_FLAGS, INPUT_FLAGS, RELEASE_FLAGS, type Command } from './flags.ts';

export const COMMAND_NAME = 'clanforge-image-version';

export interface ParsedArgs {
  command: Command;
  help: boolean;
  version: boolean;
  /** Inputs given as flags, by the action's input name (`update_url`), as typed. */
  inputs: Map<string, string>;
  json: boolean;
  debug: boolean;
  /** --summary FILE. */
  summary: string | undefined;
  /** Everything wrong with the arguments; nothing runs unless empty. */
  problems: string[];
}

type Spec =
  | { kind: 'input'; name: string; boolean: boolean }
  | { kind: 'own'; name: 'json' | 'debug' | 'help' | 'version' }
  | { kind: 'own-value'; name: 'summary' };

function specs(command: Command): Map<string, Spec> {
  const map = new Map<string, Spec>();
  const own = command === 'release' ? RELEASE_FLAGS : IDS_FLAGS;
  const inputs = command === 'release' ? INPUT_FLAGS : [];
  for (const input of inputs) map.set(input.flag, { kind: 'input', name: input.name, boolean: input.boolean });
  for (const { flag } of own) {
    const name = flag.slice(2);
    if (name === 'summary') map.set(flag, { kind: 'own-value', name });
    else if (name === 'json' || name === 'debug' || name === 'help' || name === 'version') map.set(flag, { kind: 'own', name });
    else map.set(flag, { kind: 'input', name: name.replaceAll('-', '_'), boolean: false });
  }
  map.set('-h', { kind: 'own', name: 'help' });
  return map;
}

/** The variable to set instead of a secret flag (`--access-key`, `--access_key`, any case), or undefined. */
function secretFlagVariable(flag: string): string | undefined {
  const normal = flag.toLowerCase().replaceAll('_', '-');
  const found = Object.entries(SECRET_VARIABLES).find(([name]) => flagOf(name) === normal);
  return found?.[1];
}

export function secretFlagProblem(flag: string, variable: string): string {
  return `${flag} is refused: a secret on the command line stays in shell history and process lists; set the environment variable ${variable} instead (from your CI system's secret store)`;
}

function distance(a: string, b: string): number {
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
function shownFlag(flag: string): string {
  return flag.length > 40 ? `${flag.slice(0, 40)}…` : flag;
}

function unknownFlagProblem(flag: string, command: Command, known: Map<string, Spec>): string {
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

const COMMANDS: readonly string[] = ['release', 'ids'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  const command: Command = first === 'ids' ? 'ids' : 'release';
  const parsed: ParsedArgs = {
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
  const problem = (text: string): void => void parsed.problems.push(text);
  const given = new Set<string>();
  let i = first !== undefined && COMMANDS.includes(first) ? 1 : 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      // A word where a flag was expected; only a command word is shown, as it cannot be a secret.
      if (i === 0 && /^[a-z][a-z-]{0,30}$/.test(arg)) problem(`unknown command '${arg}': the commands are release (the default) and ids`);
      else problem(`unexpected argument #${i + 1}: not a flag nor a flag's value (flags take their value as --flag VALUE or --flag=VALUE)`);
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
      if (inline === undefined && next !== undefined && !next.startsWith('-')) i++;
      continue;
    }
    const spec = known.get(flag);
    if (spec === undefined) {
      problem(unknownFlagProblem(flag, command, known));
      // A word after it is taken as its value: one problem, not two.
      if (inline === undefined && next !== undefined && !next.startsWith('-')) i++;
      continue;
    }
    if (spec.kind === 'own') {
      if (inline !== undefined) problem(`${flag} takes no value`);
      else parsed[spec.name] = true;
      continue;
    }
    let value: string;
    if (inline !== undefined) value = inline;
    else if (spec.kind === 'input' && spec.boolean) {
      // A boolean alone is true; a value that follows is its value (the settings reader checks it).
      value = next !== undefined && !next.startsWith('-') ? next : 'true';
      if (value === next) i++;
    } else if (nextIsValue) {
      value = next;
      i++;
    } else {
      problem(
        next === undefined
          ? `${flag} needs a value: ${flag} VALUE or ${flag}=VALUE`
          : `${flag} needs a value: the next argument is a flag (write ${flag}=VALUE for a value that starts with --)`
      );
      continue;
    }
    if (given.has(flag)) {
      problem(`${flag} is given more than once: give it once`);
      continue;
    }
    given.add(flag);
    if (spec.kind === 'own-value') parsed.summary = value;
    else parsed.inputs.set(spec.name, value);
  }
  return parsed;
}

/** The problems as one message, worded as the action words invalid inputs. */
export function argumentsMessage(problems: readonly string[]): string {
  return problems.length === 1
    ? `Invalid argument: ${problems[0]}`
    : `Invalid arguments (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`;
}
