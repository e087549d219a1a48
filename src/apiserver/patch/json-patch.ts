import { arrayIndexOf, formatPointer, parsePointer } from './json-pointer.js';
import { cloneJson, getOwn, isJsonObject, jsonEqual, jsonTypeOf, setOwn } from './json-value.js';
import { PatchError, failedPatch, invalidPatch } from './patch-error.js';

/** One RFC 6902 operation after validation. */
type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string[]; value: unknown }
  | { op: 'remove'; path: string[] }
  | { op: 'move' | 'copy'; path: string[]; from: string[] };

/** Applies an RFC 6902 JSON patch. `doc` is not modified; the result shares nothing with it. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const operations = parseOperations(ops);
  let result = cloneJson(doc);
  for (const [i, op] of operations.entries()) {
    try {
      result = applyOperation(result, op);
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      throw new PatchError(e.code, `JSON patch operation ${i} (${op.op} ${formatPointer(op.path)}): ${e.message}`);
    }
  }
  return result;
}

function parseOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) throw invalidPatch(`a JSON patch must be an array of operations, not ${jsonTypeOf(ops)}`);
  return ops.map((raw, i) => {
    if (!isJsonObject(raw)) throw invalidPatch(`JSON patch operation ${i} must be an object`);
    const op = getOwn(raw, 'op');
    const path = getOwn(raw, 'path');
    if (typeof path !== 'string') throw invalidPatch(`JSON patch operation ${i} has no string "path"`);
    switch (op) {
      case 'add':
      case 'replace':
      case 'test':
        if (!Object.hasOwn(raw, 'value')) throw invalidPatch(`JSON patch operation ${i} (${op}) has no "value"`);
        return { op, path: parsePointer(path), value: raw['value'] };
      case 'remove':
        return { op, path: parsePointer(path) };
      case 'move':
      case 'copy': {
        const from = getOwn(raw, 'from');
        if (typeof from !== 'string') throw invalidPatch(`JSON patch operation ${i} (${op}) has no string "from"`);
        return { op, path: parsePointer(path), from: parsePointer(from) };
      }
      default:
        throw invalidPatch(`JSON patch operation ${i} has unknown op ${JSON.stringify(op ?? null)}`);
    }
  });
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op.path, cloneJson(op.value));
    case 'remove':
      return remove(doc, op.path).doc;
    case 'replace':
      return add(remove(doc, op.path).doc, op.path, cloneJson(op.value));
    case 'test':
      if (!jsonEqual(get(doc, op.path), op.value)) throw failedPatch('test failed: the value differs');
      return doc;
    case 'copy':
      return add(doc, op.path, cloneJson(get(doc, op.from)));
    case 'move': {
      if (isProperPrefix(op.from, op.path)) throw invalidPatch('cannot move a value into one of its own children');
      const removed = remove(doc, op.from);
      return add(removed.doc, op.path, removed.value);
    }
  }
}

function isProperPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length < path.length && prefix.every((t, i) => t === path[i]);
}

/** The value at `path`; throws when any step is missing. */
function get(doc: unknown, path: string[]): unknown {
  let current = doc;
  for (const [i, token] of path.entries()) {
    current = child(current, token, path.slice(0, i + 1));
  }
  return current;
}

function child(container: unknown, token: string, at: string[]): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndexOf(token, container.length - 1);
    if (index === undefined) throw failedPatch(`path ${formatPointer(at)} does not exist`);
    return container[index];
  }
  if (isJsonObject(container) && Object.hasOwn(container, token)) return container[token];
  throw failedPatch(`path ${formatPointer(at)} does not exist`);
}

/** Splits a non-root path into the container it lives in and its last token. */
function parentOf(doc: unknown, path: string[]): { parent: unknown; last: string } {
  const last = path[path.length - 1] as string;
  return { parent: get(doc, path.slice(0, -1)), last };
}

function add(doc: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : arrayIndexOf(last, parent.length);
    if (index === undefined) throw failedPatch(`array index ${formatPointer(path)} is out of range or not a number`);
    parent.splice(index, 0, value);
  } else if (isJsonObject(parent)) {
    setOwn(parent, last, value);
  } else {
    throw failedPatch(`cannot add ${formatPointer(path)}: the parent is a ${jsonTypeOf(parent)}`);
  }
  return doc;
}

function remove(doc: unknown, path: string[]): { doc: unknown; value: unknown } {
  if (path.length === 0) return { doc: null, value: doc };
  const { parent, last } = parentOf(doc, path);
  const value = child(parent, last, path);
  if (Array.isArray(parent)) {
    parent.splice(Number(last), 1);
  } else {
    delete (parent as Record<string, unknown>)[last];
  }
  return { doc, value };
}
