/**
 * Act: the only writer. It persists the planned status first (so a step is recorded `running`
 * before its action), then performs the actions in order. Every action is idempotent.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KubeClient } from '../../client/index.js';
import type { EventRecorder } from '../../controllers/runtime/index.js';
import type { Plan, PlannedAction } from '../framework/types.js';
import { withRedis } from './engine.js';
import { namesOf, redisReplicationKind, REDIS_PORT, SENTINEL_PORT, type RedisReplication, type RedisReplicationStatus, type ResolvedSpec } from './kind.js';
import { objectPath, readPassword } from './observe.js';
import type { Observed } from './observed.js';
import { REDIS_ROLE_LABEL, renderSecret } from './render.js';
import { setTimeout as sleep } from 'node:timers/promises';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MERGE = 'application/merge-patch+json';

export interface ActDeps {
  client: KubeClient;
  events: EventRecorder;
  /** Write the status even when only the replication offsets changed (they move with every write: throttled by the caller). */
  offsetsDue?: boolean;
}

/** The status without the offsets, for deciding whether anything but the offsets changed. */
function withoutOffsets(status: RedisReplicationStatus): string {
  return JSON.stringify({ ...status, replicas: status.replicas?.map(({ offset: _offset, ...rest }) => rest) });
}

async function writeStatus(client: KubeClient, rr: RedisReplication, status: RedisReplicationStatus): Promise<void> {
  // operation: null removes a finished step log (merge patch)
  const body = { status: { ...status, operation: status.operation ?? null } };
  await client.request('PATCH', redisReplicationKind.statusPath(rr.metadata.namespace, rr.metadata.name), { body, contentType: MERGE });
}

async function applyObject(client: KubeClient, obj: Obj): Promise<void> {
  const path = objectPath(obj);
  const cur = await client.getIfExists<Obj>(path);
  if (!cur) {
    await client.request('POST', path.slice(0, path.lastIndexOf('/')), { body: obj });
    return;
  }
  await client.request('PATCH', path, { body: obj, contentType: MERGE });
}

const podIp = async (client: KubeClient, ns: string, pod: string): Promise<string> => {
  const p = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods/${pod}`);
  const ip = p['status']?.podIP as string | undefined;
  if (!ip) throw new Error(`pod ${pod} has no IP`);
  return ip;
};

/** Runs `fn` on a connection to one Redis pod of the set: its IP from the API, the password from the Secret. */
async function onRedisPod<T>(client: KubeClient, spec: ResolvedSpec, pod: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const password = await readPassword(client, spec.namespace, spec.passwordSecret);
  const ip = await podIp(client, spec.namespace, pod);
  return withRedis({ host: ip, port: REDIS_PORT, ...(password !== undefined ? { password } : {}) }, fn);
}

async function sentinelCall(client: KubeClient, spec: ResolvedSpec, args: string[], pod?: string): Promise<void> {
  const pods = pod ? [pod] : Array.from({ length: spec.sentinel.replicas }, (_, i) => `${namesOf(spec).sentinel}-${i}`);
  let last: unknown;
  for (const p of pods) {
    try {
      const ip = await podIp(client, spec.namespace, p);
      await withRedis({ host: ip, port: SENTINEL_PORT }, (r) => r.call('SENTINEL', ...args));
      return;
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(`SENTINEL ${args[0] ?? ''} failed on every Sentinel`);
}


/**
 * A planned handover: Sentinel's failover does not stop writes on the old master, so writes it
 * acknowledges after the promotion would be lost. Pause writes on the master (CLIENT PAUSE WRITE, for
 * up to failover-timeout), wait until every replica has its offset, then SENTINEL FAILOVER. The
 * pause holds until the operator has fenced the old master (fenceOldMaster) once the Sentinels name
 * the new one; it ends by itself only if the operator is gone (and Sentinel then demotes the old
 * master ~8 s after the switch, as it always does).
 */
async function handOver(client: KubeClient, spec: ResolvedSpec, master: string): Promise<void> {
  const pauseMs = spec.sentinel.failoverTimeout;
  await onRedisPod(client, spec, master, async (r) => {
    await r.call('CLIENT', 'PAUSE', String(pauseMs), 'WRITE');
    const deadline = Date.now() + Math.min(pauseMs / 2, 5000);
    for (;;) {
      const info = await r.info('replication');
      const offset = /master_repl_offset:(\d+)/.exec(info)?.[1];
      const behind = [...info.matchAll(/^slave\d+:.*offset=(\d+)/gm)].filter((m) => m[1] !== offset);
      if (behind.length === 0 || Date.now() > deadline) break;
      await sleep(50);
    }
  });
  try {
    await sentinelCall(client, spec, ['FAILOVER', namesOf(spec).masterName]);
  } catch (err) {
    // e.g. NOGOODSLAVE: no handover now; do not keep the master's writers waiting
    await onRedisPod(client, spec, master, (r) => r.call('CLIENT', 'UNPAUSE')).catch(() => undefined);
    throw err;
  }
}

/**
 * The old master of a handover, once the Sentinels name the new one: what Sentinel itself does to a
 * demoted master - REPLICAOF the new master, and (if it still was a master) CLIENT KILL TYPE normal
 * so its clients ask Sentinel again - then CLIENT UNPAUSE. Done at once instead of Sentinel's ~8 s
 * later, so the old master never accepts a write after the switch: its writers were paused until now.
 */
async function fenceOldMaster(client: KubeClient, spec: ResolvedSpec, pod: string, host: string, kill: boolean): Promise<void> {
  await onRedisPod(client, spec, pod, async (r) => {
    await r.call('REPLICAOF', host, String(REDIS_PORT));
    if (kill) await r.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await r.call('CLIENT', 'UNPAUSE');
  });
}

async function run(deps: ActDeps, o: Observed, a: PlannedAction): Promise<void> {
  const { client } = deps;
  const { spec, rr } = o;
  const ns = spec.namespace;
  const pod = String(a['pod'] ?? '');
  switch (a.type) {
    case 'create-secret': {
      const secret = renderSecret(rr, spec);
      secret['data'] = { [spec.passwordSecret.key]: randomBytes(24).toString('hex') };
      secret['data'][spec.passwordSecret.key] = Buffer.from(secret['data'][spec.passwordSecret.key]).toString('base64');
      try {
        await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: secret });
      } catch (err) {
        if ((err as { status?: number }).status !== 409) throw err;
      }
      return;
    }
    case 'apply': return applyObject(client, a['object'] as Obj);
    case 'label-role':
      await client.request('PATCH', `/api/v1/namespaces/${ns}/pods/${pod}`, { body: { metadata: { labels: { [REDIS_ROLE_LABEL]: a['role'] } } }, contentType: MERGE });
      return;
    case 'replicaof':
      await onRedisPod(client, spec, pod, (r) => r.call('REPLICAOF', String(a['host']), String(REDIS_PORT)));
      return;
    case 'set-priority':
      await onRedisPod(client, spec, pod, (r) => r.call('CONFIG', 'SET', 'replica-priority', String(a['priority'])));
      return;
    case 'sentinel-reset': return sentinelCall(client, spec, ['RESET', namesOf(spec).masterName], pod);
    case 'sentinel-failover': return handOver(client, spec, pod);
    case 'fence-old-master': return fenceOldMaster(client, spec, pod, String(a['host']), a['kill'] === true);
    case 'keep-paused':
      await onRedisPod(client, spec, pod, (r) => r.call('CLIENT', 'PAUSE', String(spec.sentinel.failoverTimeout), 'WRITE'));
      return;
    case 'delete-pod':
      try {
        await client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${pod}`);
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
      }
      return;
    default: throw new Error(`unknown action ${a.type}`);
  }
}

/**
 * Persist the status (step log first), then run each action; events for the ones people care about.
 * Returns whether the status was written.
 */
export async function act(deps: ActDeps, o: Observed, p: Plan<RedisReplicationStatus>): Promise<boolean> {
  const prev = o.rr.status ?? {};
  const changed = withoutOffsets(p.status) !== withoutOffsets(prev) || (!!prev.operation && !p.status.operation);
  const offsetsOnly = !changed && JSON.stringify(p.status) !== JSON.stringify(prev);
  const write = changed || (offsetsOnly && deps.offsetsDue === true);
  if (write) await writeStatus(deps.client, o.rr, p.status);
  for (const a of p.actions) {
    await run(deps, o, a);
    if (a.type !== 'label-role' && a.type !== 'apply' && a.type !== 'keep-paused') deps.events.event(o.rr, 'Normal', eventReason(a.type), a.reason ?? a.type);
  }
  if (p.status.failover && p.status.failover.result !== 'Running' && p.status.failover.requestId !== prev.failover?.requestId) {
    const f = p.status.failover;
    deps.events.event(o.rr, f.result === 'Succeeded' ? 'Normal' : 'Warning', `Failover${f.result}`, f.message);
  }
  return write;
}

function eventReason(type: string): string {
  return type.split('-').map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
}

