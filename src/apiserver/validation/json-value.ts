/** Small helpers for walking untyped JSON objects safely. */

export type JsonObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object, or undefined when it is absent or not an object. */
export function objectAt(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function arrayAt(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function stringAt(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Structural equality of JSON values, treating absent and undefined alike. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Equality of two objects ignoring the given keys (no copying). */
export function jsonEqualExcept(a: JsonObject, b: JsonObject, ignored: readonly string[]): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!ignored.includes(k) && !jsonEqual(a[k], b[k])) return false;
  }
  return true;
}

export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Sets obj[key] = value when the key is absent (undefined or null, as Go decoding treats null). */
export function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Returns obj[key] as an object, creating it when absent; undefined when it holds a non-object. */
export function ensureObject(obj: JsonObject, key: string): JsonObject | undefined {
  const cur = obj[key];
  if (cur === undefined || cur === null) {
    const created: JsonObject = {};
    obj[key] = created;
    return created;
  }
  return isObject(cur) ? cur : undefined;
}
