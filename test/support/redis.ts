// Redis clients for tests: one node (optionally without the password, to see NOAUTH) and a
// cluster-aware client, both quiet about connection errors and without endless retries.
import { Cluster, type Redis } from 'ioredis';
import { withRedis } from '../../src/operators/redis/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs fn with a connection to one Redis node (no password: to see NOAUTH), then disconnects. */
export function withRedisNode<T>(host: string, password: string | undefined, fn: (r: Redis) => Promise<T>): Promise<T> {
  return withRedis({ host, password }, fn);
}

/** A cluster client seeded with one node's address (pod IPs are reachable from the host). */
export function redisClusterClient(seedIp: string, password: string): Cluster {
  const c = new Cluster([{ host: seedIp, port: 6379 }], { redisOptions: { password }, clusterRetryStrategy: (n) => (n > 20 ? null : 200) });
  c.on('error', () => undefined);
  return c;
}

export const conditionOf = (obj: Obj, type: string): Obj | undefined => (obj['status']?.conditions ?? []).find((c: Obj) => c['type'] === type);
export const redisNodesOf = (rc: Obj): Obj[] => rc['status']?.nodes ?? [];
