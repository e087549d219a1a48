import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';
import { admitStorageProtection } from './storage-protection-admission.js';

const info = (resource: string, kind: string, extra: Partial<ResourceInfo> = {}): ResourceInfo => ({
  group: '', version: 'v1', resource, kind, listKind: `${kind}List`, singular: kind.toLowerCase(), namespaced: resource !== 'persistentvolumes',
  shortNames: [], categories: [], verbs: [], subresources: ['status'], custom: false, ...extra,
});
const claims = info('persistentvolumeclaims', 'PersistentVolumeClaim');
const volumes = info('persistentvolumes', 'PersistentVolume');
const admitted = (i: ResourceInfo, metadata: KubeObject): unknown => {
  const obj: KubeObject = { metadata: { name: 'x', ...metadata } };
  admitStorageProtection(i, obj);
  return obj['metadata'].finalizers;
};

describe('StorageObjectInUseProtection admission', () => {
  it('gives a new claim kubernetes.io/pvc-protection and a new volume kubernetes.io/pv-protection', () => {
    assert.deepEqual(admitted(claims, {}), ['kubernetes.io/pvc-protection']);
    assert.deepEqual(admitted(volumes, {}), ['kubernetes.io/pv-protection']);
  });

  it('keeps the finalizers already there, in order, and never adds one twice', () => {
    assert.deepEqual(admitted(volumes, { finalizers: ['kubernetes.io/pv-controller'] }), ['kubernetes.io/pv-controller', 'kubernetes.io/pv-protection']);
    assert.deepEqual(admitted(claims, { finalizers: ['kubernetes.io/pvc-protection', 'example.com/x'] }), ['kubernetes.io/pvc-protection', 'example.com/x']);
  });

  it('leaves other kinds, other groups and custom resources alone', () => {
    assert.equal(admitted(info('pods', 'Pod'), {}), undefined);
    assert.equal(admitted(info('persistentvolumeclaims', 'PersistentVolumeClaim', { group: 'example.com', custom: true }), {}), undefined);
  });

  it('leaves a malformed finalizers field for validation to report', () => {
    assert.equal(admitted(claims, { finalizers: 'oops' }), 'oops');
  });
});
