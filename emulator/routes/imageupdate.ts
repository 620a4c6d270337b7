// imageupdate/create and imageupdate/{id}/status: pulling a build onto a build machine.
import { badRequest, notFound } from '../api-error.ts';
import { jobFields, wireNumber } from '../job-fields.ts';
import { optionalBuildUrl, positiveIntText, requiredPositiveInt, requiredText } from '../params.ts';
import type { RouteDef } from '../router.ts';
import { checkMachine, visibleImage } from './common.ts';
import { imageLocks } from './image-options.ts';
import { ROUTE_NAMES } from './names.ts';

export const imageUpdateCreate: RouteDef = {
  name: ROUTE_NAMES.imageUpdateCreate,
  pattern: '/cfp/v1/imageupdate/create',
  asid: { from: 'query' },
  query: { required: ['imageid', 'machineid', 'desc'], optional: ['url'] },
  handle({ query, asid, now, state, format }) {
    const imageid = requiredPositiveInt(query, 'imageid');
    const machineid = requiredPositiveInt(query, 'machineid');
    const desc = requiredText(query, 'desc');
    const given = optionalBuildUrl(query, 'url');
    const image = visibleImage(state, imageid, asid);
    checkMachine(state, machineid);
    // An open diff compares the image with what is on the machine: a new build there
    // would make it meaningless (Unity's sample meets this error on this call).
    const { diffid, updateid } = imageLocks(state, imageid, now);
    if (diffid !== null) throw badRequest(`image locked by diffid: ${diffid}`);
    if (updateid !== null) throw badRequest(`image locked by updateid: ${updateid}`);
    const url = given ?? image.updateUrl;
    if (url === undefined) throw badRequest(`Missing required parameter url: image ${imageid} has no default update URL`);
    const update = state.updates.create({ accountserviceid: asid, imageid, machineid, desc, url, defaultUrl: given === undefined }, now);
    return {
      status: 200,
      body: { success: true, updateid: wireNumber(update.updateid, format), ...jobFields(update.job.at(now), format) }
    };
  }
};

export const imageUpdateStatus: RouteDef = {
  name: ROUTE_NAMES.imageUpdateStatus,
  pattern: '/cfp/v1/imageupdate/{updateid}/status',
  asid: { from: 'query' },
  query: {},
  handle({ params, asid, now, state, format }) {
    const id = positiveIntText('updateid', params.updateid ?? '');
    const update = state.updates.updates.get(id);
    if (update === undefined || update.accountserviceid !== asid) throw notFound(`image update ${id} not found`);
    return {
      status: 200,
      body: { success: true, updateid: wireNumber(update.updateid, format), ...jobFields(update.job.at(now), format) }
    };
  }
};
