/**
 * The taints the node lifecycle controller owns and derives from a Node's conditions, as
 * kube-controller-manager's doNoScheduleTaintingPass and processTaintBaseEviction do: NoSchedule
 * taints for Ready False/Unknown, pressure conditions and cordon; NoExecute not-ready / unreachable
 * taints (which the taint manager evicts by). Other taints (the user's, out-of-service) are kept
 * untouched. Pure.
 */
import { notReadyTaintKey, unreachableTaintKey, unschedulableTaintKey, type Taint } from '../scheduler/taints.js';
import type { KubeObject } from '../runtime/types.js';
import { timestamp } from './node-conditions.js';

export { notReadyTaintKey, unreachableTaintKey, unschedulableTaintKey };
export const outOfServiceTaintKey = 'node.kubernetes.io/out-of-service';

export interface NodeTaint extends Taint {
  timeAdded?: string;
}

/** condition type -> status -> the NoSchedule taint key it implies (kube's nodeConditionToTaintKeyStatusMap). */
const conditionTaints: Record<string, Record<string, string>> = {
  Ready: { False: notReadyTaintKey, Unknown: unreachableTaintKey },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const noScheduleKeys = new Set([...Object.values(conditionTaints).flatMap((m) => Object.values(m)), unschedulableTaintKey]);
const noExecuteKeys = new Set([notReadyTaintKey, unreachableTaintKey]);

/** Is this a taint this controller adds and removes? */
export function isControllerTaint(t: Taint): boolean {
  return (t.effect === 'NoSchedule' && noScheduleKeys.has(t.key)) || (t.effect === 'NoExecute' && noExecuteKeys.has(t.key));
}

/**
 * The controller's taints a node with these conditions should carry. `evictionSuspended` (every node
 * of the zone is down: kube's full-disruption mode) withholds the NoExecute ones so nothing is evicted.
 */
export function desiredControllerTaints(spec: KubeObject | undefined, conditions: KubeObject[], evictionSuspended: boolean): Taint[] {
  const taints: Taint[] = [];
  for (const c of conditions) {
    const key = conditionTaints[c['type']]?.[c['status']];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (spec?.['unschedulable']) taints.push({ key: unschedulableTaintKey, effect: 'NoSchedule' });
  const ready = conditions.find((c) => c['type'] === 'Ready')?.['status'];
  if (!evictionSuspended && ready === 'False') taints.push({ key: notReadyTaintKey, effect: 'NoExecute' });
  if (!evictionSuspended && ready === 'Unknown') taints.push({ key: unreachableTaintKey, effect: 'NoExecute' });
  return taints;
}

const same = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

/**
 * The node's new taint list: everything not ours kept in order, ours kept when still wanted (with
 * their timeAdded), the missing ones appended with timeAdded = now. Undefined when nothing changes.
 */
export function reconcileTaints(current: NodeTaint[], desired: Taint[], nowMs: number): NodeTaint[] | undefined {
  const kept = current.filter((t) => !isControllerTaint(t) || desired.some((d) => same(d, t)));
  const added = desired.filter((d) => !current.some((t) => same(d, t))).map((d) => ({ key: d.key, effect: d.effect, timeAdded: timestamp(nowMs) }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

export function hasTaintKey(node: KubeObject | undefined, key: string): boolean {
  return (node?.['spec']?.taints ?? []).some((t: Taint) => t.key === key);
}
