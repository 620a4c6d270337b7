// Clanforge API emulator: a real HTTP server on 127.0.0.1 that behaves like the image
// endpoints of the Clanforge API (updates, diffs, versions and their rollout), for
// end-to-end tests, the demo and dry runs.
import { authorizationOf } from './auth.ts';
import type { Credentials } from './auth.ts';
import { systemClock } from './clock.ts';
import { positiveIds } from './checks.ts';
import { EMULATOR_ACCESS_KEY, EMULATOR_ASID, EMULATOR_IMAGE, EMULATOR_SECRET_KEY, EMULATOR_TOKEN } from './defaults.ts';
import { AnswerFieldStore } from './answer-fields.ts';
import { FaultStore } from './faults.ts';
import { resolveWireFormat } from './job-fields.ts';
import { RequestRecorder } from './recorder.ts';
import { Router } from './router.ts';
import { apiRoutes } from './routes/index.ts';
import { EMULATOR_HOST, HttpFront } from './server.ts';
import { EmulatorState } from './state.ts';
import type {
  AnswerFieldSpec,
  AuthMode,
  Clock,
  DiffPlan,
  Emulator,
  EmulatorOptions,
  FaultSpec,
  ImageDiff,
  ImageSpec,
  ImageUpdate,
  ImageVersion,
  JobPlan,
  ParamMode,
  RecordedRequest,
  RequestFilter,
  RolloutPlan,
  RolloutSnapshot
} from './types.ts';

export type * from './types.ts';
export * from './defaults.ts';
export { manualClock, systemClock } from './clock.ts';
export type { ManualClock } from './clock.ts';
export { ROUTE_NAMES } from './routes/index.ts';
export { errorBody } from './api-error.ts';
export { proxyErrorPage } from './faults.ts';
export { basicAuthorization, bearerAuthorization } from './auth.ts';
export { JOB_STATE } from './job-timeline.ts';
export { EMULATOR_HOST, RECORDED_BODY_LIMIT, STREAM_THRESHOLD } from './server.ts';
export { withMachinesPerRegion } from './images.ts';

function paramMode(mode: ParamMode | undefined): ParamMode {
  if (mode !== undefined && mode !== 'strict' && mode !== 'lenient') throw new TypeError('params must be strict or lenient');
  return mode ?? 'strict';
}

function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '' || prefix === '/') return '';
  if (!prefix.startsWith('/') || /[?#]/.test(prefix)) throw new TypeError('pathPrefix must be a path such as /proxy');
  return prefix.replace(/\/+$/, '');
}

class RunningEmulator implements Emulator {
  readonly url: string;
  readonly port: number;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly authMode: AuthMode;
  readonly token: string;
  readonly authorization: string;
  readonly accountServiceIds: readonly number[];
  readonly #front: HttpFront;
  readonly #state: EmulatorState;
  readonly #faults: FaultStore;
  readonly #answerFields: AnswerFieldStore;
  readonly #recorder: RequestRecorder;
  readonly #clock: Clock;

  constructor(parts: {
    port: number;
    prefix: string;
    credentials: Credentials;
    asids: readonly number[];
    front: HttpFront;
    state: EmulatorState;
    faults: FaultStore;
    answerFields: AnswerFieldStore;
    recorder: RequestRecorder;
    clock: Clock;
  }) {
    this.port = parts.port;
    this.url = `http://${EMULATOR_HOST}:${parts.port}${parts.prefix}`;
    this.accessKey = parts.credentials.accessKey;
    this.secretKey = parts.credentials.secretKey;
    this.authMode = parts.credentials.mode;
    this.token = parts.credentials.token;
    this.authorization = authorizationOf(parts.credentials);
    this.accountServiceIds = parts.asids;
    this.#front = parts.front;
    this.#state = parts.state;
    this.#faults = parts.faults;
    this.#answerFields = parts.answerFields;
    this.#recorder = parts.recorder;
    this.#clock = parts.clock;
  }

  get requests(): readonly RecordedRequest[] {
    return this.#recorder.requests;
  }

  get versions(): ReadonlyMap<number, ImageVersion> {
    return this.#state.versions;
  }

  get diffs(): ReadonlyMap<number, ImageDiff> {
    return this.#state.diffs.diffs;
  }

  get updates(): ReadonlyMap<number, ImageUpdate> {
    return this.#state.updates.updates;
  }

  get images(): readonly ImageSpec[] {
    return this.#state.images.images;
  }

  addFault(spec: FaultSpec): () => void {
    return this.#faults.add(spec);
  }

  addAnswerFields(spec: AnswerFieldSpec): () => void {
    return this.#answerFields.add(spec);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  queueJobs(...plans: JobPlan[]): void {
    this.#state.queueJobs(...plans);
  }

  queueRollouts(...plans: RolloutPlan[]): void {
    this.#state.queueRollouts(...plans);
  }

  queueDiffJobs(...plans: DiffPlan[]): void {
    this.#state.diffs.queue(...plans);
  }

  queueUpdateJobs(...plans: JobPlan[]): void {
    this.#state.updates.queue(...plans);
  }

  imageLock(imageid: number): number | null {
    return this.#state.diffs.lockOf(imageid);
  }

  latestVersionFull(imageid: number): boolean {
    return this.#state.latestFull(imageid);
  }

  imageRollout(imageid: number, nowMs: number = this.#clock.now()): RolloutSnapshot {
    const image = this.#state.images.get(imageid);
    if (image === undefined) throw new TypeError(`no image ${imageid}`);
    return this.#state.imageRollout(image, nowMs);
  }

  setActiveAllocations(count: number): void {
    this.#state.setActiveAllocations(count);
  }

  requestCount(route: string): number {
    return this.#recorder.requestCount(route);
  }

  waitForRequests(count: number, filter?: RequestFilter): Promise<RecordedRequest[]> {
    return this.#recorder.waitFor(count, filter);
  }

  on(event: 'request', listener: (request: RecordedRequest) => void): this {
    this.#recorder.events.on(event, listener);
    return this;
  }

  off(event: 'request', listener: (request: RecordedRequest) => void): this {
    this.#recorder.events.off(event, listener);
    return this;
  }

  async close(): Promise<void> {
    this.#recorder.abortWaits('emulator closed');
    await this.#front.close();
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const auth = options.auth ?? {};
  const mode = auth.mode ?? 'basic';
  if (mode !== 'basic' && mode !== 'bearer') throw new TypeError('auth.mode must be basic or bearer');
  const credentials: Credentials = {
    mode,
    accessKey: auth.accessKey ?? EMULATOR_ACCESS_KEY,
    secretKey: auth.secretKey ?? EMULATOR_SECRET_KEY,
    token: auth.token ?? EMULATOR_TOKEN
  };
  if (!/^[\x21-\x7e]+$/.test(credentials.token)) throw new TypeError('auth.token must be printable ASCII without spaces');
  const asids = positiveIds('auth.accountServiceIds', auth.accountServiceIds ?? [EMULATOR_ASID]);
  const timeScale = options.time?.scale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new TypeError('time.scale must be > 0');
  const prefix = normalizePrefix(options.pathPrefix);
  const clock = options.time?.clock ?? systemClock;
  const state = new EmulatorState({
    versions: options.versions,
    diffs: options.diffs,
    updates: options.updates,
    rollouts: options.rollouts,
    machineIds: options.machineIds,
    images: options.images ?? [EMULATOR_IMAGE],
    timeScale,
    startMs: clock.now()
  });
  const faults = new FaultStore(options.faults?.specs);
  const answerFields = new AnswerFieldStore(options.faults?.answerFields);
  const recorder = new RequestRecorder();
  const front = new HttpFront({
    clock,
    pathPrefix: prefix,
    router: new Router(apiRoutes),
    dispatch: {
      credentials,
      asids,
      state,
      format: resolveWireFormat(options.format),
      errorsWithHttp200: options.format?.errorsWithHttp200 === true,
      lenient: paramMode(options.params) === 'lenient'
    },
    faults,
    answerFields,
    recorder
  });
  const port = await front.listen(options.port ?? 0);
  return new RunningEmulator({ port, prefix, credentials, asids, front, state, faults, answerFields, recorder, clock });
}
