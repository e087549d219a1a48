/** Small status helpers (a local stand-in until the framework's condition helpers are in place). */
import type { Condition, ConditionStatus, ConditionType } from '../framework/types.js';

/** Sets one condition, keeping lastTransitionTime when the status did not change. */
export function setCondition(list: Condition[] | undefined, type: ConditionType, status: ConditionStatus, reason: string, message: string, now: string, generation?: number): Condition[] {
  const prev = (list ?? []).find((c) => c.type === type);
  const next: Condition = {
    type, status, reason, message,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  return [...(list ?? []).filter((c) => c.type !== type), next].sort((a, b) => a.type.localeCompare(b.type));
}
