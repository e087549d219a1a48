import type { StatusCause } from '../../lib/errors.js';

/**
 * Builders for field errors in kube-apiserver's wording: the `reason` is the CauseType
 * (FieldValueInvalid, ...) and the message is "<Type>: <value>: <detail>" as field.Error prints it.
 */

/** Formats a value like field.Error does: numbers and booleans bare, strings quoted, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function withDetail(head: string, detail?: string): string {
  return detail ? `${head}: ${detail}` : head;
}

export function required(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: withDetail('Required value', detail) };
}

export function invalid(field: string, value: unknown, detail?: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: withDetail(`Invalid value: ${formatValue(value)}`, detail) };
}

export function typeInvalid(field: string, value: unknown, detail?: string): StatusCause {
  return { reason: 'FieldValueTypeInvalid', field, message: withDetail(`Invalid value: ${formatValue(value)}`, detail) };
}

export function notSupported(field: string, value: unknown, supported: readonly unknown[]): StatusCause {
  const list = supported.map(formatValue).join(', ');
  return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${formatValue(value)}${list ? `: supported values: ${list}` : ''}` };
}

export function forbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

export function duplicate(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatValue(value)}` };
}

export function notFound(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${formatValue(value)}` };
}

export function tooLong(field: string, maxBytes: number): StatusCause {
  return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${maxBytes} bytes` };
}

export function tooMany(field: string, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

export function immutable(field: string, value: unknown): StatusCause {
  return invalid(field, value, 'field is immutable');
}

/** One Invalid cause per message, as kube reports each failed name rule separately. */
export function invalidEach(field: string, value: unknown, messages: readonly string[]): StatusCause[] {
  return messages.map((m) => invalid(field, value, m));
}

/** Appends a child to a dotted field path. */
export function child(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

/** Appends an index, as `containers[0]`. */
export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

/** Appends a map key, as `data[tls.crt]`. */
export function key(base: string, k: string): string {
  return `${base}[${k}]`;
}

/** Drops causes repeating an earlier (field, reason) pair, e.g. a schema and a semantic check both finding a missing field. */
export function dedupeCauses(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.field ?? ''}\u0000${c.reason}\u0000${c.reason === 'FieldValueRequired' ? '' : c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
