import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isStorageError } from '../storage-error.js';
import { LocalPathProvisioner } from './local-path-provisioner.js';

const base = mkdtempSync(join(tmpdir(), 'ordinal-local-path-'));
after(() => rmSync(base, { recursive: true, force: true }));

const sc = { metadata: { name: 'local-path' }, provisioner: 'ordinal.dev/local-path' };
function claim(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { name: 'data', namespace: 'default', uid: 'u1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } };
}

describe('LocalPathProvisioner', () => {
  it('makes a world-writable directory per volume and a hostPath source without a selected node', async () => {
    const root = join(base, 'a', 'volumes');
    const p = new LocalPathProvisioner({ root });
    const v = await p.provision(claim(), sc, 'pvc-u1');
    assert.deepEqual(v, { source: { hostPath: { path: join(root, 'pvc-u1'), type: 'DirectoryOrCreate' } }, capacity: '1Gi' });
    assert.equal(statSync(join(root, 'pvc-u1')).mode & 0o777, 0o777);
    assert.equal(statSync(root).mode & 0o777, 0o711);
    // idempotent: a retry after a crash finds the directory and keeps its contents
    writeFileSync(join(root, 'pvc-u1', 'keep'), 'x');
    await p.provision(claim(), sc, 'pvc-u1');
    assert.ok(existsSync(join(root, 'pvc-u1', 'keep')));
  });

  it('pins a volume to the selected node with a local source and node affinity', async () => {
    const p = new LocalPathProvisioner({ root: join(base, 'b') });
    const v = await p.provision(claim(), sc, 'pvc-u2', { selectedNode: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'host-1' } } });
    assert.deepEqual(v.source, { local: { path: join(base, 'b', 'pvc-u2') } });
    assert.deepEqual(v.nodeAffinity, { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['host-1'] }] }] } });
  });

  it('refuses selectors, block volumes and class parameters', async () => {
    const p = new LocalPathProvisioner({ root: join(base, 'c') });
    await assert.rejects(p.provision(claim({ selector: { matchLabels: { app: 'db' } } }), sc, 'pvc-x'), (e: unknown) => isStorageError(e) && e.code === 'E_SELECTOR_UNSUPPORTED');
    await assert.rejects(p.provision(claim({ volumeMode: 'Block' }), sc, 'pvc-x'), (e: unknown) => isStorageError(e) && e.code === 'E_VOLUME_MODE_UNSUPPORTED');
    await assert.rejects(p.provision(claim({ dataSource: { kind: 'PersistentVolumeClaim', name: 'src' } }), sc, 'pvc-x'), (e: unknown) => isStorageError(e) && e.code === 'E_DATA_SOURCE_UNSUPPORTED');
    await assert.rejects(p.provision(claim(), { ...sc, parameters: { nodePath: '/x' } }, 'pvc-x'), (e: unknown) => isStorageError(e) && e.code === 'E_UNKNOWN_PARAMETER');
    await assert.rejects(p.provision(claim(), sc, '../escape'), (e: unknown) => isStorageError(e) && e.code === 'E_VOLUME_NAME');
    assert.ok(!existsSync(join(base, 'c', 'pvc-x')));
  });

  it('deletes and scrubs only directories directly under its root', async () => {
    const root = join(base, 'd');
    const p = new LocalPathProvisioner({ root });
    const v = await p.provision(claim(), sc, 'pvc-u3');
    const pv = { spec: v.source };
    mkdirSync(join(root, 'pvc-u3', 'sub'));
    writeFileSync(join(root, 'pvc-u3', 'sub', 'f'), 'x');
    writeFileSync(join(root, 'pvc-u3', '.hidden'), 'x');
    await p.recycle(pv);
    assert.deepEqual(readdirSync(join(root, 'pvc-u3')), []);
    await p.delete(pv);
    assert.ok(!existsSync(join(root, 'pvc-u3')));
    await p.delete(pv); // already gone is fine
    const outside = join(base, 'outside');
    mkdirSync(outside);
    for (const path of [outside, root, join(root, 'pvc-u3', '..', '..', 'outside'), 'relative/pvc-1']) {
      await assert.rejects(p.delete({ spec: { hostPath: { path } } }), (e: unknown) => isStorageError(e) && e.code === 'E_VOLUME_PATH');
      await assert.rejects(p.recycle({ spec: { local: { path } } }), (e: unknown) => isStorageError(e) && e.code === 'E_VOLUME_PATH');
    }
    assert.ok(existsSync(outside));
  });

  it('reports a failing filesystem as an error (the controller marks the PV Failed)', async () => {
    const failing = { rm: async () => { throw new Error('EBUSY: resource busy'); } };
    const real = await import('node:fs/promises');
    const p = new LocalPathProvisioner({ root: join(base, 'e'), fs: { ...real, ...failing } });
    await assert.rejects(p.delete({ spec: { hostPath: { path: join(base, 'e', 'pvc-1') } } }), /EBUSY/);
  });
});
