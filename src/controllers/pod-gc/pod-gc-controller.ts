/**
 * Pod GC (kube-controller-manager's podgc): force-deletes (grace 0) the pods no kubelet will ever
 * finish deleting: terminating pods on an out-of-service node that is not Ready, terminating pods
 * that were never scheduled, and pods bound to a node that no longer exists. Each is first marked
 * Failed (orphans also with the DisruptionTarget condition), so anyone still looking sees why.
 */
import type { ControllerContext, Informer, KubeObject, ReconcileResult, Reconciler } from '../runtime/types.js';
import { objectKey, splitKey } from '../runtime/types.js';
import { timestamp } from '../node-lifecycle/node-conditions.js';
import { deletePod, patchPodStatus, podsOnNode } from '../node-lifecycle/pod-writes.js';
import { isTerminal, planPodGc } from './plan.js';

export interface PodGcOptions {
  /** How long a pod's node must be missing before the pod counts as orphaned (kube: 40 s). */
  orphanQuarantineMs?: number;
  now?: () => Date;
}

export const disruptionByPodGc = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' } as const;

export function createPodGarbageCollector(options: PodGcOptions = {}): Reconciler {
  const quarantineMs = options.orphanQuarantineMs ?? 40_000;
  let ctx!: ControllerContext;
  let nodes!: Informer;
  let pods!: Informer;
  const missingSince = new Map<string, number>();
  const now = (): number => (options.now ?? ctx.now)().getTime();

  async function forceDelete(pod: KubeObject, condition?: KubeObject): Promise<void> {
    const meta = pod['metadata'];
    if (!isTerminal(pod)) {
      const status = condition ? { phase: 'Failed', conditions: [{ ...condition, lastTransitionTime: timestamp(now()) }] } : { phase: 'Failed' };
      if (!(await patchPodStatus(ctx.client, { namespace: meta.namespace, name: meta.name }, status))) return;
    }
    if (await deletePod(ctx.client, pod, 0)) {
      ctx.log.info({ pod: objectKey(pod), node: pod['spec']?.nodeName, reason: condition?.['reason'] }, 'PodGC is force deleting Pod');
    }
  }

  return {
    name: 'pod-gc',
    setup(c, enqueue) {
      ctx = c;
      nodes = c.informers.informer('/api/v1/nodes');
      pods = c.informers.informer('/api/v1/pods');
      const forNode = (node: KubeObject): void => {
        for (const p of podsOnNode(pods.list(), node['metadata'].name)) enqueue(objectKey(p));
      };
      nodes.on({
        add: (n) => missingSince.delete(n['metadata'].name),
        update: (_o, n) => forNode(n),
        delete: forNode,
      });
      pods.on({ add: (p) => enqueue(objectKey(p)), update: (_o, p) => enqueue(objectKey(p)) });
    },
    async reconcile(key): Promise<ReconcileResult | void> {
      const { namespace, name } = splitKey(key);
      const pod = pods.get(namespace, name);
      if (!pod) return;
      const nodeName: string | undefined = pod['spec']?.nodeName;
      const node = nodeName ? nodes.get(undefined, nodeName) : undefined;
      const nowMs = now();
      if (nodeName && !node && !missingSince.has(nodeName)) missingSince.set(nodeName, nowMs);
      const decision = planPodGc({ pod, node, nodeMissingSinceMs: nodeName ? missingSince.get(nodeName) : undefined }, nowMs, quarantineMs);
      switch (decision.type) {
        case 'Keep':
          return;
        case 'CheckOrphanAt':
          return { requeueAfterMs: decision.atMs - nowMs + 1 };
        case 'ForceDelete':
          return forceDelete(pod);
        case 'DeleteIfNodeGone': {
          if (await ctx.client.getIfExists(`/api/v1/nodes/${encodeURIComponent(nodeName!)}`)) {
            missingSince.delete(nodeName!);
            return;
          }
          return forceDelete(pod, disruptionByPodGc);
        }
      }
    },
  };
}
