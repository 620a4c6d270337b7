// Job fields as the real service writes them: unix seconds, `jobstart` as a string,
// `jobeta`/`jobstart` absent until the job runs, and the variations the docs allow.
import type { JobSnapshot, WireFormat } from './types.ts';

export type ResolvedWireFormat = Required<WireFormat>;

export function resolveWireFormat(format: WireFormat = {}): ResolvedWireFormat {
  return {
    numericStrings: format.numericStrings ?? false,
    completeName: format.completeName ?? 'Complete',
    noJobError: format.noJobError ?? 'absent',
    fleetsAsList: format.fleetsAsList ?? false,
    emptyMapsAsLists: format.emptyMapsAsLists ?? false,
    errorsWithHttp200: format.errorsWithHttp200 ?? false
  };
}

export function jobStateName(stateId: JobSnapshot['stateId'], format: ResolvedWireFormat): string {
  const names = ['', 'Created', 'Pending', 'Queued', 'Running', format.completeName, 'Failed', 'Squashed'];
  return names[stateId] ?? String(stateId);
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** A number as the wire format wants it: a number, or a numeric string. */
export function wireNumber(value: number, format: ResolvedWireFormat): number | string {
  return format.numericStrings ? String(value) : value;
}

export function jobFields(job: JobSnapshot, format: ResolvedWireFormat): Record<string, unknown> {
  const num = (value: number): number | string => wireNumber(value, format);
  const fields: Record<string, unknown> = {
    jobstateid: num(job.stateId),
    jobstatename: jobStateName(job.stateId, format),
    jobprogress: num(job.progress),
    jobfailed: num(job.failed)
  };
  if (job.error !== null) fields.joberror = job.error;
  else if (format.noJobError === 'null') fields.joberror = null;
  else if (format.noJobError === 'empty') fields.joberror = '';
  fields.jobcreated = num(unixSeconds(job.createdMs));
  fields.jobupdated = num(unixSeconds(job.updatedMs));
  if (job.etaMs !== null) fields.jobeta = num(unixSeconds(job.etaMs));
  // Always a string on the real service, whatever the other numbers are.
  if (job.startMs !== null) fields.jobstart = String(unixSeconds(job.startMs));
  return fields;
}
