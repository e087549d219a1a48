/**
 * One pass over the ordinals in range, ascending: finished pods are deleted (and come back next
 * sync), missing pods are created after their claims, Pending pods get missing claims back, and in
 * OrderedReady mode the pass stops at the first pod that is not Running, Ready and available.
 * Healthy pods get identity, storage and claim ownership repaired in place.
 */
import type { KubeObject } from '../runtime/index.js';
import { claimOwnerUpdate, claimsFor, isStaleForNewPod } from './claims.js';
import { newPod, podName, repairPod } from './pod-identity.js';
import { isFailed, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating } from './pod-state.js';
import { isBeingDeleted, minReadySeconds, partition, startOrdinal } from './set-spec.js';
import { fail, setName, wait, type Step, type SyncContext } from './sync-context.js';

function claimNames(c: SyncContext, ordinal: number): string[] {
  return claimsFor(c.set, ordinal).map((cl) => cl['metadata'].name);
}

function deletingClaims(c: SyncContext, ordinal: number): string[] {
  return claimNames(c, ordinal).filter((n) => {
    const have = c.claims.get(n);
    return have !== undefined && isBeingDeleted(have);
  });
}

function missingClaims(c: SyncContext, ordinal: number): KubeObject[] {
  return claimsFor(c.set, ordinal).filter((cl) => !c.claims.has(cl['metadata'].name));
}

function createFailed(c: SyncContext, pod: string, claim: string): Step {
  return fail(c, 'FailedCreate', `create Pod ${pod} in StatefulSet ${setName(c)} failed error: pvc ${claim} is being deleted`);
}

/** Pods below the partition are created at the current revision, all others at the update revision. */
function revisionFor(c: SyncContext, ordinal: number): { revision: string; template: KubeObject } {
  if (ordinal < startOrdinal(c.set) + partition(c.set)) return { revision: c.currentRevision, template: c.currentTemplate };
  return { revision: c.updateRevision, template: c.updateTemplate };
}

function createPod(c: SyncContext, ordinal: number): Step {
  const name = podName(c.set, ordinal);
  const stale = claimNames(c, ordinal).filter((n) => {
    const have = c.claims.get(n);
    return have !== undefined && isStaleForNewPod(c.set, have, name);
  });
  if (stale.length > 0) {
    return wait(c, 'ClaimStale', name, `claim ${stale.join(', ')} still belongs to an earlier ${name} and is due for garbage collection; ${name} is created once it is gone`);
  }
  const deleting = deletingClaims(c, ordinal);
  if (deleting.length > 0) return createFailed(c, name, deleting[0]!);
  const { revision, template } = revisionFor(c, ordinal);
  const object = newPod(c.set, template, ordinal, revision);
  c.actions.push({ type: 'CreatePod', pod: name, ordinal, revision, claims: missingClaims(c, ordinal), object });
  return c.monotonic ? wait(c, 'PodNotReady', name, `created ${name}; waiting for it to be Running and Ready`) : 'continue';
}

/** Explain a pod that is not Running and Ready: its claims may be what it waits for. */
function notReady(c: SyncContext, pod: KubeObject, ordinal: number): Step {
  const name: string = pod['metadata'].name;
  if (isPending(pod)) {
    const unbound = claimNames(c, ordinal).filter((n) => c.claims.get(n)?.['status']?.phase !== 'Bound');
    if (unbound.length > 0) {
      const phases = unbound.map((n) => `${n} (${c.claims.get(n)?.['status']?.phase ?? 'missing'})`).join(', ');
      return wait(c, 'ClaimNotBound', name, `pod ${name} is Pending; its claims are not bound yet: ${phases}`);
    }
  }
  return wait(c, 'PodNotReady', name, `waiting for pod ${name} to be Running and Ready (phase ${pod['status']?.phase ?? 'unknown'})`);
}

function repair(c: SyncContext, pod: KubeObject, ordinal: number): void {
  const name: string = pod['metadata'].name;
  const fix = repairPod(c.set, pod);
  if (fix) {
    const missing = missingClaims(c, ordinal);
    if (missing.length > 0) c.actions.push({ type: 'CreateClaims', pod: name, claims: missing });
    c.actions.push({ type: 'UpdatePod', pod: name, changes: fix.changes, object: fix.object });
  }
  fixClaimOwners(c, pod, ordinal);
}

/** Claim owner references per the retention policy (for pods in range and condemned alike). */
export function fixClaimOwners(c: SyncContext, pod: KubeObject, ordinal: number): void {
  for (const n of claimNames(c, ordinal)) {
    const claim = c.claims.get(n);
    const updated = claim && !isBeingDeleted(claim) ? claimOwnerUpdate(c.set, claim, pod) : undefined;
    if (updated) c.actions.push({ type: 'UpdateClaimOwners', claim: n, pod: pod['metadata'].name, object: updated });
  }
}

export function processReplica(c: SyncContext, ordinal: number, pod: KubeObject | undefined): Step {
  if (!pod) return createPod(c, ordinal);
  const name: string = pod['metadata'].name;
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) {
      c.actions.push({ type: 'DeletePod', pod: name, uid: pod['metadata'].uid, reason: isFailed(pod) ? 'Failed' : 'Succeeded' });
    }
    return wait(c, 'PodFinished', name, `pod ${name} is ${pod['status'].phase}; it is re-created once deleted`);
  }
  if (isPending(pod)) {
    const deleting = deletingClaims(c, ordinal);
    if (deleting.length > 0) return createFailed(c, name, deleting[0]!);
    const missing = missingClaims(c, ordinal);
    if (missing.length > 0) c.actions.push({ type: 'CreateClaims', pod: name, claims: missing });
  }
  if (isTerminating(pod)) {
    return c.monotonic ? wait(c, 'PodTerminating', name, `waiting for pod ${name} to terminate`) : 'continue';
  }
  if (!isRunningAndReady(pod) && c.monotonic) return notReady(c, pod, ordinal);
  if (!isRunningAndAvailable(pod, minReadySeconds(c.set), c.now) && c.monotonic) {
    return wait(c, 'PodNotAvailable', name, `waiting for pod ${name} to be Ready for ${minReadySeconds(c.set)}s (minReadySeconds)`);
  }
  repair(c, pod, ordinal);
  return 'continue';
}
