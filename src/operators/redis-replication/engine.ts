/** Short-lived ioredis connections to one pod (Redis or Sentinel), for observe and act. */
import type { Redis } from 'ioredis';
import { withRedis as withRedisNode } from '../redis/index.js';

export interface Endpoint {
  host: string;
  port: number;
  password?: string;
}

/** Runs fn on a fresh connection that fails fast (no retries, no offline queue) and always closes. */
export function withRedis<T>(ep: Endpoint, fn: (r: Redis) => Promise<T>, timeoutMs = 2000): Promise<T> {
  return withRedisNode({ host: ep.host, port: ep.port, password: ep.password, timeoutMs }, fn);
}

export { parseInfo } from '../redis/info.js';

/** A Sentinel reply of flat [k, v, k, v] arrays -> objects. */
export function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const a = Array.isArray(reply) ? reply : [];
  for (let i = 0; i + 1 < a.length; i += 2) out[String(a[i])] = String(a[i + 1]);
  return out;
}
