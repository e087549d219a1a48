/**
 * kube-scheduler's explanation of a failed attempt: "0/3 nodes are available: 1 node(s) were
 * unschedulable, 2 node(s) didn't match pod anti-affinity rules." - each reason counted over the
 * nodes that gave it, the "N reason" parts sorted.
 */

/** reasons: per node, the reasons of the first filter it failed. */
export function fitErrorMessage(totalNodes: number, reasons: Map<string, string[]>): string {
  const counts = new Map<string, number>();
  for (const list of reasons.values()) for (const r of list) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  if (totalNodes === 0) return 'no nodes available to schedule pods';
  return `0/${totalNodes} nodes are available: ${parts.join(', ')}.`;
}

/** A failure before any node is looked at (a missing claim, an unbound immediate claim). */
export function preFilterMessage(totalNodes: number, message: string): string {
  return `0/${totalNodes} nodes are available: ${message}.`;
}
