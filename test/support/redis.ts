// Redis clients for tests: one node (optionally without the password, to see NOAUTH) and a
// cluster-aware client, both quiet about connection errors and without endless retries.
import { Cluster, type Redis } from 'ioredis';
import { withRedis } from '../../src/operators/redis/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs fn with a connection to one Redis node (no password: to see NOAUTH), then disconnects. */
export function withRedisNode<T>(host: string, password: string | undefined, fn: (r: Redis) => Promise<T>): Promise<T> {
  return withRedis({ host, password }, fn);
}

/** A cluster client seeded with node addresses (pod IPs and ClusterIPs are reachable from the host). */
export function redisClusterClient(seeds: string | string[], password: string): Cluster {
  const c = new Cluster([seeds].flat().map((host) => ({ host, port: 6379 })), { redisOptions: { password }, clusterRetryStrategy: (n) => (n > 20 ? null : 200) });
  c.on('error', () => undefined);
  return c;
}

/** Resolves once the cluster client has the slot map and its connections (status 'ready'). */
export async function clusterReady(c: Cluster, timeoutMs = 30_000): Promise<Cluster> {
  if (c.status === 'ready') return c;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster client not ready after ${timeoutMs} ms (status ${c.status})`)), timeoutMs);
    c.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  return c;
}

export const conditionOf = (obj: Obj, type: string): Obj | undefined => (obj['status']?.conditions ?? []).find((c: Obj) => c['type'] === type);
export const redisNodesOf = (rc: Obj): Obj[] => rc['status']?.nodes ?? [];

export interface WriterResult {
  acked: number[];
  errors: number;
  firstError?: string;
  /** The longest time one SET took (a stall the client saw). */
  longestMs: number;
}

/** A writer that SETs w:<n> in a loop until stopped; counts acknowledged writes, errors and the longest stall. */
export function steadyWriter(c: Cluster): { stop(): Promise<WriterResult> } {
  let running = true;
  const acked: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let longestMs = 0;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      const t = Date.now();
      try {
        await c.set(`w:${n}`, String(n));
        longestMs = Math.max(longestMs, Date.now() - t);
        acked.push(n);
        await new Promise((r) => setTimeout(r, 2)); // a steady load, not a flood
      } catch (err) {
        errors++;
        longestMs = Math.max(longestMs, Date.now() - t);
        firstError ??= (err as Error).message;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  return { async stop() { running = false; await loop; return { acked, errors, longestMs, ...(firstError ? { firstError } : {}) }; } };
}

/** Keys whose value is not expect(key), read in chunks of 200. */
export async function readAll(c: Cluster, keys: string[], expect: (k: string) => string): Promise<string[]> {
  const bad: string[] = [];
  for (let i = 0; i < keys.length; i += 200) {
    const chunk = keys.slice(i, i + 200);
    const values = await Promise.all(chunk.map((k) => c.get(k)));
    values.forEach((v, j) => { if (v !== expect(chunk[j]!)) bad.push(chunk[j]!); });
  }
  return bad;
}
