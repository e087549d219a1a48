import { cloneJson, getOwn, isJsonObject, jsonTypeOf, setOwn, type JsonObject } from './json-value.js';
import { kindPatchMeta, lookupField, type FieldPatchMeta, type GroupKind, type TypePatchMeta } from './merge-keys.js';
import { PatchError, invalidPatch } from './patch-error.js';
import { checkOrderMatchesPatch, deleteFromList, mergeList, orderList } from './strategic-list.js';

const patchDirective = '$patch';
const retainKeysDirective = '$retainKeys';
const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

/**
 * Applies a Kubernetes strategic merge patch to an object of a built-in kind, with the
 * semantics of apimachinery's strategicpatch as kube-apiserver runs it: maps merge, `null`
 * deletes, lists merge or are replaced according to the kind's patch metadata, and the
 * directives `$patch`, `$retainKeys`, `$setElementOrder/<f>` and `$deleteFromPrimitiveList/<f>`
 * are honoured and never appear in the result. `doc` and `patch` are not modified.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, type: GroupKind): unknown {
  const meta = kindPatchMeta(type);
  if (meta === undefined) {
    const name = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
    throw new PatchError('E_PATCH_UNSUPPORTED', `strategic merge patch is not supported for ${name}; use a JSON merge patch or a JSON patch`);
  }
  if (!isJsonObject(patch)) throw invalidPatch(`a strategic merge patch must be a JSON object, not ${jsonTypeOf(patch)}`);
  if (doc !== undefined && doc !== null && !isJsonObject(doc)) throw invalidPatch(`cannot patch a ${jsonTypeOf(doc)}: expected an object`);
  return mergeMap(isJsonObject(doc) ? cloneJson(doc) : {}, patch, meta);
}

/** Merges `patch` into `original` (owned by the caller, updated in place) and returns it. */
function mergeMap(original: JsonObject, patch: JsonObject, meta: TypePatchMeta | undefined): JsonObject {
  if (Object.hasOwn(patch, patchDirective)) return applyMapDirective(patch, meta);
  applyRetainKeys(original, patch);
  const ordered = applySetElementOrder(original, patch, meta);
  for (const [key, value] of Object.entries(patch)) {
    if (key === retainKeysDirective || key.startsWith(setElementOrderPrefix) || ordered.has(key)) continue;
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      applyDeleteFromPrimitiveList(original, key.slice(deleteFromPrimitiveListPrefix.length), value);
    } else if (key.startsWith('$')) {
      throw invalidPatch(`unknown strategic merge patch directive "${key}"`);
    } else if (value === null) {
      delete original[key];
    } else {
      const { field, type } = lookupField(meta, key);
      setOwn(original, key, mergeValue(getOwn(original, key), value, field, type));
    }
  }
  return original;
}

/** `$patch` inside a map: `replace` makes the map exactly the rest of the patch, `delete` empties it. */
function applyMapDirective(patch: JsonObject, meta: TypePatchMeta | undefined): JsonObject {
  const directive = patch[patchDirective];
  if (directive === 'replace') {
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(patch)) if (k !== patchDirective) setOwn(rest, k, v);
    return mergeMap({}, rest, meta);
  }
  // apimachinery turns the map into {} (it does not drop the key), and so do we.
  if (directive === 'delete') return {};
  throw invalidPatch(`unsupported $patch directive ${JSON.stringify(directive)} in a map`);
}

/** The merged value of one field; `current` is owned, `value` is not null. */
function mergeValue(current: unknown, value: unknown, field: FieldPatchMeta, type: TypePatchMeta | undefined): unknown {
  if (isJsonObject(value)) return mergeMap(isJsonObject(current) ? current : {}, value, type);
  if (!Array.isArray(value)) return value;
  if (field.strategy !== 'merge') return withoutNulls(value);
  return mergeList(Array.isArray(current) ? current : [], value, field.mergeKey, (c, p) => mergeMap(c, p, type));
}

/** A copy of a replaced list, minus null map values, as the API server would decode it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) setOwn(out, k, withoutNulls(v));
  return out;
}

/** `$retainKeys: [...]`: keys of `original` not listed are cleared before merging. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const keep = patch[retainKeysDirective];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw invalidPatch('$retainKeys must be a list of field names');
  }
  const retained = new Set<string>(keep);
  for (const [k, v] of Object.entries(patch)) {
    if (v !== null && !k.startsWith('$') && !retained.has(k)) {
      throw invalidPatch(`the patch sets "${k}", which its $retainKeys list does not keep`);
    }
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

/**
 * Handles every `$setElementOrder/<field>` of this map: merges the field's patch list (if
 * any) and then orders the result. Returns the fields whose patch list it consumed.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, meta: TypePatchMeta | undefined): Set<string> {
  const consumed = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const name = key.slice(setElementOrderPrefix.length);
    if (!Array.isArray(order)) throw invalidPatch(`${key} must be a list`);
    const patchList = getOwn(patch, name);
    if (patchList === null) continue; // the field is deleted; nothing to order
    if (patchList !== undefined && !Array.isArray(patchList)) throw invalidPatch(`"${name}" must be a list to use ${key}`);
    const current = getOwn(original, name);
    const live = Array.isArray(current) ? current : undefined;
    if (live === undefined && patchList === undefined) continue;
    const { field, type } = lookupField(meta, name);
    let merged = live ?? [];
    if (patchList !== undefined) {
      checkOrderMatchesPatch(patchList, order, field.mergeKey, name);
      merged = mergeValue(live, patchList, field, type) as unknown[];
      consumed.add(name);
    }
    setOwn(original, name, orderList(merged, order, live ?? [], field.mergeKey));
  }
  return consumed;
}

/** `$deleteFromPrimitiveList/<field>: [...]` removes those values from a scalar list. */
function applyDeleteFromPrimitiveList(original: JsonObject, name: string, values: unknown): void {
  if (!Array.isArray(values) || values.some((v) => isJsonObject(v) || Array.isArray(v))) {
    throw invalidPatch(`${deleteFromPrimitiveListPrefix}${name} must be a list of scalar values`);
  }
  const current = getOwn(original, name);
  if (Array.isArray(current)) setOwn(original, name, deleteFromList(current, values));
}
