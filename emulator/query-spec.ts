// Which query parameters a request may carry: the ones its route's documentation lists
// (QuerySpec), plus `accountserviceid` as the dialect wants it. Checked by name before any
// value is read, so a parameter the docs do not list, a missing required one and half of a
// pair are refused the same way on every route. Lenient mode (EmulatorOptions.params)
// ignores unknown parameters and relaxes the groups marked relaxedWhenLenient.
import { badRequest } from './api-error.ts';
import type { QueryParams } from './params.ts';
import type { QuerySpec } from './router.ts';

/**
 * What a route does with `accountserviceid` in the query: `required` (Basic keys, v1),
 * `optional` (Bearer, lenient), `refused` (Bearer, strict: the docs do not list it there,
 * the token scopes the account) or `none` (the route takes its ASID from the path).
 */
export type AsidRule = 'required' | 'optional' | 'refused' | 'none';

export const ASID_PARAM = 'accountserviceid';

export interface QueryCheck {
  asid: AsidRule;
  lenient: boolean;
}

function unknownMessage(names: readonly string[], asid: AsidRule): string {
  const list = `${names.length === 1 ? 'Unknown parameter' : 'Unknown parameters'} ${names.join(', ')}`;
  return asid === 'refused' && names.includes(ASID_PARAM) ? `${list} (the API token scopes the account)` : list;
}

/** Throws 400 for the first problem: unknown parameters, then a missing required one, then half a group. */
export function checkQueryNames(query: QueryParams, spec: QuerySpec, check: QueryCheck): void {
  const required = [...(check.asid === 'required' ? [ASID_PARAM] : []), ...(spec.required ?? [])];
  const known = new Set([...required, ...(spec.optional ?? []), ...(spec.together ?? []).flatMap((group) => group.names)]);
  if (check.asid === 'optional') known.add(ASID_PARAM);
  if (!check.lenient) {
    const unknown = query.names().filter((name) => !known.has(name));
    if (unknown.length > 0) throw badRequest(unknownMessage(unknown, check.asid));
  }
  for (const name of required) if (!query.has(name)) throw badRequest(`Missing required parameter ${name}`);
  for (const group of spec.together ?? []) {
    if (check.lenient && group.relaxedWhenLenient === true) continue;
    const given = group.names.filter((name) => query.has(name)).length;
    if (given > 0 && given < group.names.length) throw badRequest(`${joinNames(group.names)} must be given together`);
  }
}

/** `a and b`, `a, b and c`. */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
