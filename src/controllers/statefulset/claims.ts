/**
 * Claims of a pod (`<template>-<set>-<ordinal>`) and their owner references under
 * persistentVolumeClaimRetentionPolicy:
 *   Retain/Retain: no reference from us; whenDeleted=Delete: the set (controller) owns the claim;
 *   whenScaled=Delete: a condemned pod (scaled away) owns its claims instead, so the garbage
 *   collector removes them after the pod. References left by an earlier object of the same name
 *   (stale uid) or another controller's claims are left alone.
 */
import type { KubeObject } from '../runtime/index.js';
import { claimName, ordinalOf } from './pod-identity.js';
import { claimTemplates, controllerRefOf, isInRange, retentionPolicy } from './set-spec.js';

type Ref = KubeObject;

const refsOf = (obj: KubeObject): Ref[] => obj['metadata']?.ownerReferences ?? [];

const isSetRef = (ref: Ref, set: KubeObject): boolean => ref['kind'] === 'StatefulSet' && String(ref['apiVersion']).startsWith('apps/') && ref['name'] === set['metadata'].name;
const isPodRef = (ref: Ref, podName: string): boolean => ref['kind'] === 'Pod' && ref['apiVersion'] === 'v1' && ref['name'] === podName;

/** The claim objects a pod at `ordinal` needs, in template order, as they are created. */
export function claimsFor(set: KubeObject, ordinal: number): KubeObject[] {
  const matchLabels: Record<string, string> = set['spec']?.selector?.matchLabels ?? {};
  const policy = retentionPolicy(set);
  return claimTemplates(set).map((t) => {
    const meta = t['metadata'] ?? {};
    const metadata: KubeObject = { name: claimName(set, t, ordinal), namespace: set['metadata'].namespace, labels: { ...(meta.labels ?? {}), ...matchLabels } };
    if (meta.annotations) metadata['annotations'] = structuredClone(meta.annotations);
    // A claim is only created for a pod in range, so only the set can own it at creation.
    if (policy.whenDeleted === 'Delete') metadata['ownerReferences'] = [controllerRefOf(set)];
    return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: structuredClone(t['spec'] ?? {}) };
  });
}

/** A reference to the set or the pod by name but with another uid: a previous incarnation's. */
function hasStaleRef(claim: KubeObject, set: KubeObject, pod: { name: string; uid?: string }): boolean {
  return refsOf(claim).some((r) => (isSetRef(r, set) && r['uid'] !== set['metadata'].uid) || (isPodRef(r, pod.name) && r['uid'] !== pod.uid));
}

/**
 * A claim still owned by an earlier pod of the same name that was scaled away (whenScaled=Delete):
 * the garbage collector is about to delete it, so a new pod must not start using it.
 */
export function isStaleForNewPod(set: KubeObject, claim: KubeObject, podName: string): boolean {
  if (retentionPolicy(set).whenScaled === 'Retain') return false;
  return refsOf(claim).some((r) => isPodRef(r, podName));
}

function hasOtherController(claim: KubeObject, set: KubeObject, podName: string): boolean {
  return refsOf(claim).some((r) => r['controller'] === true && !isSetRef(r, set) && !isPodRef(r, podName));
}

/** The owner references the claim should have; undefined when it must be left as it is. */
export function desiredClaimOwners(set: KubeObject, claim: KubeObject, pod: KubeObject): Ref[] | undefined {
  const name = String(pod['metadata']?.name);
  const uid = pod['metadata']?.uid as string | undefined;
  if (hasStaleRef(claim, set, { name, uid })) return undefined;
  const policy = retentionPolicy(set);
  const others = refsOf(claim).filter((r) => !isSetRef(r, set) && !isPodRef(r, name));
  if (policy.whenDeleted === 'Retain' && policy.whenScaled === 'Retain') return others;
  if (hasOtherController(claim, set, name)) return others;
  const condemned = !isInRange(set, ordinalOf(pod));
  const refs = [...others];
  if (policy.whenScaled === 'Delete' && condemned) {
    if (uid) refs.push({ apiVersion: 'v1', kind: 'Pod', name, uid, controller: true, blockOwnerDeletion: true });
  } else if (policy.whenDeleted === 'Delete') {
    refs.push(controllerRefOf(set));
  }
  return refs;
}

const refKey = (r: Ref): string => `${r['apiVersion']}|${r['kind']}|${r['name']}|${r['uid']}|${r['controller'] === true}`;

/** The claim with its owner references brought in line with the policy, or undefined if already right. */
export function claimOwnerUpdate(set: KubeObject, claim: KubeObject, pod: KubeObject): KubeObject | undefined {
  const desired = desiredClaimOwners(set, claim, pod);
  if (!desired) return undefined;
  const have = refsOf(claim).map(refKey).sort();
  const want = desired.map(refKey).sort();
  if (have.length === want.length && have.every((k, i) => k === want[i])) return undefined;
  const copy = structuredClone(claim);
  copy['metadata'].ownerReferences = desired;
  return copy;
}
