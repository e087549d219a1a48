/**
 * Scale out and scale in as persisted operations (pure). Names in the step log are pod names; ids
 * and addresses are looked up when a step's action is planned (ids live in nodes.conf, IPs change).
 * - ScaleOut (every pod of the grown StatefulSet answers): meet:<new pod>, wait-known,
 *   replicate:<new replica>, then migrate:<from>-><to>:<range> until each master owns TOTAL/n slots.
 * - ScaleIn: migrate slots away from the removed (highest-ordinal) masters, repoint:<kept replica>
 *   of a removed master, forget:<removed pod> on every kept node, reset:<removed pod>, then shrink
 *   the StatefulSet and wait-gone until its pods are deleted.
 */
import type { Operation, PlannedAction } from '../framework/types.js';
import { assignReplicas } from './bootstrap.js';
import { isFailed, isMaster, isMyself, type ClusterNodeLine } from './cluster-nodes.js';
import { referenceView } from './heal.js';
import type { Observed } from './observe.js';
import { moveStepName, parseMoveStep, planSlotMoves, type SlotMove } from './slot-moves.js';
import { podCount, TOTAL_SLOTS } from './types.js';

export interface ScaleOutParams {
  newMasters: string[];
  replicas: Array<{ pod: string; masterPod: string }>;
  /** Every pod of the grown cluster (wait-known waits until each knows all of them). */
  pods: string[];
  /** A pod of the existing cluster that the new pods meet. */
  anchor: string;
  moves: SlotMove[];
}

export interface ScaleInParams {
  removed: Array<{ pod: string; id: string }>;
  targets: string[];
  replicas: number;
  moves: SlotMove[];
}

export type ScaleDecision = { operation: Operation; reason: string } | { waitingFor: string } | undefined;

const idOf = (o: Observed, pod: string): string | undefined => o.views.find((v) => v.pod === pod)?.id;
const ipOf = (o: Observed, pod: string): string | undefined => o.pods.find((p) => p.name === pod)?.ip;
const myself = (o: Observed, pod: string): ClusterNodeLine | undefined => o.views.find((v) => v.pod === pod)?.nodes?.find(isMyself);

/** Masters that own slots, by pod name, as the best single view sees them. */
export function slotOwners(o: Observed): Array<{ name: string; slots: Array<[number, number]> }> {
  const ref = referenceView(o.views.filter((v) => v.id && v.nodes));
  if (!ref) return [];
  const podOfId = new Map(o.views.filter((v) => v.id).map((v) => [v.id!, v.pod]));
  const ordinal = (pod: string): number => o.pods.find((p) => p.name === pod)?.ordinal ?? -1;
  return ref.nodes!.filter((n) => isMaster(n) && !isFailed(n) && n.slots.length > 0 && podOfId.has(n.id))
    .map((n) => ({ name: podOfId.get(n.id)!, slots: n.slots }))
    .sort((a, b) => ordinal(a.name) - ordinal(b.name));
}

/** Every pod answers, says cluster_state ok and all slots are assigned: safe to start a scale. */
function settled(o: Observed): string | undefined {
  const want = Math.max(o.pods.length, podCount(o.spec));
  const answering = o.views.filter((v) => v.id && v.nodes);
  if (answering.length < want || o.pods.some((p) => p.deleting)) return `waiting for ${want} pods to answer (${answering.length} do)`;
  const notOk = answering.filter((v) => v.clusterInfo?.['cluster_state'] !== 'ok' || Number(v.clusterInfo?.['cluster_slots_assigned']) !== TOTAL_SLOTS);
  if (notOk.length > 0) return `waiting for cluster_state ok with all slots on ${notOk.map((v) => v.pod).join(', ')}`;
  return undefined;
}

/** A ScaleOut or ScaleIn to start now, what it waits for, or undefined when the masters match. */
export function decideScale(o: Observed, generation: number): ScaleDecision {
  const owners = slotOwners(o);
  const want = podCount(o.spec);
  const ordinal = (pod: string): number => o.pods.find((p) => p.name === pod)?.ordinal ?? -1;
  if (owners.length < o.spec.masters && o.pods.length >= want) {
    const wait = settled(o);
    if (wait) return { waitingFor: wait };
    const empty = o.pods.filter((p) => {
      const me = myself(o, p.name);
      return me && isMaster(me) && me.slots.length === 0 && !o.views.some((v) => v.nodes?.some((n) => n.masterId === me.id));
    });
    const k = o.spec.masters - owners.length;
    if (empty.length < k) return { waitingFor: `${k} empty masters needed to scale out, ${empty.length} found` };
    const newMasters = empty.slice(0, k);
    const assignment = assignReplicas(newMasters, empty.slice(k), o.spec.replicasPerMaster);
    const targets = [...owners.map((x) => x.name), ...newMasters.map((p) => p.name)];
    const params: ScaleOutParams = {
      newMasters: newMasters.map((p) => p.name),
      replicas: [...assignment].map(([pod, masterPod]) => ({ pod, masterPod })),
      pods: o.pods.map((p) => p.name),
      anchor: owners[0]!.name,
      moves: planSlotMoves(owners, targets),
    };
    const steps = [...empty.map((p) => `meet:${p.name}`), 'wait-known', ...params.replicas.map((r) => `replicate:${r.pod}`), ...params.moves.map(moveStepName)];
    const operation: Operation = { id: `scale-out-${generation}`, type: 'ScaleOut', params: params as unknown as Record<string, unknown>, steps: steps.map((name) => ({ name, state: 'pending' })), startedAt: o.now };
    return { operation, reason: `${owners.length} masters own slots, spec.masters is ${o.spec.masters}` };
  }
  if (o.pods.length > want || owners.length > o.spec.masters) {
    const wait = settled(o);
    if (wait) return { waitingFor: wait };
    const removed = o.pods.filter((p) => p.ordinal >= want).map((p) => ({ pod: p.name, id: idOf(o, p.name) ?? '' }));
    const kept = owners.filter((x) => ordinal(x.name) < want).sort((a, b) => ordinal(a.name) - ordinal(b.name));
    if (kept.length < o.spec.masters) {
      return { waitingFor: `only ${kept.length} of the kept pods are masters, ${o.spec.masters} needed: fail over to a kept replica first (ordinal failover)` };
    }
    const targets = kept.slice(0, o.spec.masters).map((x) => x.name);
    const donors = [...owners].sort((a, b) => ordinal(b.name) - ordinal(a.name));
    const params: ScaleInParams = { removed, targets, replicas: want, moves: planSlotMoves(donors, targets) };
    const removedIds = new Set(removed.map((r) => r.id));
    const repoint = o.pods.filter((p) => p.ordinal < want && removedIds.has(myself(o, p.name)?.masterId ?? '')).map((p) => `repoint:${p.name}`);
    const steps = [...params.moves.map(moveStepName), ...repoint, ...removed.map((r) => `forget:${r.pod}`), ...removed.map((r) => `reset:${r.pod}`), 'shrink', 'wait-gone'];
    const operation: Operation = { id: `scale-in-${generation}`, type: 'ScaleIn', params: params as unknown as Record<string, unknown>, steps: steps.map((name) => ({ name, state: 'pending' })), startedAt: o.now };
    return { operation, reason: `${o.pods.length} pods and ${owners.length} masters, spec wants ${want} pods and ${o.spec.masters} masters` };
  }
  return undefined;
}

function migrateAction(o: Observed, op: Operation, step: string, m: SlotMove): PlannedAction {
  const masterPods = o.views.filter((v) => v.nodes?.find(isMyself) && isMaster(v.nodes.find(isMyself)!)).map((v) => v.pod);
  return {
    type: 'RunStep', operation: op.id, step, reason: `move slots ${m.range[0]}-${m.range[1]} from ${m.from} to ${m.to}`,
    from: m.from, to: m.to, range: m.range,
    sourceIp: ipOf(o, m.from), sourceId: idOf(o, m.from), targetIp: ipOf(o, m.to), targetId: idOf(o, m.to),
    otherMasterIps: masterPods.filter((p) => p !== m.from && p !== m.to).map((p) => ipOf(o, p)).filter((x) => x !== undefined),
  };
}

/** The kept master a replica of a removed master should follow: fewest replicas, another node first. */
function repointTarget(o: Observed, pod: string, targets: string[]): string | undefined {
  const nodeOf = (p: string): string | undefined => o.pods.find((x) => x.name === p)?.nodeName;
  const replicasOf = (p: string): number => o.views.filter((v) => v.nodes?.find(isMyself)?.masterId === idOf(o, p)).length;
  return [...targets].sort((a, b) => replicasOf(a) - replicasOf(b) || Number(nodeOf(a) === nodeOf(pod)) - Number(nodeOf(b) === nodeOf(pod)))[0];
}

/** RunStep actions for every step of a ScaleOut / ScaleIn not done yet, with today's addresses. */
export function scaleStepActions(op: Operation, o: Observed): PlannedAction[] {
  const actions: PlannedAction[] = [];
  for (const step of op.steps) {
    if (step.state === 'done') continue;
    const move = parseMoveStep(step.name);
    if (move) {
      actions.push(migrateAction(o, op, step.name, move));
      continue;
    }
    const [kind = '', pod = ''] = step.name.split(':');
    const base = { type: 'RunStep', operation: op.id, step: step.name, pod, ip: ipOf(o, pod) };
    if (op.type === 'ScaleOut') {
      const p = op.params as unknown as ScaleOutParams;
      if (kind === 'meet') actions.push({ ...base, reason: `${pod} meets ${p.anchor}`, targetIp: ipOf(o, p.anchor) });
      else if (kind === 'wait-known') actions.push({ type: 'RunStep', operation: op.id, step: step.name, reason: 'wait until every node knows all the others', expected: p.pods.length, ips: p.pods.map((x) => ipOf(o, x)) });
      else if (kind === 'replicate') {
        const masterPod = p.replicas.find((r) => r.pod === pod)?.masterPod ?? '';
        actions.push({ ...base, reason: `${pod} replicates ${masterPod}`, masterId: idOf(o, masterPod), masterIp: ipOf(o, masterPod) });
      }
    } else {
      const p = op.params as unknown as ScaleInParams;
      const keptIps = o.pods.filter((x) => x.ordinal < p.replicas && x.ip).map((x) => ({ pod: x.name, ip: x.ip! }));
      if (kind === 'repoint') {
        const target = repointTarget(o, pod, p.targets);
        actions.push({ ...base, reason: `${pod} replicated a removed master: follow ${target}`, masterId: target ? idOf(o, target) : undefined, masterIp: target ? ipOf(o, target) : undefined, keptMasterIds: p.targets.map((t) => idOf(o, t)) });
      } else if (kind === 'forget') {
        actions.push({ ...base, reason: `every kept node forgets ${pod}`, id: p.removed.find((r) => r.pod === pod)?.id, targets: keptIps });
      } else if (kind === 'reset') actions.push({ ...base, reason: `${pod} leaves the cluster (CLUSTER RESET)` });
      else if (kind === 'shrink') actions.push({ ...base, reason: `shrink the StatefulSet to ${p.replicas} pods`, replicas: p.replicas });
      else if (kind === 'wait-gone') {
        const left = o.pods.filter((x) => x.ordinal >= p.replicas).map((x) => x.name);
        actions.push({ ...base, reason: 'wait until the removed pods are deleted', left });
      }
    }
  }
  return actions;
}
