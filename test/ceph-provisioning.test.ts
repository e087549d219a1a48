// Dynamic provisioning on a real Ceph (test/support/ceph.ts: a one-node memstore cluster) with a
// real `ordinal server`: seed 000's kubernetes.io/rbd class as the default class, a rbd.csi.ceph.com
// class, reclaim Delete (refused while a client watches the image) and Retain, failures shown on the
// claim with Ceph's own message, and a server SIGKILLed between `rbd import` and the PV write.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { afterImageFailpoint, type CephTarget } from '../src/storage/ceph-rbd/index.js';
import { startTestCeph, type TestCeph } from './support/ceph.js';
import { eventually } from './support/kube.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'db';
const scPath = '/apis/storage.k8s.io/v1/storageclasses';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
let ceph: TestCeph;
let server: ServerProcess;
let client: KubeClient;
let kube: CephTarget;
let key: string;

const claimPath = (name: string, namespace = ns): string => `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${name}`;
const pvPath = (name: string): string => `/api/v1/persistentvolumes/${name}`;
const get = (path: string): Promise<Obj> => client.request<Obj>('GET', path);
const gone = (path: string): Promise<boolean> => get(path).then(() => false, (e: { status?: number }) => e.status === 404);
const post = (path: string, body: Obj): Promise<Obj> => client.request<Obj>('POST', path, { body });

async function images(): Promise<string[]> {
  return (await ceph.cli.rbdJson<string[] | null>(ceph.admin, ['ls', 'kube'])) ?? [];
}

async function imageMeta(image: string): Promise<Record<string, string>> {
  return (await ceph.cli.rbdJson<Record<string, string> | null>(ceph.admin, ['image-meta', 'list', `kube/${image}`])) ?? {};
}

async function createClaim(name: string, storageClassName?: string): Promise<Obj> {
  return post(`/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) },
  });
}

/** Polls every 10 ms (eventually's 50 ms would add up to 50 ms to the timings). */
async function boundClaim(name: string, timeoutMs = 30_000): Promise<Obj> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await get(claimPath(name));
    if (c['status']?.phase === 'Bound') return c;
    if (Date.now() > deadline) throw new Error(`timed out waiting for claim ${name} to be Bound`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function claimEvent(name: string, reason: string, pattern: RegExp, timeoutMs = 30_000): Promise<Obj> {
  return eventually(async () => {
    const list = await client.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${ns}/events`);
    return list.items.find((e) => e['involvedObject']?.name === name && e['reason'] === reason && pattern.test(e['message']));
  }, `event ${reason} ${pattern} for ${name}`, timeoutMs);
}

function inTreeClass(name: string, extra: { pool?: string; adminSecretName?: string; reclaimPolicy?: string; isDefault?: boolean } = {}): Obj {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, ...(extra.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: 'kubernetes.io/rbd',
    parameters: { monitors: ceph.monitors.join(','), adminId: 'kube', adminSecretName: extra.adminSecretName ?? 'ceph-secret', adminSecretNamespace: 'kube-system', pool: extra.pool ?? 'kube', userId: 'kube', userSecretName: 'ceph-secret-user' },
    reclaimPolicy: extra.reclaimPolicy ?? 'Delete',
  };
}

/** A client watching the image, as an attached node would (`rbd watch` holds a watch until its stdin ends). */
function watch(image: string): ChildProcess {
  return spawn('rbd', ['-c', ceph.confPath, '--id', 'admin', '--keyring', ceph.adminKeyringPath, 'watch', `kube/${image}`], { stdio: ['pipe', 'ignore', 'ignore'] });
}

async function reconnect(): Promise<void> {
  client.close();
  client = await KubeClient.fromFile(server.kubeconfigPath);
}

before(async () => {
  ceph = await startTestCeph();
  await ceph.cli.ceph(ceph.admin, ['osd', 'pool', 'create', 'kube', '8']);
  await ceph.cli.rbd(ceph.admin, ['pool', 'init', 'kube']); // also waits until the new pool's PGs are active
  await ceph.cli.ceph(ceph.admin, ['auth', 'get-or-create', 'client.kube', 'mon', 'profile rbd', 'osd', 'profile rbd pool=kube', 'mgr', 'profile rbd pool=kube']);
  key = (await ceph.cli.cephJson<{ key: string }>(ceph.admin, ['auth', 'get-key', 'client.kube'])).key;
  kube = { cluster: { monitors: ceph.monitors }, credentials: { user: 'kube', key } };
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await post('/api/v1/namespaces', { metadata: { name: ns } });
  // seed 000's Secrets: the admin key (here client.kube's) in kube-system, the user key beside the claims
  await post('/api/v1/namespaces/kube-system/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ceph-secret' }, type: 'kubernetes.io/rbd', data: { key: b64(`${key}\n`) } });
  await post(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ceph-secret-user' }, type: 'kubernetes.io/rbd', data: { key: b64(key) } });
  // seed 000's class is the default: local-path gives the annotation up
  const local = await eventually(() => get(`${scPath}/local-path`).catch(() => undefined), 'the local-path class');
  await client.request('PUT', `${scPath}/local-path`, { body: { ...local, metadata: { ...local['metadata'], annotations: {} } } });
  await post(scPath, inTreeClass('ceph-rbd', { isDefault: true }));
});

after(async () => {
  client?.close();
  await server?.cleanup();
  await ceph?.stop();
});

describe('kubernetes.io/rbd: seed 000 as the default class', () => {
  it('three claims naming no class are Bound to kubernetes-dynamic-pvc-* images in pool kube with the back-link; deleting them removes the images', async (t) => {
    const names = ['data-db-0', 'data-db-1', 'data-db-2'];
    const t0 = Date.now();
    const claims = await Promise.all(names.map((n) => createClaim(n)));
    const bound = await Promise.all(names.map((n) => boundClaim(n)));
    t.diagnostic(`3 claims at once -> all Bound in ${Date.now() - t0} ms`);
    const pool = await images();
    for (const [i, c] of bound.entries()) {
      const uid: string = claims[i]!['metadata'].uid;
      const pv = await get(pvPath(c['spec'].volumeName));
      const image = `kubernetes-dynamic-pvc-${uid}`;
      assert.equal(pv['metadata'].name, `pvc-${uid}`);
      assert.deepEqual(pv['spec'].rbd, { monitors: ceph.monitors, image, pool: 'kube', user: 'kube', secretRef: { name: 'ceph-secret-user' }, readOnly: false, ...(pv['spec'].rbd.keyring ? { keyring: pv['spec'].rbd.keyring } : {}) });
      assert.equal(pv['spec'].capacity.storage, '1024Mi');
      assert.equal(pv['spec'].storageClassName, 'ceph-rbd');
      assert.equal(pv['metadata'].annotations['pv.kubernetes.io/provisioned-by'], 'kubernetes.io/rbd');
      assert.ok(pool.includes(image), `${image} in pool kube`);
      assert.deepEqual(await imageMeta(image), { 'csi.storage.k8s.io/pv/name': `pvc-${uid}`, 'csi.storage.k8s.io/pvc/name': names[i], 'csi.storage.k8s.io/pvc/namespace': ns });
    }
    const t1 = Date.now();
    await Promise.all(names.map((n) => client.request('DELETE', claimPath(n))));
    for (const c of bound) await eventually(() => gone(pvPath(c['spec'].volumeName)).then((g) => g || undefined), `PV ${c['spec'].volumeName} deleted`, 30_000);
    t.diagnostic(`3 claims deleted -> PVs gone in ${Date.now() - t1} ms`);
    const left = await images();
    for (const c of claims) assert.ok(!left.includes(`kubernetes-dynamic-pvc-${c['metadata'].uid}`), 'image removed');
  });

  it('one claim at a time: claim -> Bound', async (t) => {
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = Date.now();
      await createClaim(`one-${i}`);
      await boundClaim(`one-${i}`);
      times.push(Date.now() - t0);
    }
    times.sort((a, b) => a - b);
    t.diagnostic(`claim -> Bound, one at a time: ${times.join(', ')} ms (median ${times[4]} ms)`);
    await Promise.all(times.map((_, i) => client.request('DELETE', claimPath(`one-${i}`))));
    await eventually(async () => ((await images()).some((i) => i.startsWith('kubernetes-dynamic-pvc-')) ? undefined : true), 'their images removed', 60_000);
  });

  it('50 claims at once are all Bound (target 5 s), next to rbd create by hand', async (t) => {
    const hand: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await ceph.cli.rbd(kube, ['create', `kube/hand-${i}`, '--size', '1024', '--image-feature', 'layering']);
      hand.push(Date.now() - t0);
    }
    await Promise.all(hand.map((_, i) => ceph.cli.rbd(kube, ['rm', '--no-progress', `kube/hand-${i}`])));
    const names = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
    const t0 = Date.now();
    const at = new Map<string, number>();
    await Promise.all(names.map((n) => createClaim(n)));
    while (!names.every((n) => at.has(n))) {
      if (Date.now() - t0 > 60_000) throw new Error(`only ${at.size} of 50 claims Bound after 60 s`);
      const list = await client.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`);
      for (const c of list.items) if (c['status']?.phase === 'Bound' && !at.has(c['metadata'].name)) at.set(c['metadata'].name, Date.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
    const all = Math.max(...at.values());
    const sorted = [...at.values()].sort((a, b) => a - b);
    t.diagnostic(`rbd create by hand: ${hand.join(', ')} ms; 50 claims at once: all Bound in ${all} ms (p50 ${sorted[24]} ms)`);
    const t1 = Date.now();
    await Promise.all(names.map((n) => client.request('DELETE', claimPath(n))));
    await eventually(async () => ((await images()).some((i) => i.startsWith('kubernetes-dynamic-pvc-')) ? undefined : true), 'the 50 images removed', 120_000);
    t.diagnostic(`50 claims deleted -> all 50 images removed in ${Date.now() - t1} ms`);
    assert.ok(all < 30_000, `50 claims Bound in ${all} ms`);
  });

  it('Retain keeps the image after the claim is gone', async () => {
    await post(scPath, inTreeClass('ceph-rbd-retain', { reclaimPolicy: 'Retain' }));
    const c = await createClaim('keep-0', 'ceph-rbd-retain');
    const pvName: string = (await boundClaim('keep-0'))['spec'].volumeName;
    await client.request('DELETE', claimPath('keep-0'));
    await eventually(async () => ((await get(pvPath(pvName)))['status']?.phase === 'Released' ? true : undefined), `PV ${pvName} Released`);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok((await images()).includes(`kubernetes-dynamic-pvc-${c['metadata'].uid}`), 'the retained image stays');
    assert.equal((await get(pvPath(pvName)))['status'].phase, 'Released');
  });

  it('delete is refused while a client watches the image (retried, explained on the PV), then done once it lets go', async () => {
    const c = await createClaim('busy-0');
    const pvName: string = (await boundClaim('busy-0'))['spec'].volumeName;
    const image = `kubernetes-dynamic-pvc-${c['metadata'].uid}`;
    const watcher = watch(image);
    try {
      await eventually(async () => ((await ceph.cli.rbdJson<{ watchers: unknown[] }>(ceph.admin, ['status', `kube/${image}`])).watchers.length > 0 ? true : undefined), 'the watch');
      await client.request('DELETE', claimPath('busy-0'));
      const failed = await eventually(async () => {
        const pv = await get(pvPath(pvName));
        return pv['status']?.phase === 'Failed' ? pv : undefined;
      }, 'the PV Failed with the reason');
      assert.match(failed['status'].message, new RegExp(`error deleting volume: rbd image kube/${image} is still being used by 127\\.0\\.0\\.1:0/\\d+ \\(client\\.\\d+\\)`));
      // the event is posted after the PV's status write: wait for it rather than read once
      await eventually(async () => {
        const events = await client.request<{ items: Obj[] }>('GET', '/api/v1/namespaces/default/events');
        return events.items.some((e) => e['involvedObject']?.name === pvName && e['reason'] === 'VolumeFailedDelete' && /still being used/.test(e['message'])) ? true : undefined;
      }, 'a VolumeFailedDelete event naming the holder');
      assert.ok((await images()).includes(image), 'not removed while watched');
    } finally {
      watcher.stdin?.end('\n');
    }
    await eventually(() => gone(pvPath(pvName)).then((g) => g || undefined), 'the PV deleted after the watcher left', 60_000);
    assert.ok(!(await images()).includes(image), 'image removed');
  });
});

describe('rbd.csi.ceph.com', () => {
  it('provisions csi-vol-<uid> with ceph-csi volume id, context and secret refs; Delete removes it', async () => {
    await post('/api/v1/namespaces/kube-system/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ceph-csi-config' }, data: { 'config.json': JSON.stringify([{ clusterID: ceph.fsid, monitors: ceph.monitors }]) } }).catch(() => undefined);
    await post('/api/v1/namespaces/kube-system/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'csi-rbd-secret' }, data: { userID: b64('kube'), userKey: b64(key) } });
    const secretParams: Record<string, string> = {};
    for (const role of ['provisioner', 'controller-expand', 'node-stage']) {
      secretParams[`csi.storage.k8s.io/${role}-secret-name`] = 'csi-rbd-secret';
      secretParams[`csi.storage.k8s.io/${role}-secret-namespace`] = 'kube-system';
    }
    await post(scPath, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'csi-rbd' }, provisioner: 'rbd.csi.ceph.com', parameters: { clusterID: ceph.fsid, pool: 'kube', imageFeatures: 'layering', 'csi.storage.k8s.io/fstype': 'ext4', ...secretParams }, reclaimPolicy: 'Delete' });
    const c = await createClaim('csi-0', 'csi-rbd');
    const uid: string = c['metadata'].uid;
    const pv = await get(pvPath((await boundClaim('csi-0'))['spec'].volumeName));
    const poolId = (await ceph.cli.cephJson<{ poolnum: number; poolname: string }[]>(ceph.admin, ['osd', 'lspools'])).find((p) => p.poolname === 'kube')!.poolnum;
    const image = `csi-vol-${uid}`;
    assert.deepEqual(pv['spec'].csi, {
      driver: 'rbd.csi.ceph.com',
      volumeHandle: `0001-${ceph.fsid.length.toString(16).padStart(4, '0')}-${ceph.fsid}-${poolId.toString(16).padStart(16, '0')}-${uid}`,
      fsType: 'ext4',
      volumeAttributes: { clusterID: ceph.fsid, pool: 'kube', imageFeatures: 'layering', journalPool: 'kube', imageName: image },
      nodeStageSecretRef: { name: 'csi-rbd-secret', namespace: 'kube-system' },
      controllerExpandSecretRef: { name: 'csi-rbd-secret', namespace: 'kube-system' },
    });
    assert.equal(pv['spec'].capacity.storage, '1Gi');
    assert.equal(pv['metadata'].annotations['volume.kubernetes.io/provisioner-deletion-secret-name'], 'csi-rbd-secret');
    assert.equal(pv['metadata'].annotations['volume.kubernetes.io/provisioner-deletion-secret-namespace'], 'kube-system');
    assert.equal((await imageMeta(image))['csi.storage.k8s.io/pv/name'], pv['metadata'].name);
    const info = await ceph.cli.rbdJson<{ features: string[] }>(kube, ['info', `kube/${image}`]);
    assert.deepEqual(info.features, ['layering']);
    await client.request('DELETE', claimPath('csi-0'));
    await eventually(() => gone(pvPath(pv['metadata'].name)).then((g) => g || undefined), 'the CSI PV deleted', 30_000);
    assert.ok(!(await images()).includes(image), 'csi image removed');
  });
});

describe('failures are ProvisioningFailed events on the claim with Ceph\'s own message', () => {
  it('a missing pool', async () => {
    await post(scPath, inTreeClass('no-pool', { pool: 'nope' }));
    await createClaim('bad-pool-0', 'no-pool');
    const e = await claimEvent('bad-pool-0', 'ProvisioningFailed', /rbd: error opening pool 'nope': \(2\) No such file or directory/);
    assert.equal(e['type'], 'Warning');
    assert.equal((await get(claimPath('bad-pool-0')))['status'].phase, 'Pending');
  });

  it('a wrong key (the key never shows)', async () => {
    const wrong = `${key.slice(0, 20)}${key.slice(20, 36).split('').reverse().join('')}${key.slice(36)}`;
    await post('/api/v1/namespaces/kube-system/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong-secret' }, type: 'kubernetes.io/rbd', data: { key: b64(wrong) } });
    await post(scPath, inTreeClass('wrong-key', { adminSecretName: 'wrong-secret' }));
    await createClaim('bad-key-0', 'wrong-key');
    const e = await claimEvent('bad-key-0', 'ProvisioningFailed', /couldn't connect to the cluster|Permission denied|auth/, 60_000);
    assert.ok(!e['message'].includes(wrong) && !e['message'].includes(key), 'no key in the event');
    assert.ok(!server.logs().includes(key) && !server.logs().includes(wrong), 'no key in the logs');
  });

  it('a missing Secret', async () => {
    await post(scPath, inTreeClass('no-secret', { adminSecretName: 'absent' }));
    await createClaim('no-secret-0', 'no-secret');
    await claimEvent('no-secret-0', 'ProvisioningFailed', /failed to get secret from \["kube-system"\/"absent"\]/);
  });
});

describe('a crash between rbd import and the PV write', () => {
  it('leaves exactly one image, and the claim is Bound to it after the restart', async () => {
    await server.kill9();
    process.env['ORDINAL_FAILPOINTS'] = afterImageFailpoint;
    try {
      await server.restart();
    } finally {
      delete process.env['ORDINAL_FAILPOINTS'];
    }
    await reconnect();
    const died = new Promise<void>((r) => server.process.once('exit', () => r()));
    const c = await createClaim('crash-0');
    const uid: string = c['metadata'].uid;
    await died;
    assert.match(server.logs(), new RegExp(`failpoint ${afterImageFailpoint}: SIGKILL`));
    assert.ok((await images()).includes(`kubernetes-dynamic-pvc-${uid}`), 'the image was made before the kill');
    await server.restart();
    await reconnect();
    const bound = await boundClaim('crash-0');
    const pv = await get(pvPath(bound['spec'].volumeName));
    const mine = (await images()).filter((i) => i.includes(uid));
    assert.deepEqual(mine, [`kubernetes-dynamic-pvc-${uid}`]);
    assert.equal(pv['spec'].rbd.image, mine[0]);
  });
});
