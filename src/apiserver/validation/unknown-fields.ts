import * as clientModels from '@kubernetes/client-node/dist/gen/models/all.js';
import type { StatusCause } from '../../lib/errors.js';
import { invalid } from './causes.js';
import { isObject, type JsonObject } from './json-value.js';

/**
 * Unknown-field handling for built-in kinds, driven by @kubernetes/client-node's generated models:
 * every model class lists its JSON fields in `attributeTypeMap` ({name, baseName, type}).
 * With strict decoding an unknown field is an error; otherwise it is dropped, as kube-apiserver's
 * decoder does. Nulls in typed fields are dropped too, as decoding into Go structs does.
 */

type FieldType =
  | { kind: 'leaf' }
  | { kind: 'any' }
  | { kind: 'model'; name: string }
  | { kind: 'array'; of: FieldType }
  | { kind: 'map'; of: FieldType };

interface AttributeType { baseName: string; type: string }
interface ModelCtor { getAttributeTypeMap?: () => AttributeType[] }

const leaf: FieldType = { kind: 'leaf' };
const anyType: FieldType = { kind: 'any' };
const registry = clientModels as unknown as Record<string, ModelCtor | undefined>;
const tables = new Map<string, Map<string, FieldType>>();

function parseType(t: string): FieldType {
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return { kind: 'array', of: parseType(arr[1] ?? '') };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) return { kind: 'map', of: parseType(map[1] ?? '') };
  if (t === 'any' || t === 'object') return anyType;
  if (typeof registry[t]?.getAttributeTypeMap === 'function') return { kind: 'model', name: t };
  return leaf;
}

function fieldTable(model: string): Map<string, FieldType> {
  let table = tables.get(model);
  if (!table) {
    table = new Map();
    for (const attr of registry[model]?.getAttributeTypeMap?.() ?? []) table.set(attr.baseName, parseType(attr.type));
    tables.set(model, table);
  }
  return table;
}

export function hasClientModel(model: string): boolean {
  return typeof registry[model]?.getAttributeTypeMap === 'function';
}

function pathString(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s = typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p;
  return s;
}

class Walker {
  readonly causes: StatusCause[] = [];
  private readonly path: (string | number)[] = [];
  constructor(private readonly strict: boolean) {}

  walk(type: FieldType, value: unknown): void {
    switch (type.kind) {
      case 'model': return this.walkModel(type.name, value);
      case 'array':
        if (Array.isArray(value) && type.of.kind !== 'leaf') value.forEach((v, i) => this.descend(i, type.of, v));
        return;
      case 'map':
        if (isObject(value)) {
          for (const k of Object.keys(value)) {
            if (value[k] === null && type.of.kind !== 'any') delete value[k];
            else if (type.of.kind !== 'leaf') this.descend(k, type.of, value[k]);
          }
        }
        return;
      default:
    }
  }

  private walkModel(model: string, value: unknown): void {
    if (!isObject(value)) return;
    const table = fieldTable(model);
    for (const k of Object.keys(value)) {
      const ft = table.get(k);
      if (!ft) {
        if (this.strict) {
          const field = pathString([...this.path, k]);
          this.causes.push({ ...invalid(field, null), message: `unknown field "${field}"` });
        } else {
          delete value[k];
        }
      } else if (value[k] === null && ft.kind !== 'any') {
        delete value[k];
      } else if (ft.kind !== 'leaf' && ft.kind !== 'any') {
        this.descend(k, ft, value[k]);
      }
    }
  }

  private descend(seg: string | number, type: FieldType, value: unknown): void {
    this.path.push(seg);
    this.walk(type, value);
    this.path.pop();
  }
}

/**
 * Drops nulls and unknown fields from `obj` (a `model` instance), or, when strict, reports unknown
 * fields as `unknown field "spec.foo"` causes and leaves them in place.
 */
export function handleUnknownFields(model: string, obj: JsonObject, strict: boolean): StatusCause[] {
  const w = new Walker(strict);
  w.walk({ kind: 'model', name: model }, obj);
  return w.causes;
}
