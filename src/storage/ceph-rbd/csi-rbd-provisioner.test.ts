import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StorageObject, StorageObjectReader } from '../provisioner.js';
import { isStorageError } from '../storage-error.js';
import { CsiRbdProvisioner } from './csi-rbd-provisioner.js';
import { cephError, FakeCephRunner, type FakeCall } from './fake-ceph-runner.js';

const uid = '0b9c8a3e-4d1f-4c2a-9e7b-1f2e3d4c5b6a';
const pvName = `pvc-${uid}`;
const fsid = '69e6bdb3-1933-4433-822f-179b92813dcc';
const image = `csi-vol-${uid}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const secretParams: Record<string, string> = {};
for (const role of ['provisioner', 'controller-expand', 'node-stage']) {
  secretParams[`csi.storage.k8s.io/${role}-secret-name`] = 'csi-rbd-secret';
  secretParams[`csi.storage.k8s.io/${role}-secret-namespace`] = 'ceph';
}
const csiClass: StorageObject = { metadata: { name: 'csi-rbd' }, provisioner: 'rbd.csi.ceph.com', parameters: { clusterID: fsid, pool: 'kube', imageFeatures: 'layering', 'csi.storage.k8s.io/fstype': 'ext4', ...secretParams } };

const claim: StorageObject = { metadata: { name: 'data-0', namespace: 'apps', uid }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1500Mi' } } } };

function objects(configured = true): StorageObjectReader {
  return {
    secret: async (ns, name) => (ns === 'ceph' && name === 'csi-rbd-secret' ? { data: { userID: b64('kube'), userKey: b64('AQAOXhdrhV/KFRAAnUUIFwPPcRQGxB6l59b2Ww==') } } : undefined),
    configMap: async (ns, name) => (configured && ns === 'kube-system' && name === 'ceph-csi-config' ? { data: { 'config.json': JSON.stringify([{ clusterID: fsid, monitors: ['127.0.0.1:3300'] }]) } } : undefined),
    storageClass: async (name) => (name === 'csi-rbd' ? csiClass : undefined),
  };
}

const lspools = (c: FakeCall): string => (c.tool === 'ceph' ? JSON.stringify([{ poolnum: 1, poolname: '.mgr' }, { poolnum: 2, poolname: 'kube' }]) : '');

describe('CsiRbdProvisioner (rbd.csi.ceph.com)', () => {
  it('monitors from ceph-csi-config, image csi-vol-<uid>, a csi source with ceph-csi volume id and context', async () => {
    const runner = new FakeCephRunner(lspools);
    const made = await new CsiRbdProvisioner({ runner }).provision(claim, csiClass, pvName, { objects: objects() });
    assert.deepEqual(runner.commands().sort(), [`rbd import --no-progress --export-format 2 --image-feature layering <stream> kube/${image}`, 'ceph osd lspools --format json'].sort());
    assert.ok(runner.calls.every((c) => c.user === 'kube' && c.monitors.join() === '127.0.0.1:3300'));
    assert.deepEqual(made, {
      source: {
        csi: {
          driver: 'rbd.csi.ceph.com',
          volumeHandle: `0001-0024-${fsid}-0000000000000002-${uid}`,
          fsType: 'ext4',
          volumeAttributes: { clusterID: fsid, pool: 'kube', imageFeatures: 'layering', journalPool: 'kube', imageName: image },
          nodeStageSecretRef: { name: 'csi-rbd-secret', namespace: 'ceph' },
          controllerExpandSecretRef: { name: 'csi-rbd-secret', namespace: 'ceph' },
        },
      },
      capacity: '2Gi',
      annotations: { 'volume.kubernetes.io/provisioner-deletion-secret-name': 'csi-rbd-secret', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': 'ceph' },
    });
  });

  it('asks for the pool ids once for many claims at once', async () => {
    const runner = new FakeCephRunner(lspools);
    const p = new CsiRbdProvisioner({ runner });
    await Promise.all([1, 2, 3].map((i) => p.provision({ ...claim, metadata: { ...claim['metadata'], name: `d-${i}` } }, csiClass, `pvc-${uid.slice(0, -1)}${i}`, { objects: objects() })));
    assert.equal(runner.calls.filter((c) => c.tool === 'ceph').length, 1);
  });

  it('a clusterID missing from ceph-csi-config is retried with ceph-csi words; RWX only on Block', async () => {
    const p = new CsiRbdProvisioner({ runner: new FakeCephRunner(lspools) });
    await assert.rejects(p.provision(claim, csiClass, pvName, { objects: objects(false) }), (e: unknown) => !isStorageError(e) && /missing configuration for cluster ID/.test((e as Error).message));
    await assert.rejects(p.provision({ ...claim, spec: { ...claim['spec'], accessModes: ['ReadWriteMany'] } }, csiClass, pvName, { objects: objects() }), (e: unknown) => isStorageError(e));
    const block = await p.provision({ ...claim, spec: { ...claim['spec'], accessModes: ['ReadWriteMany'], volumeMode: 'Block' } }, csiClass, pvName, { objects: objects() });
    assert.equal(block.source['csi'].fsType, undefined);
  });

  it('delete: the deletion Secret from the annotations, the image from the volume context', async () => {
    const runner = new FakeCephRunner((c) => (c.args[0] === 'image-meta' ? cephError(`rbd: error opening image ${image}: (2) No such file or directory`, 2) : ''));
    const pv: StorageObject = {
      metadata: { name: pvName, annotations: { 'volume.kubernetes.io/provisioner-deletion-secret-name': 'csi-rbd-secret', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': 'ceph' } },
      spec: { storageClassName: 'gone', csi: { driver: 'rbd.csi.ceph.com', volumeHandle: `0001-0024-${fsid}-0000000000000002-${uid}`, volumeAttributes: { pool: 'kube', imageName: image } } },
    };
    await new CsiRbdProvisioner({ runner }).delete(pv, { objects: objects() });
    assert.deepEqual(runner.commands(), [`rbd image-meta list kube/${image} --format json`]);
    await assert.rejects(new CsiRbdProvisioner({ runner }).delete({ ...pv, spec: { csi: { ...pv['spec'].csi, volumeHandle: 'x' } } }, { objects: objects() }), (e: unknown) => isStorageError(e));
  });
});
