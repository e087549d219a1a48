/**
 * Taints and tolerations: the NodeUnschedulable and TaintToleration filters and the
 * PreferNoSchedule score. A node whose Ready condition is not True counts as carrying the taint the
 * node lifecycle controller would give it (not-ready / unreachable, NoSchedule), so a pod that
 * tolerates it (a DaemonSet's) can still land there.
 */
import type { KubeObject } from '../runtime/types.js';
import type { FilterResult, NodeInfo } from './types.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export const unschedulableTaintKey = 'node.kubernetes.io/unschedulable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const unreachableTaintKey = 'node.kubernetes.io/unreachable';

/** Does one toleration tolerate one taint (key, operator Exists/Equal, value, effect)? */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const operator = t.operator ?? 'Equal';
  if (!t.key) return operator === 'Exists';
  if (t.key !== taint.key) return false;
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

export function isTolerated(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

function tolerationsOf(pod: KubeObject): Toleration[] {
  return pod['spec']?.tolerations ?? [];
}

/** The node's taints, plus the not-ready / unreachable taint its Ready condition implies. */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints: Taint[] = [...(node['spec']?.taints ?? [])];
  const ready = (node['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'Ready');
  const implied = ready?.status === 'True' ? undefined : ready?.status === 'False' ? notReadyTaintKey : unreachableTaintKey;
  if (implied && !taints.some((t) => t.key === implied && t.effect === 'NoSchedule')) taints.push({ key: implied, effect: 'NoSchedule' });
  return taints;
}

/** NodeUnschedulable: a cordoned node takes only pods that tolerate node.kubernetes.io/unschedulable. */
export function filterUnschedulable(pod: KubeObject, node: NodeInfo): FilterResult {
  if (!node.node['spec']?.unschedulable) return undefined;
  return isTolerated(tolerationsOf(pod), { key: unschedulableTaintKey, effect: 'NoSchedule' }) ? undefined : ['node(s) were unschedulable'];
}

/** TaintToleration: every NoSchedule / NoExecute taint must be tolerated; names the first that is not. */
export function filterTaints(pod: KubeObject, node: NodeInfo): FilterResult {
  const tolerations = tolerationsOf(pod);
  for (const taint of effectiveTaints(node.node)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!isTolerated(tolerations, taint)) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  }
  return undefined;
}

/** How many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
export function countIntolerablePreferNoSchedule(pod: KubeObject, node: NodeInfo): number {
  const tolerations = tolerationsOf(pod).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return effectiveTaints(node.node).filter((t) => t.effect === 'PreferNoSchedule' && !isTolerated(tolerations, t)).length;
}
