// An acknowledged-writes writer for the failover trials: a few loops SET unique keys that share one
// hash tag (so all go to the victim master's slot) and remember every key a node answered OK to.
// Routing is by hand (follow MOVED, else try the next known node) so that a dead node costs an
// immediate error, never a hidden queue or retry inside a client library.
import { Redis } from 'ioredis';
import { key, sleep, type Endpoint } from './probe.js';

export interface WriterResult { acked: string[]; errors: number; maxGapMs: number }
export interface Writer { stop(): Promise<WriterResult> }

/** Persistent connections to every node seen, routed by MOVED replies. */
class Router {
  private conns = new Map<string, Redis>();
  private known: Endpoint[];
  constructor(nodes: Endpoint[], private readonly password: string) { this.known = [...nodes]; }

  conn(e: Endpoint): Redis {
    let r = this.conns.get(key(e));
    if (!r) {
      r = new Redis({ host: e.host, port: e.port, password: this.password, connectTimeout: 300, commandTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 200 });
      r.on('error', () => undefined);
      this.conns.set(key(e), r);
    }
    return r;
  }

  /** Where a MOVED error points, or the next known node after `from` (and a short pause). */
  async next(from: Endpoint, err: unknown): Promise<Endpoint> {
    const moved = /^MOVED \d+ (.+):(\d+)/.exec((err as Error).message ?? '');
    if (moved) {
      const e = { host: moved[1]!, port: Number(moved[2]) };
      if (!this.known.some((k) => key(k) === key(e))) this.known.push(e);
      return e;
    }
    await sleep(20);
    const i = this.known.findIndex((k) => key(k) === key(from));
    return this.known[(i + 1) % this.known.length]!;
  }

  /** Connects to every known node (up to 3 s), so the first commands do not fail on a cold connection. */
  async warm(): Promise<void> {
    await Promise.all(this.known.map((e) => {
      const r = this.conn(e);
      if (r.status === 'ready') return undefined;
      return new Promise<void>((resolve) => { const t = setTimeout(resolve, 3000); r.once('ready', () => { clearTimeout(t); resolve(); }); });
    }));
  }

  close(): void { for (const r of this.conns.values()) r.disconnect(); }
}

/** Starts `loops` writers of `<prefix>:<n>`; stop() ends them and returns what was acknowledged. */
export async function startWriter(nodes: Endpoint[], password: string, prefix: string, loops = 4): Promise<Writer> {
  const router = new Router(nodes, password);
  await router.warm();
  const acked: string[] = [];
  let errors = 0;
  let seq = 0;
  let running = true;
  let lastAck = performance.now();
  let maxGapMs = 0;
  const loop = async (start: number): Promise<void> => {
    let target = nodes[start % nodes.length]!;
    while (running) {
      const k = `${prefix}:${seq++}`;
      try {
        if ((await router.conn(target).set(k, '1')) === 'OK') {
          const now = performance.now();
          maxGapMs = Math.max(maxGapMs, now - lastAck);
          lastAck = now;
          acked.push(k);
        }
      } catch (err) {
        errors++;
        target = await router.next(target, err);
      }
    }
  };
  const all = Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
  return {
    async stop() {
      running = false;
      await all;
      router.close();
      return { acked, errors, maxGapMs };
    },
  };
}

/** How many of `keys` (one hash tag: one slot) are missing now; MGET in chunks, routed by MOVED. */
export async function countLost(nodes: Endpoint[], password: string, keys: string[], timeoutMs = 30_000): Promise<number> {
  const router = new Router(nodes, password);
  await router.warm();
  const deadline = Date.now() + timeoutMs;
  let lost = 0;
  try {
    let target = nodes[0]!;
    for (let i = 0; i < keys.length;) {
      const chunk = keys.slice(i, i + 1000);
      try {
        const values = await router.conn(target).mget(...chunk);
        lost += values.filter((v) => v !== '1').length;
        i += chunk.length;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`could not read back the acknowledged keys: ${(err as Error).message}`);
        target = await router.next(target, err);
      }
    }
    return lost;
  } finally {
    router.close();
  }
}
