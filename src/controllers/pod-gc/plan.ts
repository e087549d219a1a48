/**
 * Pod GC's decision for one pod, pure (kube's podgc controller, minus the terminated-pod threshold):
 * - terminating pods on a node that is not Ready and carries the node.kubernetes.io/out-of-service
 *   taint are force-deleted (what lets a StatefulSet replace a pod of a dead node);
 * - terminating pods never scheduled are force-deleted;
 * - pods bound to a node that does not exist are force-deleted once the node has been missing for
 *   the quarantine time and a fresh read confirms it (orphans).
 */
import type { KubeObject } from '../runtime/types.js';
import { isNodeReady } from '../node-lifecycle/node-conditions.js';
import { hasTaintKey, outOfServiceTaintKey } from '../node-lifecycle/node-taints.js';

export type PodGcDecision =
  | { type: 'Keep' }
  | { type: 'ForceDelete'; why: 'OutOfService' | 'Unscheduled' }
  /** The node is missing from the cache: re-check then. */
  | { type: 'CheckOrphanAt'; atMs: number }
  /** The node has been missing for the quarantine time: confirm with the API, then force-delete. */
  | { type: 'DeleteIfNodeGone' };

export interface PodGcObservation {
  pod: KubeObject;
  /** The pod's node from the cache (undefined: not there). */
  node: KubeObject | undefined;
  /** Since when the pod's node has been missing from the cache. */
  nodeMissingSinceMs: number | undefined;
}

export function planPodGc(o: PodGcObservation, nowMs: number, quarantineMs: number): PodGcDecision {
  const nodeName: string | undefined = o.pod['spec']?.nodeName;
  const terminating = Boolean(o.pod['metadata']?.deletionTimestamp);
  // already force-deleted and held only by finalizers: deleting again would just rewrite it
  if (terminating && o.pod['metadata']?.deletionGracePeriodSeconds === 0) return { type: 'Keep' };
  if (!nodeName) return terminating ? { type: 'ForceDelete', why: 'Unscheduled' } : { type: 'Keep' };
  if (!o.node) {
    const since = o.nodeMissingSinceMs ?? nowMs;
    return since + quarantineMs <= nowMs ? { type: 'DeleteIfNodeGone' } : { type: 'CheckOrphanAt', atMs: since + quarantineMs };
  }
  if (terminating && !isNodeReady(o.node) && hasTaintKey(o.node, outOfServiceTaintKey)) return { type: 'ForceDelete', why: 'OutOfService' };
  return { type: 'Keep' };
}

/** Terminal pods keep their phase; others are marked Failed before a force delete, as kube does. */
export function isTerminal(pod: KubeObject): boolean {
  const phase = pod['status']?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
