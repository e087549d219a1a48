import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { StorageObject, StorageObjectReader } from '../provisioner.js';
import { isStorageError } from '../storage-error.js';
import { cephError, FakeCephRunner, type FakeCall } from './fake-ceph-runner.js';
import { RbdProvisioner } from './rbd-provisioner.js';

const uid = '0b9c8a3e-4d1f-4c2a-9e7b-1f2e3d4c5b6a';
const pvName = `pvc-${uid}`;
const image = `kubernetes-dynamic-pvc-${uid}`;
const key = 'AQAOXhdrhV/KFRAAnUUIFwPPcRQGxB6l59b2Ww==';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const seed000Class: StorageObject = {
  metadata: { name: 'ceph-rbd' },
  provisioner: 'kubernetes.io/rbd',
  parameters: { monitors: '10.0.0.1:6789,10.0.0.2:6789', adminId: 'kube', adminSecretName: 'ceph-secret', adminSecretNamespace: 'kube-system', pool: 'kube', userId: 'kube', userSecretName: 'ceph-secret-user' },
};

function claim(extra: StorageObject = {}): StorageObject {
  return { metadata: { name: 'data-db-0', namespace: 'apps', uid }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra } };
}

function objects(secrets: Record<string, StorageObject> = { 'kube-system/ceph-secret': { type: 'kubernetes.io/rbd', data: { key: b64(`${key}\n`) } } }, classes: Record<string, StorageObject> = { 'ceph-rbd': seed000Class }): StorageObjectReader {
  return {
    secret: async (ns, name) => secrets[`${ns}/${name}`],
    configMap: async () => undefined,
    storageClass: async (name) => classes[name],
  };
}

const code = (c: string, retried: boolean) => (e: unknown) => (e as { code?: string }).code === c && isStorageError(e) === !retried;

describe('RbdProvisioner (kubernetes.io/rbd)', () => {
  it('one rbd import makes the image with its back-link; the PV has the rbd source the plugin wrote', async () => {
    let stream = Buffer.alloc(0);
    const runner = new FakeCephRunner((c) => {
      if (c.args[0] === 'import') stream = readFileSync(c.args[c.args.length - 2]!);
      return '';
    });
    const made = await new RbdProvisioner({ runner }).provision(claim(), seed000Class, pvName, { objects: objects() });
    assert.deepEqual(runner.commands(), [`rbd import --no-progress --export-format 2 --image-feature  <stream> kube/${image}`]);
    assert.deepEqual(runner.calls.map((c) => [c.user, c.hasKey, c.monitors.join(',')]), [['kube', true, '10.0.0.1:6789,10.0.0.2:6789']]);
    for (const s of ['csi.storage.k8s.io/pv/name', pvName, 'csi.storage.k8s.io/pvc/name', 'data-db-0', 'csi.storage.k8s.io/pvc/namespace', 'apps']) assert.ok(stream.includes(s), s);
    assert.deepEqual(made, {
      source: { rbd: { monitors: ['10.0.0.1:6789', '10.0.0.2:6789'], image, pool: 'kube', user: 'kube', secretRef: { name: 'ceph-secret-user' }, readOnly: false } },
      capacity: '1024Mi',
      annotations: { 'kubernetes.io/createdby': 'rbd-dynamic-provisioner' },
    });
  });

  it('features, fsType and the user secret namespace go where the plugin put them; sizes round up to MiB', async () => {
    const runner = new FakeCephRunner();
    const sc = { ...seed000Class, parameters: { ...seed000Class['parameters'], imagefeatures: 'layering', fsType: 'xfs', userSecretNamespace: 'apps' } };
    const made = await new RbdProvisioner({ runner }).provision(claim({ resources: { requests: { storage: '1500k' } } }), sc, pvName, { objects: objects() });
    assert.match(runner.commands()[0]!, /--image-feature layering <stream>/);
    assert.equal(made.capacity, '2Mi');
    assert.deepEqual(made.source['rbd'].secretRef, { name: 'ceph-secret-user', namespace: 'apps' });
    assert.equal(made.source['rbd'].fsType, 'xfs');
  });

  it('a retry after a crash adopts the image only when its back-link names this PV and claim', async () => {
    const exists = cephError('librbd: rbd image x already exists; rbd: image creation failed; rbd: import failed: (17) File exists', 17);
    const answer = (meta: Record<string, string>) => (c: FakeCall) => (c.args[0] === 'import' ? exists : JSON.stringify(meta));
    const ours = { 'csi.storage.k8s.io/pv/name': pvName, 'csi.storage.k8s.io/pvc/name': 'data-db-0', 'csi.storage.k8s.io/pvc/namespace': 'apps' };
    const runner = new FakeCephRunner(answer(ours));
    await new RbdProvisioner({ runner }).provision(claim(), seed000Class, pvName, { objects: objects() });
    assert.deepEqual(runner.commands().map((c) => c.split(' ').slice(0, 3).join(' ')), ['rbd import --no-progress', 'rbd image-meta list']);
    const p = (meta: Record<string, string>) => new RbdProvisioner({ runner: new FakeCephRunner(answer(meta)) }).provision(claim(), seed000Class, pvName, { objects: objects() });
    await assert.rejects(p({ ...ours, 'csi.storage.k8s.io/pvc/name': 'other' }), code('E_RBD_IMAGE_NOT_OURS', true));
    await assert.rejects(p({}), code('E_RBD_IMAGE_UNLINKED', true));
  });

  it("Ceph's own message; a bad option is a refusal, anything else is retried", async () => {
    const fail = (e: Error) => new RbdProvisioner({ runner: new FakeCephRunner(() => e) }).provision(claim(), seed000Class, pvName, { objects: objects() });
    await assert.rejects(fail(cephError("rbd: error opening pool 'kube': (2) No such file or directory", 2)), (e: unknown) => {
      assert.equal((e as Error).message, `failed to create rbd image kube/${image}: rbd: error opening pool 'kube': (2) No such file or directory`);
      return !isStorageError(e);
    });
    await assert.rejects(fail(cephError('librbd::image::CreateRequest: 0x55d0c2a1b2c0 validate_features: cannot use object map without exclusive lock; rbd: image creation failed; rbd: import failed: (22) Invalid argument', 22)), (e: unknown) => {
      assert.match((e as Error).message, /CreateRequest: validate_features: cannot use object map without exclusive lock/);
      return isStorageError(e);
    });
    await assert.rejects(fail(cephError("rbd: the argument for option '--image-feature' is invalid", 1)), (e: unknown) => isStorageError(e));
    await assert.rejects(fail(cephError('error connecting to the cluster: (13) Permission denied', 13)), (e: unknown) => !isStorageError(e) && /Permission denied/.test((e as Error).message));
  });

  it('the admin Secret: missing or of the wrong type is retried (the admin may add it later), and the key never shows', async () => {
    const p = (o: StorageObjectReader) => new RbdProvisioner({ runner: new FakeCephRunner() }).provision(claim(), seed000Class, pvName, { objects: o });
    await assert.rejects(p(objects({})), code('E_RBD_SECRET_NOT_FOUND', true));
    await assert.rejects(p(objects({ 'kube-system/ceph-secret': { type: 'Opaque', data: { key: b64(key) } } })), code('E_RBD_SECRET_TYPE', true));
    await assert.rejects(p(objects({ 'kube-system/ceph-secret': { type: 'kubernetes.io/rbd', data: { key: b64('[client.kube]\n\tkey = x') } } })), (e: unknown) => code('E_RBD_SECRET_BAD_KEY', true)(e) && !(e as Error).message.includes('client.kube'));
  });

  it("refuses what the plugin refused in a claim: selector, RWX", async () => {
    const p = (c: StorageObject) => new RbdProvisioner({ runner: new FakeCephRunner() }).provision(c, seed000Class, pvName, { objects: objects() });
    await assert.rejects(p(claim({ selector: { matchLabels: { a: 'b' } } })), code('E_SELECTOR_UNSUPPORTED', false));
    await assert.rejects(p(claim({ accessModes: ['ReadWriteMany'] })), code('E_ACCESS_MODES_UNSUPPORTED', false));
  });

  describe('delete', () => {
    const pv: StorageObject = { metadata: { name: pvName }, spec: { storageClassName: 'ceph-rbd', rbd: { monitors: ['10.0.0.1:6789'], image, pool: 'kube', user: 'kube' } } };

    it('checks the back-link, then rbd rm, as the admin of the class', async () => {
      const runner = new FakeCephRunner((c) => (c.args[0] === 'image-meta' ? JSON.stringify({ 'csi.storage.k8s.io/pv/name': pvName }) : ''));
      await new RbdProvisioner({ runner }).delete(pv, { objects: objects() });
      assert.deepEqual(runner.commands(), [`rbd image-meta list kube/${image} --format json`, `rbd rm --no-progress kube/${image}`]);
      assert.equal(runner.calls[1]!.user, 'kube');
    });

    it('an image already gone is success', async () => {
      const runner = new FakeCephRunner(() => cephError(`rbd: error opening image ${image}: (2) No such file or directory`, 2));
      await new RbdProvisioner({ runner }).delete(pv, { objects: objects() });
      assert.equal(runner.calls.length, 1);
    });

    it('refused while a client watches it, naming the watcher (retried)', async () => {
      const runner = new FakeCephRunner((c) => {
        if (c.args[0] === 'rm') return cephError('librbd::image::PreRemoveRequest: 0x556521551aa0 check_image_watchers: image has watchers - not removing; rbd: error: image still has watchers', 16);
        if (c.args[0] === 'status') return JSON.stringify({ watchers: [{ address: '127.0.0.1:0/3714891828', client: 4193, cookie: 1 }] });
        return '{}';
      });
      await assert.rejects(new RbdProvisioner({ runner }).delete(pv, { objects: objects() }), (e: unknown) => {
        assert.equal((e as Error).message, `rbd image kube/${image} is still being used by 127.0.0.1:0/3714891828 (client.4193): librbd::image::PreRemoveRequest: check_image_watchers: image has watchers - not removing; rbd: error: image still has watchers`);
        return code('E_RBD_IMAGE_IN_USE', true)(e);
      });
    });

    it('never removes an image whose back-link names another PV', async () => {
      const runner = new FakeCephRunner(() => JSON.stringify({ 'csi.storage.k8s.io/pv/name': 'pvc-other' }));
      await assert.rejects(new RbdProvisioner({ runner }).delete(pv, { objects: objects() }), code('E_RBD_IMAGE_NOT_OURS', false));
      assert.equal(runner.calls.length, 1);
    });

    it('needs the class for the admin Secret, as the plugin did', async () => {
      await assert.rejects(new RbdProvisioner({ runner: new FakeCephRunner() }).delete(pv, { objects: objects(undefined, {}) }), code('E_RBD_CLASS_NOT_FOUND', true));
    });
  });
});
