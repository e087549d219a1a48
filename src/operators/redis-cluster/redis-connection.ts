/**
 * One short-lived authenticated connection to a Redis node (host = pod IP). No retries, no offline
 * queue: a node that does not answer fails fast, so one bad pod never stalls a reconcile.
 */
import { Redis } from 'ioredis';
import { REDIS_PORT } from './types.js';

export interface RedisConnectOptions {
  host: string;
  port?: number;
  password: string | undefined;
  timeoutMs?: number;
}

export async function withRedis<T>(options: RedisConnectOptions, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const timeout = options.timeoutMs ?? 3000;
  const redis = new Redis({
    host: options.host,
    port: options.port ?? REDIS_PORT,
    ...(options.password !== undefined ? { password: options.password } : {}),
    lazyConnect: true,
    connectTimeout: timeout,
    commandTimeout: timeout,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined); // reported through the failing command instead
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/** A command's text reply (CLUSTER NODES, INFO, ...). */
export async function command(redis: Redis, ...args: (string | number)[]): Promise<string> {
  const [name, ...rest] = args;
  const reply = await redis.call(String(name), ...rest.map(String));
  return typeof reply === 'string' ? reply : Buffer.isBuffer(reply) ? reply.toString('utf8') : JSON.stringify(reply);
}

/** An error message safe to show: ioredis messages never carry the password, but trim them. */
export function describeError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 200 ? `${msg.slice(0, 200)}...` : msg;
}
