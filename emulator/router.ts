// The route table: each route names itself, its path pattern, its methods, where its
// ASID comes from, and a handler. New endpoints slot in as one more entry.
import type { QueryParams } from './params.ts';
import type { ResolvedWireFormat } from './job-fields.ts';
import type { EmulatorState } from './state.ts';

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  /** Path parameters, already percent-decoded. */
  params: Readonly<Record<string, string>>;
  query: QueryParams;
  /** The checked ASID, for routes that take one. */
  asid: number;
  /** Emulator clock, ms. */
  now: number;
  state: EmulatorState;
  format: ResolvedWireFormat;
}

/** Where a route's accountserviceid comes from; it is checked before the handler runs. */
export type AsidSource = { from: 'query' } | { from: 'path'; param: string } | { from: 'none' };

/** Parameters given together or not at all (`disable_timeout` and `disable_percentage`). */
export interface ParamGroup {
  readonly names: readonly [string, string, ...string[]];
  /** Whether lenient mode lets one be given without the others (image/options' gameid and imageid). */
  readonly relaxedWhenLenient?: boolean;
}

/**
 * The query parameters a route's documentation lists, besides `accountserviceid` (which the
 * dialect decides: see dispatch.ts). Anything else is refused unless the emulator is lenient.
 */
export interface QuerySpec {
  readonly required?: readonly string[];
  readonly optional?: readonly string[];
  readonly together?: readonly ParamGroup[];
}

export interface RouteDef {
  name: string;
  /** e.g. `/cfp/v1/imageversion/{imageversionid}/status`; `{x}` matches one path segment. */
  pattern: string;
  methods?: readonly string[];
  asid: AsidSource;
  /** The documented query parameters. */
  query: QuerySpec;
  handle(context: RouteContext): ApiResult;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDef;
  regex: RegExp;
  names: string[];
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (param === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param);
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDef[]) {
    this.#routes = routes.map(compile);
    const names = new Set(routes.map((route) => route.name));
    if (names.size !== routes.length) throw new TypeError('route names must be unique');
  }

  /** The route for a path whatever the method; the method is checked later (405). */
  match(path: string): RouteMatch | null {
    for (const { route, regex, names } of this.#routes) {
      const found = regex.exec(path);
      if (found === null) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        const raw = found[index + 1] ?? '';
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return { route, params };
    }
    return null;
  }
}
