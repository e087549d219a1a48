// RedisCluster scale out 3 -> 4 masters and scale in 4 -> 3, with `ordinal server` and node agents:
// slots spread evenly each time, every key (written before, and by a steady writer during) readable,
// and no node left behind in any CLUSTER NODES after the scale-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster, Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisClusterPath } from '../src/operators/redis-cluster/index.js';
import { eventually } from './support/kube.js';
import { conditionOf, readAll, redisClusterClient, redisNodesOf, steadyWriter, withRedisNode } from './support/redis.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: ServerProcess;
let client: KubeClient;
let password = '';
const ns = 'default';
const name = 'rcs';
const KEYS = 2000;

const getRc = (): Promise<Obj> => client.request<Obj>('GET', redisClusterPath(ns, name));
const condition = conditionOf;
const nodesOf = redisNodesOf;
const withNode = <T>(host: string, fn: (r: Redis) => Promise<T>, auth = true): Promise<T> => withRedisNode(host, auth ? password : undefined, fn);
const clusterClient = (seedIp: string): Cluster => redisClusterClient(seedIp, password);
/** Ready for the current generation, no operation running, `masters` masters and `pods` pods. */
const settledAt = (rc: Obj, masters: number, pods: number): boolean =>
  condition(rc, 'Ready')?.['status'] === 'True' && rc['status']?.observedGeneration === rc['metadata'].generation && !rc['status']?.operation
  && nodesOf(rc).length === pods && nodesOf(rc).filter((n) => n['role'] === 'master').length === masters;

/** Slots per master id from one node's CLUSTER NODES, and the ids it knows. */
async function clusterView(ip: string): Promise<{ ids: string[]; slotsOf: Map<string, number> }> {
  const text = await withNode(ip, (r) => r.call('CLUSTER', 'NODES') as Promise<string>);
  const slotsOf = new Map<string, number>();
  const ids: string[] = [];
  for (const line of text.trim().split('\n')) {
    const f = line.split(' ');
    ids.push(f[0]!);
    let n = 0;
    for (const s of f.slice(8)) {
      if (s.startsWith('[')) continue;
      const [a, b] = s.split('-').map(Number);
      n += (b ?? a!) - a! + 1;
    }
    if (n > 0) slotsOf.set(f[0]!, n);
  }
  return { ids, slotsOf };
}

async function waitSettled(masters: number, pods: number, what: string, timeoutMs: number): Promise<Obj> {
  return eventually(async () => {
    const r = await getRc();
    return settledAt(r, masters, pods) ? r : undefined;
  }, what, timeoutMs).catch(async (e: unknown) => {
    throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}`);
  });
}

async function checkEvenSlots(rc: Obj, masters: number): Promise<void> {
  for (const n of nodesOf(rc)) {
    const view = await clusterView(n['ip']);
    assert.equal(view.slotsOf.size, masters, `${n['pod']} sees ${view.slotsOf.size} slot owners`);
    for (const [id, count] of view.slotsOf) assert.ok(Math.abs(count - 16384 / masters) <= 1, `${id} owns ${count} slots (seen by ${n['pod']})`);
    assert.equal([...view.slotsOf.values()].reduce((a, b) => a + b, 0), 16384);
  }
}

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await eventually(() => client.getIfExists(redisClusterPath(ns)), 'the RedisCluster kind served', 30_000);
});

after(async () => {
  client?.close();
  await server?.cleanup();
});

describe('RedisCluster scale out and in', () => {
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);
  let seed = '';

  it('a 3x1 cluster with 2,000 keys', async () => {
    await client.request('POST', redisClusterPath(ns), {
      body: { apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name }, spec: { masters: 3, replicasPerMaster: 1, storage: { size: '100Mi' } } },
    });
    const rc = await waitSettled(3, 6, 'RedisCluster 3x1 Ready', 180_000);
    const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/secrets/${name}-auth`);
    password = Buffer.from(secret['data']['password'], 'base64').toString('utf8');
    seed = nodesOf(rc).find((n) => n['pod'] === `${name}-0`)!['ip'];
    const c = clusterClient(seed);
    try {
      for (let i = 0; i < KEYS; i += 200) await Promise.all(keys.slice(i, i + 200).map((k) => c.set(k, `v-${k}`)));
    } finally {
      c.disconnect();
    }
  });

  it('masters 3 -> 4 under a steady writer: 4 masters with 4096 +- 1 slots each, every key readable', async () => {
    const c = clusterClient(seed);
    const writer = steadyWriter(c);
    const t0 = Date.now();
    try {
      await client.request('PATCH', redisClusterPath(ns, name), { body: { spec: { masters: 4 } }, contentType: 'application/merge-patch+json' });
      const rc = await waitSettled(4, 8, 'RedisCluster 4x1 Ready', 300_000);
      const w = await writer.stop();
      console.log(`# scale out 3 -> 4: Ready after ${Date.now() - t0} ms; writer: ${w.acked.length} acknowledged, ${w.errors} errors${w.firstError ? ` (first: ${w.firstError})` : ''}`);
      await checkEvenSlots(rc, 4);
      assert.deepEqual(await readAll(c, keys, (k) => `v-${k}`), [], 'keys written before the scale');
      assert.deepEqual(await readAll(c, w.acked.map((n) => `w:${n}`), (k) => k.slice(2)), [], 'keys acknowledged during the scale');
      const reasons = new Set((await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`))['items'].filter((e: Obj) => e['involvedObject']?.name === name).map((e: Obj) => e['reason']));
      assert.ok(reasons.has('ScaleOutDone'), [...reasons].join(', '));
    } finally {
      await writer.stop();
      c.disconnect();
    }
  });

  it('masters 4 -> 3 under a steady writer: slots back to 3 masters, no node left behind, every key readable', async () => {
    const c = clusterClient(seed);
    const writer = steadyWriter(c);
    const t0 = Date.now();
    try {
      await client.request('PATCH', redisClusterPath(ns, name), { body: { spec: { masters: 3 } }, contentType: 'application/merge-patch+json' });
      const rc = await waitSettled(3, 6, 'RedisCluster 3x1 Ready again', 300_000);
      const w = await writer.stop();
      console.log(`# scale in 4 -> 3: Ready after ${Date.now() - t0} ms; writer: ${w.acked.length} acknowledged, ${w.errors} errors${w.firstError ? ` (first: ${w.firstError})` : ''}`);
      await checkEvenSlots(rc, 3);
      const podIds = new Set(nodesOf(rc).map((n) => n['id'] as string));
      assert.equal(podIds.size, 6);
      for (const n of nodesOf(rc)) {
        const view = await clusterView(n['ip']);
        assert.deepEqual(view.ids.filter((id) => !podIds.has(id)), [], `${n['pod']} knows no removed node`);
        assert.equal(view.ids.length, 6, `${n['pod']} knows 6 nodes`);
      }
      const pods = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods`))['items'].filter((p: Obj) => p['metadata'].name.startsWith(`${name}-`));
      assert.equal(pods.length, 6);
      const sts = await client.request<Obj>('GET', `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`);
      assert.equal(sts['spec'].replicas, 6);
      assert.deepEqual(await readAll(c, keys, (k) => `v-${k}`), [], 'keys written before the scale');
      assert.deepEqual(await readAll(c, w.acked.map((n) => `w:${n}`), (k) => k.slice(2)), [], 'keys acknowledged during the scale');
    } finally {
      await writer.stop();
      c.disconnect();
    }
  });
});
