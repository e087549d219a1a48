import type { Operation, StepRecord, StepState } from './types.js';

/**
 * Pure helpers over an Operation (the step log persisted in status.operation). Every helper
 * returns a new Operation; the one given is never changed (it may come from an informer's cache).
 */

export function startOperation(input: { id: string; type: string; params?: Record<string, unknown>; steps: string[] }, now: Date): Operation {
  const names = new Set<string>();
  for (const s of input.steps) {
    if (names.has(s)) throw new Error(`operation ${input.id}: step "${s}" appears twice; step names must be unique`);
    names.add(s);
  }
  return {
    id: input.id,
    type: input.type,
    params: input.params ?? {},
    steps: input.steps.map((name) => ({ name, state: 'pending' as const })),
    startedAt: now.toISOString(),
  };
}

/** The step to run now: the first not `done` (a `running` one was interrupted; it runs again). */
export function nextStep(op: Operation): StepRecord | undefined {
  return op.steps.find((s) => s.state !== 'done');
}

export function isFinished(op: Operation): boolean {
  return op.steps.every((s) => s.state === 'done');
}

export function hasFailedStep(op: Operation): boolean {
  return op.steps.some((s) => s.state === 'failed');
}

export function stepState(op: Operation, name: string): StepState | undefined {
  return op.steps.find((s) => s.name === name)?.state;
}

/** Set one step's state (and detail; omitted detail clears it). Unknown names are an error. */
export function markStep(op: Operation, name: string, state: StepState, now: Date, detail?: string): Operation {
  if (!op.steps.some((s) => s.name === name)) throw new Error(`operation ${op.id} has no step "${name}"`);
  return {
    ...op,
    steps: op.steps.map((s) => (s.name === name ? { name, state, at: now.toISOString(), ...(detail !== undefined ? { detail } : {}) } : s)),
  };
}

export const markRunning = (op: Operation, name: string, now: Date, detail?: string): Operation => markStep(op, name, 'running', now, detail);
export const markDone = (op: Operation, name: string, now: Date, detail?: string): Operation => markStep(op, name, 'done', now, detail);
export const markFailed = (op: Operation, name: string, now: Date, detail?: string): Operation => markStep(op, name, 'failed', now, detail);

/** `3/5 done, at forget:abc (running)` for messages and conditions. */
export function describeProgress(op: Operation): string {
  const done = op.steps.filter((s) => s.state === 'done').length;
  const next = nextStep(op);
  return `${op.type} ${done}/${op.steps.length} steps done${next ? `, at ${next.name} (${next.state}${next.detail ? `: ${next.detail}` : ''})` : ''}`;
}
