/**
 * One short-lived authenticated connection to a Redis node (host = pod IP). No retries, no offline
 * queue: a node that does not answer fails fast, so one bad pod never stalls a reconcile.
 */
import { Redis } from 'ioredis';
/** Redis' standard port. */
const REDIS_PORT = 6379;

export interface RedisConnectOptions {
  host: string;
  port?: number;
  password: string | undefined;
  timeoutMs?: number;
}


export async function withRedis<T>(options: RedisConnectOptions, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = await connectRedis(options);
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/** A connected client the caller must `disconnect()` (for steps that talk to a node many times). */
export async function connectRedis(options: RedisConnectOptions): Promise<Redis> {
  const timeout = options.timeoutMs ?? 3000;
  const redis = new Redis({
    host: options.host,
    port: options.port ?? REDIS_PORT,
    // without a password there is no ready check (its INFO would only meet NOAUTH)
    ...(options.password !== undefined ? { password: options.password } : { enableReadyCheck: false }),
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
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  return redis;
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
