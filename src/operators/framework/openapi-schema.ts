import type { TSchema } from '@sinclair/typebox';
import { OrdinalError } from '../../lib/errors.js';

/**
 * Turns a TypeBox (JSON Schema) definition into a structural OpenAPI v3.0 schema as a CRD's
 * openAPIV3Schema needs it: Record -> additionalProperties, literal unions -> enum, `T | null` ->
 * nullable, `integer | string` -> x-kubernetes-int-or-string, Unknown/Any ->
 * x-kubernetes-preserve-unknown-fields. Anything Kubernetes cannot express fails loudly.
 */

export type OpenApiSchema = Record<string, unknown>;

/** Keywords copied as they are (OpenAPI v3.0 and Kubernetes extensions). */
const passthrough = new Set([
  'type', 'description', 'title', 'default', 'format', 'pattern', 'enum', 'nullable', 'example',
  'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties',
]);

/** TypeBox bookkeeping with no meaning for Kubernetes. */
const dropped = new Set(['$id', '$schema', 'additionalProperties', 'patternProperties', 'properties', 'items', 'required', 'anyOf', 'const', 'exclusiveMinimum', 'exclusiveMaximum']);

export class UnsupportedSchemaError extends OrdinalError {
  constructor(path: string, message: string) {
    super('E_CRD_SCHEMA_UNSUPPORTED', `${path}: ${message}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function convertAnyOf(branches: unknown[], base: OpenApiSchema, path: string): OpenApiSchema {
  const nonNull = branches.filter((b) => !(isRecord(b) && b['type'] === 'null'));
  const nullable = nonNull.length < branches.length;
  const out: OpenApiSchema = { ...base, ...(nullable ? { nullable: true } : {}) };
  if (nonNull.length === 1) return { ...convertNode(nonNull[0], path), ...out };
  const consts = nonNull.filter((b): b is Record<string, unknown> => isRecord(b) && 'const' in b);
  if (consts.length === nonNull.length && consts.length > 0) {
    const types = new Set(consts.map((c) => c['type'] ?? typeof c['const']));
    if (types.size !== 1) throw new UnsupportedSchemaError(path, 'a union of literals must have one type');
    const values = consts.map((c) => c['const']);
    return { type: [...types][0], enum: nullable ? [...values, null] : values, ...out };
  }
  const kinds = nonNull.map((b) => (isRecord(b) ? b['type'] : undefined)).sort();
  if (kinds.length === 2 && kinds[0] === 'integer' && kinds[1] === 'string') return { 'x-kubernetes-int-or-string': true, ...out };
  throw new UnsupportedSchemaError(path, 'unions other than literals, T | null and integer | string are not structural');
}

function convertNode(node: unknown, path: string): OpenApiSchema {
  if (!isRecord(node)) throw new UnsupportedSchemaError(path, 'a schema must be an object');
  const out: OpenApiSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (passthrough.has(k) || k.startsWith('x-kubernetes-')) out[k] = v;
    else if (!dropped.has(k)) throw new UnsupportedSchemaError(path, `the keyword "${k}" is not supported in a CRD schema`);
  }
  if (Array.isArray(node['anyOf'])) return convertAnyOf(node['anyOf'], out, path);
  if ('const' in node) {
    out['type'] ??= typeof node['const'];
    out['enum'] = [node['const']];
  }
  if (typeof node['exclusiveMinimum'] === 'number') Object.assign(out, { minimum: node['exclusiveMinimum'], exclusiveMinimum: true });
  if (typeof node['exclusiveMaximum'] === 'number') Object.assign(out, { maximum: node['exclusiveMaximum'], exclusiveMaximum: true });
  if (out['type'] === 'null') throw new UnsupportedSchemaError(path, 'null alone is not a type; use T | null');
  if (out['type'] === 'object') convertObject(node, out, path);
  if (out['type'] === 'array') {
    if (!isRecord(node['items'])) throw new UnsupportedSchemaError(path, 'an array needs one items schema');
    out['items'] = convertNode(node['items'], `${path}[]`);
  }
  if (out['type'] === undefined && out['x-kubernetes-int-or-string'] === undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

function convertObject(node: Record<string, unknown>, out: OpenApiSchema, path: string): void {
  const props = isRecord(node['properties']) ? node['properties'] : undefined;
  const pattern = isRecord(node['patternProperties']) ? Object.entries(node['patternProperties']) : [];
  if (pattern.length > 0) {
    const [key, value] = pattern[0]!;
    if (pattern.length > 1 || (key !== '^(.*)$' && key !== '^.*$')) throw new UnsupportedSchemaError(path, 'only Record<string, T> (any key) is supported');
    if (props) throw new UnsupportedSchemaError(path, 'an object has either properties or a Record of values, not both');
    out['additionalProperties'] = convertNode(value, `${path}.*`);
  } else if (isRecord(node['additionalProperties'])) {
    if (props) throw new UnsupportedSchemaError(path, 'an object has either properties or additionalProperties, not both');
    out['additionalProperties'] = convertNode(node['additionalProperties'], `${path}.*`);
  } else if (node['additionalProperties'] === true || !props) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (props) {
    const converted: Record<string, OpenApiSchema> = {};
    for (const [name, p] of Object.entries(props)) converted[name] = convertNode(p, `${path}.${name}`);
    out['properties'] = converted;
  }
  // a field with a default is filled in by the API server before validation: required in the TS
  // type (it is always there when read back), optional for whoever writes the object
  const converted = (out['properties'] ?? {}) as Record<string, OpenApiSchema>;
  const required = (Array.isArray(node['required']) ? (node['required'] as string[]) : []).filter((n) => converted[n]?.['default'] === undefined);
  if (required.length > 0) out['required'] = required;
}

/** The structural OpenAPI v3.0 schema of one TypeBox schema (`path` names it in errors). */
export function toOpenApiSchema(schema: TSchema, path = 'schema'): OpenApiSchema {
  return convertNode(JSON.parse(JSON.stringify(schema)) as unknown, path);
}

/**
 * A custom resource's whole openAPIV3Schema: apiVersion, kind, metadata, spec and status. The spec
 * is required when it has required fields; otherwise it defaults to {} so its own defaults apply to
 * an object created without one.
 */
export function customResourceSchema(spec: TSchema, status: TSchema, description?: string): OpenApiSchema {
  const specSchema = toOpenApiSchema(spec, 'spec');
  const specRequired = Array.isArray(specSchema['required']) && specSchema['required'].length > 0;
  if (!specRequired && specSchema['default'] === undefined && specSchema['type'] === 'object') specSchema['default'] = {};
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { type: 'object' },
      spec: specSchema,
      status: toOpenApiSchema(status, 'status'),
    },
    ...(specRequired ? { required: ['spec'] } : {}),
  };
}
