import { cloneJson, getOwn, isJsonObject, jsonTypeOf, setOwn, type JsonObject } from './json-value.js';
import { invalidPatch } from './patch-error.js';

/**
 * Applies an RFC 7386 JSON merge patch: objects merge recursively, `null` removes a key,
 * anything else (arrays included) replaces the target value. `doc` is not modified.
 *
 * As in kube-apiserver, the patch itself must be a JSON object: RFC 7386 would let a
 * top-level array or scalar replace the whole document, which no API object can accept.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) throw invalidPatch(`a JSON merge patch must be a JSON object, not ${jsonTypeOf(patch)}`);
  return mergeInto(cloneJson(doc), patch);
}

/** Merges `patch` into `target`, which the caller owns and which may be reused. */
function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      setOwn(result, key, mergeInto(getOwn(result, key), value));
    }
  }
  return result;
}
