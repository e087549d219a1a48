/** What the controller needs to know about a pod's life, from its status alone. */
import type { KubeObject } from '../runtime/index.js';
import { revisionLabel } from './types.js';

const phaseOf = (pod: KubeObject): string => pod['status']?.phase ?? '';

/** The API server has stored the pod (it always sets a phase on create). */
export function isCreated(pod: KubeObject): boolean {
  return phaseOf(pod) !== '';
}

export function isPending(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Pending';
}

export function isFailed(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Failed';
}

export function isSucceeded(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Succeeded';
}

export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod['metadata']?.deletionTimestamp);
}

function readyCondition(pod: KubeObject): KubeObject | undefined {
  const conditions: KubeObject[] = pod['status']?.conditions ?? [];
  return conditions.find((c) => c['type'] === 'Ready');
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Running' && readyCondition(pod)?.['status'] === 'True';
}

/** When a ready pod counts as available (Ready for minReadySeconds); undefined when not ready. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  if (!isRunningAndReady(pod)) return undefined;
  if (minReadySeconds <= 0) return 0;
  const since = Date.parse(readyCondition(pod)?.['lastTransitionTime'] ?? '');
  return Number.isNaN(since) ? undefined : since + minReadySeconds * 1000;
}

export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const at = availableAt(pod, minReadySeconds);
  return at !== undefined && at <= now.getTime();
}

export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** Counted against maxUnavailable: not available yet, or on its way out. */
export function isUnavailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

export function podRevision(pod: KubeObject): string {
  return pod['metadata']?.labels?.[revisionLabel] ?? '';
}
