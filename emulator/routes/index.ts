// Every route the emulator serves.
import type { RouteDef } from '../router.ts';
import { imageRollout } from './image.ts';
import { imageOptions } from './image-options.ts';
import { imageDiffCreate, imageDiffReject, imageDiffStatus } from './imagediff.ts';
import { imageInstallStatus } from './imageinstall.ts';
import { imageUpdateCreate, imageUpdateStatus } from './imageupdate.ts';
import { imageVersionCreate, imageVersionStatus } from './imageversion.ts';

export { ROUTE_NAMES } from './names.ts';

export const apiRoutes: readonly RouteDef[] = [
  imageVersionCreate,
  imageVersionStatus,
  imageRollout,
  imageUpdateCreate,
  imageUpdateStatus,
  imageDiffCreate,
  imageDiffStatus,
  imageDiffReject,
  imageInstallStatus,
  imageOptions
];
