/** The state one planning pass accumulates: what to do, what it waits for, what is wrong. */
import type { KubeObject } from '../runtime/index.js';
import { availableAt } from './pod-state.js';
import { minReadySeconds } from './set-spec.js';
import type { Action, Wait, WaitReason } from './types.js';

export interface SyncContext {
  set: KubeObject;
  now: Date;
  monotonic: boolean;
  /** The namespace's claims by name. */
  claims: Map<string, KubeObject>;
  currentRevision: string;
  updateRevision: string;
  currentTemplate: KubeObject;
  updateTemplate: KubeObject;
  actions: Action[];
  waiting: Wait[];
  errors: string[];
  /** Earliest time (ms) a ready pod becomes available, when that is what we wait for. */
  wakeAt?: number;
}

/** What processing one pod means for the rest of the pass. */
export type Step = 'continue' | 'stop' | 'error';

export function wait(c: SyncContext, reason: WaitReason, pod: string, message: string): Step {
  c.waiting.push({ reason, pod, message });
  return 'stop';
}

/** A condition Kubernetes reports as an error (retried with back-off), with a Warning event on the set. */
export function fail(c: SyncContext, eventReason: string, message: string): Step {
  c.errors.push(message);
  c.actions.push({ type: 'RecordEvent', eventType: 'Warning', reason: eventReason, message });
  return 'error';
}

/** Remember when a ready pod will have been ready for minReadySeconds. */
export function wakeWhenAvailable(c: SyncContext, pod: KubeObject): void {
  const at = availableAt(pod, minReadySeconds(c.set));
  if (at !== undefined && at > c.now.getTime()) c.wakeAt = Math.min(c.wakeAt ?? Infinity, at);
}

export function setName(c: SyncContext): string {
  return c.set['metadata'].name;
}
