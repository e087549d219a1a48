// The ordinal side of bench:redis: an `ordinal server` with three node agents, RedisClusters made
// and deleted through the API, their pods and roles, the host pid of a pod's redis-server, and the
// `ordinal node stop|start` CLI.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { KubeClient } from '../../src/client/index.js';
import { redisClusterPath } from '../../src/operators/redis-cluster/index.js';
import { cliPath, startServerProcess, type ServerProcess } from '../../test/support/server-process.js';
import { ask, clusterWhole, rolesOf, until, type Endpoint, type Role } from './probe.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NS = 'default';
export interface Ordinal { server: ServerProcess; client: KubeClient }
export interface Rc { name: string; password: string }
export interface Pod { pod: string; ip: string; nodeName: string }
export type PodRole = Pod & Role;

export const ep = (p: { ip: string }): Endpoint => ({ host: p.ip, port: 6379 });
const readyOf = (rc: Obj | undefined): boolean => (rc?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');

export async function startOrdinal(): Promise<Ordinal> {
  const server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  try {
    const client = await KubeClient.fromFile(server.kubeconfigPath);
    await until('the RedisCluster kind served', async () => !!(await client.getIfExists(redisClusterPath(NS)).catch(() => undefined)), 30_000, 200);
    return { server, client };
  } catch (err) {
    await server.cleanup();
    throw err;
  }
}

/**
 * POST a 3x1 RedisCluster and wait for Ready; timed from the POST. `phases` says when the six pods
 * had IPs and when all six answered PING (polled every 100 ms), to show where the time goes.
 */
export async function createRedisCluster(o: Ordinal, name: string, config?: Record<string, string>): Promise<{ ms: number; rc: Rc; phases: string }> {
  const t0 = performance.now();
  await o.client.request('POST', redisClusterPath(NS), {
    body: { apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name }, spec: { masters: 3, replicasPerMaster: 1, storage: { size: '100Mi' }, ...(config ? { config } : {}) } },
  });
  let podIps: number | undefined;
  let pong: number | undefined;
  let password: string | undefined;
  await until(`RedisCluster ${name} Ready`, async () => {
    if (readyOf(await o.client.getIfExists<Obj>(redisClusterPath(NS, name)))) return true;
    const pods = await podsOf(o, name);
    if (pods.length === 6) {
      podIps ??= performance.now() - t0;
      password ??= await passwordOf(o, name);
      if (password !== undefined && pong === undefined && (await Promise.all(pods.map((p) => ask(ep(p), password!, (r) => r.ping())))).every((x) => x === 'PONG')) pong = performance.now() - t0;
    }
    return false;
  }, 300_000, 100);
  const ms = performance.now() - t0;
  const f = (x: number | undefined): string => (x === undefined ? '?' : `${(x / 1000).toFixed(2)} s`);
  return { ms, rc: { name, password: password ?? (await passwordOf(o, name)) ?? '' }, phases: `six pods with IPs at ${f(podIps)}, all answering PING at ${f(pong)}, Ready at ${f(ms)}` };
}

async function passwordOf(o: Ordinal, name: string): Promise<string | undefined> {
  const secret = await o.client.getIfExists<Obj>(`/api/v1/namespaces/${NS}/secrets/${name}-auth`);
  const b64 = secret?.['data']?.password;
  return b64 ? Buffer.from(String(b64), 'base64').toString('utf8') : undefined;
}

/** The cluster's pods that have an IP and are not being deleted. */
export async function podsOf(o: Ordinal, name: string): Promise<Pod[]> {
  const list = await o.client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods`, { query: { labelSelector: `ordinal.dev/redis-cluster=${name}` } });
  return (list['items'] ?? []).filter((p: Obj) => p['status']?.podIP && !p['metadata'].deletionTimestamp)
    .map((p: Obj) => ({ pod: p['metadata'].name, ip: p['status'].podIP, nodeName: p['spec'].nodeName ?? '' }))
    .sort((a: Pod, b: Pod) => a.pod.localeCompare(b.pod));
}

/** Roles (CLUSTER NODES of one answering pod) joined with the pods by IP. */
export async function podRoles(pods: Pod[], password: string): Promise<PodRole[]> {
  const roles = await rolesOf(pods.map(ep), password);
  return roles.flatMap((r) => {
    const p = pods.find((x) => x.ip === r.addr.split(':')[0]);
    return p ? [{ ...p, ...r }] : [];
  });
}

/** Ready, six pods with IPs, and every one of them ok with its replication link up. */
export async function waitWhole(o: Ordinal, rc: Rc, what: string, timeoutMs = 180_000): Promise<void> {
  await until(what, async () => {
    if (!readyOf(await o.client.getIfExists<Obj>(redisClusterPath(NS, rc.name)))) return false;
    const pods = await podsOf(o, rc.name);
    return pods.length === 6 && clusterWhole(pods.map(ep), rc.password);
  }, timeoutMs, 250);
}

/** DELETE the RedisCluster and wait until its pods are gone (they hand over and stop gracefully). */
export async function deleteRedisCluster(o: Ordinal, name: string, timeoutMs = 90_000): Promise<void> {
  await o.client.request('DELETE', redisClusterPath(NS, name));
  await until(`the pods of ${name} gone`, async () => {
    const list = await o.client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods`, { query: { labelSelector: `ordinal.dev/redis-cluster=${name}` } });
    return (list['items'] ?? []).length === 0;
  }, timeoutMs, 500);
}

/** `ordinal node stop|start <node>` as a real CLI process on the server's data dir. */
export function nodeCli(o: Ordinal, verb: 'stop' | 'start', node: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'node', verb, node, '--data-dir', o.server.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ordinal node ${verb} ${node} exited ${code}: ${out}`))));
  });
}

/** The host pid of the redis-server serving `ip`: a descendant of the server, in the pod's network namespace. */
export function hostPidOf(serverPid: number, ip: string): number {
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

/** Polls /proc/<pid>/stat every 5 ms; deadAt() is when it was first seen gone (or a zombie). */
export function watchDeath(pid: number): { deadAt(): number | undefined; stop(): void } {
  let dead: number | undefined;
  const timer = setInterval(() => {
    if (dead !== undefined) return;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) dead = performance.now();
    } catch {
      dead = performance.now();
    }
  }, 5);
  return { deadAt: () => dead, stop: () => clearInterval(timer) };
}
