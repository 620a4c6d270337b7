// Shared scaffolding for the emulator's HTTP tests: emulators started here are closed after
// each test, and `call` speaks to one as the action does (GET, Basic auth, form content type).
import { afterEach } from '@jest/globals';
import { manualClock, startEmulator } from '../../emulator/index.ts';
import type { Clock, Emulator, EmulatorOptions } from '../../emulator/index.ts';

/** The start of emulated time for tests on a manual clock. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
/** Whole epoch seconds, as the API's job timestamps count them. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** The value, or a test failure naming what is missing (indexed reads of lists and records). */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** Options on `clock` at time scale 60 with 600 emulated s install jobs and 300 emulated s rollouts. */
export function timed(clock: Clock, extra: EmulatorOptions = {}): EmulatorOptions {
  return {
    ...extra,
    time: { scale: 60, clock, ...extra.time },
    versions: { plan: { durationSeconds: 600 }, ...extra.versions },
    rollouts: { plan: { durationSeconds: 300 }, ...extra.rollouts }
  };
}

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** Starts an emulator that is closed after the current test. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

/** As `start`, on a manual clock at T0 unless `options.time.clock` replaces it; returns that clock too. */
export async function startClocked(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock(T0);
  const emulator = await start({ ...options, time: { clock, ...options.time } });
  return { emulator, clock };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/**
 * Sends a request to `path` (which may carry its own query string) with `query` appended;
 * undefined query values are left out so tests can drop a parameter. `authorization` replaces
 * the emulator's credentials, and null sends none.
 */
export async function call(
  emulator: Emulator,
  path: string,
  query: Record<string, string | undefined> = {},
  init: { method?: string; authorization?: string | null } = {}
): Promise<Reply> {
  const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const search = new URLSearchParams(defined).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const authorization = init.authorization === undefined ? emulator.authorization : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(`${emulator.url}${path}${search === '' ? '' : `?${search}`}`, {
    method: init.method ?? 'GET',
    headers
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Injected answers need not be JSON.
  }
  return { status: response.status, headers: response.headers, text, json };
}
