import type { StatusCause } from '../../../lib/errors.js';
import { forbidden, immutable, invalid, invalidEach, key, required, tooLong } from '../causes.js';
import { isObject, jsonEqual, stringAt, type JsonObject } from '../json-value.js';
import { base64ErrorOffset } from '../ajv-causes.js';
import { isConfigMapKey } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** Secrets and ConfigMaps: key syntax, base64 payloads, size limit, type-specific keys, immutability. */

export const maxDataSizeB = 1024 * 1024;
const redacted = '<secret contents redacted>';
const immutableMessage = 'field is immutable when `immutable` is set';

function objectKeys(v: unknown): string[] {
  return isObject(v) ? Object.keys(v) : [];
}

function validateKeys(map: unknown, field: string): StatusCause[] {
  return objectKeys(map).flatMap((k) => invalidEach(key(field, k), k, isConfigMapKey(k)));
}

/** Checks base64 values and returns the decoded size. */
function checkBase64(map: unknown, field: string, causes: StatusCause[]): number {
  let size = 0;
  if (!isObject(map)) return 0;
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') continue;
    const at = base64ErrorOffset(v);
    if (at >= 0) causes.push(invalid(key(field, k), redacted, `illegal base64 data at input byte ${at}`));
    else size += Buffer.byteLength(v, 'base64');
  }
  return size;
}

const requiredKeysByType: Record<string, string[][]> = {
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
  'kubernetes.io/basic-auth': [['username', 'password']],
};

function validateSecret(obj: JsonObject): StatusCause[] {
  const causes = [...validateKeys(obj.data, 'data'), ...validateKeys(obj.stringData, 'stringData')];
  let size = checkBase64(obj.data, 'data', causes);
  if (isObject(obj.stringData)) for (const v of Object.values(obj.stringData)) size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  if (size > maxDataSizeB) causes.push(tooLong('data', maxDataSizeB));
  const present = new Set([...objectKeys(obj.data), ...objectKeys(obj.stringData)]);
  const type = stringAt(obj.type);
  for (const anyOf of requiredKeysByType[type] ?? []) {
    if (!anyOf.some((k) => present.has(k))) causes.push(...anyOf.map((k) => required(key('data', k))));
  }
  if (type === 'kubernetes.io/service-account-token') {
    const ann = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
    if (!stringAt(ann['kubernetes.io/service-account.name'])) causes.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
  }
  return causes;
}

function validateConfigMap(obj: JsonObject): StatusCause[] {
  const causes = [...validateKeys(obj.data, 'data'), ...validateKeys(obj.binaryData, 'binaryData')];
  let size = checkBase64(obj.binaryData, 'binaryData', causes);
  const dataKeys = new Set(objectKeys(obj.data));
  for (const k of objectKeys(obj.binaryData)) {
    if (dataKeys.has(k)) causes.push(invalid(key('binaryData', k), k, 'duplicate of key present in data'));
  }
  if (isObject(obj.data)) for (const [k, v] of Object.entries(obj.data)) size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  if (size > maxDataSizeB) causes.push(tooLong('data', maxDataSizeB));
  return causes;
}

function validateImmutableUpdate(obj: JsonObject, old: JsonObject, fields: readonly string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  if (obj.immutable !== true) causes.push(forbidden('immutable', immutableMessage));
  for (const f of fields) if (!jsonEqual(obj[f], old[f])) causes.push(forbidden(f, immutableMessage));
  return causes;
}

export const secretValidator: KindValidator = {
  validate: (obj) => validateSecret(obj),
  validateUpdate(obj, old) {
    const causes = validateImmutableUpdate(obj, old, ['data']);
    if (stringAt(obj.type) !== stringAt(old.type)) causes.push(immutable('type', obj.type ?? ''));
    return causes;
  },
};

export const configMapValidator: KindValidator = {
  validate: (obj) => validateConfigMap(obj),
  validateUpdate: (obj, old) => validateImmutableUpdate(obj, old, ['data', 'binaryData']),
};
