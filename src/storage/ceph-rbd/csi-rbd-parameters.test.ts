import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorageError } from '../storage-error.js';
import { parseCsiParameters } from './csi-rbd-parameters.js';

const code = (c: string) => (e: unknown) => isStorageError(e) && e.code === c;
const who = { pvName: 'pvc-1', claimName: 'data-0', claimNamespace: 'apps' };

const secrets = (name: string, namespace: string, roles = ['provisioner', 'controller-expand', 'node-stage']): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const r of roles) {
    out[`csi.storage.k8s.io/${r}-secret-name`] = name;
    out[`csi.storage.k8s.io/${r}-secret-namespace`] = namespace;
  }
  return out;
};

describe('rbd.csi.ceph.com StorageClass parameters', () => {
  it("ceph-csi's example class", () => {
    const p = parseCsiParameters({ clusterID: 'fsid-1', pool: 'kube', imageFeatures: 'layering', 'csi.storage.k8s.io/fstype': 'xfs', ...secrets('csi-rbd-secret', 'ceph') }, who);
    assert.equal(p.clusterID, 'fsid-1');
    assert.equal(p.pool, 'kube');
    assert.deepEqual(p.imageFeatures, ['layering']);
    assert.equal(p.fsType, 'xfs');
    assert.equal(p.namePrefix, 'csi-vol-');
    assert.deepEqual(p.secrets, { provisioner: { name: 'csi-rbd-secret', namespace: 'ceph' }, 'controller-expand': { name: 'csi-rbd-secret', namespace: 'ceph' }, 'node-stage': { name: 'csi-rbd-secret', namespace: 'ceph' } });
    assert.deepEqual(p.volumeContext, { clusterID: 'fsid-1', pool: 'kube', imageFeatures: 'layering' });
  });

  it('defaults: fsType ext4 (the sidecar runs with --default-fstype=ext4), features left to Ceph', () => {
    const p = parseCsiParameters({ clusterID: 'c', pool: 'kube', ...secrets('s', 'ns', ['provisioner']) }, who);
    assert.equal(p.fsType, 'ext4');
    assert.equal(p.imageFeatures, undefined);
  });

  it('unknown keys pass through to the volume context, as ceph-csi passes them', () => {
    const p = parseCsiParameters({ clusterID: 'c', pool: 'kube', mounter: 'rbd-nbd', somethingNew: 'x', ...secrets('s', 'ns', ['provisioner']) }, who);
    assert.deepEqual(p.volumeContext, { clusterID: 'c', pool: 'kube', mounter: 'rbd-nbd', somethingNew: 'x' });
  });

  it("the external-provisioner's secret templates", () => {
    const p = parseCsiParameters({ clusterID: 'c', pool: 'kube', 'csi.storage.k8s.io/provisioner-secret-name': 'rbd-${pvc.name}', 'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}', 'csi.storage.k8s.io/node-stage-secret-name': '${pv.name}', 'csi.storage.k8s.io/node-stage-secret-namespace': 'ceph' }, who);
    assert.deepEqual(p.secrets.provisioner, { name: 'rbd-data-0', namespace: 'apps' });
    assert.deepEqual(p.secrets['node-stage'], { name: 'pvc-1', namespace: 'ceph' });
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', 'csi.storage.k8s.io/provisioner-secret-name': '${pvc.annotations}', 'csi.storage.k8s.io/provisioner-secret-namespace': 'x' }, who), code('E_RBD_SECRET_TEMPLATE'));
  });

  it('refuses what ceph-csi refuses, and what would be wrong to ignore', () => {
    const s = secrets('s', 'ns', ['provisioner']);
    assert.throws(() => parseCsiParameters({ pool: 'kube', ...s }, who), code('E_RBD_NO_CLUSTER_ID'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', ...s }, who), code('E_RBD_NO_POOL'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', imageFeatures: '', ...s }, who), code('E_RBD_FEATURES'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', imageFeatures: 'layering,exclusive-lock,journaling', ...s }, who), code('E_RBD_FEATURE_UNUSABLE'));
    assert.deepEqual(parseCsiParameters({ clusterID: 'c', pool: 'kube', imageFeatures: 'exclusive-lock,journaling', mounter: 'rbd-nbd', ...s }, who).imageFeatures, ['exclusive-lock', 'journaling']);
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', encrypted: 'true', ...s }, who), code('E_RBD_UNSUPPORTED_PARAMETER'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube' }, who), code('E_RBD_NO_PROVISIONER_SECRET'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', 'csi.storage.k8s.io/provisioner-secret-name': 's' }, who), code('E_RBD_SECRET_PARAMETERS'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', stripeUnit: '65536', ...s }, who), code('E_RBD_STRIPING'));
    assert.throws(() => parseCsiParameters({ clusterID: 'c', pool: 'kube', objectSize: '3000', ...s }, who), code('E_RBD_STRIPING'));
    assert.equal(parseCsiParameters({ clusterID: 'c', pool: 'kube', objectSize: '8388608', ...s }, who).objectSize, '8388608');
  });
});
