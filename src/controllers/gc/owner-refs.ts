/**
 * Owner references and the deletion finalizers the API server records for the garbage collector
 * (propagationPolicy Orphan -> `orphan`, Foreground -> `foregroundDeletion`).
 */
import type { KubeObject } from '../runtime/index.js';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * What an owner reference points at, seen from its dependent:
 * - solid: the owner exists (same uid) and is not waiting for its dependents;
 * - dangling: no object of that name, or one with another uid (the owner was deleted, maybe re-created);
 * - waiting: the owner is being deleted in the foreground, so it waits for its dependents to go;
 * - unresolvable: the kind is not served, or a cluster-scoped dependent names a namespaced kind.
 */
export type OwnerState = 'solid' | 'dangling' | 'waiting' | 'unresolvable';

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  const refs: unknown = obj['metadata']?.ownerReferences;
  return Array.isArray(refs) ? (refs as OwnerReference[]).filter((r) => r && typeof r.uid === 'string') : [];
}

export function finalizersOf(obj: KubeObject): string[] {
  const f: unknown = obj['metadata']?.finalizers;
  return Array.isArray(f) ? (f as string[]) : [];
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return finalizersOf(obj).includes(finalizer);
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return Boolean(obj['metadata']?.deletionTimestamp);
}

/** Deleting in the foreground: marked for deletion and holding `foregroundDeletion`. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return isBeingDeleted(obj) && hasFinalizer(obj, foregroundFinalizer);
}

/** The state of one reference given the object currently stored under the owner's name (if any). */
export function classifyOwner(ref: OwnerReference, owner: KubeObject | undefined): OwnerState {
  if (!owner || owner['metadata']?.uid !== ref.uid) return 'dangling';
  return isDeletingDependents(owner) ? 'waiting' : 'solid';
}

/** Does `dependent` hold `ownerUid` back from being deleted (blockOwnerDeletion: true)? */
export function blocksOwner(dependent: KubeObject, ownerUid: string): boolean {
  return ownerReferencesOf(dependent).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);
}

export function refersTo(dependent: KubeObject, ownerUid: string): boolean {
  return ownerReferencesOf(dependent).some((r) => r.uid === ownerUid);
}
