/** Short-lived ioredis connections to one pod (Redis or Sentinel), for observe and act. */
import { Redis } from 'ioredis';

export interface Endpoint {
  host: string;
  port: number;
  password?: string;
}

/** Runs fn on a fresh connection that fails fast (no retries, no offline queue) and always closes. */
export async function withRedis<T>(ep: Endpoint, fn: (r: Redis) => Promise<T>, timeoutMs = 2000): Promise<T> {
  const r = new Redis({
    host: ep.host, port: ep.port, ...(ep.password !== undefined ? { password: ep.password } : {}),
    lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0,
    enableOfflineQueue: false, retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** `INFO replication` as key -> value. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** A Sentinel reply of flat [k, v, k, v] arrays -> objects. */
export function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const a = Array.isArray(reply) ? reply : [];
  for (let i = 0; i + 1 < a.length; i += 2) out[String(a[i])] = String(a[i + 1]);
  return out;
}
