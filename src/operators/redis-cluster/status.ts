/**
 * Status from the observed views (pure): each node's role, master, slots and link state, the
 * cluster state, and the Ready / Progressing / Degraded conditions with what they wait for.
 */
import type { Condition, ConditionStatus, ConditionType } from '../framework/types.js';
import { formatRanges, isMaster, isMyself } from './cluster-nodes.js';
import type { Observed } from './observe.js';
import { TOTAL_SLOTS, podCount, type RedisClusterNodeStatus, type RedisClusterStatus } from './types.js';

export function nodeStatuses(o: Observed): RedisClusterNodeStatus[] {
  const podOfId = new Map(o.views.filter((v) => v.id).map((v) => [v.id!, v.pod]));
  return o.pods.map((p) => {
    const v = o.views.find((x) => x.pod === p.name);
    const me = v?.nodes?.find(isMyself);
    const base: RedisClusterNodeStatus = { pod: p.name, ...(p.nodeName ? { nodeName: p.nodeName } : {}), ...(p.ip ? { ip: p.ip } : {}) };
    if (!v) return { ...base, role: 'unknown', error: p.deleting ? 'pod terminating' : `pod ${p.phase}` };
    if (!me) return { ...base, role: 'unknown', error: v.error ?? 'no answer' };
    const role = isMaster(me) ? 'master' : 'replica';
    const out: RedisClusterNodeStatus = { ...base, id: me.id, role, slots: formatRanges(me.slots) };
    const offset = Number(v.replication?.[me.masterId ? 'slave_repl_offset' : 'master_repl_offset']);
    if (Number.isInteger(offset)) out.offset = offset;
    if (me.masterId) {
      out.masterId = me.masterId;
      const mp = podOfId.get(me.masterId);
      if (mp) out.masterPod = mp;
      out.linkStatus = v.replication?.['master_link_status'] ?? 'unknown';
    }
    return out;
  });
}

export function setCondition(prev: Condition[] | undefined, type: ConditionType, status: ConditionStatus, reason: string, message: string, now: string, generation?: number): Condition {
  const old = prev?.find((c) => c.type === type);
  return {
    type, status, reason, message,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}

export interface Readiness {
  ready: boolean;
  reason: string;
  message: string;
  degraded?: { reason: string; message: string };
}

/** Ready = every pod answers, cluster_state ok everywhere, 16384 slots, M masters, every replica's link up. */
export function assessReadiness(o: Observed, nodes: RedisClusterNodeStatus[]): Readiness {
  const want = podCount(o.spec);
  const answering = nodes.filter((n) => n.id);
  if (o.pods.length < want) return { ready: false, reason: 'WaitingForPods', message: `${o.pods.length} of ${want} pods exist` };
  const silent = nodes.filter((n) => !n.id);
  const views = o.views.filter((v) => v.clusterInfo);
  const assigned = Math.max(0, ...views.map((v) => Number(v.clusterInfo?.['cluster_slots_assigned'] ?? 0)));
  const bootstrapped = assigned > 0;
  if (silent.length > 0) {
    const msg = `waiting for ${silent.map((n) => `${n.pod} (${n.error ?? 'no answer'})`).join(', ')}`;
    return bootstrapped
      ? { ready: false, reason: 'NodeUnreachable', message: msg, degraded: { reason: 'NodeUnreachable', message: msg } }
      : { ready: false, reason: 'WaitingForPods', message: msg };
  }
  if (!bootstrapped) return { ready: false, reason: 'Bootstrapping', message: 'no slots assigned yet: bootstrapping the cluster' };
  const notOk = views.filter((v) => v.clusterInfo?.['cluster_state'] !== 'ok').map((v) => v.pod);
  if (notOk.length > 0) {
    const msg = `cluster_state is not ok on ${notOk.join(', ')}`;
    return { ready: false, reason: 'ClusterStateFail', message: msg, degraded: { reason: 'ClusterStateFail', message: msg } };
  }
  if (assigned < TOTAL_SLOTS) return { ready: false, reason: 'SlotsUncovered', message: `${assigned} of ${TOTAL_SLOTS} slots assigned`, degraded: { reason: 'SlotsUncovered', message: `${TOTAL_SLOTS - assigned} slots have no owner` } };
  const masters = answering.filter((n) => n.role === 'master' && (n.slots ?? []).length > 0);
  if (masters.length !== o.spec.masters) return { ready: false, reason: 'WaitingForMasters', message: `${masters.length} masters own slots, want ${o.spec.masters}` };
  const down = answering.filter((n) => n.role === 'replica' && n.linkStatus !== 'up');
  if (down.length > 0) {
    const msg = `waiting for the replication link of ${down.map((n) => `${n.pod} -> ${n.masterPod ?? n.masterId}`).join(', ')}`;
    return { ready: false, reason: 'ReplicaLinkDown', message: msg };
  }
  // a replica its master does not list yet (gossip) cannot take over by CLUSTER FAILOVER: not Ready
  const unlisted = answering.filter((n) => n.role === 'replica' && n.masterId && !o.views.find((v) => v.id === n.masterId)?.nodes?.some((x) => x.id === n.id && x.masterId === n.masterId));
  if (unlisted.length > 0) {
    return { ready: false, reason: 'ReplicaUnknownToMaster', message: `waiting for ${unlisted.map((n) => `${n.masterPod ?? n.masterId} to list ${n.pod}`).join(', ')} as its replica (cluster gossip)` };
  }
  const short = masters.filter((m) => answering.filter((n) => n.masterId === m.id).length < o.spec.replicasPerMaster);
  if (short.length > 0) return { ready: false, reason: 'WaitingForReplicas', message: `masters without enough replicas: ${short.map((m) => m.pod).join(', ')}` };
  return { ready: true, reason: 'ClusterOk', message: `${masters.length} masters, ${answering.length - masters.length} replicas in sync, all ${TOTAL_SLOTS} slots covered` };
}

/** The whole status; `busy` names what is being done (an operation or actions), if anything. */
export function buildStatus(o: Observed, busy: string | undefined): RedisClusterStatus {
  const prev = o.rc.status?.conditions;
  const gen = o.rc.metadata.generation;
  const nodes = nodeStatuses(o);
  const r = assessReadiness(o, nodes);
  const info = o.views.find((v) => v.clusterInfo)?.clusterInfo;
  const ownedSlots = new Set<number>();
  for (const v of o.views) for (const n of v.nodes ?? []) if (isMyself(n)) for (const [a, b] of n.slots) for (let s = a; s <= b; s++) ownedSlots.add(s);
  const progressing = busy ?? (r.ready ? undefined : r.message);
  return {
    observedGeneration: gen,
    ...(info?.['cluster_state'] ? { clusterState: info['cluster_state'] } : {}),
    slotsAssigned: ownedSlots.size,
    nodes,
    conditions: [
      setCondition(prev, 'Ready', r.ready ? 'True' : 'False', r.reason, r.message, o.now, gen),
      setCondition(prev, 'Progressing', progressing ? 'True' : 'False', progressing ? (busy ? 'Reconciling' : r.reason) : 'Idle', progressing ?? 'nothing to do', o.now, gen),
      setCondition(prev, 'Degraded', r.degraded ? 'True' : 'False', r.degraded?.reason ?? 'AsExpected', r.degraded?.message ?? 'no fault seen', o.now, gen),
    ],
  };
}
