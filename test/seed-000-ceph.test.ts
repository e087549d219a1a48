// Seed 000 on a real Ceph: its default StorageClass (kubernetes.io/rbd, pool kube, user kube, the
// Secrets ceph-secret and ceph-secret-user) and its Redis StatefulSet, through `ordinal up`. Every
// claim gets an image kubernetes-dynamic-pvc-* in pool kube; what a pod writes survives the pod's
// deletion and a restart of the server; deleting the claims (reclaim Delete) removes the images.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { startTestCeph, type TestCeph } from './support/ceph.js';
import { eventually } from './support/kube.js';
import { runOrdinal, startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const examples = fileURLToPath(new URL('../../examples/seed-000/', import.meta.url));
const ns = 'devops';
let ceph: TestCeph;
let server: ServerProcess;
let client: KubeClient;
let dir: string;

const show = (r: { code: number; out: string; err: string }): string => `exit ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`;
const claimNames = ['redis-volume-redis-0', 'redis-volume-redis-1', 'redis-volume-redis-2'];

async function images(): Promise<string[]> {
  return (await ceph.cli.rbdJson<string[]>(ceph.admin, ['ls', 'kube'])).filter((n) => n.startsWith('kubernetes-dynamic-pvc-'));
}

async function readMarker(pod: string): Promise<string> {
  return eventually(async () => {
    const r = await runOrdinal(server, ['exec', '-n', ns, pod, '--', 'cat', '/data/marker']);
    return r.code === 0 ? r.out.trim() : undefined;
  }, `${pod} to answer exec`, 60_000);
}

async function runningPod(name: string, notUid?: string): Promise<Obj> {
  return eventually(async () => {
    const p = await client.getIfExists<Obj>(`/api/v1/namespaces/${ns}/pods/${name}`);
    return p && p['metadata'].uid !== notUid && p['status']?.phase === 'Running' && p['status']?.containerStatuses?.[0]?.ready ? p : undefined;
  }, `pod ${name} running`, 90_000);
}

before(async () => {
  ceph = await startTestCeph();
  server = await startServerProcess({ agents: true });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  dir = mkdtempSync(join(tmpdir(), 'ordinal-seed-000-'));
  const sc = readFileSync(join(examples, 'storage-class.yaml'), 'utf8').replace('monitors: 127.0.0.1:6789', `monitors: ${ceph.monitors.join(',')}`);
  writeFileSync(join(dir, 'storage-class.yaml'), sc);
  writeFileSync(join(dir, 'redis-statefulset.yaml'), readFileSync(join(examples, 'redis-statefulset.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'));
});

after(async () => {
  client?.close();
  await server?.cleanup();
  await ceph?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('seed 000 on Ceph RBD', () => {
  it("the seed's class provisions an image per claim, through ordinal up", async () => {
    for (const args of [['ceph', 'connect', '--conf', ceph.confPath, '--keyring', ceph.adminKeyringPath], ['ceph', 'prepare', '--pool', 'kube', '--user', 'kube', '--namespace', ns, '--no-storage-class', '--kubeconfig', server.kubeconfigPath]]) {
      const r = await runOrdinal(server, args);
      assert.equal(r.code, 0, show(r));
    }
    await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'devopssecret' }, stringData: { redisAuthPass: 'not-a-real-one' } } });
    const up = await runOrdinal(server, ['up', '-f', dir, '--timeout', '150s'], 180_000);
    assert.equal(up.code, 0, show(up));
    const made = await images();
    assert.equal(made.length, 3, made.join(' '));
    for (const name of claimNames) {
      const claim = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
      assert.equal(claim['status'].phase, 'Bound');
      const pv = await client.request<Obj>('GET', `/api/v1/persistentvolumes/${claim['spec'].volumeName}`);
      assert.equal(pv['spec'].storageClassName, 'default');
      assert.equal(pv['spec'].rbd.pool, 'kube');
      assert.equal(pv['spec'].rbd.user, 'kube');
      assert.equal(pv['spec'].rbd.secretRef.name, 'ceph-secret-user');
      assert.ok(made.includes(pv['spec'].rbd.image), `${pv['spec'].rbd.image} in ${made.join(' ')}`);
      const meta = await ceph.cli.rbd(ceph.admin, ['image-meta', 'get', `kube/${pv['spec'].rbd.image}`, 'csi.storage.k8s.io/pv/name']);
      assert.equal(meta.trim(), pv['metadata'].name, 'the image names its PV');
    }
  });

  it('data written in a pod survives the pod and a restart of the server', async () => {
    const w = await runOrdinal(server, ['exec', '-n', ns, 'redis-0', '--', 'sh', '-c', 'echo kept-on-rbd > /data/marker && sync']);
    assert.equal(w.code, 0, show(w));
    const first = await runningPod('redis-0');
    await client.request('DELETE', `/api/v1/namespaces/${ns}/pods/redis-0`);
    await runningPod('redis-0', first['metadata'].uid);
    assert.equal(await readMarker('redis-0'), 'kept-on-rbd');

    await server.stop();
    await server.restart();
    client.close();
    client = await KubeClient.fromFile(server.kubeconfigPath);
    await runningPod('redis-0');
    assert.equal(await readMarker('redis-0'), 'kept-on-rbd');
  });

  it('deleting the claims with reclaim Delete removes their images', async () => {
    await client.request('DELETE', `/apis/apps/v1/namespaces/${ns}/statefulsets/redis`);
    for (const name of claimNames) await client.request('DELETE', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
    await eventually(async () => ((await images()).length === 0 ? true : undefined), 'the images to be removed', 120_000);
    // the image goes first, then the PV object
    await eventually(async () => {
      const pvs = await client.request<{ items: Obj[] }>('GET', '/api/v1/persistentvolumes');
      return pvs.items.some((p) => p['spec'].storageClassName === 'default') ? undefined : true;
    }, 'the PVs to be gone', 30_000);
  });
});
