/**
 * The NodePorts filter: two pods on one node cannot claim the same hostPort and protocol on
 * overlapping host IPs (an empty hostIP or 0.0.0.0 overlaps every address).
 */
import type { KubeObject } from '../runtime/types.js';
import type { FilterResult, NodeInfo } from './types.js';

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export function hostPorts(pod: KubeObject): HostPort[] {
  const out: HostPort[] = [];
  const containers: KubeObject[] = [...(pod['spec']?.initContainers ?? []), ...(pod['spec']?.containers ?? [])];
  for (const c of containers) {
    for (const p of c['ports'] ?? []) {
      if (p.hostPort > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port: p.hostPort });
    }
  }
  return out;
}

function conflicts(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');
}

export function filterHostPorts(pod: KubeObject, node: NodeInfo): FilterResult {
  const wanted = hostPorts(pod);
  if (wanted.length === 0) return undefined;
  const used = node.pods.flatMap(hostPorts);
  return wanted.some((w) => used.some((u) => conflicts(w, u))) ? ["node(s) didn't have free ports for the requested pod ports"] : undefined;
}
