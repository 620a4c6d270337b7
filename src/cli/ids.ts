/**
 * `ids`: what the account holds (ids-listing.ts), as a table or, with --json, as one JSON
 * object on stdout. Credentials come from the environment as for a release, and are
 * checked by the same rules and worded the same way; every name from outside is
 * neutralised and every secret redacted before it is shown.
 */
import { ClanforgeClient } from '../clanforge/client/client.ts';
import { transportFor } from '../clanforge/http/transport-for.ts';
import type { ImageLock, Named } from '../clanforge/wire/image-options.ts';
import { systemClock } from '../main.ts';
import { onCancel } from '../runner/cancel.ts';
import { guardCore, type GuardedCore } from '../runner/core.ts';
import { maskSecretInputs } from '../runner/masking.ts';
import { untrustedText } from '../runner/untrusted-text.ts';
import { InputError, readAccountSettings, type AccountSettings } from '../settings/read-settings.ts';
import { USER_AGENT } from '../version.ts';
import { COMMAND_NAME, argumentsMessage, type ParsedArgs } from './args.ts';
import { secretVariable } from './environment.ts';
import { cliInputNames } from './input-names.ts';
import { EXIT_CODES, type CommandIo } from './io.ts';
import { listIds, ListingReadError, UnknownGameError, type IdsListing } from './ids-listing.ts';
import { SummaryFile } from './summary-file.ts';
import { terminalCore, type TerminalCore } from './terminal-core.ts';

/** The flags and variables ids takes (the secrets from the environment), read as a release reads them; problems name the flags. */
export function idsSettings(args: Pick<ParsedArgs, 'inputs'>, read: (name: string) => string): AccountSettings {
  return readAccountSettings(
    (name) => (secretVariable(name) !== undefined ? read(name) : (args.inputs.get(name) ?? '')).trim(),
    cliInputNames()
  );
}

/** A name from outside, for one table cell. */
function shownName(core: GuardedCore, name: string | undefined): string {
  if (name === undefined || name === '') return '';
  const text = untrustedText(name, 'log', core.secrets);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function lockText(lock: ImageLock | undefined): string {
  if (lock === undefined) return 'unknown';
  const parts = [
    lock.diffId !== undefined ? `diff ${lock.diffId}` : '',
    lock.updateId !== undefined ? `update ${lock.updateId}` : ''
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'not locked' : parts.join(' and ');
}

/** Machines shown in a table cell before `and N more`. */
const MACHINES_SHOWN = 3;

function machinesText(core: GuardedCore, machines: readonly Named[]): string {
  if (machines.length === 0) return 'none';
  const shown = machines.slice(0, MACHINES_SHOWN).map((m) => `${m.id}${m.name ? ` ${shownName(core, m.name)}` : ''}`);
  const more = machines.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more (--json lists all)` : ''}`;
}

export function idsTable(core: GuardedCore, listing: IdsListing): string {
  const rows: string[][] = [['GAME', 'IMAGE', 'MACHINES WITH IT INSTALLED (machineid)', 'LOCKED BY']];
  const named = (id: number, name: string | undefined): string => `${id}${name ? ` ${shownName(core, name)}` : ''}`;
  for (const game of listing.games) {
    if (game.images.length === 0) rows.push([named(game.gameId, game.name), '(no images)', '', '']);
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
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - [...cell].length)))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

export function idsJson(core: GuardedCore, listing: IdsListing): string {
  const text = (name: string | undefined): string | null => (name === undefined ? null : core.secrets.redact(name));
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

export async function ids(args: ParsedArgs, io: CommandIo): Promise<number> {
  const read = (name: string): string => {
    const variable = secretVariable(name);
    return variable !== undefined ? (io.env[variable] ?? '') : '';
  };
  const terminal: TerminalCore = terminalCore({
    stderr: io.stderr,
    getInput: read,
    debug: args.debug,
    summary: new SummaryFile(undefined),
    live: false
  });
  const core = guardCore(terminal);
  // The secrets are known to the guard before anything is said.
  maskSecretInputs(core, core.secrets);
  if (args.problems.length > 0) {
    core.error(argumentsMessage(args.problems));
    core.info(`Run ${COMMAND_NAME} ids --help for the flags.`);
    return EXIT_CODES['bad-input'];
  }
  let settings: AccountSettings;
  try {
    settings = idsSettings(args, (name) => read(name).trim());
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    core.error(error.message);
    core.info(`Run ${COMMAND_NAME} ids --help for the flags and the environment variables.`);
    return EXIT_CODES['bad-input'];
  }
  const cancel = onCancel(io.signals, () => io.exit(EXIT_CODES.cancelled));
  try {
    const client = new ClanforgeClient({
      apiUrl: settings.apiUrl,
      credentials: settings.auth,
      accountServiceId: settings.auth.accountServiceId,
      transport: await transportFor(settings.apiUrl, io.env),
      userAgent: USER_AGENT,
      sleep: systemClock.sleep,
      now: systemClock.now,
      log: core,
      signal: cancel.controller.signal,
      redact: (text) => core.secrets.redact(text)
    });
    const listing = await listIds(client, settings.gameId);
    for (const image of listing.unplaced) {
      core.warning(
        `image ${image.id}${image.name ? ` (${image.name})` : ''} is listed by image/options but by no game's listing: its machines and lock were not read`
      );
    }
    if (args.json) io.stdout.write(`${idsJson(core, listing)}\n`);
    else io.stdout.write(`${idsTable(core, listing)}\n`);
    const images = listing.games.reduce((sum, game) => sum + game.images.length, 0);
    core.info(
      `${listing.games.length} game${listing.games.length === 1 ? '' : 's'}, ${images} image${images === 1 ? '' : 's'} (${listing.reads} reads of image/options)`
    );
    return EXIT_CODES.done;
  } catch (error) {
    const by = cancel.cancelledBy();
    if (by !== undefined) {
      core.error(`Cancelled (${by}): nothing was listed.`);
      return EXIT_CODES.cancelled;
    }
    if (!(error instanceof ListingReadError || error instanceof UnknownGameError)) throw error;
    core.error(error.message);
    return EXIT_CODES.failed;
  } finally {
    cancel.stop();
  }
}
