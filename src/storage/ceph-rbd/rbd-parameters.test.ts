import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorageError } from '../storage-error.js';
import { parseInTreeParameters } from './rbd-parameters.js';

const code = (c: string) => (e: unknown) => isStorageError(e) && e.code === c;

describe('kubernetes.io/rbd StorageClass parameters', () => {
  it("seed 000's class", () => {
    const p = parseInTreeParameters({ monitors: '10.0.0.1:6789,10.0.0.2:6789', adminId: 'kube', adminSecretName: 'ceph-secret', adminSecretNamespace: 'kube-system', pool: 'kube', userId: 'kube', userSecretName: 'ceph-secret-user' });
    assert.deepEqual(p, {
      monitors: ['10.0.0.1:6789', '10.0.0.2:6789'],
      adminId: 'kube',
      adminSecret: { namespace: 'kube-system', name: 'ceph-secret' },
      pool: 'kube',
      userId: 'kube',
      userSecretName: 'ceph-secret-user',
      imageFeatures: [],
    });
  });

  it("seed 003's class: lower-case imagefeatures, a bare monitor address", () => {
    const p = parseInTreeParameters({ adminId: 'admin', adminSecretName: 'ceph-secret', adminSecretNamespace: 'default', fsType: 'ext4', imageFormat: '2', imagefeatures: 'layering', monitors: '172.16.13.223', pool: 'k8s', userId: 'admin', userSecretName: 'ceph-secret' });
    assert.deepEqual(p.monitors, ['172.16.13.223']);
    assert.deepEqual(p.imageFeatures, ['layering']);
    assert.equal(p.fsType, 'ext4');
    assert.equal(p.pool, 'k8s');
  });

  it("the plugin's defaults: admin, namespace default, pool rbd, userId = adminId, no features, no fsType", () => {
    const p = parseInTreeParameters({ monitors: 'm1, m2 ,', adminSecretName: 's', userSecretName: 'u', userSecretNamespace: 'apps' });
    assert.deepEqual(p, { monitors: ['m1', 'm2'], adminId: 'admin', adminSecret: { namespace: 'default', name: 's' }, pool: 'rbd', userId: 'admin', userSecretName: 'u', userSecretNamespace: 'apps', imageFeatures: [] });
    assert.equal(parseInTreeParameters({ monitors: 'm', adminSecretName: 's', adminid: 'kube', userSecretName: 'u' }).userId, 'kube');
  });

  it('a keyring path instead of a user secret', () => {
    assert.equal(parseInTreeParameters({ monitors: 'm', adminSecretName: 's', keyring: '/etc/ceph/keyring' }).keyring, '/etc/ceph/keyring');
    assert.throws(() => parseInTreeParameters({ monitors: 'm', adminSecretName: 's', keyring: 'relative' }), code('E_RBD_KEYRING_PATH'));
  });

  it('refuses what the plugin refused, with its words', () => {
    const base = { monitors: 'm', adminSecretName: 's', userSecretName: 'u' };
    assert.throws(() => parseInTreeParameters({ ...base, clusterID: 'x' }), (e: unknown) => code('E_RBD_UNKNOWN_PARAMETER')(e) && /invalid option "clusterID" for volume plugin kubernetes.io\/rbd/.test((e as Error).message));
    assert.throws(() => parseInTreeParameters({ monitors: 'm', userSecretName: 'u' }), code('E_RBD_NO_ADMIN_SECRET'));
    assert.throws(() => parseInTreeParameters({ adminSecretName: 's', userSecretName: 'u' }), code('E_RBD_NO_MONITORS'));
    assert.throws(() => parseInTreeParameters({ monitors: ' , ', adminSecretName: 's', userSecretName: 'u' }), code('E_RBD_NO_MONITORS'));
    assert.throws(() => parseInTreeParameters({ monitors: 'm', adminSecretName: 's' }), code('E_RBD_NO_USER_SECRET'));
    assert.throws(() => parseInTreeParameters({ ...base, imageFormat: '3' }), code('E_RBD_IMAGE_FORMAT'));
  });

  it('imageFormat 1 is refused clearly: Ceph makes no format 1 images any more', () => {
    assert.throws(() => parseInTreeParameters({ monitors: 'm', adminSecretName: 's', userSecretName: 'u', imageFormat: '1' }), (e: unknown) => code('E_RBD_IMAGE_FORMAT')(e) && /format 1 is deprecated/.test((e as Error).message));
  });

  it('journaling is refused (no krbd maps it); other names are left to Ceph', () => {
    const base = { monitors: 'm', adminSecretName: 's', userSecretName: 'u' };
    assert.throws(() => parseInTreeParameters({ ...base, imageFeatures: 'layering,exclusive-lock,journaling' }), code('E_RBD_FEATURE_UNUSABLE'));
    assert.deepEqual(parseInTreeParameters({ ...base, imageFeatures: 'layering, object-map,bogus' }).imageFeatures, ['layering', 'object-map', 'bogus']);
  });
});
