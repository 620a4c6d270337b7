// Command-line flags of the emulator, turned into EmulatorOptions.
import { parseArgs } from 'node:util';
import { EMULATOR_GAME_ID, EMULATOR_IMAGE } from './defaults.ts';
import { withMachinesPerRegion } from './images.ts';
import { ROUTE_NAMES } from './routes/names.ts';
import type {
  AnswerFieldSpec,
  AuthOptions,
  DiffOptions,
  DiffFindings,
  DiffPlan,
  EmulatorOptions,
  FaultOptions,
  EtaMode,
  FaultBody,
  FaultSpec,
  ImageSpec,
  JobOutcome,
  JobPlan,
  RolloutPlan,
  UpdateOptions,
  VersionOptions,
  WireFormat
} from './types.ts';

export const DEFAULT_CLI_PORT = 8080;
/** A dry run should not take the real 10 minutes: 600 emulated s pass in 60 s. */
export const DEFAULT_CLI_TIME_SCALE = 10;

export const USAGE = `Usage: npm run emulator -- [flags]

Serves the Clanforge image update, image diff, image version, image install status,
image options and image status (rollout) endpoints on 127.0.0.1 until Ctrl-C.

  --port N               port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --time-scale X         emulated seconds per real second (default ${DEFAULT_CLI_TIME_SCALE})
  --outcome O            complete | failed | squashed (default complete)
  --duration S           emulated seconds from create to the end state (default 600)
  --end-progress N       progress where a failed/squashed job stops
  --job-error TEXT       joberror of a failed job ("\\n" makes a new line)
  --eta M                honest | none | early | late (default honest)
  --eta-factor F         running-time factor for early/late ETAs
  --rollout-duration S   emulated seconds for a completed version to reach every machine (default 300)
  --rollout-delay S      emulated seconds from the job's Complete to machines turning pending (default 0)
  --rollout-failed N     machines whose install fails (default 0)
  --rollout-stuck        rollouts never finish: machines stay pending
  --fleets-as-list       image status detail sends fleets and regions as lists, not maps
  --diff-duration S      emulated seconds of an image diff (default 60)
  --diff-outcome O       complete | failed | squashed: how image diffs end (default complete)
  --diff-fail            image diffs fail (same as --diff-outcome failed)
  --diff-empty           image diffs find no changes: a version needs full=1
  --diff-files N[@ID]    image diffs find N synthetic files (a quarter added, a quarter removed,
                         the rest modified; 100000 make a diff_info answer of about 12 MB);
                         N@ID: what diff ID, made elsewhere, finds (repeatable)
  --update-duration S    emulated seconds of an image update (default 90)
  --update-outcome O     complete | failed | squashed: how image updates end (default complete)
  --update-fail          image updates fail (same as --update-outcome failed)
  --image ID[:GAMEID]    an image in game GAMEID (default ${EMULATOR_GAME_ID}), repeatable (default
                         ${EMULATOR_IMAGE.imageid}:${EMULATOR_GAME_ID}), with the default image's fleets; the first is
                         where versions go and what the flags about "the image" change
  --machines-per-region N
                         every region of every image has N machines (default 14, 12, 8, 6), so
                         a version lists that many install rows in imageinstall/status
  --locked-by N          the image starts locked by diff N (reject it or create a version from it)
  --latest-full          the image's latest version is full: a diff with no changes must be rejected
  --machines LIST        machine ids that exist for diffs and updates (default: any positive id)
  --first-diff-id N      first diffid handed out (default 5001)
  --first-update-id N    first updateid handed out (default 3001)
  --empty-maps-as-lists  empty diff_info maps as [] (as PHP writes them) instead of {}
  --allocations N        active allocations: create fails unless force=1 (default 0)
  --asid LIST            ASIDs the keys may use, comma-separated (default 12345)
  --access-key K         access key (default emulator-access-key)
  --secret-key K         secret key (default emulator-secret-key)
  --bearer               the successor's dialect: Authorization: Bearer <token>, keys refused;
                         v1 calls act on the token's first ASID and take no accountserviceid
                         (400 when sent, unless --lenient)
  --token T              the Bearer token (default emulator-api-token); implies --bearer
  --default-update-url U the image's default update URL: imageupdate/create may leave out url
  --known-diffs LIST     only these diff ids exist (default: any positive id)
  --empty-diffs LIST     diffs with no changes (create needs full=1)
  --first-version-id N   first imageversionid handed out (default 1001)
  --numeric-strings      send numbers as numeric strings
  --completed            name state 5 "Completed" instead of "Complete"
  --joberror-none M      joberror when there is none: absent | null | empty
  --errors-200           send API errors with HTTP 200
  --lenient              accept what the docs do not: unknown parameters ignored, image/options
                         with imageid alone, accountserviceid in Bearer mode (default: strict)
  --path-prefix P        serve the API under a path, e.g. /proxy
  --fault SPEC           inject a fault (repeatable), see below
  --field SPEC           set a field in a route's JSON answers (repeatable), see below
  --drop-field SPEC      remove a field from a route's JSON answers (repeatable): ROUTE[:REQUEST]:NAME
  --quiet                do not log requests
  --help                 show this help

Fault SPEC: ROUTE:REQUEST:ACTION[,OPTION...]
  ROUTE    create | status | rollout | update | update-status | diff | diff-status | reject
           | installs | options | * | a route name (imageversion.create, imagediff.reject, ...)
  REQUEST  every | N | N-M   (1-based request number on that route)
  ACTION   an HTTP status (503), reset, hang, delay=MS (then answers normally),
           lost (processed, then the connection is reset) or lost=timeout (processed,
           never answered)
  OPTION   retry-after=S, body=json|html|text|empty, text=..., delay=MS, process=1|0,
           bytes=N (an over-size answer: valid JSON of exactly N bytes, {"success":true,
           "padding":"xxx…"}, streamed), content-length=1|0 (with bytes: send Content-Length
           or not, default 1), field=NAME (with bytes: the padding field's name)
Examples: status:2:503,retry-after=3   status:every:502,body=html   create:1:reset   rollout:1-3:502
          diff:1:503   diff-status:2-3:502,body=html   reject:1:reset   create:1:lost   update:1:lost=timeout
          diff-status:1:200,bytes=20000000   installs:every:200,bytes=50000000,content-length=0

Field SPEC: ROUTE[:REQUEST]:NAME=VALUE   (ROUTE and REQUEST as for faults; default every request)
  VALUE is JSON when it parses as JSON (5, null, "a\nb", [1], {"x":1}), else the text as given.
  The job behind the answer is not changed, only what the answer says.
Examples: status:jobstatename='"Running\n::add-mask::x"'   create:jobstateid=6   diff-status:2:added='{"a\nb":{}}'`;

export interface CliSettings {
  help: boolean;
  quiet: boolean;
  port: number;
  options: EmulatorOptions;
  faultSpecs: string[];
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

function number(flag: string, text: string, check: (n: number) => boolean, rule: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new CliError(`--${flag}: ${JSON.stringify(text)} is not ${rule}`);
  }
  return value;
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;
const isPositiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function idList(flag: string, text: string): number[] {
  return text.split(',').map((part) => number(flag, part.trim(), isPositiveInt, 'a positive integer'));
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new CliError(`--${flag} must be one of ${allowed.join(', ')}`);
  return text as T;
}

const ROUTE_ALIASES: Record<string, string> = {
  create: ROUTE_NAMES.imageVersionCreate,
  status: ROUTE_NAMES.imageVersionStatus,
  rollout: ROUTE_NAMES.imageRollout,
  update: ROUTE_NAMES.imageUpdateCreate,
  'update-status': ROUTE_NAMES.imageUpdateStatus,
  diff: ROUTE_NAMES.imageDiffCreate,
  'diff-status': ROUTE_NAMES.imageDiffStatus,
  reject: ROUTE_NAMES.imageDiffReject,
  installs: ROUTE_NAMES.imageInstallStatus,
  options: ROUTE_NAMES.imageOptions
};

function faultRequests(text: string): FaultSpec['request'] {
  if (text === 'every') return 'every';
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from < 1 || to < from) throw new CliError(`--fault: bad request range ${text}`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  return number('fault', text, isPositiveInt, 'a request number, N-M or every');
}

function faultBody(kind: string | undefined, text: string | undefined): FaultBody | undefined {
  if (text !== undefined) return { kind: 'text', text };
  switch (kind) {
    case undefined:
    case 'json':
      return undefined;
    case 'html':
      return { kind: 'html' };
    case 'empty':
      return { kind: 'empty' };
    case 'text':
      return { kind: 'text', text: 'upstream error' };
    default:
      throw new CliError(`--fault: body must be json, html, text or empty`);
  }
}

/** `bytes=N[,content-length=1|0][,field=NAME]`: an over-size JSON answer. */
function largeFaultBody(options: ReadonlyMap<string, string>): FaultBody | undefined {
  const bytesText = options.get('bytes');
  const lengthText = options.get('content-length');
  const field = options.get('field');
  if (bytesText === undefined) {
    if (lengthText !== undefined || field !== undefined) throw new CliError('--fault: content-length and field go with bytes=N');
    return undefined;
  }
  if (options.has('body') || options.has('text')) throw new CliError('--fault: bytes=N is a body of its own: leave out body and text');
  if (lengthText !== undefined && lengthText !== '1' && lengthText !== '0') throw new CliError('--fault: content-length must be 1 or 0');
  const body: FaultBody = { kind: 'large', bytes: number('fault', bytesText, isCount, 'a size in bytes (bytes=N)') };
  if (lengthText === '0') body.contentLength = false;
  if (field !== undefined) body.field = field;
  return body;
}

/** `ROUTE[:REQUEST]:NAME`, the part of a field spec before `=`. */
function fieldTarget(flag: string, text: string): { route: string; request: AnswerFieldSpec['request']; name: string } {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new CliError(`--${flag} ${JSON.stringify(text)}: expected ROUTE[:REQUEST]:NAME`);
  }
  const [routeText = '', middle = '', last = ''] = parts;
  const name = parts.length === 3 ? last : middle;
  const route = ROUTE_ALIASES[routeText] ?? routeText;
  const request = parts.length === 3 ? faultRequests(middle) : 'every';
  return { route, request, name };
}

/** Parses `ROUTE[:REQUEST]:NAME=VALUE` (see USAGE). */
export function parseField(spec: string): AnswerFieldSpec {
  const eq = spec.indexOf('=');
  if (eq < 1) throw new CliError(`--field ${JSON.stringify(spec)}: expected ROUTE[:REQUEST]:NAME=VALUE`);
  const { route, request, name } = fieldTarget('field', spec.slice(0, eq));
  const text = spec.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return { route, request, fields: { [name]: value } };
}

/** Parses `ROUTE[:REQUEST]:NAME`: the field is removed from the answers. */
export function parseDropField(spec: string): AnswerFieldSpec {
  const { route, request, name } = fieldTarget('drop-field', spec);
  return { route, request, fields: { [name]: undefined } };
}

/** Parses `ROUTE:REQUEST:ACTION[,OPTION...]` (see USAGE). */
export function parseFault(spec: string): FaultSpec {
  const [head = '', ...optionParts] = spec.split(',');
  const parts = head.split(':');
  const [routeText = '', requestText = '', action = ''] = parts;
  if (parts.length !== 3) throw new CliError(`--fault ${JSON.stringify(spec)}: expected ROUTE:REQUEST:ACTION`);
  const route = ROUTE_ALIASES[routeText] ?? routeText;
  const request = faultRequests(requestText);
  const options = new Map<string, string>();
  for (const part of optionParts) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new CliError(`--fault: option ${JSON.stringify(part)} is not NAME=VALUE`);
    options.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const delayText = options.get('delay');
  const delayMs = delayText === undefined ? undefined : number('fault', delayText, isCount, 'a delay in ms');
  const processText = options.get('process');
  if (processText !== undefined && processText !== '1' && processText !== '0') {
    throw new CliError('--fault: process must be 1 or 0');
  }
  const processes = processText === undefined ? undefined : processText === '1';
  if (action === 'reset') return { route, request, kind: 'reset', delayMs, process: processes };
  if (action === 'hang') return { route, request, kind: 'hang', process: processes };
  if (action === 'lost' || action === 'lost=reset') return { route, request, kind: 'lost', after: 'reset', delayMs };
  if (action === 'lost=timeout') return { route, request, kind: 'lost', after: 'timeout' };
  if (action.startsWith('lost=')) throw new CliError('--fault: lost=reset or lost=timeout');
  if (action.startsWith('delay=')) {
    return { route, request, kind: 'delay', delayMs: number('fault', action.slice(6), isCount, 'a delay in ms') };
  }
  const status = number('fault', action, (n) => Number.isInteger(n) && n >= 100 && n <= 599, 'an HTTP status, reset, hang or delay=MS');
  const retryAfter = options.get('retry-after');
  return {
    route,
    request,
    kind: 'respond',
    status,
    body: largeFaultBody(options) ?? faultBody(options.get('body'), options.get('text')),
    headers: retryAfter === undefined ? undefined : { 'retry-after': retryAfter },
    delayMs,
    process: processes
  };
}

const OUTCOMES: readonly JobOutcome[] = ['complete', 'failed', 'squashed'];

/** `--image ID[:GAMEID]`: an image with the default image's fleets, in game GAMEID (default EMULATOR_GAME_ID). */
function cliImages(specs: readonly string[]): ImageSpec[] {
  const images: ImageSpec[] = [];
  for (const spec of specs) {
    const [idText = '', gameText, ...rest] = spec.split(':');
    if (rest.length > 0) throw new CliError(`--image ${JSON.stringify(spec)}: expected ID[:GAMEID]`);
    const imageid = number('image', idText, isPositiveInt, 'an imageid');
    if (images.some((image) => image.imageid === imageid)) throw new CliError(`--image: image ${imageid} given twice`);
    const image: ImageSpec = { ...EMULATOR_IMAGE, imageid };
    if (gameText !== undefined) image.gameid = number('image', gameText, isPositiveInt, 'a gameid');
    images.push(image);
  }
  return images;
}

/** `--diff-*` / `--update-*`: a duration and an outcome, `--X-fail` being short for `--X-outcome failed`. */
function taskPlan(kind: 'diff' | 'update', duration: string | undefined, outcome: string | undefined, fail: boolean | undefined): JobPlan {
  const plan: JobPlan = {};
  if (duration !== undefined) plan.durationSeconds = number(`${kind}-duration`, duration, (n) => n >= 0, 'seconds >= 0');
  if (outcome !== undefined) plan.outcome = oneOf<JobOutcome>(`${kind}-outcome`, outcome, OUTCOMES);
  if (fail === true) {
    if (plan.outcome !== undefined && plan.outcome !== 'failed')
      throw new CliError(`--${kind}-fail contradicts --${kind}-outcome ${plan.outcome}`);
    plan.outcome = 'failed';
  }
  return plan;
}

export function parseCli(argv: readonly string[]): CliSettings {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'time-scale': { type: 'string' },
        outcome: { type: 'string' },
        duration: { type: 'string' },
        'end-progress': { type: 'string' },
        'job-error': { type: 'string' },
        eta: { type: 'string' },
        'eta-factor': { type: 'string' },
        'rollout-duration': { type: 'string' },
        'rollout-delay': { type: 'string' },
        'rollout-failed': { type: 'string' },
        'rollout-stuck': { type: 'boolean' },
        'fleets-as-list': { type: 'boolean' },
        'diff-duration': { type: 'string' },
        'diff-outcome': { type: 'string' },
        'diff-fail': { type: 'boolean' },
        'diff-empty': { type: 'boolean' },
        'diff-files': { type: 'string', multiple: true },
        'update-duration': { type: 'string' },
        'update-outcome': { type: 'string' },
        'update-fail': { type: 'boolean' },
        image: { type: 'string', multiple: true },
        'machines-per-region': { type: 'string' },
        'locked-by': { type: 'string' },
        'latest-full': { type: 'boolean' },
        machines: { type: 'string' },
        'first-diff-id': { type: 'string' },
        'first-update-id': { type: 'string' },
        'empty-maps-as-lists': { type: 'boolean' },
        allocations: { type: 'string' },
        asid: { type: 'string' },
        'access-key': { type: 'string' },
        'secret-key': { type: 'string' },
        bearer: { type: 'boolean' },
        token: { type: 'string' },
        'default-update-url': { type: 'string' },
        'known-diffs': { type: 'string' },
        'empty-diffs': { type: 'string' },
        'first-version-id': { type: 'string' },
        'numeric-strings': { type: 'boolean' },
        completed: { type: 'boolean' },
        'joberror-none': { type: 'string' },
        'errors-200': { type: 'boolean' },
        lenient: { type: 'boolean' },
        'path-prefix': { type: 'string' },
        fault: { type: 'string', multiple: true },
        field: { type: 'string', multiple: true },
        'drop-field': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    }));
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const v = values;
  const port = v.port === undefined ? DEFAULT_CLI_PORT : number('port', v.port, (n) => isCount(n) && n <= 65535, 'a port');
  const job: JobPlan = {};
  if (v.outcome !== undefined) job.outcome = oneOf<JobOutcome>('outcome', v.outcome, ['complete', 'failed', 'squashed']);
  if (v.duration !== undefined) job.durationSeconds = number('duration', v.duration, (n) => n >= 0, 'seconds >= 0');
  if (v['end-progress'] !== undefined) {
    job.endProgress = number('end-progress', v['end-progress'], (n) => isCount(n) && n <= 100, 'an integer 0..100');
  }
  if (v['job-error'] !== undefined) job.error = v['job-error'].replaceAll('\\n', '\n');
  if (v.eta !== undefined) job.eta = oneOf<EtaMode>('eta', v.eta, ['honest', 'none', 'early', 'late']);
  if (v['eta-factor'] !== undefined) job.etaFactor = number('eta-factor', v['eta-factor'], (n) => n > 0, 'a factor > 0');
  const rollout: RolloutPlan = {};
  if (v['rollout-duration'] !== undefined) {
    rollout.durationSeconds = number('rollout-duration', v['rollout-duration'], (n) => n >= 0, 'seconds >= 0');
  }
  if (v['rollout-delay'] !== undefined) rollout.delaySeconds = number('rollout-delay', v['rollout-delay'], (n) => n >= 0, 'seconds >= 0');
  if (v['rollout-failed'] !== undefined) rollout.failedMachines = number('rollout-failed', v['rollout-failed'], isCount, 'a count');
  if (v['rollout-stuck'] === true) rollout.outcome = 'stuck';
  const format: WireFormat = {};
  if (v['numeric-strings'] === true) format.numericStrings = true;
  if (v.completed === true) format.completeName = 'Completed';
  if (v['joberror-none'] !== undefined) {
    format.noJobError = oneOf('joberror-none', v['joberror-none'], ['absent', 'null', 'empty'] as const);
  }
  if (v['fleets-as-list'] === true) format.fleetsAsList = true;
  if (v['empty-maps-as-lists'] === true) format.emptyMapsAsLists = true;
  const diffJob: DiffPlan = taskPlan('diff', v['diff-duration'], v['diff-outcome'], v['diff-fail']);
  if (v['diff-empty'] === true) diffJob.empty = true;
  const findings: Record<number, DiffFindings> = {};
  for (const spec of v['diff-files'] ?? []) {
    const [countText = '', idText, ...rest] = spec.split('@');
    if (rest.length > 0) throw new CliError(`--diff-files ${JSON.stringify(spec)}: expected N or N@DIFFID`);
    const files = number('diff-files', countText, isCount, 'a number of files');
    if (idText === undefined) {
      if (diffJob.files !== undefined) throw new CliError('--diff-files N is given twice');
      diffJob.files = files;
    } else {
      findings[number('diff-files', idText, isPositiveInt, 'a diffid')] = { files };
    }
  }
  const updateJob = taskPlan('update', v['update-duration'], v['update-outcome'], v['update-fail']);
  const lockedBy = v['locked-by'] === undefined ? undefined : number('locked-by', v['locked-by'], isPositiveInt, 'a diffid');
  const given = cliImages(v.image ?? []);
  const [first = { ...EMULATOR_IMAGE }, ...others] = given;
  const faultSpecs = v.fault ?? [];
  const timeScale =
    v['time-scale'] === undefined ? DEFAULT_CLI_TIME_SCALE : number('time-scale', v['time-scale'], (n) => n > 0, 'a factor > 0');
  if (v['errors-200'] === true) format.errorsWithHttp200 = true;
  const options: EmulatorOptions = { port, time: { scale: timeScale }, format };
  // Groups and fields stay out unless a flag set them, so the options read as the flags do.
  const auth: AuthOptions = {};
  if (v.asid !== undefined) auth.accountServiceIds = idList('asid', v.asid);
  if (v['access-key'] !== undefined) auth.accessKey = v['access-key'];
  if (v['secret-key'] !== undefined) auth.secretKey = v['secret-key'];
  if (v.bearer === true || v.token !== undefined) auth.mode = 'bearer';
  if (v.token !== undefined) auth.token = v.token;
  if (Object.keys(auth).length > 0) options.auth = auth;
  const versions: VersionOptions = { plan: job };
  if (v.allocations !== undefined) versions.activeAllocations = number('allocations', v.allocations, isCount, 'a count');
  if (v['first-version-id'] !== undefined) {
    versions.firstId = number('first-version-id', v['first-version-id'], isPositiveInt, 'a positive integer');
  }
  options.versions = versions;
  const diffs: DiffOptions = {};
  if (Object.keys(diffJob).length > 0) diffs.plan = diffJob;
  if (Object.keys(findings).length > 0) diffs.findings = findings;
  if (v['known-diffs'] !== undefined) diffs.knownIds = idList('known-diffs', v['known-diffs']);
  if (v['empty-diffs'] !== undefined) diffs.emptyIds = idList('empty-diffs', v['empty-diffs']);
  if (lockedBy !== undefined) diffs.lockedBy = { [first.imageid]: lockedBy };
  if (v['first-diff-id'] !== undefined) diffs.firstId = number('first-diff-id', v['first-diff-id'], isPositiveInt, 'a positive integer');
  if (Object.keys(diffs).length > 0) options.diffs = diffs;
  const updates: UpdateOptions = {};
  if (Object.keys(updateJob).length > 0) updates.plan = updateJob;
  if (v['first-update-id'] !== undefined) {
    updates.firstId = number('first-update-id', v['first-update-id'], isPositiveInt, 'a positive integer');
  }
  if (Object.keys(updates).length > 0) options.updates = updates;
  if (Object.keys(rollout).length > 0) options.rollouts = { plan: rollout };
  const image: ImageSpec = { ...first };
  if (v['latest-full'] === true) image.latestFull = true;
  if (v['default-update-url'] !== undefined) {
    if (!URL.canParse(v['default-update-url'])) throw new CliError('--default-update-url must be an absolute URL');
    image.updateUrl = v['default-update-url'];
  }
  const perRegion = v['machines-per-region'];
  if (perRegion !== undefined) {
    const count = number('machines-per-region', perRegion, isCount, 'a count');
    options.images = [image, ...others].map((each) => withMachinesPerRegion(each, count));
  } else if (given.length > 0 || Object.keys(image).length > Object.keys(EMULATOR_IMAGE).length) {
    options.images = [image, ...others];
  }
  if (v.machines !== undefined) options.machineIds = idList('machines', v.machines);
  if (v['path-prefix'] !== undefined) options.pathPrefix = v['path-prefix'];
  if (v.lenient === true) options.params = 'lenient';
  const answerFields = [...(v.field ?? []).map(parseField), ...(v['drop-field'] ?? []).map(parseDropField)];
  const faults: FaultOptions = { specs: faultSpecs.map(parseFault) };
  if (answerFields.length > 0) faults.answerFields = answerFields;
  options.faults = faults;
  return { help: v.help === true, quiet: v.quiet === true, port, options, faultSpecs };
}
