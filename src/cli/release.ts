/**
 * A release from the command line: the action's engine (main.ts run()) with the command
 * line standing in for the runner. The flags are the inputs, the secrets come from the
 * environment, the log goes to stderr, the outputs to stdout with --json, the summary to
 * --summary FILE; the exit code says how the run ended.
 */
import { run } from '../main.ts';
import { runContext } from '../runner/run-context.ts';
import { carriesCredentials } from '../settings/build-source.ts';
import { OUTPUTS } from './action-inputs.ts';
import { argumentsMessage, COMMAND_NAME, type ParsedArgs } from './args.ts';
import { secretVariable, UPDATE_URL_VARIABLE } from './environment.ts';
import { INPUT_FLAGS } from './flags.ts';
import { cliInputNames } from './input-names.ts';
import { EXIT_CODES, isLiveTerminal, type CommandIo } from './io.ts';
import { SummaryFile } from './summary-file.ts';
import { terminalCore } from './terminal-core.ts';

/** How the command line hands an input to the engine: flag, environment, or action.yml's default. */
export interface ReleaseInputs {
  read(name: string): string;
  /** Where the build URL came from, for the problems that name it. */
  updateUrlFrom: 'flag' | 'environment';
  /** What is wrong with the build URL's source before anything is read. */
  problems: string[];
}

export function releaseInputs(args: Pick<ParsedArgs, 'inputs'>, env: NodeJS.ProcessEnv): ReleaseInputs {
  const flagUrl = (args.inputs.get('update_url') ?? '').trim();
  const envUrl = (env[UPDATE_URL_VARIABLE] ?? '').trim();
  const problems: string[] = [];
  if (flagUrl !== '' && envUrl !== '') problems.push(`--update-url and ${UPDATE_URL_VARIABLE} are both given: give the build URL once`);
  else if (flagUrl !== '' && carriesCredentials(flagUrl)) {
    problems.push(
      `--update-url is refused: the URL carries credentials (a password before '@' or a signed query value), and a command line stays in shell history and process lists; set the environment variable ${UPDATE_URL_VARIABLE} instead`
    );
  }
  const defaults = new Map(INPUT_FLAGS.map((input) => [input.name, input.default ?? '']));
  return {
    updateUrlFrom: flagUrl === '' && envUrl !== '' ? 'environment' : 'flag',
    problems,
    read(name) {
      const variable = secretVariable(name);
      if (variable !== undefined) return env[variable] ?? '';
      if (name === 'update_url') return flagUrl !== '' ? flagUrl : envUrl;
      return args.inputs.get(name) ?? defaults.get(name) ?? '';
    }
  };
}

export async function release(args: ParsedArgs, io: CommandIo): Promise<number> {
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
    ({ end } = await run({
      core,
      env: io.env,
      runContext: () => runContext(io.env),
      signals: io.signals,
      exit: () => io.exit(EXIT_CODES.cancelled),
      summary: args.summary !== undefined,
      inputNames: cliInputNames(inputs.updateUrlFrom)
    }));
  } finally {
    core.close();
  }
  if (args.json) {
    const outputs = Object.fromEntries(OUTPUTS.map(({ name }) => [name, core.outputs.get(name) ?? '']));
    io.stdout.write(`${JSON.stringify(outputs)}\n`);
  }
  if (end === 'bad-input') io.stderr.write(`Run ${COMMAND_NAME} --help for the flags and the environment variables.\n`);
  return EXIT_CODES[end];
}
