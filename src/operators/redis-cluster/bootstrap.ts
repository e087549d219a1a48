/**
 * The Bootstrap operation (pure): who is master of which slots, who replicates whom (a replica on
 * another virtual node than its master where possible), and the ordered, idempotent steps:
 * add-slots, set-epoch, meet, wait-known, replicate - one step per phase, run on all pods at once.
 * Persisted in status.operation before the first step, so a crash resumes at the first step not done.
 */
import type { Operation, PlannedAction, StepRecord } from '../framework/types.js';
import { splitSlots } from './cluster-nodes.js';
import type { NodeView, Observed, ObservedPod } from './observe.js';

export interface BootstrapParams {
  masters: Array<{ pod: string; id: string; slots: [number, number] }>;
  replicas: Array<{ pod: string; id: string; masterPod: string; masterId: string }>;
  /** Every pod's node id at the start (ids live in nodes.conf on the volume). */
  ids: Record<string, string>;
}

/**
 * Assigns each replica pod to a master, `perMaster` each, never on the master's node when a
 * perfect assignment exists (small search), else as few on the same node as possible (greedy).
 */
export function assignReplicas(masters: ObservedPod[], replicas: ObservedPod[], perMaster: number): Map<string, string> {
  const count = new Map(masters.map((m) => [m.name, 0]));
  const out = new Map<string, string>();
  let budget = 20_000;
  const search = (i: number): boolean => {
    if (i === replicas.length) return true;
    if (--budget < 0) return false;
    const r = replicas[i]!;
    const candidates = masters
      .filter((m) => (count.get(m.name) ?? 0) < perMaster && (!m.nodeName || m.nodeName !== r.nodeName))
      .sort((a, b) => (count.get(a.name) ?? 0) - (count.get(b.name) ?? 0) || a.ordinal - b.ordinal);
    for (const m of candidates) {
      count.set(m.name, (count.get(m.name) ?? 0) + 1);
      out.set(r.name, m.name);
      if (search(i + 1)) return true;
      count.set(m.name, (count.get(m.name) ?? 0) - 1);
      out.delete(r.name);
    }
    return false;
  };
  if (search(0)) return out;
  // no perfect placement: fewest replicas first, a different node preferred
  count.forEach((_, k) => count.set(k, 0));
  out.clear();
  for (const r of replicas) {
    const m = [...masters].filter((x) => (count.get(x.name) ?? 0) < perMaster)
      .sort((a, b) => Number(a.nodeName === r.nodeName) - Number(b.nodeName === r.nodeName) || (count.get(a.name) ?? 0) - (count.get(b.name) ?? 0) || a.ordinal - b.ordinal)[0];
    if (!m) break;
    count.set(m.name, (count.get(m.name) ?? 0) + 1);
    out.set(r.name, m.name);
  }
  return out;
}

/** A fresh node: knows only itself and owns no slot. */
export function isFreshNode(v: NodeView): boolean {
  return v.id !== undefined && (v.nodes ?? []).length <= 1 && (v.nodes ?? []).every((n) => n.slots.length === 0);
}

export function newBootstrapOperation(o: Observed, generation: number): Operation {
  const pods = [...o.pods].sort((a, b) => a.ordinal - b.ordinal);
  const ids = Object.fromEntries(o.views.filter((v) => v.id).map((v) => [v.pod, v.id!]));
  const masterPods = pods.slice(0, o.spec.masters);
  const replicaPods = pods.slice(o.spec.masters);
  const ranges = splitSlots(o.spec.masters);
  const assignment = assignReplicas(masterPods, replicaPods, o.spec.replicasPerMaster);
  const params: BootstrapParams = {
    masters: masterPods.map((p, i) => ({ pod: p.name, id: ids[p.name] ?? '', slots: ranges[i]! })),
    replicas: replicaPods.filter((p) => assignment.has(p.name)).map((p) => {
      const masterPod = assignment.get(p.name)!;
      return { pod: p.name, id: ids[p.name] ?? '', masterPod, masterId: ids[masterPod] ?? '' };
    }),
    ids,
  };
  // one step per phase, each run on every pod at once (idempotent, so a crash re-runs the phase)
  const steps: StepRecord[] = BOOTSTRAP_PHASES.map((name) => ({ name, state: 'pending' as const }));
  return { id: `bootstrap-${generation}`, type: 'Bootstrap', params: params as unknown as Record<string, unknown>, steps, startedAt: o.now };
}

export const BOOTSTRAP_PHASES = ['add-slots', 'set-epoch', 'meet', 'wait-known', 'replicate'] as const;

/**
 * The RunStep actions for every step not done yet, each with the addresses it needs now. A phase
 * step (`meet`) carries one entry per pod in `each`; a step of one pod (`meet:<pod>`, as operations
 * persisted before phases were introduced name them) carries just that pod's entry.
 */
export function bootstrapStepActions(op: Operation, o: Observed): PlannedAction[] {
  const params = op.params as unknown as BootstrapParams;
  const ipOf = (pod: string): string | undefined => o.pods.find((p) => p.name === pod)?.ip;
  const pods = Object.keys(params.ids);
  const order = [...new Set([...params.masters.map((m) => m.pod), ...params.replicas.map((r) => r.pod), ...pods])];
  const epochs = new Map(order.map((p, i) => [p, i + 1]));
  const only = (list: string[], pod: string): string[] => (pod ? list.filter((p) => p === pod) : list);
  const actions: PlannedAction[] = [];
  for (const step of op.steps) {
    if (step.state === 'done') continue;
    const [kind = '', pod = ''] = step.name.split(':');
    const run = (reason: string, each: Array<Record<string, unknown>>): PlannedAction => ({ type: 'RunStep', operation: op.id, step: step.name, reason, each });
    if (kind === 'add-slots') {
      const ms = params.masters.filter((m) => !pod || m.pod === pod);
      actions.push(run(ms.map((m) => `${m.pod} gets slots ${m.slots.join('-')}`).join(', '), ms.map((m) => ({ pod: m.pod, ip: ipOf(m.pod), slots: m.slots }))));
    } else if (kind === 'set-epoch') {
      const ps = only(order, pod);
      actions.push(run(`config epochs ${ps.map((p) => `${p}=${epochs.get(p)}`).join(', ')}`, ps.map((p) => ({ pod: p, ip: ipOf(p), epoch: epochs.get(p) ?? 0 }))));
    } else if (kind === 'meet') {
      // every pod meets every pod before it: the nodes know each other after one handshake each,
      // without waiting for gossip to spread them from a single anchor
      const ps = only(order.slice(1), pod);
      actions.push(run(`${ps.join(', ')} meet the pods before them`, ps.map((p) => ({ pod: p, ip: ipOf(p), targetIps: order.slice(0, order.indexOf(p)).map(ipOf) }))));
    } else if (kind === 'wait-known') {
      // then every master MEETs every other node once more: a node takes a master's slots from a
      // packet of that master, and the handshake replies do not carry them - without this, a node
      // learnt a master's slots only at its next random ping, and with a slot uncovered that long a
      // master reported cluster_state:ok up to ~1 s after Redis' 2 s writable delay (1 run in 3)
      const announce = params.masters.map((m) => ({ pod: m.pod, ip: ipOf(m.pod), targetIps: order.filter((p) => p !== m.pod).map(ipOf) }));
      actions.push({ type: 'RunStep', operation: op.id, step: step.name, reason: 'wait until every node knows all the others; masters announce their slots', expected: pods.length, ips: pods.map(ipOf), announce });
    } else if (kind === 'replicate') {
      const rs = params.replicas.filter((r) => !pod || r.pod === pod);
      actions.push(run(rs.map((r) => `${r.pod} replicates ${r.masterPod}`).join(', '), rs.map((r) => ({ pod: r.pod, ip: ipOf(r.pod), masterId: r.masterId, masterIp: ipOf(r.masterPod) }))));
    }
  }
  return actions;
}
