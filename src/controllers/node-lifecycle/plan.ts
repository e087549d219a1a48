/**
 * The node lifecycle decision for one node, pure: is it silent for longer than the grace period
 * (conditions to Unknown, event NodeNotReady), which of our taints it should carry, and which of
 * its pods must be marked not Ready because nobody reports for them any more.
 */
import type { KubeObject } from '../runtime/types.js';
import { conditionOf, lastHeardFrom, neverPosted, stoppedPosting, unknownConditions } from './node-conditions.js';
import { desiredControllerTaints, reconcileTaints, type NodeTaint } from './node-taints.js';

export interface NodeLifecycleTiming {
  /** A node not heard from for longer than this goes Unknown (kube: --node-monitor-grace-period). */
  gracePeriodMs: number;
  /** A registered node that never posted status gets this long (kube: --node-startup-grace-period). */
  startupGracePeriodMs: number;
}

export interface ObservedNode {
  node: KubeObject;
  lease: KubeObject | undefined;
  /** Pods bound to the node. */
  pods: KubeObject[];
  /** When this controller first saw the node (the earliest a silence can be counted from). */
  firstSeenMs: number;
  /**
   * Every other node of the zone is down (or there is none), so this one being down too means the
   * whole zone is: NoExecute taints are withheld, as in kube's full-disruption mode.
   */
  evictionSuspended: boolean;
}

export type NodeAction =
  | { type: 'SetNodeConditions'; conditions: KubeObject[] }
  | { type: 'RecordNodeEvent'; reason: 'NodeNotReady'; message: string }
  | { type: 'SetNodeTaints'; taints: NodeTaint[] }
  | { type: 'MarkPodNotReady'; namespace: string; name: string; uid: string | undefined; resourceVersion: string | undefined };

export interface NodePlan {
  actions: NodeAction[];
  /** How long until the node counts as silent if nothing is heard (undefined: it already is). */
  silentInMs?: number;
}

function parseTime(value: unknown): number | undefined {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** New conditions when the node has been silent too long, plus how long until it would be. */
function planHealth(o: ObservedNode, nowMs: number, timing: NodeLifecycleTiming): { conditions?: KubeObject[]; silentInMs?: number } {
  const ready = conditionOf(o.node, 'Ready');
  if (!ready) {
    const since = Math.max(parseTime(o.node['metadata']?.creationTimestamp) ?? nowMs, o.firstSeenMs);
    const left = since + timing.startupGracePeriodMs - nowMs;
    if (left >= 0) return { silentInMs: left };
    const conditions = unknownConditions(o.node, nowMs, neverPosted);
    return conditions ? { conditions } : {};
  }
  const heard = lastHeardFrom(o.node, o.lease, o.firstSeenMs) ?? o.firstSeenMs;
  const left = heard + timing.gracePeriodMs - nowMs;
  if (left >= 0) return { silentInMs: left };
  const conditions = unknownConditions(o.node, nowMs, stoppedPosting);
  return conditions ? { conditions } : {};
}

function isPodReadyConditionTrueOrUnknown(pod: KubeObject): boolean {
  const ready = conditionOf(pod, 'Ready');
  return ready !== undefined && ready['status'] !== 'False';
}

export function planNode(o: ObservedNode, nowMs: number, timing: NodeLifecycleTiming): NodePlan {
  const name: string = o.node['metadata']?.name;
  const actions: NodeAction[] = [];
  const health = planHealth(o, nowMs, timing);
  const conditions: KubeObject[] = health.conditions ?? o.node['status']?.conditions ?? [];
  if (health.conditions) {
    actions.push({ type: 'SetNodeConditions', conditions: health.conditions });
    if (conditionOf(o.node, 'Ready')?.['status'] === 'True') {
      actions.push({ type: 'RecordNodeEvent', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady` });
    }
  }
  const taints = reconcileTaints(o.node['spec']?.taints ?? [], desiredControllerTaints(o.node['spec'], conditions, o.evictionSuspended), nowMs);
  if (taints) actions.push({ type: 'SetNodeTaints', taints });
  if (conditions.find((c) => c['type'] === 'Ready')?.['status'] === 'Unknown') {
    for (const pod of o.pods) {
      if (pod['spec']?.nodeName !== name || !isPodReadyConditionTrueOrUnknown(pod)) continue;
      const meta = pod['metadata'] ?? {};
      actions.push({ type: 'MarkPodNotReady', namespace: meta.namespace, name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion });
    }
  }
  return health.silentInMs === undefined ? { actions } : { actions, silentInMs: health.silentInMs };
}

/** Is the node down as far as scheduling and eviction are concerned (Ready not True)? */
export function isDown(node: KubeObject): boolean {
  return conditionOf(node, 'Ready')?.['status'] !== 'True';
}
