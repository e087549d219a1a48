import { isObject, type JsonObject } from '../json-value.js';
import { crdStringFormats } from './formats.js';

/**
 * Translates a (structural) CRD openAPIV3Schema into a JSON Schema ajv compiles, applying
 * Kubernetes' OpenAPI v3.0 dialect: `nullable`, `x-kubernetes-int-or-string`, boolean
 * exclusiveMinimum/Maximum, list types, embedded resources, and the implicit root fields.
 * Pruning and defaulting are done by separate walks, not by ajv.
 */

const copied = [
  'enum', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties', 'required',
];

/** Custom ajv keyword checking x-kubernetes-list-type=map key uniqueness. */
export const listMapKeysKeyword = 'xListMapKeys';

function typesOf(s: JsonObject): string[] | undefined {
  let types: string[] | undefined;
  if (s['x-kubernetes-int-or-string'] === true) types = ['integer', 'string'];
  else if (typeof s.type === 'string') types = [s.type];
  if (types && s.nullable === true) types.push('null');
  return types;
}

function convert(s: unknown): JsonObject {
  if (!isObject(s)) return {};
  const out: JsonObject = {};
  const types = typesOf(s);
  if (types) out.type = types.length === 1 ? types[0] : types;
  for (const k of copied) if (s[k] !== undefined) out[k] = s[k];
  if (Array.isArray(out.enum) && s.nullable === true && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (typeof s.format === 'string' && crdStringFormats[s.format]) out.format = s.format;
  if (isObject(s.properties)) {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties)) out.properties[k] = convert(v);
  }
  if (isObject(s.additionalProperties)) out.additionalProperties = convert(s.additionalProperties);
  if (isObject(s.items)) out.items = convert(s.items);
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[j])) out[j] = s[j].map(convert);
  }
  if (s.not !== undefined) out.not = convert(s.not);
  if (s['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (s['x-kubernetes-list-type'] === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) out[listMapKeysKeyword] = s['x-kubernetes-list-map-keys'];
  if (s['x-kubernetes-embedded-resource'] === true) addEmbeddedFields(out);
  return out;
}

function addEmbeddedFields(out: JsonObject): void {
  out.properties = { ...(out.properties ?? {}), apiVersion: { type: 'string', minLength: 1 }, kind: { type: 'string', minLength: 1 }, metadata: { type: 'object' } };
  out.required = [...new Set([...(out.required ?? []), 'apiVersion', 'kind'])];
}

function rootMetadata(meta: unknown): JsonObject {
  const out: JsonObject = { type: 'object' };
  if (!isObject(meta) || !isObject(meta.properties)) return out;
  out.properties = {};
  for (const k of ['name', 'generateName']) {
    if (meta.properties[k] !== undefined) out.properties[k] = convert(meta.properties[k]);
  }
  return out;
}

export function toAjvSchema(schema: JsonObject): JsonObject {
  const out = convert(schema);
  const props = { ...(out.properties ?? {}) };
  props.apiVersion = props.apiVersion ?? { type: 'string' };
  props.kind = props.kind ?? { type: 'string' };
  props.metadata = rootMetadata(isObject(schema.properties) ? schema.properties.metadata : undefined);
  out.properties = props;
  return out;
}
