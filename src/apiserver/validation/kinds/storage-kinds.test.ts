import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { validateObject } from '../index.js';
import { resource } from '../test-fixtures.js';
import type { JsonObject } from '../json-value.js';

function lines(causes: { field?: string; message: string }[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}

function prepared(kind: string, obj: JsonObject): JsonObject {
  applyDefaults(resource(kind), obj);
  return obj;
}

describe('PersistentVolumeClaim', () => {
  const info = resource('PersistentVolumeClaim');
  const claim = () => prepared('PersistentVolumeClaim', {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'devops' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
  });

  it('requires access modes and a storage request', () => {
    const obj = claim();
    obj.spec.accessModes = [];
    obj.spec.resources = {};
    assert.deepEqual(lines(validateObject(info, obj, { operation: 'create', strict: true })), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  it('lets the binder set volumeName and bound claims grow, nothing else', () => {
    const old = claim();
    const bind = claim();
    bind.spec.volumeName = 'pv-1';
    assert.deepEqual(validateObject(info, bind, { operation: 'update', strict: true, old }), []);
    const grow = claim();
    grow.spec.resources.requests.storage = '10Gi';
    assert.deepEqual(lines(validateObject(info, grow, { operation: 'update', strict: true, old })), [
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    const bound = { ...claim(), status: { phase: 'Bound' } };
    assert.deepEqual(validateObject(info, grow, { operation: 'update', strict: true, old: bound }), []);
  });
});

describe('PersistentVolume', () => {
  const info = resource('PersistentVolume');
  it('requires capacity, access modes and exactly one source', () => {
    const obj = prepared('PersistentVolume', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: {} });
    assert.deepEqual(lines(validateObject(info, obj, { operation: 'create', strict: true })), [
      'spec.capacity: Required value',
      'spec: Required value: must specify a volume type',
      'spec.accessModes: Required value',
    ]);
    const two = prepared('PersistentVolume', {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/a' }, local: { path: '/b' } },
    });
    assert.deepEqual(lines(validateObject(info, two, { operation: 'create', strict: true })), [
      'spec.local: Forbidden: may not specify more than 1 volume type',
      'spec.nodeAffinity: Required value: Local volume requires node affinity',
    ]);
  });
});

describe('StorageClass', () => {
  const info = resource('StorageClass');
  const sc = () => prepared('StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'ordinal.io/local-path', parameters: { a: 'b' } });
  it('requires a provisioner and keeps parameters immutable', () => {
    const missing = sc();
    delete missing.provisioner;
    assert.deepEqual(lines(validateObject(info, missing, { operation: 'create', strict: true })), ['provisioner: Required value']);
    const changed = sc();
    changed.parameters = { a: 'c' };
    changed.reclaimPolicy = 'Retain';
    assert.deepEqual(lines(validateObject(info, changed, { operation: 'update', strict: true, old: sc() })), [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    ]);
  });
});
