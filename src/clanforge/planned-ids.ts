/**
 * The ids a dry run hands out for what a real run would make (an image update, a diff, an
 * image version): far above any id the service gives, below 2^53, so they travel through
 * the same code as real ids and can never be mistaken for one. A plan shows each as the
 * request it comes from: `<diffid from request 2>`.
 */
const FIRST_PLANNED_ID = 9_007_199_254_000_000;

/** The stand-in id of what the plan's request number `request` (1-based) makes. */
export function plannedId(request: number): number {
  return FIRST_PLANNED_ID + request;
}

export function isPlannedId(id: number | undefined): id is number {
  return id !== undefined && id > FIRST_PLANNED_ID && id < FIRST_PLANNED_ID + 1_000_000;
}

/** The request number a planned id comes from. */
export function plannedRequestOf(id: number): number {
  return id - FIRST_PLANNED_ID;
}
