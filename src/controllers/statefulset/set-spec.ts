/** Defaulted reads of a StatefulSet's spec (the API server defaults most, but never trust a cache blindly). */
import type { KubeObject } from '../runtime/index.js';

export type RetentionType = 'Retain' | 'Delete';

export interface RetentionPolicy {
  whenDeleted: RetentionType;
  whenScaled: RetentionType;
}

export function startOrdinal(set: KubeObject): number {
  const start = set['spec']?.ordinals?.start;
  return typeof start === 'number' && start >= 0 ? start : 0;
}

export function replicaCount(set: KubeObject): number {
  const r = set['spec']?.replicas;
  return typeof r === 'number' && r >= 0 ? r : 1;
}

/** The last ordinal in range (inclusive); start - 1 when replicas is 0. */
export function endOrdinal(set: KubeObject): number {
  return startOrdinal(set) + replicaCount(set) - 1;
}

export function isInRange(set: KubeObject, ordinal: number): boolean {
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}

export function isParallel(set: KubeObject): boolean {
  return set['spec']?.podManagementPolicy === 'Parallel';
}

export function isOnDelete(set: KubeObject): boolean {
  return set['spec']?.updateStrategy?.type === 'OnDelete';
}

/** Ordinal offset (from start) below which pods keep the current revision; 0 for OnDelete. */
export function partition(set: KubeObject): number {
  if (isOnDelete(set)) return 0;
  const p = set['spec']?.updateStrategy?.rollingUpdate?.partition;
  return typeof p === 'number' && p > 0 ? p : 0;
}

/** rollingUpdate.maxUnavailable as a count: an int, or a percentage of replicas rounded down; at least 1. */
export function maxUnavailable(set: KubeObject): number {
  const raw: unknown = set['spec']?.updateStrategy?.rollingUpdate?.maxUnavailable;
  let n = 1;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\d+%$/.test(raw)) n = Math.floor((Number(raw.slice(0, -1)) * replicaCount(set)) / 100);
  else if (typeof raw === 'string' && /^\d+$/.test(raw)) n = Number(raw);
  return Math.max(1, n);
}

export function minReadySeconds(set: KubeObject): number {
  const m = set['spec']?.minReadySeconds;
  return typeof m === 'number' && m > 0 ? m : 0;
}

export function revisionHistoryLimit(set: KubeObject): number {
  const l = set['spec']?.revisionHistoryLimit;
  return typeof l === 'number' ? l : 10;
}

export function retentionPolicy(set: KubeObject): RetentionPolicy {
  const p = set['spec']?.persistentVolumeClaimRetentionPolicy ?? {};
  return {
    whenDeleted: p.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    whenScaled: p.whenScaled === 'Delete' ? 'Delete' : 'Retain',
  };
}

export function claimTemplates(set: KubeObject): KubeObject[] {
  const t = set['spec']?.volumeClaimTemplates;
  return Array.isArray(t) ? t : [];
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return Boolean(obj['metadata']?.deletionTimestamp);
}

export function controllerRefOf(set: KubeObject): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set['metadata'].name, uid: set['metadata'].uid, controller: true, blockOwnerDeletion: true };
}

/** The controller ownerReference of an object, if any. */
export function controllerOf(obj: KubeObject): KubeObject | undefined {
  const refs: KubeObject[] = obj['metadata']?.ownerReferences ?? [];
  return refs.find((r) => r['controller'] === true);
}
