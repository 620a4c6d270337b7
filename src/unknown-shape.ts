/**
 * Reading values of unknown shape (parsed JSON, caught errors, channel messages) without
 * casts. Shared by the wire models, the transports, the settings and the GitHub layer.
 */

/** A plain object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A property of a value of unknown shape (an error, possibly from another realm; a channel message). */
export function propertyOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? Reflect.get(value, name) : undefined;
}
