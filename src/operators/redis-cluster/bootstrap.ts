/**
 * The Bootstrap operation (pure): who is master of which slots, who replicates whom (a replica on
 * another virtual node than its master where possible), and the ordered, idempotent steps:
 * add-slots, set-epoch, meet, wait-known, replicate. Persisted in status.operation before the first
 * step, so a crash resumes at the first step not done.
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
  const steps: StepRecord[] = [
    ...params.masters.map((m) => ({ name: `add-slots:${m.pod}`, state: 'pending' as const })),
    ...pods.map((p) => ({ name: `set-epoch:${p.name}`, state: 'pending' as const })),
    ...pods.slice(1).map((p) => ({ name: `meet:${p.name}`, state: 'pending' as const })),
    { name: 'wait-known', state: 'pending' as const },
    ...params.replicas.map((r) => ({ name: `replicate:${r.pod}`, state: 'pending' as const })),
  ];
  return { id: `bootstrap-${generation}`, type: 'Bootstrap', params: params as unknown as Record<string, unknown>, steps, startedAt: o.now };
}

/** The RunStep actions for every step not done yet, each with the addresses it needs now. */
export function bootstrapStepActions(op: Operation, o: Observed): PlannedAction[] {
  const params = op.params as unknown as BootstrapParams;
  const ipOf = (pod: string): string | undefined => o.pods.find((p) => p.name === pod)?.ip;
  const first = params.masters[0]?.pod ?? '';
  const epochs = new Map([...params.masters.map((m) => m.pod), ...params.replicas.map((r) => r.pod)].map((p, i) => [p, i + 1]));
  const actions: PlannedAction[] = [];
  for (const step of op.steps) {
    if (step.state === 'done') continue;
    const [kind = '', pod = ''] = step.name.split(':');
    const base = { type: 'RunStep', operation: op.id, step: step.name, pod, ip: ipOf(pod) };
    if (kind === 'add-slots') {
      const m = params.masters.find((x) => x.pod === pod);
      actions.push({ ...base, reason: `give ${pod} slots ${m?.slots.join('-')}`, slots: m?.slots });
    } else if (kind === 'set-epoch') {
      actions.push({ ...base, reason: `config epoch ${epochs.get(pod) ?? 0} for ${pod}`, epoch: epochs.get(pod) ?? 0 });
    } else if (kind === 'meet') {
      actions.push({ ...base, reason: `${pod} meets ${first}`, targetIp: ipOf(first) });
    } else if (kind === 'wait-known') {
      const pods = Object.keys(params.ids);
      actions.push({ type: 'RunStep', operation: op.id, step: step.name, reason: 'wait until every node knows all the others', expected: pods.length, ips: pods.map(ipOf) });
    } else if (kind === 'replicate') {
      const r = params.replicas.find((x) => x.pod === pod);
      actions.push({ ...base, reason: `${pod} replicates ${r?.masterPod}`, masterId: r?.masterId });
    }
  }
  return actions;
}
