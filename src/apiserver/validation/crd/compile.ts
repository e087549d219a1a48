import { Ajv, type ValidateFunction } from 'ajv';
import { OrdinalError, type StatusCause } from '../../../lib/errors.js';
import { ajvErrorsToCauses } from '../ajv-causes.js';
import { isObject, type JsonObject } from '../json-value.js';
import { applySchemaDefaults } from './defaulting.js';
import { crdStringFormats } from './formats.js';
import { findUnknownFields, pruneUnknownFields } from './prune.js';
import { checkStructuralSchema } from './structural.js';
import { listMapKeysKeyword, toAjvSchema } from './to-ajv.js';

/** A CRD version's schema, compiled once: validation, pruning and defaulting of custom resources. */
export interface CompiledCrdSchema {
  /** Schema errors, plus unknown fields when `strict`. Never changes `obj`. */
  validate(obj: JsonObject, strict: boolean): StatusCause[];
  /** Drops fields the schema does not specify (structural pruning). */
  prune(obj: JsonObject): void;
  /** Applies `default`s and drops nulls in non-nullable fields. */
  applyDefaults(obj: JsonObject): void;
}

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateSchema: false });
for (const [name, fn] of Object.entries(crdStringFormats)) ajv.addFormat(name, { type: 'string', validate: fn });
ajv.addKeyword({
  keyword: listMapKeysKeyword,
  type: 'array',
  errors: true,
  validate: function listMapKeys(keys: string[], data: unknown[]) {
    const seen = new Map<string, number>();
    for (let i = 0; i < data.length; i++) {
      const el = data[i];
      if (!isObject(el)) continue;
      const id = JSON.stringify(keys.map((k) => el[k] ?? null));
      const first = seen.get(id);
      if (first !== undefined) {
        (listMapKeys as unknown as { errors: unknown[] }).errors = [{ keyword: 'uniqueItems', params: { i: first, j: i }, message: 'duplicate map key' }];
        return false;
      }
      seen.set(id, i);
    }
    return true;
  },
});

const cacheLimit = 256;
const cache = new Map<string, { compiled: CompiledCrdSchema; ajvSchema: JsonObject }>();

function build(schema: JsonObject): { compiled: CompiledCrdSchema; ajvSchema: JsonObject } {
  const problems = checkStructuralSchema(schema, 'openAPIV3Schema');
  if (problems.length > 0) {
    const summary = problems.map((c) => `${c.field}: ${c.message}`).join(', ');
    throw new OrdinalError('E_CRD_SCHEMA', `invalid openAPIV3Schema: ${summary}`, { cause: problems });
  }
  const ajvSchema = toAjvSchema(schema);
  let fn: ValidateFunction;
  try {
    fn = ajv.compile(ajvSchema);
  } catch (e) {
    throw new OrdinalError('E_CRD_SCHEMA', `invalid openAPIV3Schema: ${(e as Error).message}`, { cause: e });
  }
  const compiled: CompiledCrdSchema = {
    validate(obj, strict) {
      const causes = strict ? findUnknownFields(schema, obj) : [];
      if (!fn(obj)) causes.push(...ajvErrorsToCauses(fn.errors, obj));
      return causes;
    },
    prune: (obj) => pruneUnknownFields(schema, obj),
    applyDefaults: (obj) => applySchemaDefaults(schema, obj, true),
  };
  return { compiled, ajvSchema };
}

/**
 * Compiles a CRD version's openAPIV3Schema (cached by content, so repeated calls are cheap).
 * Throws OrdinalError('E_CRD_SCHEMA') when the schema is not structural or cannot be compiled.
 */
export function compileCrdSchema(openAPIV3Schema: JsonObject): CompiledCrdSchema {
  const key = JSON.stringify(openAPIV3Schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.compiled;
  }
  const entry = build(JSON.parse(key) as JsonObject);
  cache.set(key, entry);
  if (cache.size > cacheLimit) {
    const oldest = cache.keys().next().value as string;
    const evicted = cache.get(oldest);
    cache.delete(oldest);
    if (evicted) ajv.removeSchema(evicted.ajvSchema);
  }
  return entry.compiled;
}
