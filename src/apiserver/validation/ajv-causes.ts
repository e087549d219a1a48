import type { StatusCause } from '../../lib/errors.js';
import { child, duplicate, formatValue, invalid, notSupported, required, tooLong, tooMany, typeInvalid } from './causes.js';
import { isObject, type JsonObject } from './json-value.js';

/** The parts of an ajv ErrorObject we read (both precompiled kubernetes-models validators and our own ajv). */
export interface AjvErrorLike {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: JsonObject;
  message?: string;
}

const quantityMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const branchKeywords = new Set(['type', 'format', 'pattern', 'enum', 'minimum', 'maximum']);

function decodeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Converts a JSON pointer into kube's field path (`spec.containers[0].image`), looking at the data to tell arrays from maps. */
export function pointerToField(pointer: string, root: unknown): string {
  if (!pointer) return '';
  let field = '';
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = decodeSegment(raw);
    if (Array.isArray(cur)) {
      field += `[${seg}]`;
      cur = cur[Number(seg)];
    } else {
      field = child(field, seg);
      cur = isObject(cur) ? cur[seg] : undefined;
    }
  }
  return field;
}

export function valueAtPointer(pointer: string, root: unknown): unknown {
  let cur: unknown = root;
  if (!pointer) return cur;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = decodeSegment(raw);
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else cur = isObject(cur) ? cur[seg] : undefined;
  }
  return cur;
}

/** JSON Schema type name of a value, as kube-openapi prints it in type errors. */
export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * Offset of the first byte that makes `s` invalid standard padded base64, as Go's decoder reports
 * it ("illegal base64 data at input byte N"), or -1 when it decodes. CR and LF are skipped, as Go does.
 */
export function base64ErrorOffset(s: string): number {
  const alphabet = /[A-Za-z0-9+/]/;
  let j = 0;
  let quantumStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '\n' || c === '\r') continue;
    if (j === 0) quantumStart = i;
    if (alphabet.test(c)) {
      j = (j + 1) % 4;
      continue;
    }
    if (c !== '=' || j < 2) return i;
    let k = i + 1;
    if (j === 2) {
      while (k < s.length && (s[k] === '\n' || s[k] === '\r')) k++;
      if (k >= s.length || s[k] !== '=') return k >= s.length ? s.length : k;
      k++;
    }
    while (k < s.length && (s[k] === '\n' || s[k] === '\r')) k++;
    return k < s.length ? k : -1;
  }
  return j === 0 ? -1 : quantumStart;
}

function dropBranchErrors(errors: readonly AjvErrorLike[]): AjvErrorLike[] {
  const junctions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (junctions.length === 0) return [...errors];
  return errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return true;
    return !junctions.some((j) => (e.instancePath === j.instancePath && branchKeywords.has(e.keyword)) || e.schemaPath.startsWith(`${j.schemaPath}/`));
  });
}

/** For a failed oneOf/anyOf whose branches all failed on type alone (int-or-string, quantity), the expected types. */
function typeOnlyBranches(errors: readonly AjvErrorLike[], junction: AjvErrorLike): string | undefined {
  const branches = errors.filter((e) => e !== junction && e.instancePath === junction.instancePath && e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  if (branches.length === 0 || branches.some((e) => e.keyword !== 'type')) return undefined;
  return [...new Set(branches.flatMap((e) => ([] as string[]).concat(e.params.type)))].filter((t) => t !== 'null').join(',');
}

function hasFormatBranch(errors: readonly AjvErrorLike[], pointer: string, format: string): boolean {
  return errors.some((e) => e.instancePath === pointer && e.keyword === 'format' && e.params.format === format);
}

/** Translates ajv errors into kube-style StatusCauses, one per distinct problem. */
export function ajvErrorsToCauses(errors: readonly AjvErrorLike[] | null | undefined, root: unknown): StatusCause[] {
  if (!errors || errors.length === 0) return [];
  const causes: StatusCause[] = [];
  for (const e of dropBranchErrors(errors)) {
    const field = pointerToField(e.instancePath, root);
    const value = valueAtPointer(e.instancePath, root);
    const p = e.params;
    switch (e.keyword) {
      case 'required':
        causes.push(required(child(field, String(p.missingProperty))));
        break;
      case 'type': {
        const expected = ([] as string[]).concat(p.type).filter((t) => t !== 'null').join(',');
        const actual = jsonTypeOf(value);
        causes.push(typeInvalid(field, actual, `${field} in body must be of type ${expected}: ${formatValue(actual)}`));
        break;
      }
      case 'enum':
        causes.push(notSupported(field, value, (p.allowedValues as unknown[]).filter((v) => v !== null)));
        break;
      case 'const':
        causes.push(notSupported(field, value, [p.allowedValue]));
        break;
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
        const words: Record<string, string> = { '>=': 'greater than or equal to', '<=': 'less than or equal to', '>': 'greater than', '<': 'less than' };
        causes.push(invalid(field, value, `${field} in body should be ${words[String(p.comparison)] ?? String(p.comparison)} ${p.limit}`));
        break;
      }
      case 'multipleOf':
        causes.push(invalid(field, value, `${field} in body should be a multiple of ${p.multipleOf}`));
        break;
      case 'minLength':
        causes.push(invalid(field, value, `${field} in body should be at least ${p.limit} chars long`));
        break;
      case 'maxLength':
        causes.push(tooLong(field, Number(p.limit)));
        break;
      case 'pattern':
        causes.push(invalid(field, value, `${field} in body should match '${p.pattern}'`));
        break;
      case 'minItems':
        causes.push(invalid(field, Array.isArray(value) ? value.length : value, `${field} in body should have at least ${p.limit} items`));
        break;
      case 'maxItems':
        causes.push(tooMany(field, Array.isArray(value) ? value.length : 0, Number(p.limit)));
        break;
      case 'minProperties':
        causes.push(invalid(field, isObject(value) ? Object.keys(value).length : value, `${field} in body should have at least ${p.limit} properties`));
        break;
      case 'maxProperties':
        causes.push(tooMany(field, isObject(value) ? Object.keys(value).length : 0, Number(p.limit)));
        break;
      case 'uniqueItems':
        causes.push(duplicate(`${field}[${Math.max(Number(p.i), Number(p.j))}]`, Array.isArray(value) ? value[Number(p.i)] : value));
        break;
      case 'format':
        causes.push(formatCause(field, value, String(p.format)));
        break;
      case 'oneOf': case 'anyOf': {
        const branchTypes = typeOnlyBranches(errors, e);
        if (hasFormatBranch(errors, e.instancePath, 'quantity')) causes.push(invalid(field, value, quantityMessage));
        else if (branchTypes) {
          const actual = jsonTypeOf(value);
          causes.push(typeInvalid(field, actual, `${field} in body must be of type ${branchTypes}: ${formatValue(actual)}`));
        } else if (e.keyword === 'anyOf') causes.push(invalid(field, '', `"${field}" must validate at least one schema (anyOf)`));
        else causes.push(invalid(field, '', `"${field}" must validate one and only one schema (oneOf). ${p.passingSchemas ? 'Found more than one valid' : 'Found none valid'}`));
        break;
      }
      case 'not':
        causes.push(invalid(field, '', `"${field}" must not validate the schema (not)`));
        break;
      default:
        causes.push(invalid(field, value, `${field} ${e.message ?? `failed ${e.keyword}`}`));
    }
  }
  return causes;
}

function formatCause(field: string, value: unknown, format: string): StatusCause {
  if (format === 'quantity') return invalid(field, value, quantityMessage);
  if (format === 'byte' && typeof value === 'string') {
    return invalid(field, '<redacted>', `illegal base64 data at input byte ${Math.max(base64ErrorOffset(value), 0)}`);
  }
  return invalid(field, value, `${field} in body must be of type ${format}: ${formatValue(value)}`);
}
