// Route names: what RecordedRequest.route says and what faults match on.
export const ROUTE_NAMES = {
  imageVersionCreate: 'imageversion.create',
  imageVersionStatus: 'imageversion.status'
} as const;
