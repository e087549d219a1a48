/**
 * The disruption controller: keeps each PodDisruptionBudget's status current (expected, desired and
 * healthy pods, disruptions allowed, the DisruptionAllowed condition) so the eviction API can decide,
 * and retires the evictions it recorded in status.disruptedPods once they show or time out.
 */
import { deepEqual } from '../../lib/deep-equal.js';
import { selectorMatches } from '../../lib/label-selector.js';
import { objectKey, splitKey, type ControllerContext, type Informer, type KubeObject, type Reconciler, type ReconcileResult } from '../runtime/index.js';
import type { OwnerReference } from '../gc/owner-refs.js';
import { BudgetError, computeBudgetStatus, expectedScaleOf, failSafeStatus } from './budget.js';

interface Caches {
  pdbs: Informer;
  pods: Informer;
  statefulsets: Informer;
}

const statusPath = (ns: string, name: string): string => `/apis/policy/v1/namespaces/${encodeURIComponent(ns)}/poddisruptionbudgets/${encodeURIComponent(name)}/status`;

/** A StatefulSet's desired scale, when it is the pod's controller (same uid). */
function scaleFrom(statefulsets: Informer) {
  return (pod: KubeObject, controller: OwnerReference): number | undefined => {
    if (controller.kind !== 'StatefulSet' || !controller.apiVersion.startsWith('apps/')) return undefined;
    const set = statefulsets.get(pod['metadata']?.namespace, controller.name);
    if (!set || set['metadata']?.uid !== controller.uid) return undefined;
    return set['spec']?.replicas ?? 1;
  };
}

export function createDisruptionController(): Reconciler {
  let ctx: ControllerContext | undefined;
  let caches: Caches | undefined;

  const budgetsFor = (pod: KubeObject): KubeObject[] =>
    caches!.pdbs.list(pod['metadata']?.namespace).filter((pdb) => selectorMatches(pdb['spec']?.selector, pod['metadata']?.labels));

  async function writeStatus(pdb: KubeObject, status: KubeObject): Promise<void> {
    const { namespace, name } = pdb['metadata'];
    await ctx!.client.request('PUT', statusPath(namespace, name), { body: { ...pdb, status } });
    ctx!.log.info({ key: `${namespace}/${name}`, disruptionsAllowed: status['disruptionsAllowed'], currentHealthy: status['currentHealthy'], desiredHealthy: status['desiredHealthy'], expectedPods: status['expectedPods'] }, 'updated disruption budget status');
  }

  return {
    name: 'disruption',
    setup(c, enqueue) {
      ctx = c;
      caches = {
        pdbs: c.informers.informer('/apis/policy/v1/poddisruptionbudgets'),
        pods: c.informers.informer('/api/v1/pods'),
        statefulsets: c.informers.informer('/apis/apps/v1/statefulsets'),
      };
      const forPod = (pod: KubeObject): void => {
        for (const pdb of budgetsFor(pod)) enqueue(objectKey(pdb));
      };
      const forNamespace = (obj: KubeObject): void => {
        for (const pdb of caches!.pdbs.list(obj['metadata']?.namespace)) enqueue(objectKey(pdb));
      };
      caches.pdbs.on({ add: (p) => enqueue(objectKey(p)), update: (_o, p) => enqueue(objectKey(p)) });
      caches.pods.on({
        add: forPod,
        update: (oldPod, pod) => {
          forPod(oldPod);
          forPod(pod);
        },
        delete: forPod,
      });
      // A controller's scale is the budget's expected count.
      caches.statefulsets.on({
        add: forNamespace,
        update: (oldSet, set) => {
          if (oldSet['spec']?.replicas !== set['spec']?.replicas) forNamespace(set);
        },
        delete: forNamespace,
      });
    },
    async reconcile(key): Promise<ReconcileResult | void> {
      if (!ctx || !caches) return;
      const { namespace, name } = splitKey(key);
      const pdb = caches.pdbs.get(namespace, name);
      if (!pdb || !namespace) return;
      const pods = caches.pods.list(namespace).filter((p) => selectorMatches(pdb['spec']?.selector, p['metadata']?.labels));
      const now = ctx.now();
      let status: KubeObject;
      let recheckAt: Date | undefined;
      try {
        ({ status, recheckAt } = computeBudgetStatus(pdb, pods, () => expectedScaleOf(pods, scaleFrom(caches!.statefulsets)), now));
      } catch (err) {
        if (!(err instanceof BudgetError)) throw err;
        status = failSafeStatus(pdb, err.message, now);
        ctx.events.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err.message}`);
      }
      if (!deepEqual(status, pdb['status'] ?? {})) await writeStatus(pdb, status);
      if (recheckAt) return { requeueAfterMs: Math.max(0, recheckAt.getTime() - now.getTime()) + 50 };
    },
  };
}
