// Fixed values the emulator uses unless told otherwise. Exported so tests, the demo
// and the CLI all agree on the same test credentials and ASID.

export const EMULATOR_ACCESS_KEY = 'emulator-access-key';
export const EMULATOR_SECRET_KEY = 'emulator-secret-key';
export const EMULATOR_ASID = 12345;
export const EMULATOR_FIRST_IMAGE_VERSION_ID = 1001;

/** Emulated seconds a job takes from creation to its end state: installs take 5–15 minutes. */
export const DEFAULT_JOB_DURATION_SECONDS = 600;

/** Shares of the job's duration spent Created, Pending and Queued; Running takes the rest. */
export const DEFAULT_PHASE_SHARES = { created: 0.02, pending: 0.05, queued: 0.08 } as const;

/** Progress at which a job stops when it fails: failures usually happen part way. */
export const DEFAULT_FAILED_PROGRESS = 40;

/** ETA factors relative to the real running time, for the `early` and `late` ETA modes. */
export const DEFAULT_EARLY_ETA_FACTOR = 0.5;
export const DEFAULT_LATE_ETA_FACTOR = 2;

/** Multi-line, like the install reports that name the machines that failed. */
export const DEFAULT_JOB_ERROR = [
  'Image install failed on 2 of 12 machines',
  'machine 48213: checksum mismatch for gamefiles/server.pak',
  'machine 48219: install timed out after 240 minutes'
].join('\n');

/** How long waitForRequests waits by default before giving up, in real ms. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5000;
