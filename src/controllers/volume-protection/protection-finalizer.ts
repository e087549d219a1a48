/** kube's protectionutil: when an object's protection finalizer must be added, or may be removed. */
import type { KubeObject } from '../runtime/types.js';

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  const f: unknown = obj['metadata']?.finalizers;
  return Array.isArray(f) && f.includes(finalizer);
}

/** Being deleted and still held by the finalizer. */
export function isDeletionCandidate(obj: KubeObject, finalizer: string): boolean {
  return Boolean(obj['metadata']?.deletionTimestamp) && hasFinalizer(obj, finalizer);
}

/** Not being deleted and without the finalizer (an object created before admission added it). */
export function needsFinalizer(obj: KubeObject, finalizer: string): boolean {
  return !obj['metadata']?.deletionTimestamp && !hasFinalizer(obj, finalizer);
}

/** A copy of the object with the finalizer added or removed (the cached object is never changed). */
export function withFinalizer(obj: KubeObject, finalizer: string, present: boolean): KubeObject {
  const copy = structuredClone(obj);
  const rest = ((copy['metadata'].finalizers ?? []) as string[]).filter((f) => f !== finalizer);
  copy['metadata'].finalizers = present ? [...rest, finalizer] : rest;
  return copy;
}
