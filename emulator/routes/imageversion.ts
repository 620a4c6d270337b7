// imageversion/create (accepting a diff) and imageversion/{id}/status.
import { badRequest, notFound } from '../api-error.ts';
import { jobFields, jobStateName, wireNumber } from '../job-fields.ts';
import type { ResolvedWireFormat } from '../job-fields.ts';
import { JOB_STATE } from '../job-timeline.ts';
import {
  optionalFlag,
  optionalPercentage,
  optionalPositiveInt,
  optionalUnixSeconds,
  positiveIntText,
  requiredFlag,
  requiredPositiveInt
} from '../params.ts';
import type { QueryParams } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { findDiff } from './imagediff.ts';
import { ROUTE_NAMES } from './names.ts';

/** disable_timeout and disable_percentage: the route's QuerySpec has them given together. */
function disableSettings(query: QueryParams): { disableTimeout: number | undefined; disablePercentage: number | undefined } {
  return {
    disableTimeout: optionalPositiveInt(query, 'disable_timeout'),
    disablePercentage: optionalPercentage(query, 'disable_percentage')
  };
}

/**
 * Whether the diff may become a version. Diffs made elsewhere keep the original rules
 * (known, changes need full=1); a diff made here must also be Complete and still open.
 */
function checkDiff(
  state: EmulatorState,
  diffid: number,
  asid: number,
  full: boolean | undefined,
  now: number,
  format: ResolvedWireFormat
): void {
  const diff = findDiff(state, diffid, asid, now);
  if (diff === undefined) throw badRequest(`Invalid parameter diffid: image diff ${diffid} not found`);
  if (diff.decision === 'rejected') throw badRequest(`image diff ${diffid} was rejected: make a new diff`);
  if (diff.origin !== 'elsewhere') {
    if (diff.decision === 'accepted') {
      throw badRequest(`image diff ${diffid} was already accepted (image version ${diff.imageversionid})`);
    }
    const job = diff.job.at(now);
    if (job.stateId !== JOB_STATE.complete) {
      throw badRequest(`image diff ${diffid} is not complete (${jobStateName(job.stateId, format)})`);
    }
  }
  if (!diff.empty) return;
  if (state.latestFull(diff.imageid)) {
    throw badRequest(`image diff ${diffid} has no changes and the latest image version is full; reject the diff`);
  }
  if (full !== true) throw badRequest(`image diff ${diffid} has no changes: a full image is required (full=1)`);
}

export const imageVersionCreate: RouteDef = {
  name: ROUTE_NAMES.imageVersionCreate,
  pattern: '/cfp/v1/imageversion/create',
  asid: { from: 'query' },
  query: {
    required: ['diffid', 'restart'],
    optional: ['full', 'game_build', 'force', 'install_at'],
    together: [{ names: ['disable_timeout', 'disable_percentage'] }]
  },
  handle({ query, asid, now, state, format }) {
    const diffid = requiredPositiveInt(query, 'diffid');
    const restart = requiredFlag(query, 'restart');
    const full = optionalFlag(query, 'full');
    const force = optionalFlag(query, 'force');
    const installAt = optionalUnixSeconds(query, 'install_at');
    const { disableTimeout, disablePercentage } = disableSettings(query);
    const gameBuild = query.get('game_build');
    checkDiff(state, diffid, asid, full, now, format);
    if (state.activeAllocations > 0 && force !== true) throw badRequest('image has active allocations');
    const version = state.createVersion(
      { accountserviceid: asid, diffid, restart, full, force, gameBuild, installAt, disableTimeout, disablePercentage },
      now
    );
    return {
      status: 200,
      body: {
        success: true,
        imageversionid: wireNumber(version.imageversionid, format),
        ...jobFields(version.job.at(now), format)
      }
    };
  }
};

export const imageVersionStatus: RouteDef = {
  name: ROUTE_NAMES.imageVersionStatus,
  pattern: '/cfp/v1/imageversion/{imageversionid}/status',
  asid: { from: 'query' },
  query: {},
  handle({ params, asid, now, state, format }) {
    const id = positiveIntText('imageversionid', params.imageversionid ?? '');
    const version = state.versions.get(id);
    // Another ASID's version is as invisible as one that does not exist.
    if (version === undefined || version.accountserviceid !== asid) throw notFound(`image version ${id} not found`);
    return { status: 200, body: { success: true, ...jobFields(version.job.at(now), format) } };
  }
};
