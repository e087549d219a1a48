import { randomBytes } from 'node:crypto';
import { deepEqual } from '../../lib/deep-equal.js';
import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import { apiVersionOf, type ResourceInfo } from '../registry/types.js';
import { timestamp, type ApiContext } from './context.js';

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(): string {
  const bytes = randomBytes(5);
  return [...bytes].map((b) => nameAlphabet[b % nameAlphabet.length]).join('');
}

/**
 * Check apiVersion/kind of a body against the URL it was sent to. Missing ones are taken from the URL
 * (kube-apiserver decodes into the endpoint's type); different ones are refused.
 */
export function checkTypeMeta(info: ResourceInfo, obj: KubeObject, expectedKind = info.kind): void {
  const want = apiVersionOf(info);
  const kind = obj['kind'];
  const apiVersion = obj['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== want) {
    throw apiErrors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${want})`);
  }
  if (kind !== undefined && kind !== '' && kind !== expectedKind) {
    throw apiErrors.badRequest(`the kind in the data (${String(kind)}) does not match the expected kind (${expectedKind})`);
  }
  obj['apiVersion'] = want;
  obj['kind'] = expectedKind;
}

/** Reconcile metadata.namespace with the request path. */
export function checkNamespace(info: ResourceInfo, obj: KubeObject, namespace: string | undefined): void {
  const meta = (obj['metadata'] ??= {});
  if (typeof meta !== 'object' || Array.isArray(meta)) throw apiErrors.badRequest('metadata must be an object');
  if (!info.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace === undefined || meta.namespace === '') meta.namespace = namespace;
  else if (namespace !== undefined && meta.namespace !== namespace) {
    throw apiErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (!meta.namespace) throw apiErrors.badRequest('the server could not find the requested resource: a namespace is required for this resource');
}

/** System-owned metadata of a new object. */
export function initMetadata(ctx: ApiContext, info: ResourceInfo, obj: KubeObject): void {
  const meta = obj['metadata'];
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${generateNameSuffix()}`;
  if (!meta.name) {
    throw apiErrors.invalid(info.kind, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }], info.group);
  }
  if (typeof meta.name !== 'string') {
    throw apiErrors.invalid(info.kind, '', [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: must be a string' }], info.group);
  }
  meta.uid = ctx.newUid();
  meta.creationTimestamp = timestamp(ctx.now());
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.managedFields;
  delete meta.selfLink;
  if (hasGeneration(info, obj)) meta.generation = 1;
  else delete meta.generation;
}

/** Objects with a spec track its changes in metadata.generation (Namespaces do not). */
function hasGeneration(info: ResourceInfo, obj: KubeObject): boolean {
  return info.custom || (obj['spec'] !== undefined && info.resource !== 'namespaces');
}

function withoutMetaAndStatus(obj: KubeObject): KubeObject {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** Carry system-owned metadata over an update. */
export function carryMetadata(info: ResourceInfo, obj: KubeObject, old: KubeObject): void {
  const meta = (obj['metadata'] ??= {});
  const oldMeta = old['metadata'];
  meta.name = oldMeta.name;
  if (info.namespaced) meta.namespace = oldMeta.namespace;
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  delete meta.managedFields;
  delete meta.selfLink;
  if (oldMeta.generation === undefined) delete meta.generation;
  else meta.generation = oldMeta.generation;
  meta.resourceVersion = oldMeta.resourceVersion;
}

/** metadata.generation counts changes of everything but metadata and status (after defaulting). */
export function bumpGeneration(obj: KubeObject, old: KubeObject): void {
  const gen = old['metadata']?.generation;
  if (gen !== undefined && !deepEqual(withoutMetaAndStatus(obj), withoutMetaAndStatus(old))) obj['metadata'].generation = gen + 1;
}

/** True when nothing but resourceVersion differs: such an update is a no-op and writes nothing. */
export function isNoop(obj: KubeObject, old: KubeObject): boolean {
  return deepEqual(obj, old);
}
