import { cloneJson, getOwn, isJsonObject, jsonEqual, type JsonObject } from './json-value.js';
import { invalidPatch } from './patch-error.js';

/** Merges one patch element (a map) into the list element it matched, or into {} when new. */
export type MergeElement = (current: JsonObject, patch: JsonObject) => JsonObject;

/**
 * Merges a list whose field has patchStrategy=merge. Scalar lists become the set union;
 * lists of maps merge element-wise on `mergeKey`, honouring `$patch: delete` / `$patch: replace`
 * elements. `current` is owned by the caller; `patch` is only read.
 *
 * Order follows apimachinery: elements named in the patch take the patch's order, the others
 * keep their place relative to the live list, and an element new to the list goes in front
 * of the live elements it cannot be placed against (so a bare patch prepends new elements;
 * kubectl apply sends `$setElementOrder` to say where they go).
 */
export function mergeList(current: unknown[], patch: unknown[], mergeKey: string | undefined, mergeElement: MergeElement): unknown[] {
  if (current.length === 0 && patch.length === 0) return [];
  if (elementKind(current, patch) === 'scalar') {
    const merged: unknown[] = [];
    for (const e of [...current, ...patch]) if (!merged.some((m) => jsonEqual(m, e))) merged.push(cloneJson(e));
    return normalizeOrder(merged, patch, current, undefined);
  }
  if (mergeKey === undefined) throw invalidPatch('cannot merge a list of objects that has no patch merge key');
  let base = current as JsonObject[];
  const plain: JsonObject[] = [];
  let replace = false;
  for (const element of patch as JsonObject[]) {
    if (!Object.hasOwn(element, '$patch')) {
      plain.push(element);
      continue;
    }
    const directive = element['$patch'];
    if (directive === 'delete') {
      const key = requireMergeKey(element, mergeKey);
      base = base.filter((e) => !jsonEqual(getOwn(e, mergeKey), key));
    } else if (directive === 'replace') {
      replace = true;
    } else {
      throw invalidPatch(`unsupported $patch directive ${JSON.stringify(directive)} in a list element`);
    }
  }
  if (replace) base = [];
  const serverOrder = base;
  base = [...base];
  for (const element of plain) {
    const key = requireMergeKey(element, mergeKey);
    const at = base.findIndex((e) => jsonEqual(getOwn(e, mergeKey), key));
    if (at >= 0) base[at] = mergeElement(base[at] as JsonObject, element);
    else base.push(mergeElement({}, element));
  }
  return normalizeOrder(base, plain, serverOrder, mergeKey);
}

/** Removes every value listed in a `$deleteFromPrimitiveList/<field>` directive. */
export function deleteFromList(current: unknown[], values: unknown[]): unknown[] {
  return current.filter((e) => !values.some((v) => jsonEqual(v, e)));
}

/**
 * Applies `$setElementOrder/<field>`: the elements it names take its order, the others keep
 * their place relative to the live list (`serverOrder`).
 */
export function orderList(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  if (mergeKey !== undefined) for (const e of order) requireMergeKey(e, mergeKey);
  return normalizeOrder(merged, order, serverOrder, mergeKey);
}

/**
 * Checks that the patch list names its elements in the same relative order as the
 * `$setElementOrder` list does (and only elements it names); `$patch` elements are exempt.
 */
export function checkOrderMatchesPatch(patch: unknown[], order: unknown[], mergeKey: string | undefined, field: string): void {
  const keyOf = keyFunction(mergeKey);
  const items = patch.filter((e) => !(isJsonObject(e) && Object.hasOwn(e, '$patch')));
  let at = 0;
  for (const entry of order) {
    if (at < items.length && jsonEqual(keyOf(items[at]), keyOf(entry))) at++;
  }
  if (at < items.length) {
    throw invalidPatch(`the order of the "${field}" list in the patch does not match $setElementOrder/${field}`);
  }
}

function requireMergeKey(element: unknown, mergeKey: string): unknown {
  if (!isJsonObject(element) || !Object.hasOwn(element, mergeKey)) {
    throw invalidPatch(`list element ${JSON.stringify(element)} does not contain the merge key "${mergeKey}"`);
  }
  return element[mergeKey];
}

function elementKind(current: unknown[], patch: unknown[]): 'object' | 'scalar' {
  let kind: 'object' | 'scalar' | undefined;
  for (const e of [...current, ...patch]) {
    if (Array.isArray(e)) throw invalidPatch('a list of lists cannot be merged');
    const k = isJsonObject(e) ? 'object' : 'scalar';
    if (kind !== undefined && k !== kind) throw invalidPatch('cannot merge a list whose elements mix objects and scalars');
    kind = k;
  }
  return kind ?? 'scalar';
}

function keyFunction(mergeKey: string | undefined): (e: unknown) => unknown {
  return mergeKey === undefined ? (e) => e : (e) => (isJsonObject(e) ? getOwn(e, mergeKey) : undefined);
}

function normalizeOrder(merged: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = keyFunction(mergeKey);
  const indexIn = (list: unknown[], e: unknown): number => {
    const key = keyOf(e);
    return list.findIndex((x) => jsonEqual(keyOf(x), key));
  };
  const rank = (list: unknown[]) => (e: unknown) => {
    const i = indexIn(list, e);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const byPatch = rank(patchOrder);
  const byServer = rank(serverOrder);
  const patched = merged.filter((e) => indexIn(patchOrder, e) >= 0).sort((a, b) => byPatch(a) - byPatch(b));
  const serverOnly = merged.filter((e) => indexIn(patchOrder, e) < 0).sort((a, b) => byServer(a) - byServer(b));
  return interleave(serverOnly, patched, (e) => indexIn(serverOrder, e));
}

/**
 * Merges two ordered lists. A server-only element goes before a patch element only when both
 * are in the live list and it came first there; otherwise the patch element goes first.
 */
function interleave(serverOnly: unknown[], patched: unknown[], liveIndex: (e: unknown) => number): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (i >= serverOnly.length) {
      out.push(patched[j++]);
    } else if (j >= patched.length) {
      out.push(serverOnly[i++]);
    } else {
      const li = liveIndex(serverOnly[i]);
      const ri = liveIndex(patched[j]);
      out.push(li >= 0 && ri >= 0 && li < ri ? serverOnly[i++] : patched[j++]);
    }
  }
  return out;
}
