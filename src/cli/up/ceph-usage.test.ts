import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCephMessage, rbdUses } from './ceph-usage.js';

const rbdClass = { kind: 'StorageClass', metadata: { name: 'default', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'kubernetes.io/rbd' };
const localClass = { kind: 'StorageClass', metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ordinal.dev/local-path' };
const sts = (claimSpec: Record<string, unknown>) => ({ kind: 'StatefulSet', metadata: { name: 'redis' }, spec: { template: { spec: { containers: [] } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: claimSpec }] } });

describe('rbdUses', () => {
  it("finds RBD classes, rbd PVs and inline rbd volumes in the files (seeds 000, 002, 004)", () => {
    const pv = { kind: 'PersistentVolume', metadata: { name: 'mysql-pv' }, spec: { rbd: { pool: 'kube', image: 'volume101' } } };
    const pod = { kind: 'Pod', metadata: { name: 'rbd2' }, spec: { volumes: [{ name: 'rbdpd', rbd: { image: 'foo' } }] } };
    assert.deepEqual(rbdUses([rbdClass, pv, pod], []), ['StorageClass default (kubernetes.io/rbd)', 'PersistentVolume mysql-pv (rbd image kube/volume101)', 'Pod rbd2: volume rbdpd (rbd image rbd/foo)']);
  });

  it('a claim of an RBD class that exists on the server, or of the default class when it is RBD', () => {
    assert.deepEqual(rbdUses([sts({})], [rbdClass]), ['claim redis/data (StorageClass default: kubernetes.io/rbd)']);
    assert.deepEqual(rbdUses([sts({})], [localClass]), []);
    assert.deepEqual(rbdUses([sts({ storageClassName: '' })], [rbdClass]), []);
    // two default classes: the newest wins, as the claim binder picks it
    const older = { ...rbdClass, metadata: { ...rbdClass.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } };
    const newer = { ...localClass, metadata: { ...localClass.metadata, creationTimestamp: '2026-06-01T00:00:00Z' } };
    assert.deepEqual(rbdUses([sts({})], [newer, older]), []);
    assert.deepEqual(rbdUses([sts({})], [{ ...older, metadata: { ...older.metadata, creationTimestamp: '2026-09-01T00:00:00Z' } }, newer]), ['claim redis/data (StorageClass default: kubernetes.io/rbd)']);
    const csi = { kind: 'StorageClass', metadata: { name: 'ceph' }, provisioner: 'rbd.csi.ceph.com' };
    assert.deepEqual(rbdUses([{ kind: 'PersistentVolumeClaim', metadata: { name: 'c', annotations: { 'volume.beta.kubernetes.io/storage-class': 'ceph' } }, spec: {} }], [csi]), ['claim c (StorageClass ceph: rbd.csi.ceph.com)']);
  });

  it('says how to get a cluster', () => {
    const m = noCephMessage(['StorageClass default (kubernetes.io/rbd)'], '/d');
    assert.match(m, /no Ceph cluster is configured for \/d/);
    assert.match(m, /ordinal ceph dev up/);
    assert.match(m, /ordinal ceph connect/);
  });
});
