import type { StatusCause } from '../../../lib/errors.js';
import { isObject, type JsonObject } from '../json-value.js';

/**
 * Structural pruning: fields the schema does not specify are dropped (or, with strict field
 * validation, reported as `unknown field "spec.foo"`), except under
 * x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata are kept at the root and in
 * embedded resources.
 */

const typeMetaFields = new Set(['apiVersion', 'kind', 'metadata']);

class Pruner {
  readonly causes: StatusCause[] = [];
  private readonly path: (string | number)[] = [];
  constructor(private readonly report: boolean) {}

  node(s: JsonObject, value: unknown, keepTypeMeta: boolean): void {
    if (Array.isArray(value)) {
      if (isObject(s.items)) value.forEach((v, i) => this.descend(i, s.items, v, false));
      return;
    }
    if (!isObject(value)) return;
    const embedded = keepTypeMeta || s['x-kubernetes-embedded-resource'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const props = isObject(s.properties) ? s.properties : undefined;
    const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const k of Object.keys(value)) {
      const sub = props?.[k] ?? additional;
      if (embedded && typeMetaFields.has(k)) {
        if (k !== 'metadata' && isObject(sub)) this.descend(k, sub, value[k], false);
        continue;
      }
      if (isObject(sub)) this.descend(k, sub, value[k], false);
      else if (!preserve && s.additionalProperties !== true) this.unknown(value, k);
    }
  }

  private unknown(obj: JsonObject, k: string): void {
    if (!this.report) return void delete obj[k];
    let field = '';
    for (const p of [...this.path, k]) field = typeof p === 'number' ? `${field}[${p}]` : field ? `${field}.${p}` : p;
    this.causes.push({ reason: 'FieldValueInvalid', field, message: `unknown field "${field}"` });
  }

  private descend(seg: string | number, s: JsonObject, value: unknown, keep: boolean): void {
    this.path.push(seg);
    this.node(s, value, keep);
    this.path.pop();
  }
}

/** Removes unknown fields from a custom resource in place. */
export function pruneUnknownFields(schema: JsonObject, obj: JsonObject): void {
  new Pruner(false).node(schema, obj, true);
}

/** Reports unknown fields without changing the object. */
export function findUnknownFields(schema: JsonObject, obj: JsonObject): StatusCause[] {
  const p = new Pruner(true);
  p.node(schema, obj, true);
  return p.causes;
}
