/**
 * The NoExecute taint manager (kube's tainteviction controller): deletes pods from nodes whose
 * NoExecute taints they do not tolerate, at once or when their tolerationSeconds run out. Pods are
 * first given the DisruptionTarget condition, then deleted normally (graceful); with no kubelet to
 * confirm, a pod on a dead node then stays terminating until pod GC force-deletes it.
 */
import type { ControllerContext, Informer, KubeObject, ReconcileResult, Reconciler } from '../runtime/types.js';
import { objectKey, splitKey } from '../runtime/types.js';
import { timestamp } from './node-conditions.js';
import type { NodeTaint } from './node-taints.js';
import { deletePod, patchPodStatus, podsOnNode } from './pod-writes.js';
import { noExecuteTaints, planTaintEviction } from './taint-eviction-plan.js';

export interface TaintEvictionOptions {
  /** The clock tolerationSeconds are measured by (default the controller context's). */
  now?: () => Date;
}

export const disruptionByTaintManager = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' } as const;

export function createTaintEvictionController(options: TaintEvictionOptions = {}): Reconciler {
  let ctx!: ControllerContext;
  let nodes!: Informer;
  let pods!: Informer;
  /** node/taint -> when first seen, for taints without timeAdded. */
  const firstSeen = new Map<string, number>();
  const now = (): number => (options.now ?? ctx.now)().getTime();

  const startOf = (nodeName: string) => (taint: NodeTaint): number => {
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
    if (!Number.isNaN(added)) return added;
    const key = `${nodeName}|${taint.key}|${taint.value ?? ''}`;
    if (!firstSeen.has(key)) firstSeen.set(key, now());
    return firstSeen.get(key)!;
  };

  return {
    name: 'taint-eviction',
    setup(c, enqueue) {
      ctx = c;
      nodes = c.informers.informer('/api/v1/nodes');
      pods = c.informers.informer('/api/v1/pods');
      const forNode = (node: KubeObject): void => {
        for (const p of podsOnNode(pods.list(), node['metadata'].name)) enqueue(objectKey(p));
      };
      nodes.on({
        add: forNode,
        update: (oldNode, node) => {
          if (JSON.stringify(noExecuteTaints(oldNode)) !== JSON.stringify(noExecuteTaints(node))) forNode(node);
        },
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
      const decision = planTaintEviction(pod, node, nowMs, startOf(nodeName ?? ''));
      if (decision.type === 'EvictAt') return { requeueAfterMs: decision.atMs - nowMs + 1 };
      if (decision.type !== 'Evict') return;
      const meta = pod['metadata'];
      const condition = { ...disruptionByTaintManager, lastTransitionTime: timestamp(nowMs) };
      if (!(await patchPodStatus(ctx.client, { namespace: meta.namespace, name: meta.name }, { conditions: [condition] }))) return;
      if (await deletePod(ctx.client, pod)) {
        ctx.log.info({ pod: key, node: nodeName, taints: decision.taints }, 'evicted pod: its node has a NoExecute taint it does not tolerate');
        ctx.events.event({ ...pod, kind: 'Pod', apiVersion: 'v1' }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
      }
    },
  };
}
