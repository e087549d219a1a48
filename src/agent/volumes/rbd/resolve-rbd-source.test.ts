import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../controllers/runtime/types.js';
import { isPodInputError } from '../../env/index.js';
import { b64, FakePodInputSource } from '../../env/test-source.test-util.js';
import { cephCsiRequest, inTreeRbdRequest, isCephRbdCsiDriver, type ResolveContext } from './resolve-rbd-source.js';

const KEY = 'AQDBXRdrXeCmKBAAgxsSbATW52Cuyz9s16Cw+Q==';

function source(): FakePodInputSource {
  return new FakePodInputSource()
    .add('secret', { metadata: { name: 'ceph-secret', namespace: 'devops' }, type: 'kubernetes.io/rbd', data: { key: b64(`${KEY}\n`) } })
    .add('secret', { metadata: { name: 'other-key', namespace: 'devops' }, type: 'kubernetes.io/rbd', data: { cephkey: b64(KEY) } })
    .add('secret', { metadata: { name: 'twice', namespace: 'devops' }, data: { key: b64(b64(KEY)) } })
    .add('secret', { metadata: { name: 'two-keys', namespace: 'devops' }, data: { a: b64(KEY), b: b64(KEY) } })
    .add('secret', { metadata: { name: 'admin', namespace: 'ceph' }, data: { key: b64(KEY) } })
    .add('secret', { metadata: { name: 'csi-node', namespace: 'ceph-csi' }, data: { userID: b64('kube'), userKey: b64(KEY) } })
    .add('secret', { metadata: { name: 'csi-nokey', namespace: 'ceph-csi' }, data: { userID: b64('kube') } })
    .add('configmap', { metadata: { name: 'ceph-csi-config', namespace: 'kube-system' }, data: { 'config.json': JSON.stringify([{ clusterID: 'c1', monitors: ['127.0.0.1:3300'] }]) } });
}

const ctx = (extra: Partial<ResolveContext> = {}): ResolveContext => ({ volume: 'data', podNamespace: 'devops', source: source(), ...extra });

function rejects(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isPodInputError(e), `a PodInputError, got ${String(e)}`);
    assert.equal(e.reason, 'FailedMount');
    assert.equal(e.code, code);
    assert.match(e.message, /^MountVolume\.SetUp failed for volume "data" : /);
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, new RegExp(KEY.slice(0, 12)));
    return true;
  });
}

describe('inTreeRbdRequest', () => {
  it('seed 004: an inline volume with a secretRef in the pod namespace; the key is trimmed', () => {
    const r = inTreeRbdRequest({ monitors: ['127.0.0.1:6789'], pool: 'kube', image: 'mysql-data', user: 'kube', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: false }, ctx());
    assert.deepEqual(r, { volume: 'data', pool: 'kube', image: 'mysql-data', monitors: ['127.0.0.1:6789'], user: 'kube', key: KEY, fsType: 'ext4', readOnly: false });
  });

  it('defaults: pool rbd, user admin, keyring /etc/ceph/keyring, ext4, read-write', () => {
    const r = inTreeRbdRequest({ monitors: ['m1:6789', 'm2:6789'], image: 'img' }, ctx());
    assert.deepEqual(r, { volume: 'data', pool: 'rbd', image: 'img', monitors: ['m1:6789', 'm2:6789'], user: 'admin', keyringPath: '/etc/ceph/keyring', fsType: 'ext4', readOnly: false });
    assert.equal(inTreeRbdRequest({ monitors: ['m'], image: 'i', keyring: '/etc/ceph/kube.keyring', user: 'client.kube' }, ctx()).keyringPath, '/etc/ceph/kube.keyring');
    assert.equal(inTreeRbdRequest({ monitors: ['m'], image: 'i', user: 'client.kube' }, ctx()).user, 'kube');
  });

  it('a PV source: secretRef namespace honoured, readOnly from the source, the pod or a ReadOnlyMany-only PV', () => {
    const pv = (modes: string[]): KubeObject => ({ metadata: { name: 'mysql-pv' }, spec: { accessModes: modes } });
    const rbd = { monitors: ['m'], pool: 'kube', image: 'i', user: 'admin', secretRef: { name: 'admin', namespace: 'ceph' } };
    const r = inTreeRbdRequest(rbd, ctx({ persistentVolume: pv(['ReadWriteOnce']) }));
    assert.equal(r.key, KEY);
    assert.equal(r.readOnly, false);
    assert.equal(r.persistentVolumeName, 'mysql-pv');
    assert.equal(inTreeRbdRequest({ ...rbd, readOnly: true }, ctx({ persistentVolume: pv(['ReadWriteOnce']) })).readOnly, true);
    assert.equal(inTreeRbdRequest(rbd, ctx({ persistentVolume: pv(['ReadWriteOnce']), readOnly: true })).readOnly, true);
    assert.equal(inTreeRbdRequest(rbd, ctx({ persistentVolume: pv(['ReadOnlyMany']) })).readOnly, true);
    assert.equal(inTreeRbdRequest(rbd, ctx({ persistentVolume: pv(['ReadWriteOnce', 'ReadOnlyMany']) })).readOnly, false);
  });

  it('a Secret with one entry of another name is read as the in-tree plugin read it', () => {
    assert.equal(inTreeRbdRequest({ monitors: ['m'], image: 'i', secretRef: { name: 'other-key' } }, ctx()).key, KEY);
  });

  it('fsType is lower-cased; xfs, ext3 and ext2 are accepted, others refused', () => {
    assert.equal(inTreeRbdRequest({ monitors: ['m'], image: 'i', fsType: 'XFS' }, ctx()).fsType, 'xfs');
    rejects(() => inTreeRbdRequest({ monitors: ['m'], image: 'i', fsType: 'btrfs' }, ctx()), 'E_RBD_FS_TYPE', /fsType "btrfs" is not supported .*ext4, ext3, ext2, xfs/);
  });

  it('clear failures: no monitors, no image, a missing Secret, a Secret without a key, a key encoded twice', () => {
    rejects(() => inTreeRbdRequest({ image: 'i' }, ctx()), 'E_RBD_SOURCE', /missing Ceph monitors/);
    rejects(() => inTreeRbdRequest({ monitors: ['m'] }, ctx()), 'E_RBD_SOURCE', /missing image name/);
    rejects(() => inTreeRbdRequest({ monitors: ['m'], image: 'i', secretRef: { name: 'nope' } }, ctx()), 'E_RBD_SECRET', /couldn't get secret devops\/nope: secrets "nope" not found/);
    rejects(() => inTreeRbdRequest({ monitors: ['m'], image: 'i', secretRef: { name: 'two-keys' } }, ctx()), 'E_RBD_SECRET_KEY', /secret devops\/two-keys has no key "key" \(it has "a", "b"\)/);
    rejects(() => inTreeRbdRequest({ monitors: ['m'], image: 'i', secretRef: { name: 'twice' } }, ctx()), 'E_RBD_SECRET_KEY', /base64-encoded twice/);
    rejects(() => inTreeRbdRequest({ monitors: ['m'], image: 'i', secretRef: {} }, ctx()), 'E_RBD_SECRET', /rbd\.secretRef has no name/);
  });
});

describe('cephCsiRequest', () => {
  const pv: KubeObject = { metadata: { name: 'pvc-1234' }, spec: { accessModes: ['ReadWriteOnce'] } };
  const csi = (extra: KubeObject = {}): KubeObject => ({
    driver: 'rbd.csi.ceph.com', volumeHandle: '0001-0002-c1-0000000000000003-uuid', fsType: 'ext4',
    volumeAttributes: { clusterID: 'c1', pool: 'kube', imageName: 'csi-vol-uuid', imageFeatures: 'layering' },
    nodeStageSecretRef: { name: 'csi-node', namespace: 'ceph-csi' }, ...extra,
  });

  it('monitors from ceph-csi-config by clusterID, user and key from the node-stage Secret', () => {
    const r = cephCsiRequest(csi(), ctx({ persistentVolume: pv }));
    assert.deepEqual(r, { volume: 'data', pool: 'kube', image: 'csi-vol-uuid', monitors: ['127.0.0.1:3300'], user: 'kube', key: KEY, fsType: 'ext4', readOnly: false, persistentVolumeName: 'pvc-1234' });
    assert.equal(cephCsiRequest(csi({ readOnly: true, fsType: 'xfs' }), ctx({ persistentVolume: pv })).readOnly, true);
  });

  it("Rook's driver name is ceph-csi too; another driver is refused", () => {
    assert.equal(isCephRbdCsiDriver('rook-ceph.rbd.csi.ceph.com'), true);
    assert.equal(isCephRbdCsiDriver('cephfs.csi.ceph.com'), false);
    rejects(() => cephCsiRequest(csi({ driver: 'ebs.csi.aws.com' }), ctx({ persistentVolume: pv })), 'E_PV_UNSUPPORTED', /CSI driver "ebs\.csi\.aws\.com" is not supported on this node/);
  });

  it('clear failures: unknown clusterID, no ConfigMap, missing attributes, Secret without userKey, no nodeStageSecretRef', () => {
    rejects(() => cephCsiRequest(csi({ volumeAttributes: { clusterID: 'zz', pool: 'kube', imageName: 'x' } }), ctx({ persistentVolume: pv })), 'E_RBD_CLUSTER', /missing configuration for cluster ID "zz" in configmap kube-system\/ceph-csi-config/);
    rejects(() => cephCsiRequest(csi(), ctx({ persistentVolume: pv, source: new FakePodInputSource() })), 'E_RBD_CLUSTER', /configmap kube-system\/ceph-csi-config not found/);
    rejects(() => cephCsiRequest(csi({ volumeAttributes: { clusterID: 'c1', pool: 'kube' } }), ctx({ persistentVolume: pv })), 'E_RBD_SOURCE', /no imageName/);
    rejects(() => cephCsiRequest(csi({ nodeStageSecretRef: { name: 'csi-nokey', namespace: 'ceph-csi' } }), ctx({ persistentVolume: pv })), 'E_RBD_SECRET_KEY', /has no "userKey"/);
    rejects(() => cephCsiRequest(csi({ nodeStageSecretRef: undefined }), ctx({ persistentVolume: pv })), 'E_RBD_SECRET', /nodeStageSecretRef is missing/);
    rejects(() => cephCsiRequest(csi({ fsType: 'zfs' }), ctx({ persistentVolume: pv })), 'E_RBD_FS_TYPE', /"zfs"/);
  });
});
