/**
 * What the node lifecycle controller reads and writes in a Node's status: when the node was last
 * heard from (Ready heartbeat or Lease renewal) and the conditions it sets to Unknown when that is
 * too long ago, as kube-controller-manager's tryUpdateNodeHealth does. Pure.
 */
import type { KubeObject } from '../runtime/types.js';

/** The conditions a silent node gets set to Unknown (kube: Ready + remainingNodeConditionTypes). */
export const monitoredConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export const stoppedPosting = { reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } as const;
export const neverPosted = { reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' } as const;

export const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseTime(value: unknown): number | undefined {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

export function conditionOf(obj: KubeObject | undefined, type: string): KubeObject | undefined {
  return (obj?.['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === type);
}

/** 'True' | 'False' | 'Unknown', or undefined when the node never posted a Ready condition. */
export function readyStatus(node: KubeObject): string | undefined {
  return conditionOf(node, 'Ready')?.['status'];
}

export function isNodeReady(node: KubeObject | undefined): boolean {
  return node !== undefined && readyStatus(node) === 'True';
}

/**
 * The last sign of life: the Ready condition's heartbeat or the Lease's renewTime, but never before
 * `notBeforeMs` (when this controller first saw the node), so a controller that starts after a
 * pause gives every node a full grace period, as kube's in-memory probe timestamps do.
 */
export function lastHeardFrom(node: KubeObject, lease: KubeObject | undefined, notBeforeMs: number): number | undefined {
  const heartbeat = parseTime(conditionOf(node, 'Ready')?.['lastHeartbeatTime']);
  const renewed = parseTime(lease?.['spec']?.renewTime);
  const times = [heartbeat, renewed].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.max(notBeforeMs, ...times);
}

/**
 * The node's conditions with every monitored one set to Unknown (a missing one added as never
 * posted); lastHeartbeatTime is kept, lastTransitionTime moves only when the status changes.
 * Undefined when they are all Unknown already.
 */
export function unknownConditions(node: KubeObject, nowMs: number, why: { reason: string; message: string }): KubeObject[] | undefined {
  const conditions: KubeObject[] = (node['status']?.conditions ?? []).map((c: KubeObject) => ({ ...c }));
  let changed = false;
  for (const type of monitoredConditionTypes) {
    const c = conditions.find((x) => x['type'] === type);
    if (!c) {
      const created = node['metadata']?.creationTimestamp ?? timestamp(nowMs);
      conditions.push({ type, status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: timestamp(nowMs), ...neverPosted });
      changed = true;
    } else if (c['status'] !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', lastTransitionTime: timestamp(nowMs), ...why });
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}
