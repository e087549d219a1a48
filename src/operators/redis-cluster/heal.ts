/**
 * Healing a bootstrapped cluster (pure): node ids are the identity, addresses are not.
 * - a peer records a known node at an old IP -> CLUSTER MEET <new ip> from that peer;
 * - a pod that came back empty (knows only itself, no slots) -> MEET from a healthy peer;
 * - a known master without slots while all masters are staffed -> REPLICATE to the master that
 *   lacks replicas most (on another virtual node where possible);
 * - a failed id that belongs to no pod (a pod that lost its volume) -> FORGET on every node.
 */
import type { PlannedAction } from '../framework/types.js';
import { isFailed, isMaster, isMyself, type ClusterNodeLine } from './cluster-nodes.js';
import { isFreshNode } from './bootstrap.js';
import type { NodeView, Observed } from './observe.js';

const myself = (v: NodeView): ClusterNodeLine | undefined => v.nodes?.find(isMyself);

/** The view that knows the most nodes (the best single picture of the cluster). */
export function referenceView(views: NodeView[]): NodeView | undefined {
  return views.filter((v) => v.nodes && !isFreshNode(v)).sort((a, b) => (b.nodes?.length ?? 0) - (a.nodes?.length ?? 0))[0];
}

export function planHeal(o: Observed): PlannedAction[] {
  const actions: PlannedAction[] = [];
  const healthy = o.views.filter((v) => v.id && v.nodes);
  const ref = referenceView(healthy);
  if (!ref) return actions;
  const podOfId = new Map(healthy.map((v) => [v.id!, v]));
  const nodeNameOf = (pod: string): string | undefined => o.pods.find((p) => p.name === pod)?.nodeName;

  // 1. addresses: a peer that records a pod's id at another IP, or does not know it at all
  const met = new Set<string>();
  for (const target of healthy) {
    if (isFreshNode(target)) {
      if (ref.pod !== target.pod) {
        actions.push({ type: 'Meet', pod: ref.pod, ip: ref.ip, targetPod: target.pod, targetIp: target.ip, reason: `${target.pod} came back empty: introduce it to the cluster` });
      }
      met.add(target.pod);
      continue;
    }
    for (const peer of healthy) {
      if (peer === target || met.has(target.pod) || isFreshNode(peer)) continue;
      const line = peer.nodes!.find((n) => n.id === target.id);
      if (line && line.ip !== target.ip && !line.flags.includes('handshake')) {
        actions.push({ type: 'Meet', pod: peer.pod, ip: peer.ip, targetPod: target.pod, targetIp: target.ip, reason: `${peer.pod} knows ${target.pod} (${target.id}) at ${line.ip || 'no address'}, its pod IP is ${target.ip}` });
        met.add(target.pod);
      }
    }
  }

  // 2. a known, empty master while the masters are all staffed: make it a replica
  const masters = ref.nodes!.filter((n) => isMaster(n) && n.slots.length > 0 && !isFailed(n));
  if (masters.length >= o.spec.masters) {
    const replicasOf = new Map(masters.map((m) => [m.id, ref.nodes!.filter((n) => n.masterId === m.id).length]));
    for (const v of healthy) {
      const me = myself(v);
      if (!me || isFreshNode(v) || met.has(v.pod) || !isMaster(me) || me.slots.length > 0) continue;
      if (!ref.nodes!.some((n) => n.id === v.id)) continue; // not known yet: the MEET comes first
      const pick = [...masters].sort((a, b) => {
        const an = podOfId.get(a.id)?.pod;
        const bn = podOfId.get(b.id)?.pod;
        const sameA = an !== undefined && nodeNameOf(an) === nodeNameOf(v.pod) ? 1 : 0;
        const sameB = bn !== undefined && nodeNameOf(bn) === nodeNameOf(v.pod) ? 1 : 0;
        return (replicasOf.get(a.id) ?? 0) - (replicasOf.get(b.id) ?? 0) || sameA - sameB;
      })[0]!;
      replicasOf.set(pick.id, (replicasOf.get(pick.id) ?? 0) + 1);
      actions.push({ type: 'Replicate', pod: v.pod, ip: v.ip, masterId: pick.id, masterPod: podOfId.get(pick.id)?.pod, masterIp: podOfId.get(pick.id)?.ip, reason: `${v.pod} is a master without slots: replicate ${podOfId.get(pick.id)?.pod ?? pick.id}` });
    }
  }

  // 3. ghosts: failed ids that no pod has (only when every pod answered, so none is merely away)
  const allAnswered = o.pods.length > 0 && o.pods.every((p) => healthy.some((v) => v.pod === p.name));
  if (allAnswered) {
    const ghosts = new Set<string>();
    for (const v of healthy) for (const n of v.nodes!) if (!podOfId.has(n.id) && isFailed(n) && !n.flags.includes('handshake')) ghosts.add(n.id);
    for (const id of ghosts) {
      // a replica must not FORGET its own master: re-point first (Redis refuses it anyway)
      const forgetters = healthy.filter((v) => v.nodes!.some((n) => n.id === id) && myself(v)?.masterId !== id);
      if (forgetters.length > 0) actions.push({ type: 'Forget', id, pods: forgetters.map((v) => ({ pod: v.pod, ip: v.ip })), reason: `node ${id} belongs to no pod and is failing` });
    }
  }
  return actions;
}
