import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, days, minutes, now, resourceInfo } from './fixtures.js';
import type { KubeObject } from '../../store/types.js';

function table(group: string, resource: string, kind: string, objects: KubeObject[]) {
  return buildTable(resourceInfo(group, resource, kind, { namespaced: resource === 'persistentvolumeclaims' }), objects, { includeObject: 'None', now });
}

test('the default storage class is marked in its name', () => {
  const t = table('storage.k8s.io', 'storageclasses', 'StorageClass', [
    {
      metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, creationTimestamp: ago(days(10)) },
      provisioner: 'ordinal.dev/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
    },
    { metadata: { name: 'ceph-rbd', creationTimestamp: ago(days(10)) }, provisioner: 'rbd.csi.ceph.com', reclaimPolicy: 'Retain', allowVolumeExpansion: true },
  ]);
  assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
  assert.deepEqual(t.rows.map((r) => r.cells), [
    ['local-path (default)', 'ordinal.dev/local-path', 'Delete', 'WaitForFirstConsumer', false, '10d'],
    ['ceph-rbd', 'rbd.csi.ceph.com', 'Retain', 'Immediate', true, '10d'],
  ]);
});

test('a Released PV shows its former claim', () => {
  const pv = {
    metadata: { name: 'pvc-3f6c1b0e-7d1a-4c2e-9a55-0d5b8f1e2a44', creationTimestamp: ago(days(1)) },
    spec: {
      capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'local-path', volumeMode: 'Filesystem',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-redis-0', uid: 'c1' },
      hostPath: { path: '/var/lib/ordinal/volumes/pvc-3f6c1b0e' },
    },
    status: { phase: 'Released' },
  };
  assert.deepEqual(table('', 'persistentvolumes', 'PersistentVolume', [pv]).rows[0]!.cells, [
    'pvc-3f6c1b0e-7d1a-4c2e-9a55-0d5b8f1e2a44', '1Gi', 'RWO', 'Retain', 'Released', 'default/data-redis-0', 'local-path', '<unset>', '', '24h', 'Filesystem',
  ]);
  const failed = { metadata: { name: 'pv-x', deletionTimestamp: ago(1000) }, spec: { accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'] }, status: { phase: 'Failed', reason: 'DeleteFailed' } };
  assert.deepEqual(table('', 'persistentvolumes', 'PersistentVolume', [failed]).rows[0]!.cells.slice(1, 9), ['0', 'RWO,RWX', '', 'Terminating', '', '', '<unset>', 'DeleteFailed']);
});

test('PVCs: bound, pending and terminating', () => {
  const bound = {
    metadata: { name: 'data-redis-0', namespace: 'default', creationTimestamp: ago(minutes(7)) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path', volumeName: 'pvc-3f6c', volumeMode: 'Filesystem' },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  };
  const pending = {
    metadata: { name: 'data-redis-1', namespace: 'default', creationTimestamp: ago(minutes(7)), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
    spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path' },
    status: { phase: 'Pending' },
  };
  const t = table('', 'persistentvolumeclaims', 'PersistentVolumeClaim', [bound, pending, { ...bound, metadata: { ...bound.metadata, deletionTimestamp: ago(1000) } }]);
  assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode']);
  assert.deepEqual(t.rows.map((r) => r.cells), [
    ['data-redis-0', 'Bound', 'pvc-3f6c', '1Gi', 'RWO', 'local-path', '<unset>', '7m', 'Filesystem'],
    ['data-redis-1', 'Pending', '', '', '', 'legacy', '<unset>', '7m', '<unset>'],
    ['data-redis-0', 'Terminating', 'pvc-3f6c', '1Gi', 'RWO', 'local-path', '<unset>', '7m', 'Filesystem'],
  ]);
});
