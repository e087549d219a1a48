/**
 * Restarts without losing a master (pure): a RollingRestart (pods on an outdated StatefulSet
 * revision - an image or config change) and a Failover (`ordinal failover rediscluster NAME --to
 * POD`), both persisted operations whose step names are pod names.
 * - RollingRestart: `restart:<replica>` for every outdated replica first; then for every outdated
 *   master `handover:<master>` (CLUSTER FAILOVER on its best in-sync replica: the master pauses its
 *   clients until the replica has every write, so no acknowledged write is lost) and
 *   `restart:<master>` (by then a replica). A pod is deleted only while the rest of the cluster is
 *   whole (Ready: slots covered, cluster_state ok, every replica linked), one at a time.
 * - Failover: `promote:<pod>`, CLUSTER FAILOVER on that replica.
 * - SpreadMasters: `promote:<pod>` of a replica on a node with fewer masters, when one node runs two
 *   or more masters (a failover, or a restart, put a replica's promotion there): Redis Cluster needs a
 *   majority of masters to replace one, so such a node would take the cluster down with it.
 * A step is done when Redis shows its goal, so a resumed step never repeats an effect blindly.
 */
import { failoverResult, FAILOVER_AUTO, type FailoverRequest, type FailoverResult } from '../framework/failover-request.js';
import type { Operation, PlannedAction, StepRecord } from '../framework/types.js';
import { isMaster, isMyself, type ClusterNodeLine } from './cluster-nodes.js';
import type { NodeView, Observed, ObservedPod } from './observe.js';
import { assessReadiness, nodeStatuses } from './status.js';

export const ROLLING_RESTART = 'RollingRestart';
export const FAILOVER = 'Failover';
export const SPREAD_MASTERS = 'SpreadMasters';
/** A Failover that has not finished after this long is reported Failed. */
export const FAILOVER_DEADLINE_MS = 60_000;

const viewOf = (o: Observed, pod: string): NodeView | undefined => o.views.find((v) => v.pod === pod && v.id && v.nodes);
const me = (o: Observed, pod: string): ClusterNodeLine | undefined => viewOf(o, pod)?.nodes?.find(isMyself);
const podOf = (o: Observed, pod: string): ObservedPod | undefined => o.pods.find((p) => p.name === pod);

/** A master that owns slots, by its own word. */
export function ownsSlots(o: Observed, pod: string): boolean {
  const m = me(o, pod);
  return !!m && isMaster(m) && m.slots.length > 0;
}

export function isOutdated(o: Observed, p: ObservedPod): boolean {
  return !!o.updateRevision && !!p.revision && p.revision !== o.updateRevision;
}

/** The cluster is whole: every pod answers, every slot is served, every replica is linked. */
export function clusterWhole(o: Observed): boolean {
  return assessReadiness(o, nodeStatuses(o)).ready;
}

const offsetOf = (v: NodeView | undefined): number => Number(v?.replication?.['slave_repl_offset'] ?? v?.replication?.['master_repl_offset'] ?? 0);

/**
 * The replica to hand `masterPod`'s slots to: linked, listed by its master, on the new revision if
 * possible, furthest ahead; optionally only on nodes `onNode` accepts.
 */
export function handoverTarget(o: Observed, masterPod: string, onNode: (node: string | undefined) => boolean = () => true): { pod: string; ip: string } | undefined {
  const master = viewOf(o, masterPod);
  const id = master?.id;
  if (!id) return undefined;
  // a master ignores a manual failover request from a node it does not yet list as its replica
  const itsReplicas = new Set(master.nodes!.filter((n) => n.masterId === id).map((n) => n.id));
  const candidates = o.views
    .filter((v) => v.id && itsReplicas.has(v.id) && v.nodes?.find(isMyself)?.masterId === id && v.replication?.['master_link_status'] === 'up')
    .filter((v) => { const p = podOf(o, v.pod); return p && !p.deleting && p.ip && onNode(p.nodeName); })
    .sort((a, b) => {
      const fresh = (v: NodeView): number => (isOutdated(o, podOf(o, v.pod)!) ? 1 : 0);
      return fresh(a) - fresh(b) || offsetOf(b) - offsetOf(a) || a.pod.localeCompare(b.pod);
    });
  const best = candidates[0];
  return best ? { pod: best.pod, ip: podOf(o, best.pod)!.ip! } : undefined;
}

/** A RollingRestart when some pod runs an outdated revision and the cluster is whole. */
export function newRollingRestart(o: Observed): { operation: Operation; reason: string } | { waitingFor: string } | undefined {
  const old = o.pods.filter((p) => isOutdated(o, p));
  if (old.length === 0) return undefined;
  if (!clusterWhole(o)) return { waitingFor: `${old.length} pod(s) on an outdated revision; restarting them once the cluster is Ready` };
  const masters = old.filter((p) => ownsSlots(o, p.name));
  const replicas = old.filter((p) => !ownsSlots(o, p.name));
  const pending = (name: string): StepRecord => ({ name, state: 'pending' });
  const steps = [
    ...replicas.map((p) => pending(`restart:${p.name}`)),
    ...masters.flatMap((p) => (o.spec.replicasPerMaster > 0 ? [pending(`handover:${p.name}`), pending(`restart:${p.name}`)] : [pending(`restart:${p.name}`)])),
  ];
  return {
    operation: { id: `rolling-restart-${o.updateRevision}`, type: ROLLING_RESTART, params: { revision: o.updateRevision }, steps, startedAt: o.now },
    reason: `${old.length} pod(s) run an outdated template (revision ${o.updateRevision}): replicas first, each master after a handover`,
  };
}

/** The action for one step (RunStep; act reads `goal`, `failoverAt`, `deletePod`). */
function stepAction(o: Observed, step: StepRecord): PlannedAction {
  const [verb = '', pod = ''] = step.name.split(':');
  const base = { type: 'RunStep', step: step.name, pod };
  if (verb === 'handover' || verb === 'promote') {
    const goal = verb === 'handover' ? !!me(o, pod) && !ownsSlots(o, pod) : ownsSlots(o, pod);
    if (goal) return { ...base, goal: true, reason: verb === 'handover' ? `${pod} is a replica` : `${pod} is a master` };
    if (verb === 'promote') {
      const v = viewOf(o, pod);
      const ip = podOf(o, pod)?.ip;
      const masterId = me(o, pod)?.masterId;
      const master = o.views.find((x) => x.id && x.id === masterId);
      // linked, and its master lists it as a replica (else it ignores the manual failover request)
      const linked = v?.replication?.['master_link_status'] === 'up' && !!master?.nodes?.some((n) => n.id === v.id && n.masterId === masterId);
      return linked && ip ? { ...base, failoverAt: ip, reason: `CLUSTER FAILOVER on ${pod}` } : { ...base, reason: `waiting for ${pod} to be a linked replica` };
    }
    const target = clusterWhole(o) ? handoverTarget(o, pod) : undefined;
    return target
      ? { ...base, failoverAt: target.ip, target: target.pod, reason: `hand ${pod}'s slots to ${target.pod} (CLUSTER FAILOVER) before restarting it` }
      : { ...base, reason: `waiting for the cluster to be Ready and a linked replica of ${pod}` };
  }
  // restart:<pod>
  const p = podOf(o, pod);
  const whole = clusterWhole(o);
  if (p && !isOutdated(o, p) && !p.deleting && viewOf(o, pod) && whole) return { ...base, goal: true, reason: `${pod} runs revision ${o.updateRevision} and the cluster is Ready` };
  if (!p || p.deleting || !isOutdated(o, p) || !whole) return { ...base, reason: `waiting for ${pod} to be back on revision ${o.updateRevision ?? '?'} and the cluster Ready` };
  if (ownsSlots(o, pod) && o.spec.replicasPerMaster > 0) {
    // it became a master again (a failover after the handover step): hand over again first
    const target = handoverTarget(o, pod);
    return target
      ? { ...base, failoverAt: target.ip, target: target.pod, reason: `${pod} is a master again: hand over to ${target.pod} first` }
      : { ...base, reason: `waiting for a linked replica of ${pod}` };
  }
  return { ...base, deletePod: pod, reason: `restart ${pod} on revision ${o.updateRevision}` };
}

/** The running RollingRestart or Failover: the first step not done, as an action. */
export function rollingStepActions(op: Operation, o: Observed): PlannedAction[] {
  const step = op.steps.find((s) => s.state !== 'done');
  return step ? [stepAction(o, step)] : [];
}

/** A new `ordinal failover` request: the operation, or the answer at once. */
export function startFailover(o: Observed, req: FailoverRequest): { operation?: Operation; result: FailoverResult } {
  const now = new Date(o.now);
  const replicas = o.views.filter((v) => me(o, v.pod)?.masterId).map((v) => v.pod);
  if (req.to === FAILOVER_AUTO) {
    return { result: failoverResult(req, 'Failed', `a RedisCluster has ${o.spec.masters} masters: name the replica to promote with --to (replicas: ${replicas.join(', ') || 'none'})`, now) };
  }
  if (!podOf(o, req.to)) return { result: failoverResult(req, 'Failed', `no pod ${req.to} in this cluster (pods: ${o.pods.map((p) => p.name).join(', ')})`, now) };
  if (ownsSlots(o, req.to)) return { result: failoverResult(req, 'Succeeded', `${req.to} is already a master`, now, { to: req.to }) };
  const masterId = me(o, req.to)?.masterId;
  const from = o.views.find((v) => v.id && v.id === masterId)?.pod;
  if (!masterId || viewOf(o, req.to)?.replication?.['master_link_status'] !== 'up') {
    return { result: failoverResult(req, 'Failed', `${req.to} is not a replica in sync with its master (replicas: ${replicas.join(', ') || 'none'})`, now) };
  }
  return {
    operation: { id: `failover-${req.id}`, type: FAILOVER, params: { requestId: req.id, to: req.to, ...(from ? { from } : {}) }, steps: [{ name: `promote:${req.to}`, state: 'pending' }], startedAt: o.now },
    result: failoverResult(req, 'Running', `promoting ${req.to} (CLUSTER FAILOVER: ${from ?? 'its master'} pauses writes until ${req.to} has them all)`, now, from ? { from } : {}),
  };
}

/** The outcome of a Failover operation: done, overdue, or still running (undefined). */
export function failoverOutcome(o: Observed, op: Operation): FailoverResult | undefined {
  const req = { id: String(op.params['requestId']), to: String(op.params['to']) };
  const from = op.params['from'] === undefined ? undefined : String(op.params['from']);
  const pods = { ...(from ? { from } : {}), to: req.to };
  if (op.steps.every((s) => s.state === 'done')) {
    return failoverResult(req, 'Succeeded', `${req.to} is master of the slots${from ? ` ${from} owned` : ''}; writes were paused until it had them all`, new Date(o.now), pods);
  }
  if (Date.parse(o.now) - Date.parse(op.startedAt) > FAILOVER_DEADLINE_MS) {
    const step = op.steps.find((s) => s.state !== 'done');
    return failoverResult(req, 'Failed', `gave up after ${FAILOVER_DEADLINE_MS / 1000} s at ${step?.name ?? '?'}${step?.detail ? ` (${step.detail})` : ''}`, new Date(o.now), from ? { from } : {});
  }
  return undefined;
}

/**
 * A SpreadMasters operation when some node runs at least two masters and one of them has a linked
 * replica on a node with at least two fewer masters (so the move never just swaps the problem). The
 * master a user just chose with `ordinal failover --to` is not moved.
 */
export function newSpreadMasters(o: Observed): { operation: Operation; reason: string } | undefined {
  if (!clusterWhole(o)) return undefined;
  const masters = o.pods.filter((p) => p.nodeName && ownsSlots(o, p.name));
  const count = new Map<string, number>();
  for (const m of masters) count.set(m.nodeName!, (count.get(m.nodeName!) ?? 0) + 1);
  const last = o.rc.status?.failover;
  const chosen = last?.result === 'Succeeded' ? last.to : undefined;
  for (const m of masters) {
    const here = count.get(m.nodeName!) ?? 0;
    if (here < 2 || m.name === chosen) continue;
    const target = handoverTarget(o, m.name, (node) => !!node && (count.get(node) ?? 0) <= here - 2);
    if (!target) continue;
    return {
      operation: { id: `spread-masters-${o.now}`, type: SPREAD_MASTERS, params: { from: m.name, to: target.pod }, steps: [{ name: `promote:${target.pod}`, state: 'pending' }], startedAt: o.now },
      reason: `${m.nodeName} runs ${here} masters (a failure there would leave too few to fail over): ${target.pod} takes over ${m.name}'s slots`,
    };
  }
  return undefined;
}
