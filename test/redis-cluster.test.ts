// The RedisCluster operator as `ordinal server` runs it, with node agents: a 3x1 cluster bootstraps itself,
// places each replica on another node than its master, enforces the password, and survives the
// loss of a master's pod with every key readable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster, Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisClusterPath } from '../src/operators/redis-cluster/index.js';
import { eventually } from './support/kube.js';
import { conditionOf, redisClusterClient, redisNodesOf, withRedisNode } from './support/redis.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: ServerProcess;
let client: KubeClient;
let password = '';
const ns = 'default';
const name = 'rc';

const getRc = (): Promise<Obj> => client.request<Obj>('GET', redisClusterPath(ns, name));
const condition = conditionOf;
const isReady = (rc: Obj): boolean => condition(rc, 'Ready')?.['status'] === 'True';
const nodesOf = redisNodesOf;
const withNode = <T>(host: string, fn: (r: Redis) => Promise<T>, auth = true): Promise<T> => withRedisNode(host, auth ? password : undefined, fn);
const clusterClient = (seedIp: string): Cluster => redisClusterClient(seedIp, password);

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  // the operator runs inside the server (installed with its CRD at start); wait until it is served
  await eventually(() => client.getIfExists(redisClusterPath(ns)), 'the RedisCluster kind served', 30_000);
});

after(async () => {
  client?.close();
  await server?.cleanup();
});

describe('RedisCluster operator', () => {
  let readyAfterMs = 0;

  it('a 3x1 RedisCluster becomes Ready: 16384 slots, every replica linked and on another node than its master', async () => {
    const started = Date.now();
    await client.request('POST', redisClusterPath(ns), {
      body: { apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name }, spec: { masters: 3, replicasPerMaster: 1, storage: { size: '100Mi' } } },
    });
    const rc = await eventually(async () => {
      const r = await getRc();
      return isReady(r) ? r : undefined;
    }, 'RedisCluster Ready', 180_000).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}`);
    });
    readyAfterMs = Date.now() - started;
    console.log(`# apply -> Ready in ${readyAfterMs} ms`);
    assert.equal(rc['status'].observedGeneration, rc['metadata'].generation);
    assert.equal(rc['status'].clusterState, 'ok');
    assert.equal(rc['status'].slotsAssigned, 16384);
    const nodes = nodesOf(rc);
    assert.equal(nodes.length, 6);
    const masters = nodes.filter((n) => n['role'] === 'master');
    const replicas = nodes.filter((n) => n['role'] === 'replica');
    assert.equal(masters.length, 3);
    assert.equal(replicas.length, 3);
    for (const r of replicas) {
      const m = nodes.find((n) => n['id'] === r['masterId']);
      assert.ok(m, `${r['pod']} replicates a known pod`);
      assert.equal(r['linkStatus'], 'up');
      assert.notEqual(r['nodeName'], m['nodeName'], `${r['pod']} and its master ${m['pod']} share ${m['nodeName']}`);
    }
    const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/secrets/${name}-auth`);
    password = Buffer.from(secret['data']['password'], 'base64').toString('utf8');
    assert.ok(password.length >= 20);
    assert.ok(!JSON.stringify(rc).includes(password), 'the password is not in the RedisCluster');
    const info = await withNode(masters[0]!['ip'], (r) => r.call('CLUSTER', 'INFO') as Promise<string>);
    assert.match(info, /cluster_slots_ok:16384/);
    assert.match(info, /cluster_known_nodes:6/);
    const kinds = new Set((await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`))['items'].filter((e: Obj) => e['involvedObject']?.name === name).map((e: Obj) => e['reason']));
    assert.ok(kinds.has('BootstrapDone'), `events: ${[...kinds].join(', ')}`);
  });

  it('refuses a client without the password (NOAUTH)', async () => {
    const ip = nodesOf(await getRc())[0]!['ip'] as string;
    await assert.rejects(withNode(ip, (r) => r.ping(), false), /NOAUTH/);
    assert.equal(await withNode(ip, (r) => r.ping()), 'PONG');
  });

  it('a deleted master pod: the cluster is ok again, the pod rejoins, every key is readable', async () => {
    const rc = await getRc();
    const seed = nodesOf(rc)[0]!['ip'] as string;
    const writer = clusterClient(seed);
    for (let i = 0; i < 1000; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => writer.set(`key:${i + j}`, `v${i + j}`)));
    // wait until the replicas acknowledge the writes before the kill
    for (const m of nodesOf(rc).filter((n) => n['role'] === 'master')) await withNode(m['ip'], (r) => r.call('WAIT', '1', '5000'));
    writer.disconnect();
    const victim = nodesOf(rc).find((n) => n['role'] === 'master')!;
    const victimId = victim['id'] as string;
    const before = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods/${victim['pod']}`);
    const t0 = Date.now();
    await client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${victim['pod']}`);
    let sawNotReady = false;
    const podReady = (p: Obj | undefined): boolean => (p?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');
    const healed = await eventually(async () => {
      const r = await getRc();
      if (!isReady(r)) sawNotReady = true;
      const p = await client.getIfExists<Obj>(`/api/v1/namespaces/${ns}/pods/${victim['pod']}`);
      if (!p || p['metadata'].uid === before['metadata'].uid || !podReady(p)) return undefined;
      const me = nodesOf(r).find((n) => n['pod'] === victim['pod']);
      return isReady(r) && me?.['id'] === victimId && me['ip'] === p['status'].podIP && Date.parse(r['status'].conditions[0].lastTransitionTime) >= 0 ? r : undefined;
    }, 'Ready again with the new pod answering', 120_000).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}`);
    });
    const back = nodesOf(healed).find((n) => n['pod'] === victim['pod'])!;
    console.log(`# deleted master ${victim['pod']}: Ready again after ${Date.now() - t0} ms (Ready seen False: ${sawNotReady}); it came back as ${back['role']}, pod IP ${before['status'].podIP} -> ${back['ip']}`);
    for (const n of nodesOf(healed)) assert.match(await withNode(n['ip'], (r) => r.call('CLUSTER', 'INFO') as Promise<string>), /cluster_state:ok/, `${n['pod']} says ok`);
    assert.equal(back['id'], victimId, 'node id kept in nodes.conf on the claim');
    // Known gap (issue 5 note): the preStop handover (CLUSTER FAILOVER on the replica) does not always
    // happen; when it does not, the pod is back before cluster-node-timeout and stays master. Either
    // way the node id, the slots and every key must survive.
    assert.ok(back['role'] === 'replica' || back['role'] === 'master', `role ${back['role']}`);
    assert.equal(healed['status'].slotsAssigned, 16384);
    const reader = clusterClient(nodesOf(healed).find((n) => n['pod'] !== victim['pod'])!['ip']);
    try {
      const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => reader.get(`key:${i}`)));
      assert.equal(values.filter((v, i) => v !== `v${i}`).length, 0, 'every key readable');
    } finally {
      reader.disconnect();
    }
  });
});
