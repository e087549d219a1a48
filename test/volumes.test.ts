// Volumes against a real `ordinal server`: the default class, dynamic provisioning with local-path
// (Immediate and WaitForFirstConsumer), static binding by selector (seed 002), smallest fit, and
// reclaim by policy. The test plays the scheduler by setting volume.kubernetes.io/selected-node.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'vol';
const scPath = '/apis/storage.k8s.io/v1/storageclasses';
let server: ServerProcess;
let client: KubeClient;
let hostDir: string;

const claimPath = (name: string): string => `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`;
const pvPath = (name: string): string => `/api/v1/persistentvolumes/${name}`;
const get = (path: string): Promise<Obj> => client.request<Obj>('GET', path);
const gone = (path: string): Promise<boolean> => get(path).then(() => false, (e: { status?: number }) => e.status === 404);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function createClaim(name: string, spec: Obj, annotations: Record<string, string> = {}): Promise<Obj> {
  return client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
    body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, annotations }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } },
  });
}

async function createClass(name: string, mode: string, reclaimPolicy: string): Promise<void> {
  await client.request('POST', scPath, { body: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'ordinal.dev/local-path', reclaimPolicy, volumeBindingMode: mode } });
}

async function createVolume(name: string, size: string, spec: Obj, labels: Record<string, string> = {}): Promise<void> {
  await client.request('POST', '/api/v1/persistentvolumes', { body: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], ...spec } } });
}

function staticHostPath(name: string): Obj {
  return { hostPath: { path: join(hostDir, name), type: 'DirectoryOrCreate' } };
}

async function boundClaim(name: string, timeoutMs?: number): Promise<Obj> {
  return eventually(async () => {
    const c = await get(claimPath(name));
    return c['status']?.phase === 'Bound' ? c : undefined;
  }, `claim ${name} to be Bound`, timeoutMs);
}

async function volumePhase(name: string, phase: string): Promise<Obj> {
  return eventually(async () => {
    const v = await get(pvPath(name));
    return v['status']?.phase === phase ? v : undefined;
  }, `volume ${name} to be ${phase}`);
}

async function eventsFor(name: string): Promise<Obj[]> {
  const list = await client.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${ns}/events`);
  return list.items.filter((e) => e['involvedObject']?.name === name);
}

async function hasEvent(name: string, reason: string, pattern?: RegExp): Promise<Obj> {
  return eventually(async () => (await eventsFor(name)).find((e) => e['reason'] === reason && (!pattern || pattern.test(e['message']))), `event ${reason} for ${name}`);
}

before(async () => {
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
  hostDir = mkdtempSync(join(tmpdir(), 'ordinal-static-pv-'));
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  await createClass('fast', 'Immediate', 'Delete');
  await createClass('keep', 'Immediate', 'Retain');
});

after(async () => {
  client.close();
  await server.cleanup();
  rmSync(hostDir, { recursive: true, force: true });
});

describe('default StorageClass', () => {
  it('local-path exists after start: default, WaitForFirstConsumer, reclaimPolicy Delete', async () => {
    const sc = await eventually(() => get(`${scPath}/local-path`), 'the local-path class');
    assert.equal(sc['metadata'].annotations['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.equal(sc['provisioner'], 'ordinal.dev/local-path');
    assert.equal(sc['volumeBindingMode'], 'WaitForFirstConsumer');
    assert.equal(sc['reclaimPolicy'], 'Delete');
  });
});

describe('dynamic provisioning with local-path', () => {
  it('Immediate: a claim gets pvc-<uid>, bound both ways, with a directory under DATA_DIR/volumes; Delete removes both', async () => {
    const created = await createClaim('data-a', { storageClassName: 'fast' });
    const uid: string = created['metadata'].uid;
    const claim = await boundClaim('data-a');
    assert.equal(claim['spec'].volumeName, `pvc-${uid}`);
    assert.equal(claim['status'].capacity.storage, '1Gi');
    assert.deepEqual(claim['status'].accessModes, ['ReadWriteOnce']);
    assert.equal(claim['metadata'].annotations['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(claim['metadata'].annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
    const pv = await volumePhase(`pvc-${uid}`, 'Bound');
    assert.equal(pv['metadata'].annotations['pv.kubernetes.io/provisioned-by'], 'ordinal.dev/local-path');
    assert.equal(pv['spec'].claimRef.uid, uid);
    assert.equal(pv['spec'].persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv['spec'].storageClassName, 'fast');
    const dir = join(server.dataDir, 'volumes', `pvc-${uid}`);
    assert.equal(pv['spec'].hostPath.path, dir);
    assert.ok(existsSync(dir), 'the volume directory');
    writeFileSync(join(dir, 'data'), 'x');
    await hasEvent('data-a', 'ProvisioningSucceeded');

    await client.request('DELETE', claimPath('data-a'));
    await eventually(() => gone(pvPath(`pvc-${uid}`)), 'the PV to be deleted');
    assert.ok(!existsSync(dir), 'the directory is removed');
  });

  it('Retain: the volume stays Released with its data and is never given to a new claim of the same name', async () => {
    const first = await createClaim('data-r', { storageClassName: 'keep' });
    const pvName = `pvc-${first['metadata'].uid}`;
    await boundClaim('data-r');
    const dir = join(server.dataDir, 'volumes', pvName);
    writeFileSync(join(dir, 'important'), 'keep me');
    await client.request('DELETE', claimPath('data-r'));
    const released = await volumePhase(pvName, 'Released');
    assert.equal(released['spec'].claimRef.uid, first['metadata'].uid);
    const again = await createClaim('data-r', { storageClassName: 'keep' });
    const rebound = await boundClaim('data-r');
    assert.equal(rebound['spec'].volumeName, `pvc-${again['metadata'].uid}`);
    await sleep(500);
    const still = await get(pvPath(pvName));
    assert.equal(still['status'].phase, 'Released');
    assert.equal(still['spec'].claimRef.uid, first['metadata'].uid);
    assert.equal(readFileSync(join(dir, 'important'), 'utf8'), 'keep me');
  });

  it('WaitForFirstConsumer: nothing until the scheduler selects a node, then a local volume pinned to it', async () => {
    const created = await createClaim('data-w', {}); // no class: the default local-path
    await hasEvent('data-w', 'WaitForFirstConsumer');
    await sleep(300);
    assert.equal((await get(claimPath('data-w')))['status'].phase, 'Pending');
    assert.ok(await gone(pvPath(`pvc-${created['metadata'].uid}`)));
    const nodes = await client.request<{ items: Obj[] }>('GET', '/api/v1/nodes');
    const node: string = nodes.items[0]?.['metadata'].name ?? 'node-1';
    await client.request('PATCH', claimPath('data-w'), { body: { metadata: { annotations: { 'volume.kubernetes.io/selected-node': node } } }, contentType: 'application/merge-patch+json' });
    const claim = await boundClaim('data-w');
    const pv = await get(pvPath(claim['spec'].volumeName));
    assert.equal(pv['spec'].storageClassName, 'local-path');
    assert.equal(pv['spec'].local.path, join(server.dataDir, 'volumes', claim['spec'].volumeName));
    assert.deepEqual(pv['spec'].nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0], { key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
    assert.ok(existsSync(pv['spec'].local.path));
  });

  it('a provisioner refuses a claim selector (selectors bind existing volumes only)', async () => {
    await createClaim('data-s', { storageClassName: 'fast', selector: { matchLabels: { disk: 'ssd' } } });
    await hasEvent('data-s', 'ProvisioningFailed', /selector is not supported/);
    assert.equal((await get(claimPath('data-s')))['status'].phase, 'Pending');
  });

  it('a deleted PV keeps its storage until its claim is gone (pv-controller finalizer)', async () => {
    const created = await createClaim('data-f', { storageClassName: 'fast' });
    const pvName = `pvc-${created['metadata'].uid}`;
    await boundClaim('data-f');
    const dir = join(server.dataDir, 'volumes', pvName);
    await client.request('DELETE', pvPath(pvName));
    await sleep(500);
    const terminating = await get(pvPath(pvName));
    assert.ok(terminating['metadata'].deletionTimestamp);
    assert.ok(existsSync(dir), 'data stays while the claim is bound');
    await client.request('DELETE', claimPath('data-f'));
    await eventually(() => gone(pvPath(pvName)), 'the PV to go');
    assert.ok(!existsSync(dir));
  });
});

describe('static binding', () => {
  it('seed 002: a PV labelled for db-mysql-0 binds to the claim that selects it, and to no other claim', async () => {
    const rbd = { monitors: ['10.16.154.78:6789'], pool: 'rbd', image: 'volume101', user: 'admin', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: false };
    await createVolume('mysql-pv-0', '1Gi', { rbd, persistentVolumeReclaimPolicy: 'Recycle' }, { app: 'mysql', ordinal: '0' });
    await volumePhase('mysql-pv-0', 'Available');
    await createClaim('db-mysql-0', { selector: { matchLabels: { app: 'mysql', ordinal: '0' } } });
    const claim = await boundClaim('db-mysql-0');
    assert.equal(claim['spec'].volumeName, 'mysql-pv-0');
    const pv = await volumePhase('mysql-pv-0', 'Bound');
    assert.equal(pv['spec'].claimRef.name, 'db-mysql-0');
    assert.equal(pv['metadata'].annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
    // another class-less claim finds nothing left and says why
    await createClaim('db-other', { storageClassName: '' });
    await hasEvent('db-other', 'FailedBinding', /no persistent volumes available for this claim and no storage class is set/);
    assert.equal((await get(claimPath('db-other')))['status'].phase, 'Pending');
    assert.equal((await get(pvPath('mysql-pv-0')))['spec'].claimRef.name, 'db-mysql-0');
    // Recycle cannot scrub an RBD image here: Failed with a message, not silently Available
    await client.request('DELETE', claimPath('db-mysql-0'));
    const failed = await volumePhase('mysql-pv-0', 'Failed');
    assert.match(failed['status'].message, /recycle failed/);
  });

  it('Recycle scrubs a volume under DATA_DIR/volumes and offers it again', async () => {
    const dir = join(server.dataDir, 'volumes', 'recycle-me');
    await createVolume('recycle-me', '1Gi', { hostPath: { path: dir, type: 'DirectoryOrCreate' }, storageClassName: 'scrub', persistentVolumeReclaimPolicy: 'Recycle' });
    await createClaim('to-recycle', { storageClassName: 'scrub' });
    await boundClaim('to-recycle');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'old-data'), 'x');
    await client.request('DELETE', claimPath('to-recycle'));
    const available = await volumePhase('recycle-me', 'Available');
    assert.equal(available['spec'].claimRef, undefined);
    assert.deepEqual(readdirSync(dir), []);
    await createClaim('next', { storageClassName: 'scrub' });
    assert.equal((await boundClaim('next'))['spec'].volumeName, 'recycle-me');
  });

  it('the smallest sufficient volume wins', async () => {
    for (const [name, size] of [['m-5g', '5Gi'], ['m-2g', '2Gi'], ['m-1g', '1Gi'], ['m-3g', '3Gi']] as const) {
      await createVolume(name, size, { ...staticHostPath(name), storageClassName: 'manual' });
    }
    for (const name of ['m-5g', 'm-2g', 'm-1g', 'm-3g']) await volumePhase(name, 'Available');
    await createClaim('fit', { storageClassName: 'manual', resources: { requests: { storage: '1500Mi' } } });
    assert.equal((await boundClaim('fit'))['spec'].volumeName, 'm-2g');
    await createClaim('fit-2', { storageClassName: 'manual', resources: { requests: { storage: '1500Mi' } } });
    assert.equal((await boundClaim('fit-2'))['spec'].volumeName, 'm-3g');
  });

  it('pre-binding: a PV whose claimRef names the claim, or the volume a claim names, is taken over a smaller fit', async () => {
    await createVolume('pre-ref', '4Gi', { ...staticHostPath('pre-ref'), storageClassName: 'pre', claimRef: { namespace: ns, name: 'wants-ref' } });
    await createVolume('pre-named', '4Gi', { ...staticHostPath('pre-named'), storageClassName: 'pre' });
    await createVolume('pre-small', '1Gi', { ...staticHostPath('pre-small'), storageClassName: 'pre' });
    await volumePhase('pre-ref', 'Available');
    await createClaim('wants-ref', { storageClassName: 'pre' });
    await createClaim('wants-name', { storageClassName: 'pre', volumeName: 'pre-named' });
    assert.equal((await boundClaim('wants-ref'))['spec'].volumeName, 'pre-ref');
    const named = await boundClaim('wants-name');
    assert.equal(named['spec'].volumeName, 'pre-named');
    assert.equal(named['metadata'].annotations['pv.kubernetes.io/bound-by-controller'], undefined, 'the user named the volume');
    assert.equal((await get(pvPath('pre-small')))['status'].phase, 'Available');
  });
});

describe('restarts', () => {
  it('a claim created just before kill -9 ends up bound after the restart; a deleted default class is not re-created', async () => {
    await client.request('DELETE', `${scPath}/local-path`);
    const created = await createClaim('data-k', { storageClassName: 'fast' });
    await server.kill9();
    client.close();
    await server.restart();
    client = await KubeClient.fromFile(server.kubeconfigPath);
    // the controllers act again once the dead process's leader Lease (15s) has expired
    const claim = await boundClaim('data-k', 40_000);
    assert.equal(claim['spec'].volumeName, `pvc-${created['metadata'].uid}`);
    await volumePhase(`pvc-${created['metadata'].uid}`, 'Bound');
    await sleep(500);
    assert.ok(await gone(`${scPath}/local-path`), 'the user deleted it; it stays deleted');
  });
});
