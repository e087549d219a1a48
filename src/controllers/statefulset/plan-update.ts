/**
 * RollingUpdate: from the highest ordinal down to the partition, delete pods whose revision is not
 * the update revision (they come back at the update revision), at most maxUnavailable (default 1)
 * minus the pods already unavailable - so with the default, one at a time and never while any pod
 * is unavailable. OnDelete never deletes: pods change revision when someone else deletes them.
 */
import type { KubeObject } from '../runtime/index.js';
import { isTerminating, isUnavailable, podRevision } from './pod-state.js';
import { podName } from './pod-identity.js';
import { isOnDelete, maxUnavailable, minReadySeconds, partition, startOrdinal } from './set-spec.js';
import { wait, type SyncContext } from './sync-context.js';

/** slots: pods in range by index (undefined = not created yet). Returns how many pods it deletes. */
export function planRollingUpdate(c: SyncContext, slots: (KubeObject | undefined)[]): number {
  if (isOnDelete(c.set)) return 0;
  const minReady = minReadySeconds(c.set);
  const unavailable = slots.flatMap((p, i) => (!p || isUnavailable(p, minReady, c.now) ? [podName(c.set, startOrdinal(c.set) + i)] : []));
  const budget = maxUnavailable(c.set) - unavailable.length;
  const outdated = slots.filter((p, i): p is KubeObject => i >= partition(c.set) && p !== undefined && podRevision(p) !== c.updateRevision && !isTerminating(p));
  if (outdated.length === 0) return 0;
  if (budget <= 0) {
    const name = unavailable[0] ?? '';
    wait(c, 'UpdateUnavailable', name, `rolling update: waiting for unavailable pod(s) ${unavailable.join(', ')} before updating ${outdated.length} more`);
    return 0;
  }
  let deleted = 0;
  for (let i = slots.length - 1; i >= partition(c.set) && deleted < budget; i--) {
    const pod = slots[i];
    if (!pod || podRevision(pod) === c.updateRevision || isTerminating(pod)) continue;
    c.actions.push({ type: 'DeletePod', pod: pod['metadata'].name, uid: pod['metadata'].uid, reason: 'Update' });
    deleted++;
  }
  return deleted;
}
