/**
 * The command line: `clanforge-image-version [release] [flags]` (the default) or
 * `clanforge-image-version ids [flags]`, and --help for each. Returns the exit code.
 */
import { VERSION } from '../version.ts';
import { parseArgs } from './args.ts';
import { idsHelp, releaseHelp } from './help.ts';
import { ids } from './ids.ts';
import type { CommandIo } from './io.ts';
import { release } from './release.ts';

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout.write(args.command === 'ids' ? idsHelp() : releaseHelp());
    return 0;
  }
  if (args.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return args.command === 'ids' ? ids(args, io) : release(args, io);
}
