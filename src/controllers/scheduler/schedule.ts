/**
 * One scheduling decision, pure: filter every node (kube's plugin order, first failing filter
 * gives the node's reasons), score the feasible ones, pick the best (ties: node name order), and
 * say what to do - bind, wait for WaitForFirstConsumer volumes, or explain why nothing fits.
 */
import type { KubeObject } from '../runtime/types.js';
import { fitErrorMessage, preFilterMessage } from './fit-error.js';
import { filterHostPorts } from './host-ports.js';
import { filterNodeAffinity } from './node-affinity.js';
import { podAffinityFilter } from './pod-affinity.js';
import { filterResources } from './resources.js';
import { scoreNodes, type NodeScore } from './score.js';
import { filterTaints, filterUnschedulable } from './taints.js';
import type { ClusterSnapshot, FilterResult, NodeInfo, SchedulePlan } from './types.js';
import { filterVolumes, preFilterVolumes, previouslySelectedNode, selectedNodeAnnotation } from './volume-binding.js';

export interface ScheduleResult {
  plan: SchedulePlan;
  /** Per infeasible node, why (for logs and tests). */
  reasons: Map<string, string[]>;
  scores: NodeScore[];
}

/** Run the filters in kube's order; the node's reasons come from the first filter that rejects it. */
export function filterNodes(pod: KubeObject, snapshot: ClusterSnapshot, claims: Parameters<typeof filterVolumes>[0]): { feasible: NodeInfo[]; reasons: Map<string, string[]> } {
  const filters: ((n: NodeInfo) => FilterResult)[] = [
    (n) => filterUnschedulable(pod, n),
    (n) => filterTaints(pod, n),
    (n) => filterNodeAffinity(pod, n),
    (n) => filterHostPorts(pod, n),
    (n) => filterResources(pod, n),
    (n) => filterVolumes(claims, n, snapshot),
    podAffinityFilter(pod, snapshot),
  ];
  const feasible: NodeInfo[] = [];
  const reasons = new Map<string, string[]>();
  for (const node of snapshot.nodes) {
    let failed: string[] | undefined;
    for (const f of filters) {
      failed = f(node);
      if (failed) break;
    }
    if (failed) reasons.set(node.name, failed);
    else feasible.push(node);
  }
  return { feasible, reasons };
}

/** The highest total wins; equal totals go to the first node in name order. */
export function pickNode(scores: NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (!best || s.total > best.total) best = s;
  return best?.node;
}

export function schedulePod(pod: KubeObject, snapshot: ClusterSnapshot): ScheduleResult {
  const total = snapshot.nodes.length;
  const none = { reasons: new Map<string, string[]>(), scores: [] };
  if (total === 0) return { ...none, plan: { type: 'Unschedulable', message: fitErrorMessage(0, none.reasons) } };
  const volumes = preFilterVolumes(pod, snapshot);
  if ('message' in volumes) return { ...none, plan: { type: 'Unschedulable', message: preFilterMessage(total, volumes.message) } };
  const { feasible, reasons } = filterNodes(pod, snapshot, volumes.claims);
  if (feasible.length === 0) return { reasons, scores: [], plan: { type: 'Unschedulable', message: fitErrorMessage(total, reasons) } };
  const scores = scoreNodes(pod, feasible, snapshot);
  // A node chosen earlier for claims that are still being provisioned keeps the pod while it fits.
  const earlier = previouslySelectedNode(volumes.claims);
  const node = earlier && feasible.some((n) => n.name === earlier) ? earlier : pickNode(scores)!;
  const unbound = volumes.claims.filter((c) => !c.bound);
  if (unbound.length === 0) return { reasons, scores, plan: { type: 'Bind', node } };
  const annotate = unbound.filter((c) => c.claim['metadata']?.annotations?.[selectedNodeAnnotation] !== node).map((c) => c.name);
  return { reasons, scores, plan: { type: 'AwaitVolumes', node, annotate, waitingFor: unbound.map((c) => c.name) } };
}
