/**
 * PodDisruptionBudget arithmetic, pure: how many pods are expected, how many must stay healthy, how
 * many are healthy now, and so how many voluntary disruptions (evictions) are allowed.
 */
import type { KubeObject } from '../runtime/index.js';
import type { OwnerReference } from '../gc/owner-refs.js';

/** How long an eviction recorded in status.disruptedPods counts before the pod must show as terminating. */
export const disruptionTimeoutMs = 2 * 60_000;

export class BudgetError extends Error {
  readonly code = 'E_PDB_SPEC';
}

/** An int-or-percent against a total; percentages round up, as Kubernetes does for both fields. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) throw new BudgetError(`invalid value for IntOrString: "${value}" is not an integer or a percentage`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/**
 * The pods the budget's controllers want: the sum of each owning controller's scale (counted once
 * per controller uid). A pod with no controller, or whose controller is unknown, counts as one pod
 * (Kubernetes ignores the former and fails on the latter; counting them keeps the budget strict).
 */
export function expectedScaleOf(pods: KubeObject[], scaleOf: (pod: KubeObject, controller: OwnerReference) => number | undefined): number {
  const byController = new Map<string, number>();
  let loose = 0;
  for (const pod of pods) {
    const refs: OwnerReference[] = pod['metadata']?.ownerReferences ?? [];
    const controller = refs.find((r) => r.controller === true);
    const scale = controller ? scaleOf(pod, controller) : undefined;
    if (controller && scale !== undefined) byController.set(controller.uid, scale);
    else loose++;
  }
  return [...byController.values()].reduce((a, b) => a + b, loose);
}

export interface BudgetNumbers {
  expectedPods: number;
  desiredHealthy: number;
}

/**
 * maxUnavailable (int or %) and a percentage minAvailable are measured against the controllers'
 * scale; an integer minAvailable against the pods that exist.
 */
export function budgetNumbers(spec: KubeObject, podCount: number, expectedScale: () => number): BudgetNumbers {
  if (spec['maxUnavailable'] !== undefined && spec['maxUnavailable'] !== null) {
    const expected = expectedScale();
    return { expectedPods: expected, desiredHealthy: Math.max(0, expected - scaledValue(spec['maxUnavailable'], expected)) };
  }
  const min: unknown = spec['minAvailable'];
  if (typeof min === 'number') return { expectedPods: podCount, desiredHealthy: min };
  if (typeof min === 'string') {
    const expected = expectedScale();
    return { expectedPods: expected, desiredHealthy: scaledValue(min, expected) };
  }
  return { expectedPods: 0, desiredHealthy: 0 };
}

export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod['metadata']?.deletionTimestamp);
}

/** Running, Ready, and not on its way out. */
export function isHealthyPod(pod: KubeObject): boolean {
  if (isTerminating(pod) || pod['status']?.phase !== 'Running') return false;
  return (pod['status']?.conditions ?? []).some((c: KubeObject) => c['type'] === 'Ready' && c['status'] === 'True');
}

export interface DisruptedPods {
  /** Entries still in force: pod name -> eviction time. */
  active: Record<string, string>;
  /** When the earliest active entry expires (look again then). */
  recheckAt: Date | undefined;
}

/**
 * Evictions the API recorded that have not shown up yet: an entry ends once its pod is gone or
 * terminating, or after the timeout (the deletion evidently never happened).
 */
export function activeDisruptions(recorded: Record<string, string> | undefined, pods: KubeObject[], now: Date): DisruptedPods {
  const active: Record<string, string> = {};
  let recheckAt: Date | undefined;
  for (const [name, at] of Object.entries(recorded ?? {})) {
    const pod = pods.find((p) => p['metadata']?.name === name);
    if (!pod || isTerminating(pod)) continue;
    const expires = Date.parse(at) + disruptionTimeoutMs;
    if (Number.isNaN(expires) || expires <= now.getTime()) continue;
    active[name] = at;
    if (!recheckAt || expires < recheckAt.getTime()) recheckAt = new Date(expires);
  }
  return { active, recheckAt };
}

export interface BudgetStatus {
  observedGeneration: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions: KubeObject[];
}

const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The DisruptionAllowed condition, keeping lastTransitionTime while its status does not change. */
export function disruptionCondition(previous: KubeObject[] | undefined, allowed: boolean, reason: string, message: string, generation: number, now: Date): KubeObject[] {
  const status = allowed ? 'True' : 'False';
  const old = (previous ?? []).find((c) => c['type'] === 'DisruptionAllowed');
  const lastTransitionTime = old && old['status'] === status && old['lastTransitionTime'] ? old['lastTransitionTime'] : rfc3339(now);
  const others = (previous ?? []).filter((c) => c['type'] !== 'DisruptionAllowed');
  return [...others, { type: 'DisruptionAllowed', status, reason, message, observedGeneration: generation, lastTransitionTime }];
}

/** The budget's status from the pods its selector matches. */
export function computeBudgetStatus(pdb: KubeObject, pods: KubeObject[], expectedScale: () => number, now: Date): { status: BudgetStatus; recheckAt: Date | undefined } {
  const generation: number = pdb['metadata']?.generation ?? 1;
  const { expectedPods, desiredHealthy } = budgetNumbers(pdb['spec'] ?? {}, pods.length, expectedScale);
  const { active, recheckAt } = activeDisruptions(pdb['status']?.disruptedPods, pods, now);
  const currentHealthy = pods.filter((p) => isHealthyPod(p) && !(p['metadata']?.name in active)).length;
  const allowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const conditions = allowed > 0
    ? disruptionCondition(pdb['status']?.conditions, true, 'SufficientPods', '', generation, now)
    : disruptionCondition(pdb['status']?.conditions, false, 'InsufficientPods', '', generation, now);
  const status: BudgetStatus = { observedGeneration: generation, disruptionsAllowed: allowed, currentHealthy, desiredHealthy, expectedPods, conditions };
  if (Object.keys(active).length > 0) status.disruptedPods = active;
  return { status, recheckAt };
}

/** When the budget cannot be computed: allow nothing and say why (the eviction API then refuses). */
export function failSafeStatus(pdb: KubeObject, message: string, now: Date): KubeObject {
  const current = pdb['status'] ?? {};
  const generation: number = current.observedGeneration ?? 0;
  return { ...current, disruptionsAllowed: 0, conditions: disruptionCondition(current.conditions, false, 'SyncFailed', message, generation, now) };
}
