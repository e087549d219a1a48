/**
 * Scale down, only once every pod in range is fine: condemned pods (valid ordinal, out of range) go
 * from the highest ordinal down. OrderedReady deletes one per sync and waits for it to be gone and
 * for the others to be healthy (the first unhealthy pod itself may go); Parallel deletes them all.
 * Their claims get the owner references whenScaled asks for before the pods are deleted.
 */
import type { KubeObject } from '../runtime/index.js';
import { ordinalOf } from './pod-identity.js';
import { isRunningAndAvailable, isRunningAndReady, isTerminating } from './pod-state.js';
import { fixClaimOwners } from './plan-replicas.js';
import { minReadySeconds } from './set-spec.js';
import { wait, type Step, type SyncContext } from './sync-context.js';

/** condemned: sorted by descending ordinal. firstUnhealthy: the lowest unavailable pod, if any. */
export function processCondemned(c: SyncContext, condemned: KubeObject[], firstUnhealthy: KubeObject | undefined): Step {
  for (const pod of condemned) fixClaimOwners(c, pod, ordinalOf(pod));
  for (const pod of condemned) {
    const name: string = pod['metadata'].name;
    if (isTerminating(pod)) {
      if (c.monotonic) return wait(c, 'PodTerminating', name, `scaling down: waiting for pod ${name} to terminate`);
      continue;
    }
    if (c.monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod)) return wait(c, 'PodNotReady', name, `scaling down: waiting for pod ${name} to be Running and Ready before deleting it`);
      if (!isRunningAndAvailable(pod, minReadySeconds(c.set), c.now)) {
        return wait(c, 'PodNotAvailable', name, `scaling down: waiting for pod ${name} to be available before deleting it`);
      }
    }
    c.actions.push({ type: 'DeletePod', pod: name, uid: pod['metadata'].uid, reason: 'ScaleDown' });
    if (c.monotonic) return 'stop';
  }
  return 'continue';
}
