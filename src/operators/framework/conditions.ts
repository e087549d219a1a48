import type { Condition, ConditionStatus, ConditionType } from './types.js';

/** Typed status conditions, as kube's meta.SetStatusCondition keeps them. */

export interface ConditionInput {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/**
 * A copy of `conditions` with `input` set: lastTransitionTime changes only when the status does;
 * reason, message and observedGeneration always take the new values. The order is kept (new types
 * are appended).
 */
export function setCondition(conditions: readonly Condition[] | undefined, input: ConditionInput, now: Date, generation?: number): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === input.type);
  const old = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message: input.message,
    lastTransitionTime: old && old.status === input.status ? old.lastTransitionTime : now.toISOString(),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

/** Sets several conditions at once (in the given order). */
export function setConditions(conditions: readonly Condition[] | undefined, inputs: ConditionInput[], now: Date, generation?: number): Condition[] {
  return inputs.reduce<Condition[]>((acc, c) => setCondition(acc, c, now, generation), [...(conditions ?? [])]);
}

export function findCondition(conditions: readonly Condition[] | undefined, type: ConditionType): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: ConditionType): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

export function isReady(status: { conditions?: Condition[] } | undefined): boolean {
  return isConditionTrue(status?.conditions, 'Ready');
}

/**
 * The three conditions for the usual cases. `ready()`: Ready True, Progressing False, Degraded False.
 * `progressing(reason, message)`: waiting on something (Ready False unless `stillReady`).
 * `degraded(reason, message)`: something is wrong and not being fixed by a running change.
 */
export const readyCondition = {
  ready(message = 'all members are up and in sync'): ConditionInput[] {
    return [
      { type: 'Ready', status: 'True', reason: 'Ready', message },
      { type: 'Progressing', status: 'False', reason: 'Idle', message: 'no change in progress' },
      { type: 'Degraded', status: 'False', reason: 'Healthy', message: 'no problem observed' },
    ];
  },
  progressing(reason: string, message: string, options: { stillReady?: boolean } = {}): ConditionInput[] {
    return [
      options.stillReady
        ? { type: 'Ready', status: 'True', reason: 'Ready', message: `serving while: ${message}` }
        : { type: 'Ready', status: 'False', reason, message },
      { type: 'Progressing', status: 'True', reason, message },
      { type: 'Degraded', status: 'False', reason: 'Healthy', message: 'no problem observed' },
    ];
  },
  degraded(reason: string, message: string, options: { stillReady?: boolean; progressing?: boolean } = {}): ConditionInput[] {
    return [
      options.stillReady
        ? { type: 'Ready', status: 'True', reason: 'Ready', message: `serving, but: ${message}` }
        : { type: 'Ready', status: 'False', reason, message },
      options.progressing
        ? { type: 'Progressing', status: 'True', reason, message }
        : { type: 'Progressing', status: 'False', reason: 'Idle', message: 'no change in progress' },
      { type: 'Degraded', status: 'True', reason, message },
    ];
  },
};
