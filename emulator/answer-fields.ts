// Answer fields: arbitrary values written over (or removed from) a route's JSON answers,
// so a test can send any text or shape in any field of any endpoint.
import type { ApiResult } from './router.ts';
import type { AnswerFieldSpec } from './types.ts';

export function validateAnswerFields(spec: AnswerFieldSpec): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid answer fields: ${message}`);
  };
  if (typeof spec.route !== 'string' || spec.route === '') fail('route must be a route name or *');
  if (spec.fields === null || typeof spec.fields !== 'object' || Array.isArray(spec.fields)) fail('fields must be an object');
  const requests = spec.request === undefined || spec.request === 'every' ? [] : [spec.request].flat();
  for (const n of requests) if (!Number.isInteger(n) || n < 1) fail('request numbers are 1-based integers');
}

function hits(spec: AnswerFieldSpec, route: string | null, routeRequest: number, seq: number): boolean {
  const number = spec.route === '*' ? seq : spec.route === route ? routeRequest : null;
  if (number === null) return false;
  if (spec.request === undefined || spec.request === 'every') return true;
  return [spec.request].flat().includes(number);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export class AnswerFieldStore {
  #specs: AnswerFieldSpec[];

  constructor(initial: readonly AnswerFieldSpec[] = []) {
    initial.forEach(validateAnswerFields);
    this.#specs = [...initial];
  }

  /** Applies after the specs already there; returns its remover. */
  add(spec: AnswerFieldSpec): () => void {
    validateAnswerFields(spec);
    this.#specs.push(spec);
    return () => {
      this.#specs = this.#specs.filter((s) => s !== spec);
    };
  }

  /** The result with every matching spec's fields written over its body (an object body only). */
  apply(route: string | null, routeRequest: number, seq: number, result: ApiResult): ApiResult {
    const matching = this.#specs.filter((spec) => hits(spec, route, routeRequest, seq));
    if (matching.length === 0 || !isPlainObject(result.body)) return result;
    const body: Record<string, unknown> = { ...result.body };
    for (const spec of matching) {
      for (const [name, value] of Object.entries(spec.fields)) {
        if (value === undefined) delete body[name];
        else body[name] = value;
      }
    }
    return { ...result, body };
  }
}
