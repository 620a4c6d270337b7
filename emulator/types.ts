// Public types of the emulator: options, plans, faults and what gets recorded.
import type { IncomingHttpHeaders } from 'node:http';

/** Source of the current time in ms since the epoch; injectable so tests need no sleeping. */
export interface Clock {
  now(): number;
}

export type JobOutcome = 'complete' | 'failed' | 'squashed';

/**
 * How `jobeta` behaves: `honest` is the real end, `none` never sends it, `early` and
 * `late` scale the real running time by `etaFactor` (defaults 0.5 and 2).
 */
export type EtaMode = 'honest' | 'none' | 'early' | 'late';

/**
 * How one image version's job plays out. Every field is optional; a plan in
 * `plans` (of versions, updates) is laid over their `plan`, which is laid over the defaults.
 */
export interface JobPlan {
  /** End state: Complete (5), Failed (6) or Squashed (7). Default `complete`. */
  outcome?: JobOutcome;
  /** Emulated seconds from creation to the end state (real time = this / time.scale). Default 600. */
  durationSeconds?: number;
  /**
   * Shares (0..1) of the duration spent Created, Pending and Queued before Running.
   * Defaults 0.02, 0.05, 0.08. A future `install_at` keeps the job Pending until then.
   */
  phases?: { created?: number; pending?: number; queued?: number };
  /**
   * Progress (0..100) at which a Failed or Squashed job stops. Defaults: 40 when failed,
   * 0 when squashed (a squashed job with 0 never runs: it is superseded while Queued).
   */
  endProgress?: number;
  /** `joberror` of a failed (or, if set, squashed) job. Default: a multi-line install report. */
  error?: string;
  /** `jobfailed` of a failed job; the docs call it both a flag and a count. Default 1. */
  failedValue?: number;
  eta?: EtaMode;
  /** Multiplies the real running time for the `early`/`late` ETA modes. */
  etaFactor?: number;
}

/** Paths a difference analysis reports, by kind of change. */
export interface DiffChanges {
  added?: readonly string[];
  modified?: readonly string[];
  removed?: readonly string[];
}

/**
 * How many synthetic files a diff finds, by kind of change, or one total split as
 * `added` = `removed` = floor(total / 4) and `modified` = the rest (100000: 25000 added,
 * 50000 modified, 25000 removed). Paths are deterministic and realistic
 * (`Server/Content/Maps/Harbor/file_000123.umap`), unique across the kinds, made when the
 * answer is written, so a diff of any size costs the emulator no memory.
 */
export type DiffFiles = number | { added?: number; modified?: number; removed?: number };

/** What a diff finds: given paths, a number of synthetic files, or nothing at all. */
export interface DiffFindings {
  /** Default: a few realistic server build paths (DEFAULT_DIFF_CHANGES). */
  changes?: DiffChanges;
  /** Synthetic files instead of `changes` (a layer gives one or the other). */
  files?: DiffFiles;
  /** No changes at all: `added`, `modified` and `removed` all empty, so a version needs full=1. */
  empty?: boolean;
}

/**
 * How one difference analysis plays out: a job plan (default 60 emulated s, complete)
 * plus what it finds. Laid over `diffs.plan` like job plans; `changes` or `files` given in
 * a layer replaces the whole set (lists it leaves out are empty).
 */
export interface DiffPlan extends JobPlan, DiffFindings {}

/** Paths of one kind of change: a list, or synthetic paths made on demand (DiffFindings.files). */
export interface PathList extends Iterable<string> {
  readonly length: number;
  at(index: number): string | undefined;
}

/** How job fields are written on the wire; the real service varies in these ways. */
export interface WireFormat {
  /** Send every number (job fields, ids, machine counts, file sizes) as a numeric string. Default false. */
  numericStrings?: boolean;
  /** Name of state 5: the docs say both. Default `Complete`. */
  completeName?: 'Complete' | 'Completed';
  /** How `joberror` looks when there is no error. Default `absent`. */
  noJobError?: 'absent' | 'null' | 'empty';
  /**
   * Image status `fleets` as a list (`[{ fleetid, name, ..., regions: [{ regionid, ... }] }]`)
   * instead of the map keyed by id of the public example: the docs call it both. Default false.
   */
  fleetsAsList?: boolean;
  /**
   * Empty diff_info maps (`added`, `modified`, `removed`) as `[]`, the way PHP's json_encode
   * writes an empty associative array, instead of `{}`. Default false.
   */
  emptyMapsAsLists?: boolean;
  /** Send API errors with HTTP 200 (body still `success:false,error:true`), as the real service sometimes does. Default false. */
  errorsWithHttp200?: boolean;
}

/**
 * How query parameters are checked. `strict` (the default): every route takes exactly the
 * parameters its documentation lists; an unknown one, a missing required one, or one of a
 * pair given without the other is 400 naming it, and in Bearer mode v1 calls refuse
 * `accountserviceid` (the token scopes the account). `lenient`: unknown parameters are
 * ignored, image/options answers `imageid` (or `gameid`) alone, and Bearer mode accepts an
 * `accountserviceid` the token covers. Missing required ones and the imageversion/create
 * pair are refused either way.
 */
export type ParamMode = 'strict' | 'lenient';

/** A fleet region and how many machines in it run the image. */
export interface RegionSpec {
  /** Fleet region id; unique within the image (a fleet region belongs to one fleet). */
  regionid: string;
  name: string;
  /** Machines installing the image here (an integer >= 0). */
  machines: number;
}

export interface FleetSpec {
  fleetid: string;
  name: string;
  regions: readonly RegionSpec[];
}

/** An emulated game image: the machines its versions roll out to. */
export interface ImageSpec {
  imageid: number;
  /** ASID that owns the image; other ASIDs get 404. Default: visible to every ASID the keys can use. */
  accountserviceid?: number;
  /**
   * Versions created from these diffs belong to this image; a diff made by the emulator
   * belongs to the image it was made for; any other diff belongs to the first image.
   */
  diffIds?: readonly number[];
  /**
   * Whether the image's latest version (from before the emulator started) is a full one:
   * a diff with no changes is then refused even with full=1. Default false.
   */
  latestFull?: boolean;
  /** Shown in image/options and install rows. Default `image <imageid>`. */
  name?: string;
  /**
   * The game the image belongs to (image/options `games[]` and the gameid it pairs with the
   * image, diff_info's `game`). Default EMULATOR_GAME_ID; another game is named `game <gameid>`.
   */
  gameid?: number;
  /** The image's Game Version (image/options `images[].gameversionid`). Default EMULATOR_GAME_VERSION_ID_BASE + imageid. */
  gameversionid?: number;
  /**
   * Build machines that have the image installed: what image/options lists in `machines[]`
   * for the gameid/imageid pair. Default: every machine of `machineIds`, or
   * [EMULATOR_BUILD_MACHINE_ID] when that is not set. Must be among `machineIds` when it is set.
   */
  buildMachines?: readonly number[];
  /**
   * The image's default update URL (image/options `update_url`): imageupdate/create may then
   * leave out `url`. Default none: `url` is required.
   */
  updateUrl?: string;
  fleets: readonly FleetSpec[];
}

/** `stuck`: the rollout never finishes; `stuckMachines` stay pending forever. */
export type RolloutOutcome = 'complete' | 'stuck';

/** A number of machines: one count for the whole image (placed by the seed), or counts by regionid. */
export type MachineCount = number | Readonly<Record<string, number>>;

/**
 * How the rollout of one image version plays out once its job is Complete: every machine
 * of the image turns pending, then finishes at an evenly spaced instant over `durationSeconds`.
 * Every field is optional; a plan in `rollouts.plans` is laid over
 * `rollouts.plan`, which is laid over the defaults. Failed or squashed jobs roll nothing out.
 */
export interface RolloutPlan {
  /** Emulated seconds from the machines turning pending to the last one done (real = this / time.scale). Default 300. */
  durationSeconds?: number;
  /**
   * Emulated seconds between the job's Complete and the machines turning pending; until
   * then the image shows what it showed before. Default 0.
   */
  delaySeconds?: number;
  /** Machines that end failed (disabled, unable to install) instead of completed. Default 0. */
  failedMachines?: MachineCount;
  /** Default `complete`. */
  outcome?: RolloutOutcome;
  /** With outcome `stuck`: machines that stay pending forever. Default: every machine that does not fail. */
  stuckMachines?: MachineCount;
  /** Decides which machines finish when, and where whole-image counts land. Default 1. */
  seed?: number;
}

/** Machine counts of an image, a fleet or a region at one instant. */
export interface MachineCounts {
  pending: number;
  failed: number;
  completed: number;
}

export interface RegionRollout extends MachineCounts {
  regionid: string;
  name: string;
}

export interface FleetRollout extends MachineCounts {
  fleetid: string;
  name: string;
  regions: RegionRollout[];
}

/** An image's rollout at one instant: totals and the same counts by fleet and region. */
export interface RolloutSnapshot extends MachineCounts {
  fleets: FleetRollout[];
}

export interface RolloutTimelineView {
  /** When the machines turn pending (the job's end plus the delay), ms. */
  readonly startMs: number;
  /** When the last machine is done, ms; null when the rollout is stuck. */
  readonly endMs: number | null;
  at(nowMs: number): RolloutSnapshot;
}

/** Body of an injected response. */
export type FaultBody =
  /** JSON (default for `respond`: the API error shape with the status text as message). */
  | { kind: 'json'; value: unknown }
  /** HTML page; default: a reverse proxy's error page for the status. */
  | { kind: 'html'; html?: string }
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  /**
   * An over-size answer: valid JSON of exactly `bytes` bytes, streamed in pieces (the
   * emulator never holds it): `value` (default `{ success: true }`) with one more string
   * field, `field` (default `padding`), of `x` filler that makes up the size. Sent with
   * `Content-Length: bytes` unless `contentLength` is false (then chunked).
   */
  | { kind: 'large'; bytes: number; contentLength?: boolean; value?: Readonly<Record<string, unknown>>; field?: string };

/** Which requests a fault applies to. */
export interface FaultMatch {
  /** Route name (see ROUTE_NAMES), or `*` for every request whatever the route. */
  route: string;
  /**
   * 1-based number of the request on that route since the emulator started (for `*`:
   * among all requests), a list of them, or `every` (the default).
   */
  request?: number | readonly number[] | 'every' | undefined;
}

/**
 * A fault replaces the normal answer. `process` says whether the request still takes
 * effect (a create still creates a version) as it might on the real service behind a
 * failing proxy or a dropped connection.
 */
export type FaultSpec = FaultMatch &
  (
    | {
        kind: 'respond';
        status: number;
        body?: FaultBody | undefined;
        headers?: Record<string, string> | undefined;
        delayMs?: number | undefined;
        /** Default false: the answer comes from something in front of the service. */
        process?: boolean | undefined;
      }
    /** Answers normally after `delayMs` real ms. */
    | { kind: 'delay'; delayMs: number }
    /** Resets the connection once the request was fully read. */
    | { kind: 'reset'; delayMs?: number | undefined; /** Default true. */ process?: boolean | undefined }
    /** Never answers; the socket is held until close(). */
    | { kind: 'hang'; /** Default true. */ process?: boolean | undefined }
    /**
     * The request is processed (a create creates), then its answer is lost: the
     * connection is reset (`after: 'reset'`, the default, after `delayMs`) or never
     * answered, so the client times out (`after: 'timeout'`).
     */
    | { kind: 'lost'; after?: 'reset' | 'timeout' | undefined; delayMs?: number | undefined }
  );

export type FaultKind = FaultSpec['kind'];

/**
 * Fields set on a route's JSON answers (success and API errors alike, not injected
 * fault answers), on top of what the handler wrote: any value, of any type, to see
 * how a client copes with text and shapes the emulator would not produce itself. A
 * field given as undefined is removed from the answer. Only the wire changes: the
 * job behind the answer goes on as planned.
 */
export type AnswerFieldSpec = FaultMatch & { fields: Readonly<Record<string, unknown>> };

/** What happened to a request: an HTTP status, or how the emulator withheld the answer. */
export type RecordedStatus = number | 'reset' | 'hung' | 'aborted' | 'pending';

export interface RecordedRequest {
  /** 1-based arrival order among all requests. */
  readonly seq: number;
  readonly method: string;
  /** Request target as sent (path and query string). */
  readonly url: string;
  /** Path without the query string (and without the configured path prefix). */
  readonly path: string;
  /** Route name, or null when no route matched the path. */
  readonly route: string | null;
  /** 1-based number of this request on its route (the number faults match on). */
  readonly routeRequest: number;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  readonly headers: IncomingHttpHeaders;
  /** Arrival time from the emulator's clock, ms. */
  readonly time: number;
  /** `pending` until the answer is sent or withheld; waitForRequests only sees settled ones. */
  status: RecordedStatus;
  /** Kind of the fault that applied, if any. */
  fault: FaultKind | null;
  /**
   * Body text sent, null when none was sent. For an answer streamed because it is big
   * (over STREAM_THRESHOLD characters, or a `large` fault body) only its first
   * RECORDED_BODY_LIMIT (64 Ki) characters, with `responseTruncated` set.
   */
  responseBody: string | null;
  /** Bytes of body sent (all of them, even when `responseBody` keeps only the start); null when none was sent. */
  responseBytes: number | null;
  /** Whether `responseBody` is only the start of what was sent. */
  responseTruncated: boolean;
  responseHeaders: Record<string, string>;
}

/**
 * How requests authenticate. `basic` (the default, Clanforge): `Authorization: Basic
 * base64(accessKey:secretKey)` and `accountserviceid` on every v1 call. `bearer` (the
 * successor): `Authorization: Bearer <token>`; the token scopes the account, so v1 calls
 * take no `accountserviceid` (strictly refused as undocumented; in lenient mode one sent
 * must be one of the token's); the v2 rollout path still names the ASID.
 */
export type AuthMode = 'basic' | 'bearer';

export interface AuthOptions {
  /** Default `basic`. */
  mode?: AuthMode;
  /** Bearer mode: the API token. Default EMULATOR_TOKEN. */
  token?: string;
  /** Basic mode. Defaults EMULATOR_ACCESS_KEY / EMULATOR_SECRET_KEY. */
  accessKey?: string;
  secretKey?: string;
  /**
   * ASIDs the keys (or the token) have access to; another is 403 `Forbidden`. In Bearer
   * mode a v1 call acts on the first (unless lenient mode takes one sent). Default [EMULATOR_ASID].
   */
  accountServiceIds?: readonly number[];
}

export interface TimeOptions {
  /** Emulated seconds per real second. Default 1. */
  scale?: number;
  clock?: Clock;
}

/** Image versions (imageversion/create and their install jobs). */
export interface VersionOptions {
  /** First imageversionid handed out; ids then increase by one. Default 1001. */
  firstId?: number;
  /** Job plan for every version (overridden per version by `plans`). */
  plan?: JobPlan;
  /** Plans consumed one per successful create, in order; then `plan` applies. */
  plans?: readonly JobPlan[];
  /** Active allocations on the image; while > 0, create fails unless force=1. Default 0. */
  activeAllocations?: number;
}

/** Difference analyses (imagediff/create, status, reject) and the locks they hold. */
export interface DiffOptions {
  /**
   * First diffid imagediff/create hands out; ids then increase, skipping ids the options
   * name (knownIds, emptyIds, images[].diffIds, lockedBy) and ids already used. Default 5001.
   */
  firstId?: number;
  /** Plan for every difference analysis (overridden per diff by `plans`). */
  plan?: DiffPlan;
  /** Diff plans consumed one per imagediff/create (a retry included), in order; then `plan` applies. */
  plans?: readonly DiffPlan[];
  /**
   * Diffs made elsewhere that exist; default: any positive id is a known, completed diff.
   * Diffs the emulator made (imagediff/create) and those of `lockedBy` always exist.
   */
  knownIds?: readonly number[];
  /**
   * Diffs made elsewhere with no changes: a version from them needs full=1, and fails after
   * a full version. (A diff the emulator makes has no changes when its `DiffPlan` says so.)
   */
  emptyIds?: readonly number[];
  /**
   * Images locked from the start by a diff made before the emulator started (imageid →
   * diffid): that diff is Complete and neither accepted nor rejected, so imagediff/create
   * for the image fails until it is rejected or a version is created from it.
   */
  lockedBy?: Readonly<Record<number, number>>;
  /**
   * What diffs made elsewhere (and those of `lockedBy`) report, by diffid, e.g.
   * `{ 4242: { files: 100_000 } }`; the others report the default changes (none for
   * `emptyIds`). These ids exist even when `knownIds` leaves them out, and are never handed out.
   */
  findings?: Readonly<Record<number, DiffFindings>>;
}

/** Image updates (imageupdate/create and status). */
export interface UpdateOptions {
  /** First updateid imageupdate/create hands out. Default 3001. */
  firstId?: number;
  /** Plan for every image update job (default 90 emulated s, complete; overridden by `plans`). */
  plan?: JobPlan;
  /** Update plans consumed one per imageupdate/create, in order; then `plan` applies. */
  plans?: readonly JobPlan[];
}

/** Rollouts of completed versions to the image's machines. */
export interface RolloutOptions {
  /** Rollout plan for every version (overridden per version by `plans`). */
  plan?: RolloutPlan;
  /** Rollout plans consumed one per successful create, in order; then `plan` applies. */
  plans?: readonly RolloutPlan[];
}

export interface FaultOptions {
  /** Faults checked in this order (the first that hits applies); addFault() puts new ones in front. */
  specs?: readonly FaultSpec[];
  /** Fields set on matching JSON answers; every spec that matches applies, later ones over earlier ones. */
  answerFields?: readonly AnswerFieldSpec[];
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
  /** Path prefix the API is served under (e.g. `/proxy`), for api_url values with a path. */
  pathPrefix?: string;
  auth?: AuthOptions;
  time?: TimeOptions;
  /** Emulated images; the first is where versions go unless a diff says otherwise. Default [EMULATOR_IMAGE]. */
  images?: readonly ImageSpec[];
  /** Machines that exist for imagediff/create and imageupdate/create; default: any positive id. */
  machineIds?: readonly number[];
  versions?: VersionOptions;
  diffs?: DiffOptions;
  updates?: UpdateOptions;
  rollouts?: RolloutOptions;
  /** How answers are written on the wire. */
  format?: WireFormat;
  /** How query parameters are checked. Default `strict`, as documented. */
  params?: ParamMode;
  faults?: FaultOptions;
}

export interface RequestFilter {
  route?: string;
  /** Real ms before the wait fails. Default 5000. */
  timeoutMs?: number;
}

/** A created image version as the emulator keeps it. */
export interface ImageVersion {
  readonly imageversionid: number;
  readonly accountserviceid: number;
  readonly diffid: number;
  readonly restart: boolean;
  readonly full: boolean | undefined;
  readonly force: boolean | undefined;
  readonly gameBuild: string | undefined;
  readonly installAt: number | undefined;
  readonly disableTimeout: number | undefined;
  readonly disablePercentage: number | undefined;
  /** Creation time from the emulator's clock, ms. */
  readonly createdAt: number;
  readonly job: JobTimelineView;
  /** Image the version belongs to (by its diff). */
  readonly imageid: number;
  /** Its rollout to the image's machines; null when the job does not complete. */
  readonly rollout: RolloutTimelineView | null;
}

/** Where the emulator's knowledge of a diff comes from. */
export type DiffOrigin =
  /** Made by imagediff/create (or retried through it). */
  | 'created'
  /** The diff of a `lockedBy` entry. */
  | 'locked'
  /** Made outside the emulator (any known diffid); it locks nothing. */
  | 'elsewhere';

/** What became of a diff: an open diff made here locks its image. */
export type DiffDecision = 'open' | 'accepted' | 'rejected';

/** A difference analysis as the emulator keeps it. Diffs from elsewhere appear once a request touched them. */
export interface ImageDiff {
  readonly diffid: number;
  /** ASID that made it; null when it was made elsewhere (visible to every ASID). */
  readonly accountserviceid: number | null;
  readonly imageid: number;
  /** Build machine compared; null when made elsewhere. */
  readonly machineid: number | null;
  readonly origin: DiffOrigin;
  readonly decision: DiffDecision;
  /** The version created from it, once accepted. */
  readonly imageversionid: number | null;
  /** Whether the reject asked for a reinstall. */
  readonly reinstall: boolean | null;
  /** Times it was retried (imagediff/create with its diffid). */
  readonly retries: number;
  /** What it reports once Complete (synthetic lists make their paths on demand). */
  readonly changes: { readonly added: PathList; readonly modified: PathList; readonly removed: PathList };
  /** Whether it has no changes at all (a version from it needs full=1). */
  readonly empty: boolean;
  readonly job: JobTimelineView;
}

/** An image update (a build pulled onto a build machine) as the emulator keeps it. */
export interface ImageUpdate {
  readonly updateid: number;
  readonly accountserviceid: number;
  readonly imageid: number;
  readonly machineid: number;
  readonly desc: string;
  /** The URL the build comes from: the one sent, else the image's default update URL. */
  readonly url: string;
  /** Whether `url` was left out and the image's default update URL applies. */
  readonly defaultUrl: boolean;
  /** Creation time from the emulator's clock, ms. */
  readonly createdAt: number;
  readonly job: JobTimelineView;
}

/** The state of a job at one instant, in ms (the wire format turns it into seconds). */
export interface JobSnapshot {
  stateId: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  progress: number;
  failed: number;
  error: string | null;
  createdMs: number;
  updatedMs: number;
  etaMs: number | null;
  startMs: number | null;
}

export interface JobTimelineView {
  /** When the job reaches its end state, ms. */
  readonly endMs: number;
  at(nowMs: number): JobSnapshot;
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:PORT (with the path prefix, no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly authMode: AuthMode;
  /** The Bearer token (used in Bearer mode). */
  readonly token: string;
  /** Ready-made Authorization header value: Basic with the keys, or Bearer with the token. */
  readonly authorization: string;
  readonly accountServiceIds: readonly number[];
  /** Every request in arrival order; entries settle (status) when answered. */
  readonly requests: readonly RecordedRequest[];
  readonly versions: ReadonlyMap<number, ImageVersion>;
  /** Diffs made here, those of `lockedBy`, and diffs from elsewhere once a request touched them. */
  readonly diffs: ReadonlyMap<number, ImageDiff>;
  readonly updates: ReadonlyMap<number, ImageUpdate>;
  readonly images: readonly ImageSpec[];
  /** Adds a fault (checked before earlier ones); returns a function that removes it. */
  addFault(spec: FaultSpec): () => void;
  /** Sets fields on matching JSON answers from now on (over earlier specs); returns a function that removes it. */
  addAnswerFields(spec: AnswerFieldSpec): () => void;
  clearFaults(): void;
  /** Appends plans consumed one per successful create. */
  queueJobs(...plans: JobPlan[]): void;
  /** Appends rollout plans consumed one per successful create. */
  queueRollouts(...plans: RolloutPlan[]): void;
  /** Appends diff plans consumed one per successful imagediff/create. */
  queueDiffJobs(...plans: DiffPlan[]): void;
  /** Appends update plans consumed one per successful imageupdate/create. */
  queueUpdateJobs(...plans: JobPlan[]): void;
  /** The diffid that locks the image, or null. */
  imageLock(imageid: number): number | null;
  /** Whether the image's latest version is full (what decides full-after-full). */
  latestVersionFull(imageid: number): boolean;
  /** An image's rollout as the status route would report it at `nowMs` (default: the emulator's clock). */
  imageRollout(imageid: number, nowMs?: number): RolloutSnapshot;
  setActiveAllocations(count: number): void;
  /** Requests seen so far on a route (`*`: all), so a fault can target the next one. */
  requestCount(route: string): number;
  /** Resolves once at least `count` matching requests have settled; rejects on timeout or close(). */
  waitForRequests(count: number, filter?: RequestFilter): Promise<RecordedRequest[]>;
  /** `request` fires when a request settles (answered, reset, hung or aborted). */
  on(event: 'request', listener: (request: RecordedRequest) => void): this;
  off(event: 'request', listener: (request: RecordedRequest) => void): this;
  /** Stops listening and ends every connection, hung ones included. Idempotent. */
  close(): Promise<void>;
}
