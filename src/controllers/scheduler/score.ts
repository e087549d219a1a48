/**
 * Scoring the feasible nodes as kube-scheduler's default profile does: each plugin scores 0..100
 * after normalisation, then a weighted sum - TaintToleration (PreferNoSchedule) 3, NodeAffinity
 * (preferred) 2, InterPodAffinity (preferred, both ways) 2, NodeResourcesFit LeastAllocated 1.
 * Integer arithmetic, like kube, so that equal nodes tie and the tie-break (node name) decides.
 */
import type { KubeObject } from '../runtime/types.js';
import { scorePreferredNodeAffinity } from './node-affinity.js';
import { scorePodAffinity } from './pod-affinity.js';
import { scoreLeastAllocated } from './resources.js';
import { countIntolerablePreferNoSchedule } from './taints.js';
import type { ClusterSnapshot, NodeInfo } from './types.js';

export const scoreWeights = { taintToleration: 3, nodeAffinity: 2, interPodAffinity: 2, leastAllocated: 1 } as const;

const maxScore = 100;

/** Scale to 0..max by the largest raw score; `reverse` makes fewer better (0 raw -> 100). */
export function normalizeByMax(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse ? maxScore : 0));
  return raw.map((r) => {
    const s = Math.floor((maxScore * r) / max);
    return reverse ? maxScore - s : s;
  });
}

/** Scale to 0..max between the smallest and the largest raw score (all equal -> all 0). */
export function normalizeMinMax(raw: number[]): number[] {
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  if (max === min) return raw.map(() => 0);
  return raw.map((r) => Math.floor((maxScore * (r - min)) / (max - min)));
}

export interface NodeScore {
  node: string;
  total: number;
  taintToleration: number;
  nodeAffinity: number;
  interPodAffinity: number;
  leastAllocated: number;
}

export function scoreNodes(pod: KubeObject, nodes: NodeInfo[], snapshot: ClusterSnapshot): NodeScore[] {
  const taint = normalizeByMax(nodes.map((n) => countIntolerablePreferNoSchedule(pod, n)), true);
  const nodeAffinity = normalizeByMax(nodes.map((n) => scorePreferredNodeAffinity(pod, n)), false);
  const interPod = normalizeMinMax(scorePodAffinity(pod, nodes, snapshot));
  return nodes.map((n, i) => {
    const s = {
      node: n.name,
      taintToleration: taint[i]!,
      nodeAffinity: nodeAffinity[i]!,
      interPodAffinity: interPod[i]!,
      leastAllocated: scoreLeastAllocated(pod, n),
    };
    const total =
      scoreWeights.taintToleration * s.taintToleration +
      scoreWeights.nodeAffinity * s.nodeAffinity +
      scoreWeights.interPodAffinity * s.interPodAffinity +
      scoreWeights.leastAllocated * s.leastAllocated;
    return { ...s, total };
  });
}
