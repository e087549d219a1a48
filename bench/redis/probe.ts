// Probes shared by the hand-made and the ordinal side of bench:redis: short-lived connections,
// "the cluster is whole", roles from CLUSTER NODES, a hash tag in a master's slots, and the
// failover end point (the dead master's slots take a write and every live node reports ok).
import { Redis } from 'ioredis';

export interface Endpoint { host: string; port: number }
export const key = (e: Endpoint): string => `${e.host}:${e.port}`;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** One short-lived connection; undefined when the node does not answer or the command fails. */
export async function ask<T>(e: Endpoint, password: string, fn: (r: Redis) => Promise<T>): Promise<T | undefined> {
  const r = new Redis({ host: e.host, port: e.port, password, lazyConnect: true, connectTimeout: 500, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
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

/** Every node answers cluster_state:ok, and every replica's link is up. */
export async function clusterWhole(nodes: Endpoint[], password: string): Promise<boolean> {
  const answers = await Promise.all(nodes.map((n) => ask(n, password, async (r) => [await r.call('CLUSTER', 'INFO') as string, await r.info('replication')] as const)));
  return answers.every((a) => !!a && /cluster_state:ok/.test(a[0]) && (!/role:slave/.test(a[1]) || /master_link_status:up/.test(a[1])));
}

export interface Role { id: string; addr: string; master: boolean; masterId: string; slots: string[] }

/** The cluster as one answering node sees it (CLUSTER NODES), failed nodes excluded. */
export async function rolesOf(nodes: Endpoint[], password: string): Promise<Role[]> {
  for (const n of nodes) {
    const text = await ask(n, password, (r) => r.call('CLUSTER', 'NODES') as Promise<string>);
    if (!text) continue;
    return text.trim().split('\n').map((l) => l.split(' ')).filter((f) => !/fail|handshake|noaddr/.test(f[2] ?? '')).map((f) => ({
      id: f[0]!, addr: (f[1] ?? '').split('@')[0]!, master: (f[2] ?? '').includes('master'), masterId: f[3] ?? '-',
      slots: f.slice(8).filter((s) => /^\d+(-\d+)?$/.test(s)),
    }));
  }
  throw new Error('no node answers CLUSTER NODES');
}

/** A hash tag (without braces) whose slot the master at `m` owns, asked of m (CLUSTER KEYSLOT). */
export async function tagOwnedBy(m: Endpoint, password: string): Promise<string> {
  const found = await ask(m, password, async (r) => {
    const self = ((await r.call('CLUSTER', 'NODES')) as string).split('\n').find((l) => l.includes('myself')) ?? '';
    const ranges = self.split(' ').slice(8).filter((x) => /^\d+(-\d+)?$/.test(x)).map((x) => x.split('-').map(Number));
    for (let i = 0; i < 100_000; i++) {
      const slot = Number(await r.call('CLUSTER', 'KEYSLOT', `b${i}`));
      if (ranges.some(([a, b]) => slot >= a! && slot <= (b ?? a!))) return `b${i}`;
    }
    return undefined;
  });
  if (!found) throw new Error(`no hash tag in the slots of ${key(m)}`);
  return found;
}

export type ServedBy = 'promoted' | 'restarted';

/**
 * Polls (every ~20 ms) until the dead master's slots are served again and every live node answers
 * cluster_state:ok. `until: 'write'`: some live node answers OK to a SET of `probeKey` (in those
 * slots). `until: 'promoted'`: the replica `replica` reports role:master - for min-replicas-to-write,
 * where a promoted master without a replica refuses writes until one comes back. Dead endpoints are
 * not polled (an unreachable pod IP would cost a connect timeout per round). Returns whether
 * `replica` is a master now (promoted) or not (the old master came back first).
 */
export async function untilRecovered(probeKey: string, replica: Endpoint, live: Endpoint[], password: string, until: 'write' | 'promoted' = 'write', timeoutMs = 120_000): Promise<ServedBy> {
  const deadline = Date.now() + timeoutMs;
  const promoted = async (): Promise<boolean> => /role:master/.test((await ask(replica, password, (r) => r.info('replication'))) ?? '');
  for (;;) {
    const served = until === 'write'
      ? (await Promise.all(live.map((n) => ask(n, password, async (r) => (await r.set(probeKey, 'x')) === 'OK')))).some((ok) => ok === true)
      : await promoted();
    if (served) {
      const states = await Promise.all(live.map((n) => ask(n, password, (r) => r.call('CLUSTER', 'INFO') as Promise<string>)));
      if (states.every((x) => x !== undefined && /cluster_state:ok/.test(x))) return (await promoted()) ? 'promoted' : 'restarted';
    }
    if (Date.now() > deadline) throw new Error(`the slots of the killed master were not served within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Polls until some node answers OK to a SET of `probeKey`; the ms it took. */
export async function untilWritable(probeKey: string, nodes: Endpoint[], password: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  await until(`a write to ${probeKey}`, async () => (await Promise.all(nodes.map((n) => ask(n, password, async (r) => (await r.set(probeKey, 'x')) === 'OK')))).some((ok) => ok === true), timeoutMs, 20);
  return performance.now() - t0;
}
