// imagediff/create, imagediff/{id}/status and imagediff/{id}/reject: the difference
// analysis between an image's latest version and a build machine, and the lock it holds
// on the image until it is accepted (imageversion/create) or rejected.
import { badRequest, notFound } from '../api-error.ts';
import type { StoredDiff } from '../diffs.ts';
import { EMULATOR_GAME_ID } from '../defaults.ts';
import { fileInfo } from '../diff-files.ts';
import { LazyJson } from '../json-stream.ts';
import { gameName, gameOf, imageName, machineName } from '../images.ts';
import { jobFields, jobStateName, wireNumber } from '../job-fields.ts';
import type { ResolvedWireFormat } from '../job-fields.ts';
import { JOB_STATE, isTerminal } from '../job-timeline.ts';
import { optionalFlag, optionalPositiveInt, positiveIntText, requiredFlag, requiredPositiveInt } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { PathList } from '../types.ts';
import { checkMachine, visibleImage } from './common.ts';
import { imageLocks } from './image-options.ts';
import { ROUTE_NAMES } from './names.ts';

/** A diff this ASID may see: one it made, or one from elsewhere (known to every ASID). */
export function findDiff(state: EmulatorState, diffid: number, asid: number, nowMs: number): StoredDiff | undefined {
  const diff = state.diffs.lookup(diffid, nowMs);
  if (diff === undefined || (diff.accountserviceid !== null && diff.accountserviceid !== asid)) return undefined;
  return diff;
}

/** The diff's state name as the client sees it, for messages about unfinished diffs. */
function stateName(diff: StoredDiff, nowMs: number, format: ResolvedWireFormat): string {
  return jobStateName(diff.job.at(nowMs).stateId, format);
}

/** Characters of file map text gathered before it is handed to the writer. */
const FILE_MAP_PIECE = 16 * 1024;

/**
 * A map of path → { size, md5 }, written out as the answer is sent, a few hundred files to
 * a piece: a diff may list any number (100 000 files make about 12 MB).
 */
function fileMap(diffid: number, paths: PathList, format: ResolvedWireFormat): unknown {
  // PHP's json_encode writes an empty associative array as [].
  if (paths.length === 0) return format.emptyMapsAsLists ? [] : {};
  return new LazyJson(function* () {
    let piece = '{';
    let first = true;
    for (const path of paths) {
      const { size, md5 } = fileInfo(diffid, path);
      const sizeText = JSON.stringify(wireNumber(size, format));
      piece += `${first ? '' : ','}${JSON.stringify(path)}:{"size":${sizeText},"md5":"${md5}"}`;
      first = false;
      if (piece.length < FILE_MAP_PIECE) continue;
      yield piece;
      piece = '';
    }
    yield `${piece}}`;
  });
}

export const imageDiffCreate: RouteDef = {
  name: ROUTE_NAMES.imageDiffCreate,
  pattern: '/cfp/v1/imagediff/create',
  asid: { from: 'query' },
  query: { required: ['imageid', 'machineid'], optional: ['diffid'] },
  handle({ query, asid, now, state, format }) {
    const imageid = requiredPositiveInt(query, 'imageid');
    const machineid = requiredPositiveInt(query, 'machineid');
    const retryId = optionalPositiveInt(query, 'diffid');
    visibleImage(state, imageid, asid);
    checkMachine(state, machineid);
    const retried = retryId === undefined ? undefined : findDiff(state, retryId, asid, now);
    if (retryId !== undefined && retried === undefined) {
      throw badRequest(`Invalid parameter diffid: image diff ${retryId} not found`);
    }
    if (retried !== undefined && retried.imageid !== imageid) {
      throw badRequest(`Invalid parameter diffid: image diff ${retried.diffid} belongs to image ${retried.imageid}`);
    }
    // Retrying the diff that holds the lock is how a failed analysis is run again.
    const { diffid: lock, updateid } = imageLocks(state, imageid, now);
    if (lock !== null && lock !== retryId) throw badRequest(`image locked by diffid: ${lock}`);
    if (updateid !== null) throw badRequest(`image locked by updateid: ${updateid}`);
    let diff: StoredDiff;
    if (retried === undefined) {
      diff = state.diffs.create({ accountserviceid: asid, imageid, machineid }, now);
    } else {
      if (retried.decision !== 'open') throw badRequest(`image diff ${retried.diffid} was already ${retried.decision}`);
      if (!isTerminal(retried.job.at(now).stateId)) {
        throw badRequest(
          `image diff ${retried.diffid} has not finished (${stateName(retried, now, format)}): only a complete or failed diff can be retried`
        );
      }
      state.diffs.retry(retried, { accountserviceid: asid, machineid }, now);
      diff = retried;
    }
    return { status: 200, body: { success: true, diffid: wireNumber(diff.diffid, format), ...jobFields(diff.job.at(now), format) } };
  }
};

export const imageDiffStatus: RouteDef = {
  name: ROUTE_NAMES.imageDiffStatus,
  pattern: '/cfp/v1/imagediff/{diffid}/status',
  asid: { from: 'query' },
  query: { optional: ['diff_info'] },
  handle({ params, query, asid, now, state, format }) {
    const id = positiveIntText('diffid', params.diffid ?? '');
    const info = optionalFlag(query, 'diff_info') ?? false;
    const diff = findDiff(state, id, asid, now);
    if (diff === undefined) throw notFound(`image diff ${id} not found`);
    const job = diff.job.at(now);
    const body: Record<string, unknown> = { success: true, diffid: wireNumber(diff.diffid, format), ...jobFields(job, format) };
    if (info) {
      // The documented objects: the game and image the diff belongs to, the build machine
      // it compared (unknown for a diff made elsewhere).
      const num = (value: number): number | string => wireNumber(value, format);
      const image = state.images.get(diff.imageid);
      const gameid = image === undefined ? EMULATOR_GAME_ID : gameOf(image);
      body.game = { gameid: num(gameid), name: gameName(gameid) };
      if (diff.machineid !== null) body.machine = { machineid: num(diff.machineid), name: machineName(diff.machineid) };
      body.image = { imageid: num(diff.imageid), name: image === undefined ? `image ${diff.imageid}` : imageName(image) };
      // Nothing is known until the analysis completes; a failed one found nothing usable.
      const found = job.stateId === JOB_STATE.complete;
      const { changes } = diff;
      body.added = fileMap(diff.diffid, found ? changes.added : [], format);
      body.modified = fileMap(diff.diffid, found ? changes.modified : [], format);
      body.removed = fileMap(diff.diffid, found ? changes.removed : [], format);
    }
    return { status: 200, body };
  }
};

export const imageDiffReject: RouteDef = {
  name: ROUTE_NAMES.imageDiffReject,
  pattern: '/cfp/v1/imagediff/{diffid}/reject',
  asid: { from: 'query' },
  query: { required: ['reinstall'] },
  handle({ params, query, asid, now, state, format }) {
    const id = positiveIntText('diffid', params.diffid ?? '');
    const reinstall = requiredFlag(query, 'reinstall');
    const diff = findDiff(state, id, asid, now);
    if (diff === undefined) throw notFound(`image diff ${id} not found`);
    if (diff.decision === 'accepted') {
      throw badRequest(`image diff ${id} was already accepted (image version ${diff.imageversionid}): it cannot be rejected`);
    }
    if (diff.decision === 'rejected') throw badRequest(`image diff ${id} was already rejected`);
    if (!isTerminal(diff.job.at(now).stateId)) {
      throw badRequest(
        `image diff ${id} has not finished (${stateName(diff, now, format)}): only a complete or failed diff can be rejected`
      );
    }
    state.diffs.reject(diff, reinstall, now);
    // The docs: reinstall=1 answers with the reinstall job, reinstall=0 with the diffid.
    if (diff.uninstall !== null) {
      const { id: jobid, job } = diff.uninstall;
      return { status: 200, body: { success: true, uninstalljobid: wireNumber(jobid, format), ...jobFields(job.at(now), format) } };
    }
    return { status: 200, body: { success: true, diffid: wireNumber(id, format) } };
  }
};
