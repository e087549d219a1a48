/** StatefulSet status from its pods, and when a rolling update counts as complete. */
import type { KubeObject } from '../runtime/index.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, podRevision } from './pod-state.js';
import { isOnDelete, minReadySeconds, replicaCount } from './set-spec.js';
import type { StatefulSetStatus } from './types.js';

export interface StatusInput {
  set: KubeObject;
  /** The set's pods (in range and condemned). */
  pods: KubeObject[];
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  now: Date;
}

export function computeStatus(input: StatusInput): StatefulSetStatus {
  const { set, currentRevision, updateRevision, now } = input;
  const minReady = minReadySeconds(set);
  const status: StatefulSetStatus = {
    observedGeneration: Number(set['metadata']?.generation ?? 0),
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision,
    updateRevision,
    collisionCount: input.collisionCount,
  };
  for (const pod of input.pods) {
    if (!isCreated(pod)) continue;
    status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (isRunningAndAvailable(pod, minReady, now)) status.availableReplicas++;
    }
    if (isTerminating(pod)) continue;
    const revision = podRevision(pod);
    if (revision === currentRevision) status.currentReplicas++;
    if (revision === updateRevision) status.updatedReplicas++;
  }
  return status;
}

/** Every wanted pod is updated and ready: the update revision becomes the current one. */
export function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): StatefulSetStatus {
  const want = replicaCount(set);
  if (isOnDelete(set) || status.updatedReplicas !== want || status.readyReplicas !== want || status.replicas !== want) return status;
  return { ...status, currentReplicas: status.updatedReplicas, currentRevision: status.updateRevision };
}

const fields: (keyof StatefulSetStatus)[] = [
  'observedGeneration', 'replicas', 'readyReplicas', 'availableReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount',
];

export function statusDiffers(set: KubeObject, status: StatefulSetStatus): boolean {
  const have: KubeObject = set['status'] ?? {};
  return fields.some((f) => (have[f] ?? (typeof status[f] === 'number' ? 0 : '')) !== status[f]);
}
