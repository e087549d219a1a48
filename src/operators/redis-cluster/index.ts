/**
 * The RedisCluster operator as a Reconciler: informers on RedisClusters, their pods and the nodes;
 * reconcile = observe -> plan -> act.
 */
import type { ControllerContext, Informer, KubeObject } from '../../controllers/runtime/types.js';
import { splitKey } from '../../controllers/runtime/types.js';
import { act } from './act.js';
import { installCrds, type OperatorEntry, type OperatorReconciler } from '../framework/index.js';
import { REDIS_CLUSTER_KIND, redisClusterKind, redisClusterPath } from './kind.js';
import { observe } from './observe.js';
import { plan, POLL_BUSY_MS } from './plan.js';
import { CLUSTER_LABEL, type RedisCluster } from './types.js';

export { REDIS_CLUSTER_KIND, redisClusterCrd, redisClusterKind, redisClusterPath } from './kind.js';
export { plan } from './plan.js';
export { observe, type Observed } from './observe.js';
export { renderAll } from './render.js';
export type { RedisCluster, RedisClusterSpec, RedisClusterStatus } from './types.js';

export interface RedisClusterOperatorOptions {
  /** Install the CRD in setup (default true). */
  installCrd?: boolean;
}

export function createRedisClusterOperator(options: RedisClusterOperatorOptions = {}): OperatorReconciler {
  let ctx: ControllerContext | undefined;
  let clusters: Informer | undefined;
  let pods: Informer | undefined;
  let nodes: Informer | undefined;
  const observeKey = async (key: string) => {
    if (!ctx || !clusters || !pods || !nodes) throw new Error('the operator is not set up');
    const { namespace, name } = splitKey(key);
    // from the API, not the informer: the cache may not have this operator's last status write yet,
    // and a step log read stale would run a step again (the informer only says when to look)
    if (!clusters.get(namespace, name)) return undefined;
    const rc = await ctx.client.getIfExists<RedisCluster>(redisClusterPath(namespace, name));
    if (!rc || (rc.metadata as { deletionTimestamp?: string }).deletionTimestamp) return undefined;
    rc.apiVersion ??= REDIS_CLUSTER_KIND.apiVersion;
    return { rc, ...(await observe({ client: ctx.client, pods, nodes, now: ctx.now }, rc)) };
  };
  return {
    name: 'redis-cluster-operator',
    async setup(c, enqueue) {
      ctx = c;
      if (options.installCrd !== false) await installCrds(c.client, [redisClusterKind], { log: c.log });
      clusters = c.informers.informer(redisClusterPath());
      pods = c.informers.informer('/api/v1/pods', { labelSelector: CLUSTER_LABEL });
      nodes = c.informers.informer('/api/v1/nodes');
      const own = (o: KubeObject): void => enqueue(`${o['metadata'].namespace}/${o['metadata'].name}`);
      clusters.on({ add: own, update: (_, n) => own(n) });
      const byPod = (p: KubeObject): void => {
        const name = p['metadata']?.labels?.[CLUSTER_LABEL];
        if (name) enqueue(`${p['metadata'].namespace}/${name}`);
      };
      pods.on({ add: byPod, update: (_, n) => byPod(n), delete: byPod });
    },
    async plan(key) {
      const o = await observeKey(key);
      return o ? plan(o.observed) : undefined;
    },
    async reconcile(key) {
      if (!ctx) throw new Error('reconcile before setup');
      const o = await observeKey(key);
      if (!o) return;
      const { rc, observed, password } = o;
      const p = plan(observed);
      ctx.log.debug({ key, actions: p.actions.map((a) => ({ ...a, object: undefined })), waitingFor: p.waitingFor }, 'plan');
      const completed = await act({ client: ctx.client, events: ctx.events, log: ctx.log, now: ctx.now }, rc, p, password);
      return { requeueAfterMs: completed ? p.requeueAfterMs : POLL_BUSY_MS };
    },
  };
}

/** The entry for the operator list (src/operators/index.ts). */
export const redisClusterOperator: OperatorEntry = { kind: redisClusterKind, create: () => createRedisClusterOperator() };
