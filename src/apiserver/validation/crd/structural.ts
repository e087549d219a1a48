import type { StatusCause } from '../../../lib/errors.js';
import { forbidden, invalid, notSupported, required } from '../causes.js';
import { jsonTypeOf } from '../ajv-causes.js';
import { isObject, type JsonObject } from '../json-value.js';

/**
 * The basic structural-schema rules kube-apiserver enforces on a CRD's openAPIV3Schema: every
 * field has a type (unless int-or-string or preserve-unknown-fields), arrays have items, root is an
 * object, metadata only constrains name/generateName, no $ref, valid regexes, sane extensions.
 * Paths follow kube's form: `<base>.properties[spec].items.type`.
 */

const types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const junctors = ['allOf', 'anyOf', 'oneOf'] as const;
const forbiddenInJunctors = ['default', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string'];

type Position = 'root' | 'property' | 'items' | 'junctor';

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function checkRootMetadata(meta: unknown, path: string): StatusCause[] {
  if (!isObject(meta)) return [];
  const extra = Object.keys(meta).filter((k) => !['type', 'properties', 'description'].includes(k));
  const props = isObject(meta.properties) ? Object.keys(meta.properties) : [];
  if (extra.length > 0 || props.some((p) => p !== 'name' && p !== 'generateName') || (meta.type !== undefined && meta.type !== 'object')) {
    return [forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified')];
  }
  return [];
}

function checkNode(s: unknown, path: string, pos: Position, out: StatusCause[]): void {
  if (!isObject(s)) return void out.push(invalid(path, s, 'must be a schema object'));
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.$ref !== undefined) out.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (s.type !== undefined && !types.includes(s.type)) out.push(notSupported(`${path}.type`, s.type, types));
  if (pos === 'junctor') {
    for (const k of forbiddenInJunctors) {
      if (s[k] !== undefined) out.push(forbidden(`${path}.${k}`, k === 'default' ? 'must be undefined to be structural' : 'must be false to be structural'));
    }
  } else if (!s.type && !intOrString && !preserve) {
    const where = pos === 'root' ? 'at the root' : pos === 'items' ? 'for specified array items' : 'for specified object fields';
    out.push(required(`${path}.type`, `must not be empty ${where}`));
  }
  if (pos === 'root' && s.type !== undefined && s.type !== 'object') out.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  if (intOrString && s.type !== undefined) out.push(invalid(`${path}.type`, s.type, 'must be empty if x-kubernetes-int-or-string is true'));
  if (s['x-kubernetes-preserve-unknown-fields'] === false) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  if (s['x-kubernetes-embedded-resource'] === true && s.type !== 'object') {
    out.push(invalid(`${path}.type`, s.type ?? '', 'must be object if x-kubernetes-embedded-resource is true'));
  }
  if (s.type === 'array' && pos !== 'junctor' && s.items === undefined) out.push(required(`${path}.items`, 'must be specified'));
  if (Array.isArray(s.items)) out.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  else if (s.items !== undefined) checkNode(s.items, `${path}.items`, pos === 'junctor' ? 'junctor' : 'items', out);
  if (s.additionalProperties === false) out.push(forbidden(`${path}.additionalProperties`, 'additionalProperties cannot be set to false'));
  if (s.additionalProperties !== undefined && s.properties !== undefined) {
    out.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (isObject(s.additionalProperties)) checkNode(s.additionalProperties, `${path}.additionalProperties`, pos === 'junctor' ? 'junctor' : 'property', out);
  if (isObject(s.properties)) {
    for (const [name, prop] of Object.entries(s.properties)) {
      const p = `${path}.properties[${name}]`;
      if (pos === 'root' && name === 'metadata') out.push(...checkRootMetadata(prop, p));
      else checkNode(prop, p, pos === 'junctor' ? 'junctor' : 'property', out);
    }
  }
  for (const j of junctors) {
    if (s[j] !== undefined && !Array.isArray(s[j])) out.push(invalid(`${path}.${j}`, s[j], 'must be a list of schemas'));
    else if (Array.isArray(s[j])) s[j].forEach((b: unknown, i: number) => checkNode(b, `${path}.${j}[${i}]`, 'junctor', out));
  }
  if (s.not !== undefined) checkNode(s.not, `${path}.not`, 'junctor', out);
  checkValueKeywords(s, path, out);
}

function checkValueKeywords(s: JsonObject, path: string, out: StatusCause[]): void {
  if (s.pattern !== undefined) {
    try {
      new RegExp(String(s.pattern));
    } catch (e) {
      out.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
    }
  }
  if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((r: unknown) => typeof r !== 'string'))) {
    out.push(invalid(`${path}.required`, s.required, 'must be a list of strings'));
  }
  if (s.enum !== undefined && !Array.isArray(s.enum)) out.push(invalid(`${path}.enum`, s.enum, 'must be a list of values'));
  if (s.default !== undefined && typeof s.type === 'string' && !typeMatches(s.default, s.type) && !(s.default === null && s.nullable === true)) {
    out.push(invalid(`${path}.default`, s.default, `${path}.default in body must be of type ${s.type}: ${JSON.stringify(jsonTypeOf(s.default))}`));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    out.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  }
  if (listType === 'map' && (!Array.isArray(s['x-kubernetes-list-map-keys']) || s['x-kubernetes-list-map-keys'].length === 0)) {
    out.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
  }
}

/** Structural problems of a CRD schema, with fields under `base` (e.g. `spec.versions[0].schema.openAPIV3Schema`). */
export function checkStructuralSchema(schema: unknown, base: string): StatusCause[] {
  const out: StatusCause[] = [];
  checkNode(schema, base, 'root', out);
  return out;
}
