// npm run bench:redis - a 3x1 Redis Cluster brought up and failed over by ordinal's RedisCluster
// operator, next to the same done by hand on the same machine in the same run.
//
// What is timed:
//  - baseline bring-up: six `redis-server` (cluster-enabled yes, cluster-node-timeout 5000,
//    appendonly yes, repl-diskless-sync-delay 0, a password) on 127.0.0.1, then
//    `redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes`; from the first spawn until
//    every node reports cluster_state:ok and every replica master_link_status:up.
//  - ordinal bring-up: a fresh `ordinal server` with three node agents (started untimed), then from
//    the POST of a RedisCluster {masters: 3, replicasPerMaster: 1} until its Ready condition is True
//    (which requires the same: all slots, cluster_state ok, every replica linked).
//  - failover (BENCH_REDIS_TRIALS, default 3, on each): kill -9 of a master's redis-server process
//    (on ordinal the host pid of the pod's process, found in /proc among the server's descendants by
//    the pod IP in its network namespace) until a key in that master's slots takes a write again and
//    every node that answers reports cluster_state:ok (cluster_state alone stays ok until the master
//    is flagged FAIL). By hand the process stays dead, so its replica is promoted; on ordinal the node
//    agent restarts the container, and whichever comes first - the restarted master or the promoted
//    replica - serves the slots (the table says which). Between trials the cluster is made whole.
// Targets (issue 5): bring-up within 1.5x, failover within 1.1x of the hand-made cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisClusterPath } from '../src/operators/redis-cluster/index.js';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TRIALS = Number(process.env['BENCH_REDIS_TRIALS'] ?? 3);
const NODE_TIMEOUT = 5000;
const PASSWORD = 'bench-redis-password';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A port p with p and p+10000 (the cluster bus) free. */
async function freeClusterPort(): Promise<number> {
  const tryListen = (port: number): Promise<boolean> => new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await tryListen(port)) && (await tryListen(port + 10000))) return port;
  }
}

/** One short-lived connection; undefined when the node does not answer. */
async function ask<T>(host: string, port: number, password: string, fn: (r: Redis) => Promise<T>): Promise<T | undefined> {
  const r = new Redis({ host, port, password, lazyConnect: true, connectTimeout: 500, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } catch {
    return undefined;
  } finally {
    r.disconnect();
  }
}

interface Endpoint { host: string; port: number }
const key = (e: Endpoint): string => `${e.host}:${e.port}`;

/** Every node answers cluster_state:ok, and every replica's link is up. */
async function clusterWhole(nodes: Endpoint[], password: string): Promise<boolean> {
  const answers = await Promise.all(nodes.map((n) => ask(n.host, n.port, password, async (r) => [await r.call('CLUSTER', 'INFO') as string, await r.info('replication')] as const)));
  return answers.every((a) => !!a && /cluster_state:ok/.test(a[0]) && (!/role:slave/.test(a[1]) || /master_link_status:up/.test(a[1])));
}

/** The replica of master `m` (its node id) as seen by m. */
async function replicaOf(m: Endpoint, all: Endpoint[], password: string): Promise<Endpoint> {
  const myId = await ask(m.host, m.port, password, (r) => r.call('CLUSTER', 'MYID') as Promise<string>);
  for (const n of all) {
    if (key(n) === key(m)) continue;
    const lines = await ask(n.host, n.port, password, (r) => r.call('CLUSTER', 'NODES') as Promise<string>);
    const self = lines?.split('\n').find((l) => l.includes('myself'));
    if (self && self.split(' ')[3] === myId) return n;
  }
  throw new Error(`no replica of ${key(m)}`);
}

/** A key that hashes to a slot the master owns (asked of the master: CLUSTER KEYSLOT). */
async function keyOwnedBy(m: Endpoint, password: string): Promise<string> {
  const found = await ask(m.host, m.port, password, async (r) => {
    const self = ((await r.call('CLUSTER', 'NODES')) as string).split('\n').find((l) => l.includes('myself')) ?? '';
    const ranges = self.split(' ').slice(8).filter((x) => /^\d+(-\d+)?$/.test(x)).map((x) => x.split('-').map(Number));
    for (let i = 0; i < 100_000; i++) {
      const slot = Number(await r.call('CLUSTER', 'KEYSLOT', `bench:${i}`));
      if (ranges.some(([a, b]) => slot >= a! && slot <= (b ?? a!))) return `bench:${i}`;
    }
    return undefined;
  });
  if (!found) throw new Error(`no key for the slots of ${key(m)}`);
  return found;
}

/**
 * Until the killed master's slots take writes again (some node answers OK to a SET of a key in
 * them - the promoted replica, or the master itself if it came back first) and every node that
 * answers reports cluster_state:ok. Returns who serves the slots now.
 */
async function untilRecovered(k: string, replica: Endpoint, nodes: Endpoint[], password: string, timeoutMs = 90_000): Promise<'promoted' | 'restarted'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sets = await Promise.all(nodes.map((n) => ask(n.host, n.port, password, async (r) => (await r.set(k, 'x')) === 'OK')));
    if (sets.some((ok) => ok === true)) {
      const states = (await Promise.all(nodes.map((n) => ask(n.host, n.port, password, (r) => r.call('CLUSTER', 'INFO') as Promise<string>)))).filter((x) => x !== undefined);
      if (states.length >= nodes.length - 1 && states.every((x) => /cluster_state:ok/.test(x))) {
        const role = await ask(replica.host, replica.port, password, (r) => r.info('replication'));
        return role && /role:master/.test(role) ? 'promoted' : 'restarted';
      }
    }
    if (Date.now() > deadline) throw new Error(`the slots of the killed master took no write within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------- baseline: six redis-server by hand ----------

interface HandMade { dir: string; nodes: Endpoint[]; procs: Map<string, ChildProcess> }

function startRedis(dir: string, port: number): ChildProcess {
  const conf = join(dir, `${port}.conf`);
  writeFileSync(conf, [
    `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, 'cluster-enabled yes', `cluster-config-file nodes-${port}.conf`,
    `cluster-node-timeout ${NODE_TIMEOUT}`, `appendonly yes`, `appendfilename appendonly-${port}.aof`, `appenddirname aof-${port}`,
    `dbfilename dump-${port}.rdb`, 'repl-diskless-sync-delay 0', `requirepass ${PASSWORD}`, `masterauth ${PASSWORD}`,
  ].join('\n') + '\n');
  return spawn('redis-server', [conf], { stdio: 'ignore' });
}

async function bringUpHandMade(): Promise<{ ms: number; cluster: HandMade }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const ports: number[] = [];
  while (ports.length < 6) {
    const p = await freeClusterPort();
    if (!ports.some((q) => Math.abs(q - p) < 2 || Math.abs(q + 10000 - p) < 2 || Math.abs(q - 10000 - p) < 2)) ports.push(p);
  }
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  const procs = new Map<string, ChildProcess>();
  const t0 = performance.now();
  for (const n of nodes) procs.set(key(n), startRedis(dir, n.port));
  await until('six redis-server answering', async () => (await Promise.all(nodes.map((n) => ask(n.host, n.port, PASSWORD, (r) => r.ping())))).every((x) => x === 'PONG'), 10_000, 5);
  const create = spawnSync('redis-cli', ['-a', PASSWORD, '--no-auth-warning', '--cluster', 'create', ...nodes.map(key), '--cluster-replicas', '1', '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout} ${create.stderr}`);
  await until('the hand-made cluster ok with every replica linked', () => clusterWhole(nodes, PASSWORD), 60_000, 20);
  return { ms: performance.now() - t0, cluster: { dir, nodes, procs } };
}

async function masterOf(nodes: Endpoint[], password: string, index: number): Promise<Endpoint> {
  const masters: Endpoint[] = [];
  for (const n of nodes) {
    const info = await ask(n.host, n.port, password, (r) => r.info('replication'));
    if (info && /role:master/.test(info)) masters.push(n);
  }
  const m = masters[index % masters.length];
  if (!m) throw new Error('no master');
  return m;
}

interface Trial { ms: number; how: 'promoted' | 'restarted' }

async function failoverHandMade(c: HandMade, trial: number): Promise<Trial> {
  const master = await masterOf(c.nodes, PASSWORD, trial);
  const replica = await replicaOf(master, c.nodes, PASSWORD);
  const k = await keyOwnedBy(master, PASSWORD);
  const proc = c.procs.get(key(master))!;
  const t0 = performance.now();
  proc.kill('SIGKILL');
  const how = await untilRecovered(k, replica, c.nodes, PASSWORD);
  const ms = performance.now() - t0;
  // back as a replica, cluster whole again
  c.procs.set(key(master), startRedis(c.dir, master.port));
  await until('the killed node back and linked', () => clusterWhole(c.nodes, PASSWORD), 60_000, 100);
  return { ms, how };
}

// ---------- ordinal ----------

/** The host pid of the redis-server serving `ip`: a descendant of the server, in the pod's network namespace. */
function hostPidOf(serverPid: number, ip: string): number {
  const parent = new Map<number, number>();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const descends = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === serverPid) return true;
    return false;
  };
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('redis-server')) continue;
      if (!descends(pid)) continue;
      if (readFileSync(`/proc/${pid}/net/fib_trie`, 'utf8').includes(` ${ip}\n`)) return pid;
    } catch { /* gone */ }
  }
  throw new Error(`no redis-server process of the server with IP ${ip}`);
}

interface Ordinal { server: ServerProcess; client: KubeClient; password: string }
const NAME = 'bench';
const NS = 'default';
const readyOf = (rc: Obj | undefined): boolean => (rc?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');

async function bringUpOrdinal(): Promise<{ ms: number; o: Ordinal }> {
  const server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  const client = await KubeClient.fromFile(server.kubeconfigPath);
  await until('the RedisCluster kind served', async () => !!(await client.getIfExists(redisClusterPath(NS)).catch(() => undefined)), 30_000, 200);
  const t0 = performance.now();
  await client.request('POST', redisClusterPath(NS), {
    body: { apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name: NAME }, spec: { masters: 3, replicasPerMaster: 1, storage: { size: '100Mi' } } },
  });
  await until('RedisCluster Ready', async () => readyOf(await client.getIfExists<Obj>(redisClusterPath(NS, NAME))), 300_000, 50);
  const ms = performance.now() - t0;
  const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/secrets/${NAME}-auth`);
  const password = Buffer.from(String(secret['data']?.password ?? ''), 'base64').toString('utf8');
  return { ms, o: { server, client, password } };
}

async function podEndpoints(o: Ordinal): Promise<Endpoint[]> {
  const rc = await o.client.request<Obj>('GET', redisClusterPath(NS, NAME));
  return (rc['status']?.nodes ?? []).filter((n: Obj) => n['ip']).map((n: Obj) => ({ host: n['ip'] as string, port: 6379 }));
}

async function failoverOrdinal(o: Ordinal, trial: number): Promise<Trial> {
  const nodes = await podEndpoints(o);
  const master = await masterOf(nodes, o.password, trial);
  const replica = await replicaOf(master, nodes, o.password);
  const k = await keyOwnedBy(master, o.password);
  const pid = hostPidOf(o.server.process.pid!, master.host);
  const t0 = performance.now();
  process.kill(pid, 'SIGKILL');
  const how = await untilRecovered(k, replica, nodes, o.password);
  const ms = performance.now() - t0;
  // the agent restarts the container; the operator reports Ready when it is a linked replica again
  await sleep(2000);
  await until('Ready again after the kill', async () => readyOf(await o.client.getIfExists<Obj>(redisClusterPath(NS, NAME))) && clusterWhole(await podEndpoints(o), o.password), 180_000, 250);
  return { ms, how };
}

// ---------- report ----------

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  let hand: HandMade | undefined;
  let ord: Ordinal | undefined;
  try {
    console.log(`# bench:redis - 3x1 Redis Cluster, cluster-node-timeout ${NODE_TIMEOUT}, ${TRIALS} failover trial(s) each`);
    const h = await bringUpHandMade();
    hand = h.cluster;
    console.log(`hand-made bring-up: ${fmt(h.ms)}`);
    const o = await bringUpOrdinal();
    ord = o.o;
    console.log(`ordinal bring-up:   ${fmt(o.ms)}`);
    const handTrials: Trial[] = [];
    const ordTrials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) {
      handTrials.push(await failoverHandMade(hand, i));
      console.log(`trial ${i + 1}: hand-made ${fmt(handTrials[i]!.ms)} (${handTrials[i]!.how})`);
      ordTrials.push(await failoverOrdinal(ord, i));
      console.log(`trial ${i + 1}: ordinal   ${fmt(ordTrials[i]!.ms)} (${ordTrials[i]!.how})`);
    }
    const handFo = handTrials.map((t) => t.ms);
    const ordFo = ordTrials.map((t) => t.ms);
    const hows = (ts: Trial[]): string => ts.map((t) => t.how).join(', ');
    const rows = [
      ['measure', 'hand-made', 'ordinal', 'ratio', 'target', 'met'],
      ['bring-up (to Ready)', fmt(h.ms), fmt(o.ms), (o.ms / h.ms).toFixed(2), '<= 1.5x', o.ms <= 1.5 * h.ms ? 'yes' : 'NO'],
      [`failover (median of ${TRIALS})`, fmt(median(handFo)), fmt(median(ordFo)), (median(ordFo) / median(handFo)).toFixed(2), '<= 1.1x', median(ordFo) <= 1.1 * median(handFo) ? 'yes' : 'NO'],
      ['failover trials', handFo.map(fmt).join(', '), ordFo.map(fmt).join(', '), '', '', ''],
      ['slots served by', hows(handTrials), hows(ordTrials), '', '', ''],
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    console.log('\n' + rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n'));
    console.log(`(cluster-node-timeout ${NODE_TIMEOUT} ms on both; failover = kill -9 of a master's redis-server -> its slots take a write again (promoted replica, or the master restarted by the node agent) and every answering node reports cluster_state:ok)`);
  } finally {
    if (hand) {
      for (const p of hand.procs.values()) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      await sleep(200);
      rmSync(hand.dir, { recursive: true, force: true });
    }
    ord?.client.close();
    await ord?.server.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
