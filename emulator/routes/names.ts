// Route names: what RecordedRequest.route says and what faults match on.
export const ROUTE_NAMES = {
  imageVersionCreate: 'imageversion.create',
  imageVersionStatus: 'imageversion.status',
  /** v2 image status: the rollout of the latest version to the image's machines. */
  imageRollout: 'image.rollout',
  /** Pull a build onto a build machine. */
  imageUpdateCreate: 'imageupdate.create',
  imageUpdateStatus: 'imageupdate.status',
  /** Compare the image's latest version with a build machine. */
  imageDiffCreate: 'imagediff.create',
  imageDiffStatus: 'imagediff.status',
  imageDiffReject: 'imagediff.reject',
  /** The account's incomplete install jobs, each naming the version it installs. */
  imageInstallStatus: 'imageinstall.status',
  /** Games, images and what locks an image (diffid, updateid), its default update URL. */
  imageOptions: 'image.options'
} as const;
