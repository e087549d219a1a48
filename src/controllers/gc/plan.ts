/**
 * The garbage collector's decisions, pure: given an object and the state of its owners (or, for an
 * owner being deleted, its dependents), what to do. The reconciler observes and acts.
 */
import type { KubeObject } from '../runtime/index.js';
import {
  blocksOwner,
  finalizersOf,
  foregroundFinalizer,
  hasFinalizer,
  isBeingDeleted,
  orphanFinalizer,
  ownerReferencesOf,
  refersTo,
  type OwnerReference,
  type OwnerState,
} from './owner-refs.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface ResolvedOwner {
  ref: OwnerReference;
  state: OwnerState;
}

export type DependentAction =
  | { type: 'Keep' }
  /** Some owner cannot be looked up (unknown kind): do nothing now, look again later. */
  | { type: 'Wait'; reason: string }
  /** Other owners remain: drop only the references to owners that are gone or going. */
  | { type: 'RemoveOwnerReferences'; uids: string[] }
  /** Every owner is gone (or waiting for its dependents): delete the object. */
  | { type: 'Delete'; propagationPolicy: PropagationPolicy };

/**
 * The decision for an object with owner references. `hasDependents`: the object owns others itself,
 * so when an owner waits for it, it is deleted in the foreground too (the wait reaches down the chain).
 */
export function planDependent(item: KubeObject, owners: ResolvedOwner[], hasDependents: boolean): DependentAction {
  if (isBeingDeleted(item) || owners.length === 0) return { type: 'Keep' };
  const byState = (s: OwnerState) => owners.filter((o) => o.state === s);
  const solid = byState('solid');
  const gone = owners.filter((o) => o.state === 'dangling' || o.state === 'waiting');
  if (solid.length > 0) {
    return gone.length > 0 ? { type: 'RemoveOwnerReferences', uids: gone.map((o) => o.ref.uid) } : { type: 'Keep' };
  }
  const unresolvable = byState('unresolvable');
  if (unresolvable.length > 0) {
    return { type: 'Wait', reason: `cannot resolve owner ${unresolvable.map((o) => `${o.ref.kind} ${o.ref.apiVersion}`).join(', ')}` };
  }
  if (byState('waiting').length > 0 && hasDependents) return { type: 'Delete', propagationPolicy: 'Foreground' };
  if (hasFinalizer(item, orphanFinalizer)) return { type: 'Delete', propagationPolicy: 'Orphan' };
  if (hasFinalizer(item, foregroundFinalizer)) return { type: 'Delete', propagationPolicy: 'Foreground' };
  return { type: 'Delete', propagationPolicy: 'Background' };
}

export interface ForegroundPlan {
  /** Dependents not yet being deleted: each must be looked at (deleted, or its reference dropped). */
  pending: KubeObject[];
  /** Dependents (deleting or not) with blockOwnerDeletion: the owner stays while any remains. */
  blocking: KubeObject[];
  /** No blocking dependent is left: remove `foregroundDeletion` so the owner goes. */
  removeFinalizer: boolean;
}

/** An owner being deleted in the foreground, given the objects that (still) refer to it. */
export function planForeground(owner: KubeObject, dependents: KubeObject[]): ForegroundPlan {
  const uid = String(owner['metadata']?.uid);
  const mine = dependents.filter((d) => refersTo(d, uid));
  const blocking = mine.filter((d) => blocksOwner(d, uid));
  return { pending: mine.filter((d) => !isBeingDeleted(d)), blocking, removeFinalizer: blocking.length === 0 };
}

export interface OrphanPatch {
  dependent: KubeObject;
  /** The dependent's owner references without the ones to the orphaning owner. */
  ownerReferences: OwnerReference[];
}

/** An owner being deleted with `orphan`: every dependent loses its references to it, then the finalizer goes. */
export function planOrphan(owner: KubeObject, dependents: KubeObject[]): OrphanPatch[] {
  const uid = String(owner['metadata']?.uid);
  return dependents
    .filter((d) => refersTo(d, uid))
    .map((d) => ({ dependent: d, ownerReferences: ownerReferencesOf(d).filter((r) => r.uid !== uid) }));
}

/** The finalizers an object keeps once `finalizer` is removed. */
export function finalizersWithout(obj: KubeObject, finalizer: string): string[] {
  return finalizersOf(obj).filter((f) => f !== finalizer);
}
