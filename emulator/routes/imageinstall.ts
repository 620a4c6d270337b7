// imageinstall/status: the account's incomplete install jobs (installs.ts), each naming
// the version it installs (target_imageversionid), the machine and the image.
import { incompleteInstalls } from '../installs.ts';
import { lazyArray } from '../json-stream.ts';
import type { InstallJob } from '../installs.ts';
import { imageName } from '../images.ts';
import { jobFields, unixSeconds, wireNumber } from '../job-fields.ts';
import type { ResolvedWireFormat } from '../job-fields.ts';
import type { RouteDef } from '../router.ts';
import { ROUTE_NAMES } from './names.ts';

function installRow(install: InstallJob, format: ResolvedWireFormat): Record<string, unknown> {
  const num = (value: number): number | string => wireNumber(value, format);
  const { version, image } = install;
  return {
    jobid: num(install.jobid),
    ...jobFields(install.job, format),
    mirroring: num(0),
    mirror: null,
    restart: num(version.restart ? 1 : 0),
    location: install.location,
    machine: { machineid: num(install.machineid), name: install.machineName },
    image: { imageid: num(image.imageid), name: imageName(image) },
    imagepath: `/images/${image.imageid}/versions/${version.imageversionid}`,
    // Not scheduled: installs as soon as the version is packaged.
    install_at: version.installAt === undefined ? null : num(unixSeconds(version.installAt * 1000)),
    target_imageversionid: num(version.imageversionid)
  };
}

export const imageInstallStatus: RouteDef = {
  name: ROUTE_NAMES.imageInstallStatus,
  pattern: '/cfp/v1/imageinstall/status',
  asid: { from: 'query' },
  query: {},
  handle({ asid, now, state, format }) {
    const jobs = incompleteInstalls(state, asid, now);
    // Written row by row: an image of thousands of machines makes a big answer.
    const installs = lazyArray(function* () {
      for (const install of jobs) yield installRow(install, format);
    });
    return { status: 200, body: { success: true, installs } };
  }
};
