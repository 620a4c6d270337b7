// `npm run emulator -- [flags]`: runs the emulator until Ctrl-C or SIGTERM.
import { CliError, USAGE, parseCli } from './cli-args.ts';
import type { CliSettings } from './cli-args.ts';
import { banner, requestLine } from './cli-output.ts';
import { startEmulator } from './index.ts';

async function main(argv: readonly string[]): Promise<void> {
  let settings: CliSettings;
  try {
    settings = parseCli(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(settings.options);
  console.log(banner(emulator, settings.options, settings.faultSpecs));
  if (!settings.quiet) emulator.on('request', (request) => console.log(requestLine(request)));
  const stop = (signal: string): void => {
    console.log(`\n${signal}: stopping the emulator`);
    // Once closed nothing holds the event loop, so the process ends on its own with code 0.
    emulator.close().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
