// v2 image status: how far the latest image version has rolled out to the image's machines.
import { wireNumber } from '../job-fields.ts';
import type { ResolvedWireFormat } from '../job-fields.ts';
import { optionalBoolean, positiveIntText } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { MachineCounts, RolloutSnapshot } from '../types.ts';
import { visibleImage } from './common.ts';
import { ROUTE_NAMES } from './names.ts';

function countFields(counts: MachineCounts, format: ResolvedWireFormat): Record<string, number | string> {
  return {
    pending_machines: wireNumber(counts.pending, format),
    failed_machines: wireNumber(counts.failed, format),
    completed_machines: wireNumber(counts.completed, format)
  };
}

/** The public example keys fleets and regions by id; the field table calls it a list. */
function fleetFields(rollout: RolloutSnapshot, format: ResolvedWireFormat): unknown {
  if (format.fleetsAsList) {
    return rollout.fleets.map((fleet) => ({
      fleetid: fleet.fleetid,
      name: fleet.name,
      ...countFields(fleet, format),
      regions: fleet.regions.map((region) => ({ regionid: region.regionid, name: region.name, ...countFields(region, format) }))
    }));
  }
  return Object.fromEntries(
    rollout.fleets.map((fleet) => [
      fleet.fleetid,
      {
        name: fleet.name,
        ...countFields(fleet, format),
        regions: Object.fromEntries(fleet.regions.map((region) => [region.regionid, { name: region.name, ...countFields(region, format) }]))
      }
    ])
  );
}

export const imageRollout: RouteDef = {
  name: ROUTE_NAMES.imageRollout,
  pattern: '/cfp/v2/project/{accountserviceid}/image/{imageid}/status',
  asid: { from: 'path', param: 'accountserviceid' },
  query: { optional: ['detail'] },
  handle({ params, query, asid, now, state, format }) {
    const imageid = positiveIntText('imageid', params.imageid ?? '');
    const detail = optionalBoolean(query, 'detail') ?? false;
    const image = visibleImage(state, imageid, asid);
    const rollout = state.imageRollout(image, now);
    const body: Record<string, unknown> = { success: true, ...countFields(rollout, format) };
    if (detail) body.fleets = fleetFields(rollout, format);
    return { status: 200, body };
  }
};
