import { deepEqual } from '../lib/deep-equal.js';
import { isJsonObject, stableStringify, type JsonObject, type JsonValue } from './json-types.js';

/** Where `apply` remembers what it applied last, as kubectl does. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * True when `current` already holds everything `wanted` asks for. Fields the server added (defaults,
 * status, uid) do not count as differences; lists must have the same length, element by element.
 */
export function isSatisfiedBy(wanted: JsonValue | undefined, current: JsonValue | undefined): boolean {
  if (wanted === null) return current === null || current === undefined;
  if (Array.isArray(wanted)) {
    return Array.isArray(current) && current.length === wanted.length && wanted.every((w, i) => isSatisfiedBy(w, current[i]));
  }
  if (isJsonObject(wanted)) {
    return isJsonObject(current) && Object.keys(wanted).every((k) => isSatisfiedBy(wanted[k], current[k]));
  }
  return wanted === current;
}

function withoutNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

/**
 * A JSON merge patch (RFC 7386) that takes `current` to `modified`, given `original` (what was applied
 * last, or undefined): fields in original but no longer in modified are deleted, fields of modified
 * that current lacks or holds differently are set, and everything else (e.g. server defaults, fields
 * other writers own) is left alone. Lists are replaced whole, and only when the user changed them
 * since the last apply or the live list no longer satisfies them. Returns {} when nothing is to do.
 */
export function threeWayMergePatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject): JsonObject {
  const patch: JsonObject = {};
  if (original) {
    for (const k of Object.keys(original)) {
      if (!(k in modified) && current[k] !== undefined && current[k] !== null) patch[k] = null;
    }
  }
  for (const [k, m] of Object.entries(modified)) {
    const c = current[k];
    const o = original?.[k];
    if (m === null) {
      if (c !== undefined && c !== null) patch[k] = null;
    } else if (isJsonObject(m)) {
      if (isJsonObject(c)) {
        const sub = threeWayMergePatch(isJsonObject(o) ? o : undefined, m, c);
        if (Object.keys(sub).length > 0) patch[k] = sub;
      } else {
        patch[k] = withoutNulls(m);
      }
    } else if (Array.isArray(m)) {
      if ((o !== undefined && !deepEqual(o, m)) || !isSatisfiedBy(m, c)) patch[k] = withoutNulls(m);
    } else if (m !== c) {
      patch[k] = m;
    }
  }
  return patch;
}

function cloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The object to apply: the manifest, annotated with itself (sorted-key JSON, as kubectl writes it). */
export function withLastApplied(manifest: JsonObject): JsonObject {
  const copy = cloneJson(manifest);
  const meta = isJsonObject(copy['metadata']) ? copy['metadata'] : (copy['metadata'] = {});
  const annotations = isJsonObject(meta['annotations']) ? meta['annotations'] : undefined;
  if (annotations) {
    delete annotations[lastAppliedAnnotation];
    if (Object.keys(annotations).length === 0) delete meta['annotations'];
  }
  const text = stableStringify(copy) + '\n';
  const target = isJsonObject(meta['annotations']) ? meta['annotations'] : (meta['annotations'] = {});
  target[lastAppliedAnnotation] = text;
  return copy;
}

/** The configuration recorded by the previous apply, if any (and if it parses). */
export function readLastApplied(live: JsonObject): JsonObject | undefined {
  const meta = live['metadata'];
  const annotations = isJsonObject(meta) ? meta['annotations'] : undefined;
  const text = isJsonObject(annotations) ? annotations[lastAppliedAnnotation] : undefined;
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isJsonObject(parsed) ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
