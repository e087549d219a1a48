import { cloneJson, isObject, type JsonObject } from '../json-value.js';

/**
 * Structural defaulting: a missing field with a `default` gets a copy of it, top-down, so defaults
 * inside a defaulted object apply too. A null in a field that is not nullable is replaced by the
 * default or dropped, as kube-apiserver does before validation.
 */

function defaultField(obj: JsonObject, k: string, s: unknown): void {
  if (!isObject(s)) return;
  if (obj[k] === null && s.nullable !== true) {
    if (s.default !== undefined) obj[k] = cloneJson(s.default);
    else delete obj[k];
  } else if (obj[k] === undefined && s.default !== undefined) {
    obj[k] = cloneJson(s.default);
  }
  if (obj[k] !== undefined) applySchemaDefaults(s, obj[k]);
}

export function applySchemaDefaults(s: JsonObject, value: unknown, isRoot = false): void {
  if (Array.isArray(value)) {
    if (isObject(s.items)) for (const el of value) applySchemaDefaults(s.items, el);
    return;
  }
  if (!isObject(value)) return;
  if (isObject(s.properties)) {
    for (const [k, ps] of Object.entries(s.properties)) {
      if (isRoot && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      defaultField(value, k, ps);
    }
  } else if (isObject(s.additionalProperties)) {
    for (const k of Object.keys(value)) defaultField(value, k, s.additionalProperties);
  }
}
