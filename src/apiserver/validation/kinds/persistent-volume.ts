import type { StatusCause } from '../../../lib/errors.js';
import { child, forbidden, immutable, invalid, invalidEach, key, notSupported, required } from '../causes.js';
import { arrayAt, isObject, jsonEqual, stringAt, type JsonObject } from '../json-value.js';
import { isDns1123Subdomain } from '../name-rules.js';
import { parseQuantity } from '../../../lib/quantity.js';
import type { KindValidator } from './types.js';

/** PersistentVolumes: ValidatePersistentVolumeSpec and ValidatePersistentVolumeUpdate. */

const sourceKeys = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO',
  'local', 'storageos', 'csi', 'iscsi',
];

function sourceOf(spec: JsonObject): JsonObject {
  const src: JsonObject = {};
  for (const k of sourceKeys) if (spec[k] !== undefined) src[k] = spec[k];
  return src;
}

function validateCapacity(spec: JsonObject): StatusCause[] {
  const cap = isObject(spec.capacity) ? spec.capacity : {};
  const keys = Object.keys(cap);
  if (keys.length === 0) return [required('spec.capacity')];
  if (cap.storage === undefined || keys.length > 1) return [notSupported('spec.capacity', cap, ['storage'])];
  const v = parseQuantity(cap.storage);
  return v !== undefined && v <= 0 ? [invalid(key('spec.capacity', 'storage'), String(cap.storage), 'must be greater than zero')] : [];
}

function validateSource(spec: JsonObject): StatusCause[] {
  const present = Object.keys(sourceOf(spec));
  if (present.length === 0) return [required('spec', 'must specify a volume type')];
  const causes: StatusCause[] = [];
  if (present.length > 1) causes.push(forbidden(child('spec', present[1] ?? ''), 'may not specify more than 1 volume type'));
  const need = (src: string, k: string) => {
    if (isObject(spec[src]) && !stringAt(spec[src][k])) causes.push(required(child(child('spec', src), k)));
  };
  need('hostPath', 'path');
  need('local', 'path');
  need('nfs', 'server');
  need('nfs', 'path');
  need('csi', 'driver');
  need('csi', 'volumeHandle');
  if (spec.local !== undefined && !isObject(spec.nodeAffinity)) causes.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  return causes;
}

function validateSpec(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [required('spec')];
  const causes = [...validateCapacity(spec), ...validateSource(spec)];
  if (arrayAt(spec.accessModes).length === 0) causes.push(required('spec.accessModes'));
  const sc = stringAt(spec.storageClassName);
  if (sc) causes.push(...invalidEach('spec.storageClassName', sc, isDns1123Subdomain(sc)));
  return causes;
}

function validateSpecUpdate(spec: unknown, old: unknown): StatusCause[] {
  if (!isObject(spec) || !isObject(old)) return [];
  const causes: StatusCause[] = [];
  if (!jsonEqual(sourceOf(spec), sourceOf(old))) {
    causes.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (!jsonEqual(spec.volumeMode, old.volumeMode)) causes.push(immutable('spec.volumeMode', spec.volumeMode ?? null));
  if (old.nodeAffinity !== undefined && !jsonEqual(spec.nodeAffinity, old.nodeAffinity)) causes.push(immutable('spec.nodeAffinity', spec.nodeAffinity ?? null));
  return causes;
}

export const persistentVolumeValidator: KindValidator = {
  validate(obj, ctx) {
    return ctx.subresource ? [] : validateSpec(obj.spec);
  },
  validateUpdate(obj, old, ctx) {
    return ctx.subresource ? [] : validateSpecUpdate(obj.spec, old.spec);
  },
};
