// Fixed values the emulator uses unless told otherwise. Exported so tests, the demo
// and the CLI all agree on the same test credentials and ASID.
import type { ImageSpec } from './types.ts';

export const EMULATOR_ACCESS_KEY = 'emulator-access-key';
export const EMULATOR_SECRET_KEY = 'emulator-secret-key';
export const EMULATOR_ASID = 12345;
/** The Bearer token in Bearer mode (the successor's dialect). */
export const EMULATOR_TOKEN = 'emulator-api-token';
/** The game every image belongs to unless its ImageSpec says otherwise. */
export const EMULATOR_GAME_ID = 501;
export const EMULATOR_GAME_NAME = 'Emulated Game';
/** An image's gameversionid (image/options) is this plus its imageid unless its ImageSpec says otherwise. */
export const EMULATOR_GAME_VERSION_ID_BASE = 20_000;
/**
 * The build machine image/options lists when neither `machineIds` nor an image's
 * `buildMachines` names any (imagediff/create and imageupdate/create still take any id then).
 */
export const EMULATOR_BUILD_MACHINE_ID = 48213;
/** First install job id (imageinstall/status rows). */
export const EMULATOR_FIRST_INSTALL_JOB_ID = 9001;
export const EMULATOR_FIRST_IMAGE_VERSION_ID = 1001;

/** The image every version belongs to unless `images` says otherwise. */
export const EMULATOR_IMAGE_ID = 77;

/**
 * 2 fleets × 2 regions, 40 machines. Ids are opaque strings (UUIDs on the real service),
 * so a client that assumes numeric ids shows up in tests.
 */
export const EMULATOR_IMAGE: ImageSpec = {
  imageid: EMULATOR_IMAGE_ID,
  fleets: [
    {
      fleetid: '3f2a6c1e-8b4d-4e7a-9c05-1d2e3f4a5b61',
      name: 'Production',
      regions: [
        { regionid: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c51', name: 'Europe', machines: 14 },
        { regionid: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c52', name: 'North America', machines: 12 }
      ]
    },
    {
      fleetid: '3f2a6c1e-8b4d-4e7a-9c05-1d2e3f4a5b62',
      name: 'Staging',
      regions: [
        { regionid: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c53', name: 'Europe', machines: 8 },
        { regionid: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c54', name: 'North America', machines: 6 }
      ]
    }
  ]
};

/** Emulated seconds from a version's machines turning pending to the last one installed. */
export const DEFAULT_ROLLOUT_DURATION_SECONDS = 300;

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

/** First diffid the emulator hands out; far from version ids so a mix-up shows. */
export const EMULATOR_FIRST_DIFF_ID = 5001;

/** First updateid the emulator hands out. */
export const EMULATOR_FIRST_UPDATE_ID = 3001;

/** First uninstalljobid (reject with reinstall=1). */
export const EMULATOR_FIRST_UNINSTALL_JOB_ID = 7001;

/** Emulated seconds of a difference analysis: short, so a dry run's chain stays quick. */
export const DEFAULT_DIFF_DURATION_SECONDS = 60;

/** Emulated seconds of an image update (pulling a build onto the build machine). */
export const DEFAULT_UPDATE_DURATION_SECONDS = 90;

/** Emulated seconds of the reinstall job a reject with reinstall=1 starts. */
export const DEFAULT_UNINSTALL_DURATION_SECONDS = 60;

/** What a completed diff reports by default: a typical patch of a dedicated server build. */
export const DEFAULT_DIFF_CHANGES = {
  added: ['Server/Content/Paks/patch_0_P.pak'],
  modified: ['Server/Binaries/Linux/GameServer-Linux-Shipping', 'Server/Content/Paks/Game-LinuxServer.pak', 'Server/version.txt'],
  removed: ['Server/Content/Movies/intro_old.mp4']
} as const;

/** `joberror` of a failed diff unless its plan says otherwise. */
export const defaultDiffError = (machineid: number | null): string =>
  `Difference analysis failed on machine ${machineid ?? 'unknown'}: rsync exited with code 23 (some files could not be read)`;

/** `joberror` of a failed update unless its plan says otherwise. */
export const defaultUpdateError = (machineid: number): string =>
  `Image update failed on machine ${machineid}: download from the update URL failed (HTTP 403 Forbidden)`;
