// The RedisCluster operator as `ordinal server` runs it, with node agents: a 3x1 cluster bootstraps itself,
// places each replica on another node than its master, enforces the password, and survives the
// loss of a master's pod with every key readable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster, Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisClusterPath } from '../src/operators/redis-cluster/index.js';
import { eventually } from './support/kube.js';
import { clusterReady, conditionOf, readAll, redisClusterClient, redisNodesOf, steadyWriter, withRedisNode } from './support/redis.js';
import { runOrdinal, startServerProcess, type ServerProcess } from './support/server-process.js';

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
const clusterClient = (seeds: string | string[]): Cluster => redisClusterClient(seeds, password);
const runCli = (args: string[]): ReturnType<typeof runOrdinal> => runOrdinal(server, args, 120_000);

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

  const KEYS = 10_000;
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);
  const podPath = (pod: string): string => `/api/v1/namespaces/${ns}/pods/${pod}`;
  const podReady = (p: Obj | undefined): boolean => (p?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');
  const readyRc = (what: string, ok: (r: Obj) => boolean = () => true, timeoutMs = 120_000): Promise<Obj> => eventually(async () => {
    const r = await getRc();
    return isReady(r) && !r['status']?.operation && r['status']?.observedGeneration === r['metadata'].generation && ok(r) ? r : undefined;
  }, what, timeoutMs).catch(async (e: unknown) => {
    throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}`);
  });
  const anyIp = async (): Promise<string> => nodesOf(await getRc())[0]!['ip'] as string;
  async function checkEveryKey(): Promise<void> {
    const reader = clusterClient(await anyIp());
    try {
      assert.deepEqual(await readAll(reader, keys, (k) => `v-${k}`), [], 'every key readable');
    } finally {
      reader.disconnect();
    }
  }

  it(`${KEYS.toLocaleString('en')} keys; a deleted master pod hands over first: it is back as a replica, the cluster ok with one master per node, every key readable`, async () => {
    const rc = await getRc();
    const writer = clusterClient(nodesOf(rc)[0]!['ip']);
    try {
      for (let i = 0; i < KEYS; i += 500) await Promise.all(keys.slice(i, i + 500).map((k) => writer.set(k, `v-${k}`)));
    } finally {
      writer.disconnect();
    }
    const victim = nodesOf(rc).find((n) => n['role'] === 'master')!;
    // the replica has every write, and its master lists it (else the handover's CLUSTER FAILOVER is ignored)
    assert.ok(Number(await withNode(victim['ip'], (r) => r.call('WAIT', '1', '5000'))) >= 1, 'a replica acknowledged the writes');
    const before = await client.request<Obj>('GET', podPath(victim['pod']));
    const t0 = Date.now();
    await client.request('DELETE', podPath(victim['pod']));
    // the new pod answers as a replica (the preStop hook handed its slots over); Redis' own view, polled
    const newPod = await eventually(async () => {
      const p = await client.getIfExists<Obj>(podPath(victim['pod']));
      return p && p['metadata'].uid !== before['metadata'].uid && p['status']?.podIP ? p : undefined;
    }, 'the pod recreated with an IP', 120_000);
    const roleBack = await eventually(async () => withNode(newPod['status'].podIP, async (r) => String(((await r.call('ROLE')) as unknown[])[0])).catch(() => undefined), 'the new pod answers ROLE', 60_000);
    // then the operator puts one master per node again (SpreadMasters): with 3 nodes that moves the
    // master back to this pod, so a node failure never takes two of the three masters
    const mastersOn = (r: Obj, node: string): number => nodesOf(r).filter((n) => n['role'] === 'master' && n['nodeName'] === node).length;
    const healed = await readyRc('Ready again, one master per node', (r) => {
      const me = nodesOf(r).find((n) => n['pod'] === victim['pod']);
      return !!me && me['ip'] === newPod['status'].podIP && me['id'] === victim['id'] && nodesOf(r).every((n) => n['role'] !== 'master' || mastersOn(r, n['nodeName']) === 1);
    });
    const p = await client.request<Obj>('GET', podPath(victim['pod']));
    assert.ok(podReady(p));
    const back = nodesOf(healed).find((n) => n['pod'] === victim['pod'])!;
    const reasons = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`))['items'].filter((e: Obj) => e['involvedObject']?.name === name).map((e: Obj) => e['reason']);
    console.log(`# deleted master ${victim['pod']}: back as ${roleBack}, Ready again after ${Date.now() - t0} ms as ${back['role']} (SpreadMasters: ${reasons.filter((r: string) => r.startsWith('SpreadMasters')).join(', ') || 'none'}), pod IP ${before['status'].podIP} -> ${back['ip']}`);
    assert.equal(roleBack, 'slave', 'preStop handed the slots to the replica (CLUSTER FAILOVER) before the pod stopped: it came back as a replica');
    for (const n of nodesOf(healed)) assert.match(await withNode(n['ip'], (r) => r.call('CLUSTER', 'INFO') as Promise<string>), /cluster_state:ok/, `${n['pod']} says ok`);
    assert.equal(back['id'], victim['id'], 'node id kept in nodes.conf on the claim');
    assert.equal(healed['status'].slotsAssigned, 16384);
    await checkEveryKey();
  });

  it('ordinal failover rediscluster --to a replica: it becomes the master of its slots; without --to the CLI says why not', async () => {
    const rc = await getRc();
    const target = nodesOf(rc).find((n) => n['role'] === 'replica')!;
    const from = nodesOf(rc).find((n) => n['id'] === target['masterId'])!;
    const r = await runCli(['failover', 'rediscluster', name, '--to', target['pod'], '--timeout', '60s']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, new RegExp(`Succeeded \\(master: ${from['pod']} -> ${target['pod']}\\)`));
    const after = await readyRc('Ready after the failover', (x) => nodesOf(x).find((n) => n['pod'] === target['pod'])?.['role'] === 'master');
    assert.equal(nodesOf(after).find((n) => n['pod'] === from['pod'])!['role'], 'replica');
    assert.deepEqual(nodesOf(after).find((n) => n['pod'] === target['pod'])!['slots'], from['slots']);
    const auto = await runCli(['failover', 'rediscluster', name, '--timeout', '30s']);
    assert.notEqual(auto.code, 0);
    assert.match(auto.err + auto.out, /name the replica to promote with --to/);
    await checkEveryKey();
  });

  it('a rolling config change under a steady writer: replicas first, no master restarts before a handover, every acknowledged write kept', async () => {
    const rc = await getRc();
    const pods = nodesOf(rc).map((n) => n['pod'] as string);
    const uids = new Map<string, string>();
    for (const pod of pods) uids.set(pod, (await client.request<Obj>('GET', podPath(pod)))['metadata'].uid);
    // every 100 ms, each running pod's own ROLE; a pod's role when it is deleted is the last one seen before
    const lastRole = new Map<string, string>();
    const roleWhenGone = new Map<string, string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const list = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods`).catch(() => ({ items: [] }));
        await Promise.all((list['items'] as Obj[]).filter((p) => p['metadata'].name.startsWith(`${name}-`)).map(async (p) => {
          const uid = p['metadata'].uid as string;
          if (p['metadata'].deletionTimestamp) {
            if (!roleWhenGone.has(uid)) roleWhenGone.set(uid, `${p['metadata'].name}=${lastRole.get(uid) ?? 'never seen'}`);
            return;
          }
          if (!p['status']?.podIP) return;
          const role = await withNode(p['status'].podIP, async (r) => String(((await r.call('ROLE')) as unknown[])[0])).catch(() => undefined);
          if (role) lastRole.set(uid, role);
        }));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // seeded like an application would be: the client Service's ClusterIP (any ready pod), then the pods
    const service = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/services/${name}`);
    const c = await clusterReady(clusterClient([service['spec'].clusterIP, ...nodesOf(rc).map((n) => n['ip'] as string)]));
    const writer = steadyWriter(c);
    await new Promise((r) => setTimeout(r, 1000)); // the writer runs before the change
    const t0 = Date.now();
    try {
      await client.request('PATCH', redisClusterPath(ns, name), { body: { spec: { config: { 'slowlog-log-slower-than': '5000' } } }, contentType: 'application/merge-patch+json' });
      const done = await eventually(async () => {
        const r = await getRc();
        if (!isReady(r) || r['status']?.operation || r['status']?.observedGeneration !== r['metadata'].generation) return undefined;
        const now = await Promise.all(pods.map(async (pod) => (await client.getIfExists<Obj>(podPath(pod)))?.['metadata']?.uid));
        return now.every((uid, i) => uid && uid !== uids.get(pods[i]!)) ? r : undefined;
      }, 'every pod restarted with the new config and Ready', 300_000).catch(async (e: unknown) => {
        throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}`);
      });
      const w = await writer.stop();
      console.log(`# rolling config change: Ready after ${Date.now() - t0} ms; writer: ${w.acked.length} acknowledged, ${w.errors} client errors${w.firstError ? ` (first: ${w.firstError})` : ''}, longest write ${w.longestMs} ms; role of each pod when deleted: ${[...roleWhenGone.values()].join(', ')}`);
      for (const n of nodesOf(done)) {
        const v = await withNode(n['ip'], (r) => r.call('CONFIG', 'GET', 'slowlog-log-slower-than') as Promise<string[]>);
        assert.equal(v[1], '5000', `${n['pod']} runs the new config`);
      }
      assert.equal(roleWhenGone.size, pods.length, 'every pod was seen deleted');
      for (const seen of roleWhenGone.values()) assert.match(seen, /=slave$/, `${seen} when deleted: a master restarted before a handover`);
      assert.deepEqual(await readAll(c, w.acked.map((n) => `w:${n}`), (k) => k.slice(2)), [], 'every acknowledged write kept');
      const reasons = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`))['items'].filter((e: Obj) => e['involvedObject']?.name === name).map((e: Obj) => e['reason']);
      assert.ok(reasons.includes('ClusterFailover') && reasons.includes('RollingRestartDone'), reasons.join(', '));
    } finally {
      watching = false;
      await watcher;
      await writer.stop();
      c.disconnect();
    }
    await checkEveryKey();
  });

  it('ordinal node stop of a master\'s node: its replica takes over; after node start the pod is back as a replica; every key readable', async () => {
    // Redis Cluster needs a majority of masters to replace one: after the failovers above the operator
    // moves masters until no node runs two of them (SpreadMasters), so any node may fail
    const mastersOn = (r: Obj, node: string): number => nodesOf(r).filter((n) => n['role'] === 'master' && n['nodeName'] === node).length;
    const spread = (r: Obj): boolean => nodesOf(r).every((n) => n['role'] !== 'master' || mastersOn(r, n['nodeName']) === 1);
    const rc = await readyRc('at most one master per node', spread);
    const victim = nodesOf(rc).find((n) => n['role'] === 'master')!;
    const t0 = Date.now();
    const stop = await runCli(['node', 'stop', victim['nodeName']]);
    assert.equal(stop.code, 0, stop.err);
    try {
      await eventually(async () => {
        const r = await getRc();
        const promoted = nodesOf(r).find((n) => n['role'] === 'master' && n['id'] !== victim['id'] && (n['slots'] ?? []).join() === victim['slots'].join());
        return promoted && r['status'].clusterState === 'ok' ? promoted : undefined;
      }, 'a replica owns the stopped master\'s slots and the cluster is ok', 120_000).catch(async (e: unknown) => {
        const views = await Promise.all(nodesOf(rc).map((n) => withNode(n['ip'], (r) => r.call('CLUSTER', 'NODES') as Promise<string>).then((t) => `${n['pod']}:\n${t}`, (err: unknown) => `${n['pod']}: ${String(err)}`)));
        throw new Error(`${String(e)}\nvictim ${JSON.stringify(victim)}\nstatus: ${JSON.stringify((await getRc())['status'], null, 1)}\n${views.join('\n')}`);
      });
      console.log(`# node stop ${victim['nodeName']} (master ${victim['pod']}): slots served by its replica after ${Date.now() - t0} ms`);
    } finally {
      const start = await runCli(['node', 'start', victim['nodeName']]);
      assert.equal(start.code, 0, start.err);
    }
    // the pod comes back as a replica (same node id); the operator may then move a master back to
    // its node (SpreadMasters: two masters now share one node), so the status is watched throughout
    let seenAsReplica = false;
    const watcher = setInterval(() => void getRc().then((r) => {
      if (nodesOf(r).some((n) => n['pod'] === victim['pod'] && n['id'] === victim['id'] && n['role'] === 'replica')) seenAsReplica = true;
    }, () => undefined), 100);
    try {
      const healed = await readyRc('Ready after node start, back as a replica, one master per node', (r) => seenAsReplica && spread(r), 180_000);
      assert.equal(nodesOf(healed).find((n) => n['pod'] === victim['pod'])!['id'], victim['id']);
    } finally {
      clearInterval(watcher);
    }
    await checkEveryKey();
  });
});
