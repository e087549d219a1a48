/**
 * Which informer changes should wake which pods (kube-scheduler's "cluster events" that move
 * unschedulable pods back to the active queue). Pure predicates.
 */
import { deepEqual } from '../../lib/deep-equal.js';
import type { KubeObject } from '../runtime/types.js';
import { podClaimNames } from './volume-binding.js';

/** Pending, not bound, not being deleted, not gated, and asks for this scheduler. */
export function isPendingForScheduler(pod: KubeObject, schedulerName: string): boolean {
  const spec = pod['spec'] ?? {};
  const phase = pod['status']?.phase;
  if (spec.nodeName || pod['metadata']?.deletionTimestamp) return false;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if ((spec.schedulingGates ?? []).length > 0) return false;
  return (spec.schedulerName ?? 'default-scheduler') === schedulerName;
}

/**
 * A placed pod changed in a way that can free or take room, or change what affinity sees: it was
 * just bound, started terminating, finished, or its labels changed. (Status heartbeats do not count.)
 */
export function needsRetryAfterPodChange(old: KubeObject, pod: KubeObject): boolean {
  if (!pod['spec']?.nodeName) return false;
  if (!old['spec']?.nodeName) return true;
  if (Boolean(old['metadata']?.deletionTimestamp) !== Boolean(pod['metadata']?.deletionTimestamp)) return true;
  if (old['status']?.phase !== pod['status']?.phase) return true;
  return !deepEqual(old['metadata']?.labels ?? {}, pod['metadata']?.labels ?? {});
}

function readyStatus(node: KubeObject): string | undefined {
  return (node['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'Ready')?.status;
}

/** A node changed what the filters read: spec (cordon, taints), labels, allocatable, readiness. */
export function needsRetryAfterNodeChange(old: KubeObject, node: KubeObject): boolean {
  return (
    !deepEqual(old['spec'] ?? {}, node['spec'] ?? {}) ||
    !deepEqual(old['metadata']?.labels ?? {}, node['metadata']?.labels ?? {}) ||
    !deepEqual(old['status']?.allocatable ?? {}, node['status']?.allocatable ?? {}) ||
    readyStatus(old) !== readyStatus(node)
  );
}

/** Does the pod use this claim (same namespace, by name)? */
export function usesClaim(pod: KubeObject, claim: KubeObject): boolean {
  if (pod['metadata']?.namespace !== claim['metadata']?.namespace) return false;
  return podClaimNames(pod).some((c) => c.name === claim['metadata']?.name);
}

/**
 * Whether a pending pod can be helped by another pod being placed, changing or going away: it has
 * pod (anti-)affinity terms, or it was found unschedulable (resources, anti-affinity, ports). A pod
 * that only waits for its volumes is woken by its claims instead. This keeps one pod's change from
 * re-running every pending pod (which made large clusters quadratic).
 */
export function mayGainFromOtherPods(pod: KubeObject): boolean {
  const aff = pod['spec']?.affinity ?? {};
  if (aff.podAffinity || aff.podAntiAffinity) return true;
  return (pod['status']?.conditions ?? []).some((c: KubeObject) => c['type'] === 'PodScheduled' && c['status'] === 'False');
}
