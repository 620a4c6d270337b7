/**
 * The dry run's plan (dry_run: true). The stages run as in a real run; the plan stands in
 * the client's place for every state-changing request (clanforge/client/core.ts,
 * StateChangePlan): it records the request as it would be sent and answers as the service
 * would, with a planned id for what the request makes (clanforge/planned-ids.ts) or with
 * the refusal the safe reads foresee:
 * - a lock on the image (image/options, read before the first state change on it):
 *   imageupdate/create and imagediff/create are refused with the service's own message,
 *   so the stages' lock handling decides, as in a real run; a reject releases it;
 * - a given diff a real run sends the create for without reading it: Clanforge creates a
 *   version only from a completed diff, and from an empty one only with full=1.
 * Reads go to the API. Waits are not waited: each stage says what a real run waits for
 * (waits), and what it decides only once it runs (note).
 */
import type { StateChange } from '../clanforge/client/state-change.ts';
import type { StateChangePlan } from '../clanforge/client/core.ts';
import { ClanforgeError } from '../clanforge/errors.ts';
import type { HttpResponse } from '../clanforge/http/transport.ts';
import { isPlannedId, plannedId } from '../clanforge/planned-ids.ts';
import { asidQuery, endpoint, SECRET_PARAMS, type ApiRequest } from '../clanforge/requests.ts';
import { isEmpty, type DiffStatus } from '../clanforge/wire/diff.ts';
import { describeLock, type ImageLock } from '../clanforge/wire/image-options.ts';
import { describeState, outcomeOf } from '../clanforge/wire/job.ts';
import { describeChanges, oneLine } from '../format.ts';
import type { DryRunPlan, PlannedRequest, RunReport } from '../runner/report.ts';
import type { Settings } from '../settings/settings.ts';
import type { StageContext, StageLog } from './context.ts';
import { diffUnlockAdvice, EMPTY_DIFF_REMEDY, GIVEN_DIFF_UNREAD } from './diff.ts';
import { GAME_INPUT_ADVICE, readLock } from './image-game.ts';
import { readOnce } from './waits.ts';

/** What a planned id stands for: the id field of the answer, and the request (1-based) that makes it. */
interface Planned {
  field: string;
  request: number;
}

function answer(status: number, body: Record<string, unknown>): HttpResponse {
  return {
    status,
    statusText: status === 200 ? 'OK' : 'Bad Request',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  };
}

/** The service's answer to a request refused for what it says. */
const refusal = (message: string): HttpResponse =>
  answer(400, { success: false, error: true, error_code: 1, error_message: message, messages: [], _debug: [] });

/** A diff status as the plan's Read line says it. */
function describeDiffRead(diffId: number, { job, changes }: DiffStatus): string {
  const complete = outcomeOf(job) === 'complete';
  const listed = !complete
    ? 'its changes are known once it is complete'
    : changes
      ? describeChanges(changes)
      : 'Clanforge did not list its changes';
  return `diff ${diffId}: ${oneLine(describeState(job))}; ${listed}`;
}

export class Plan implements StateChangePlan {
  readonly record: DryRunPlan;
  readonly #settings: Settings;
  #ctx: StageContext | undefined;
  /** What locks the image, once read before the first state change on it. */
  #lock: { read: false } | { read: true; imageId: number; lock: ImageLock | undefined } = { read: false };
  /** Diff statuses read, by stages or by the plan; the Read lines follow them. */
  readonly #diffs = new Map<number, DiffStatus>();
  /** The diffs a stage read: the stage decided on them, as a real run does. */
  readonly #readByStages = new Set<number>();
  readonly #planned = new Map<number, Planned>();
  /** Where the plan says what it reads (the stages' own lines go to debug). */
  readonly #out: StageLog;

  constructor(settings: Settings, out: StageLog) {
    this.#settings = settings;
    this.#out = out;
    this.record = { reads: [], requests: [], notes: [], authorization: settings.auth.kind === 'token' ? 'Bearer ***' : 'Basic ***' };
  }

  /** The run the plan reads with (the client it stands in for is part of it). */
  attach(ctx: StageContext): void {
    this.#ctx = ctx;
  }

  get #run(): StageContext {
    if (this.#ctx === undefined) throw new Error('the dry-run plan was used before the run was attached');
    return this.#ctx;
  }

  /** A text with every planned id shown as the field it stands for: `{diffid}`. */
  label(text: string): string {
    let shown = text;
    for (const [id, { field }] of this.#planned) shown = shown.replaceAll(String(id), `{${field}}`);
    return shown;
  }

  /** A diff status a stage read (the stage decides on it as a real run does). */
  sawDiff(diffId: number, status: DiffStatus): void {
    this.#readByStages.add(diffId);
    this.#readDiff(diffId, status);
  }

  #readDiff(diffId: number, status: DiffStatus): void {
    this.#diffs.set(diffId, status);
    const line = describeDiffRead(diffId, status);
    const at = this.record.reads.findIndex((read) => read.startsWith(`diff ${diffId}: `));
    if (at === -1) this.record.reads.push(line);
    else this.record.reads[at] = line;
  }

  /** What a real run decides only once it runs. */
  note(text: string): void {
    this.record.notes.push(this.label(text));
  }

  /**
   * What a real run waits for instead of this dry run: said with the request that made the
   * thing waited for (a planned id of the last request), else as a note.
   */
  waits(id: number, text: string): void {
    const last = this.record.requests.at(-1);
    if (last !== undefined && isPlannedId(id) && this.#planned.get(id)?.request === this.record.requests.length) {
      last.purpose = `${last.purpose}; ${this.label(text)}`;
    } else this.note(text);
  }

  /** How the run ended, in the plan's words. */
  finish(report: RunReport): void {
    if (report.result === 'skipped') this.note('Nothing would be created: the diff has no changes (on_no_changes: skip).');
  }

  async answer(change: StateChange): Promise<HttpResponse> {
    const { request } = change;
    const imageId = this.#settings.imageId ?? idParam(request, 'imageid');
    if (imageId !== undefined) await this.#readLock(imageId);
    const lock = this.#lock.read ? this.#lock.lock : undefined;
    if (request.endpoint === 'imageupdate/create' || request.endpoint === 'imagediff/create') {
      if (lock?.updateId !== undefined) {
        this.#add(request, `${change.purpose}: refused while image update ${lock.updateId} locks the image`);
        return refusal(`image locked by updateid: ${lock.updateId}`);
      }
      if (lock?.diffId !== undefined) {
        this.#add(request, `${change.purpose}: refused while diff ${lock.diffId} locks the image (image locked by diffid: ${lock.diffId})`);
        return refusal(`image locked by diffid: ${lock.diffId}`);
      }
    }
    if (request.endpoint === 'imagediff/reject') {
      const diffId = Number(/\/imagediff\/(\d+)\/reject$/.exec(request.path)?.[1]);
      if (this.#lock.read && lock?.diffId === diffId) this.#lock = { ...this.#lock, lock: { ...lock, diffId: undefined } };
      this.#add(request, change.purpose);
      return answer(200, { success: true, diffid: diffId });
    }
    if (request.endpoint === 'imageversion/create') await this.#foreseeCreate(request);
    this.#add(request, change.purpose);
    if (change.idField === undefined) return answer(200, { success: true });
    const id = plannedId(this.record.requests.length);
    this.#planned.set(id, { field: change.idField, request: this.record.requests.length });
    return answer(200, { success: true, [change.idField]: id, jobstateid: 1, jobstatename: 'Created', jobprogress: 0 });
  }

  /** What locks the image, read once (image/options with the image's game); a game that cannot be found leaves it unchecked. */
  async #readLock(imageId: number): Promise<void> {
    if (this.#lock.read) return;
    this.#out.info(`Dry run: reading what locks image ${imageId} (image/options)`);
    const read = await readLock(this.#run, imageId);
    if (read.checked) this.record.reads.push(`image ${imageId}: ${describeLock(read.lock)}`);
    else {
      // A real run makes no such read: the dry run goes on, saying the lock was not checked.
      this.#out.warning(`Dry run: the lock on image ${imageId} was not checked: ${read.why}; ${GAME_INPUT_ADVICE}.`);
      this.record.reads.push(`image ${imageId}: lock not checked (${read.short})`);
    }
    this.#lock = { read: true, imageId, lock: read.checked ? read.lock : undefined };
  }

  /**
   * A create from a diff no stage read (a real run does not read a given diff unless its
   * changes decide something): read it, and refuse as Clanforge would a diff that is not
   * complete, or empty without full=1.
   */
  async #foreseeCreate(request: ApiRequest): Promise<void> {
    const diffId = idParam(request, 'diffid');
    if (diffId === undefined || isPlannedId(diffId) || this.#readByStages.has(diffId)) return;
    const run = this.#run;
    let status = this.#diffs.get(diffId);
    if (status === undefined) {
      this.#out.info(`Dry run: reading diff ${diffId} (imagediff/${diffId}/status)`);
      status = await readOnce(run, 'the diff status', (t) => run.client.diffs.status(diffId, t));
      this.#readDiff(diffId, status);
    }
    const refused = createRefusal(diffId, status, this.#settings.full, run.client.core.v1Asid);
    if (refused !== undefined) throw new ClanforgeError(refused);
  }

  /** Records a request as it would be sent: secret values as ***, planned ids as the request they come from. */
  #add(request: ApiRequest, purpose: string): void {
    const shownValue = (name: string, value: string): string => {
      if (SECRET_PARAMS.has(name)) return '***';
      const id = /^\d+$/.test(value) ? this.#planned.get(Number(value)) : undefined;
      return id === undefined ? value : `<${id.field} from request ${id.request}>`;
    };
    const params: [string, string][] = [...request.query].map(([name, value]) => [name, shownValue(name, value)]);
    const shownQuery = params
      .map(([name, value]) => {
        const raw = request.query.get(name) ?? '';
        const encodedName = new URLSearchParams({ [name]: '' }).toString().slice(0, -1);
        return value === '***' || value !== raw ? `${encodedName}=${value}` : new URLSearchParams({ [name]: raw }).toString();
      })
      .join('&');
    const path = this.label(endpoint(this.#settings.apiUrl, request.path, new URLSearchParams()).pathname);
    const planned: PlannedRequest = { method: 'GET', path, params, shownQuery, purpose: this.label(purpose) };
    this.record.requests.push(planned);
  }
}

/** A positive id parameter of a request. */
function idParam(request: ApiRequest, name: string): number | undefined {
  const value = request.query.get(name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Why Clanforge would refuse a create from this diff, read by the plan alone; undefined: it would take it. */
function createRefusal(diffId: number, { job, changes }: DiffStatus, full: Settings['full'], asid: number | undefined): string | undefined {
  const state = oneLine(describeState(job));
  const outcome = outcomeOf(job);
  if (outcome === 'failed' || outcome === 'squashed') {
    const how = outcome === 'failed' ? 'failed' : 'was squashed';
    return `Could not create the image version: image diff ${diffId} ${how} (job ${state}): Clanforge creates a version only from a completed diff. ${GIVEN_DIFF_UNREAD} Make a new diff. ${diffUnlockAdvice(diffId, asid)}`;
  }
  if (outcome !== 'complete') {
    return `Could not create the image version: image diff ${diffId} is not complete (job ${state}): Clanforge creates a version only from a completed diff. ${GIVEN_DIFF_UNREAD} Re-run when it is Complete (GET /cfp/v1/imagediff/${diffId}/status${asidQuery(asid)}), or set full: auto to let a real run wait for it.`;
  }
  if (changes !== undefined && isEmpty(changes) && full !== true) {
    return `Could not create the image version: diff ${diffId} has no changes and input 'full' is ${full === false ? 'false' : 'not set'}: Clanforge refuses a differential version from an empty diff. ${GIVEN_DIFF_UNREAD} ${EMPTY_DIFF_REMEDY}`;
  }
  return undefined;
}
