/**
 * What the step was asked to do, as read from its inputs (read-settings.ts). The types
 * say which inputs come together: a source is either a diff made elsewhere or a build
 * the action diffs itself, and a wait is either off or says what it waits for.
 */

/** A completed diff made elsewhere (input diffid): the action creates a version from it. */
export interface GivenDiff {
  readonly kind: 'diff';
  /** The diff to create the version from. */
  readonly diffId: number;
}

/** The build to pull before the diff (inputs update, update_url): imageupdate/create. */
export interface BuildUpdate {
  /**
   * Where the build machine downloads the build from (s3://, steam://, gs://, cos://,
   * http(s)://; build-source.ts). A secret: it may embed storage keys. undefined
   * (update: true without update_url): the image's default update URL.
   */
  readonly url: string | undefined;
  /** Description of the image update; undefined: the ref and short commit of the run. */
  readonly desc: string | undefined;
}

/** The action makes the diff itself (inputs imageid, machineid, optional update_url). */
export interface BuildToDiff {
  readonly kind: 'build';
  /** The image whose latest version the build machine's files are compared with. */
  readonly imageId: number;
  /** The build machine holding the new files (imagediff/create, imageupdate/create). */
  readonly machineId: number;
  /** Pull the build onto the machine first; absent: the files are already there. */
  readonly update?: BuildUpdate;
}

export type Source = GivenDiff | BuildToDiff;

/** wait: false — the step ends once the version is created. */
export interface NoWait {
  readonly kind: 'none';
}

/** wait: true — until the version's install job ends. */
export interface JobWait {
  readonly kind: 'job';
}

/** wait_for: rollout — until the job ends, then until no machine of the image is pending. */
export interface RolloutWait {
  readonly kind: 'rollout';
  /** The image whose rollout is watched. */
  readonly imageId: number;
  /** The v2 rollout path names the account service: required for a rollout wait, with keys or token. */
  readonly accountServiceId: number;
  /** The rollout fails when more machines than this failed to install. */
  readonly maxFailedMachines: number;
}

export type Wait = NoWait | JobWait | RolloutWait;

/** The release recorded as a GitHub deployment (input environment). */
export interface DeploymentTarget {
  /** The GitHub environment the deployment is made in. */
  readonly environment: string;
  /** github_token: needs `deployments: write`. A secret. Empty: the record warns once and is skipped. */
  readonly token: string;
}

/** What to do with a diff that has no changes. */
export type OnNoChanges = 'deploy' | 'skip' | 'fail';

/** Clanforge keys (Authorization: Basic): every v1 call takes the account service id. */
export interface KeysAuth {
  readonly kind: 'keys';
  /** Clanforge access key (Basic authentication user). A secret. */
  readonly accessKey: string;
  /** Clanforge secret key (Basic authentication password). A secret. */
  readonly secretKey: string;
  /** The account service every call is made for (input accountserviceid, required with keys). */
  readonly accountServiceId: number;
}

/** A Multiplay API token (Authorization: Bearer): the token scopes the account. */
export interface TokenAuth {
  readonly kind: 'token';
  /** The API token. A secret. */
  readonly token: string;
  /** Never sent on v1 calls (the successor does not list it there); a rollout wait carries its own (RolloutWait). */
  readonly accountServiceId: number | undefined;
}

/** Exactly one way to authenticate: the keys (Clanforge) or a token (the successor). */
export type Auth = KeysAuth | TokenAuth;

export interface Settings {
  /** How every request authenticates, and the account service id it is sent with. */
  readonly auth: Auth;
  /** Where the version comes from. */
  readonly source: Source;
  /**
   * The image the run works on, when the inputs name it: the build's (imageid with
   * machineid), imageid given with diffid, or the rollout's. The one place this is decided.
   */
  readonly imageId: number | undefined;
  /**
   * The game of that image (input gameid): image/options takes gameid and imageid
   * together. undefined: the run learns it from the diff or from image/options.
   */
  readonly gameId: number | undefined;
  /** restart=1: restart the servers after the install. */
  readonly restart: boolean;
  /** undefined: not sent, Clanforge decides; 'auto': full=1 only when the diff has no changes. */
  readonly full: boolean | 'auto' | undefined;
  /** What to do with a diff that has no changes. */
  readonly onNoChanges: OnNoChanges;
  /** Reject the diff that locks the image, then retry the diff creation once. */
  readonly rejectLockingDiff: boolean;
  /** game_build label of the version; undefined: not sent. */
  readonly gameBuild: string | undefined;
  /** force=1: install even with active allocations. */
  readonly force: boolean;
  /** When to install, unix seconds; undefined: at once. */
  readonly installAt: number | undefined;
  /** Whole minutes; always set together with disablePercentage. */
  readonly disableTimeout: number | undefined;
  /** Decimal text as given (0.00 to 100.00). */
  readonly disablePercentage: string | undefined;
  /** Whether, and for what, the step waits after the create. */
  readonly wait: Wait;
  /** One limit for every wait (update, diff, version job, rollout), counted from the first. */
  readonly waitTimeoutMs: number;
  /** The slowest pace of status polls (poll_interval). */
  readonly pollIntervalMs: number;
  /** Origin plus optional path prefix, without a trailing slash. */
  readonly apiUrl: URL;
  /** undefined: no GitHub deployment (environment empty); nothing is sent to GitHub. */
  readonly deployment: DeploymentTarget | undefined;
  /** dry_run: safe reads only, then print the requests a real run would send. */
  readonly dryRun: boolean;
}
