/**
 * The RedisReplication operator: observe -> plan (pure) -> act, requeued while it waits on the
 * engine. Sentinel stays the failover authority; see plan.ts for what the operator does itself.
 */
import type { ControllerContext, Informer } from '../../controllers/runtime/index.js';
import { splitKey } from '../../controllers/runtime/index.js';
import type { OperatorEntry, OperatorReconciler } from '../framework/operator.js';
import type { Plan } from '../framework/types.js';
import { act } from './act.js';
import { redisReplicationKind, REPLICATION_LABEL, type RedisReplication, type RedisReplicationStatus } from './kind.js';
import { observe } from './observe.js';
import { plan } from './plan.js';

export { redisReplicationKind, resolveSpec, namesOf, type RedisReplication, type RedisReplicationSpec, type RedisReplicationStatus } from './kind.js';
export { plan } from './plan.js';
export type { Observed } from './observed.js';

const OFFSETS_MS = 10_000;

export function createRedisReplicationOperator(): OperatorReconciler {
  let ctx: ControllerContext | undefined;
  let objects: Informer | undefined;
  let pods: Informer | undefined;
  /** When each object's status was last written (offsets alone are written at most every OFFSETS_MS). */
  const lastWrite = new Map<string, number>();

  const observeKey = async (key: string) => {
    if (!ctx || !objects || !pods) throw new Error('redis-replication operator used before setup');
    const { namespace, name } = splitKey(key);
    // from the API, not the informer: the cache may not have this operator's last status write yet,
    // and a step log read stale would run a step again (the informer only says when to look)
    if (!objects.get(namespace, name)) return undefined;
    const rr = await ctx.client.getIfExists<RedisReplication>(redisReplicationKind.path(namespace ?? 'default', name));
    if (!rr || rr.metadata.deletionTimestamp) return undefined;
    return observe({ client: ctx.client, pods, now: () => ctx!.now() }, rr);
  };

  return {
    name: 'redis-replication',
    setup(c, enqueue) {
      ctx = c;
      objects = c.informers.informer(redisReplicationKind.listPath);
      pods = c.informers.informer('/api/v1/pods', { labelSelector: REPLICATION_LABEL });
      const enqueueObj = (o: Record<string, any>) => enqueue(`${o['metadata'].namespace}/${o['metadata'].name}`); // eslint-disable-line @typescript-eslint/no-explicit-any
      objects.on({ add: enqueueObj, update: (_o, n) => enqueueObj(n) });
      const owner = (p: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        const name = p['metadata']?.labels?.[REPLICATION_LABEL];
        if (name) enqueue(`${p['metadata'].namespace}/${name}`);
      };
      pods.on({ add: owner, update: (_o, n) => owner(n), delete: owner });
    },
    async reconcile(key) {
      const o = await observeKey(key);
      if (!o) return;
      const p = plan(o);
      if (p.actions.length > 0) ctx!.log.info({ key, actions: p.actions.map((a) => a.type), waitingFor: p.waitingFor }, 'redis-replication acting');
      const now = ctx!.now().getTime();
      const offsetsDue = now - (lastWrite.get(key) ?? 0) >= OFFSETS_MS;
      if (await act({ client: ctx!.client, events: ctx!.events, offsetsDue }, o, p)) lastWrite.set(key, now);
      return p.requeueAfterMs !== undefined ? { requeueAfterMs: p.requeueAfterMs } : {};
    },
    async plan(key): Promise<Plan<RedisReplicationStatus> | undefined> {
      const o = await observeKey(key);
      return o ? plan(o) : undefined;
    },
  };
}

/** The entry for src/operators/index.ts: the CRD and a new reconciler. */
export const redisReplicationOperator: OperatorEntry = { kind: redisReplicationKind, create: createRedisReplicationOperator };
