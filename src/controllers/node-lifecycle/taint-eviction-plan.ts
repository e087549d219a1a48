/**
 * The NoExecute taint manager's decision for one pod, pure (kube's tainteviction controller): a pod
 * on a node with a NoExecute taint it does not tolerate is evicted at once; one whose tolerations
 * all match is evicted when the shortest matching tolerationSeconds has run out (counted from when
 * the taint appeared); tolerations without tolerationSeconds keep it forever.
 */
import type { KubeObject } from '../runtime/types.js';
import { toleratesTaint, type Toleration } from '../scheduler/taints.js';
import type { NodeTaint } from './node-taints.js';

export type EvictionDecision =
  | { type: 'Keep' }
  | { type: 'Evict'; taints: string[] }
  | { type: 'EvictAt'; atMs: number };

/** When the pod's node got the taint; `firstSeenMs` stands in when timeAdded is missing. */
export type TaintStart = (taint: NodeTaint) => number;

const describe = (t: NodeTaint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

export function noExecuteTaints(node: KubeObject | undefined): NodeTaint[] {
  return (node?.['spec']?.taints ?? []).filter((t: NodeTaint) => t.effect === 'NoExecute');
}

export function planTaintEviction(pod: KubeObject, node: KubeObject | undefined, nowMs: number, startOf: TaintStart): EvictionDecision {
  if (!pod['spec']?.nodeName || pod['metadata']?.deletionTimestamp) return { type: 'Keep' };
  const taints = noExecuteTaints(node);
  if (taints.length === 0) return { type: 'Keep' };
  const tolerations: Toleration[] = (pod['spec']?.tolerations ?? []).filter((t: Toleration) => !t.effect || t.effect === 'NoExecute');
  const untolerated = taints.filter((taint) => !tolerations.some((t) => toleratesTaint(t, taint)));
  if (untolerated.length > 0) return { type: 'Evict', taints: untolerated.map(describe) };
  let atMs = Number.POSITIVE_INFINITY;
  for (const taint of taints) {
    // like kube's GetMatchingTolerations: the first toleration that matches is the one used
    const used = tolerations.find((t) => toleratesTaint(t, taint)) as (Toleration & { tolerationSeconds?: number }) | undefined;
    if (typeof used?.tolerationSeconds !== 'number') continue;
    atMs = Math.min(atMs, startOf(taint) + Math.max(0, used.tolerationSeconds) * 1000);
  }
  if (atMs === Number.POSITIVE_INFINITY) return { type: 'Keep' };
  return atMs <= nowMs ? { type: 'Evict', taints: taints.map(describe) } : { type: 'EvictAt', atMs };
}
