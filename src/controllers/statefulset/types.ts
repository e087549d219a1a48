/**
 * The StatefulSet controller's contract: what observe hands to plan, and the plan that act executes.
 * A plan is plain JSON (printable for --dry-run, comparable in tests); objects in actions are the
 * exact bodies act will send.
 */
import type { KubeObject } from '../runtime/index.js';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';
export const revisionHashLabel = 'controller.kubernetes.io/hash';

/** Everything one sync looks at, read from the informer caches (never mutated). */
export interface Observed {
  set: KubeObject;
  /** Every pod in the set's namespace; plan decides which belong to the set. */
  pods: KubeObject[];
  /** Every claim in the set's namespace. */
  claims: KubeObject[];
  /** Every ControllerRevision in the set's namespace (names can collide with other owners' revisions). */
  revisions: KubeObject[];
}

export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

export type DeleteReason = 'Failed' | 'Succeeded' | 'ScaleDown' | 'Update';

export type Action =
  /** Take an orphan that matches (name and selector): `object` is the pod with our controller reference. */
  | { type: 'AdoptPod'; pod: string; object: KubeObject }
  /** Drop our controller reference from a pod that no longer matches. */
  | { type: 'ReleasePod'; pod: string; object: KubeObject }
  | { type: 'AdoptRevision'; revision: string; object: KubeObject }
  | { type: 'CreateRevision'; revision: string; object: KubeObject }
  /** Rollback to an identical template: the old revision becomes the newest by number. */
  | { type: 'UpdateRevisionNumber'; revision: string; from: number; to: number; object: KubeObject }
  /** Create the missing claims (in order), then the pod; the pod is not created if a claim fails. */
  | { type: 'CreatePod'; pod: string; ordinal: number; revision: string; claims: KubeObject[]; object: KubeObject }
  /** Re-create claims missing for a Pending pod. */
  | { type: 'CreateClaims'; pod: string; claims: KubeObject[] }
  | { type: 'DeletePod'; pod: string; uid: string; reason: DeleteReason }
  /** Repair identity labels or claim volumes in place. */
  | { type: 'UpdatePod'; pod: string; changes: string[]; object: KubeObject }
  /** Owner references of a claim per persistentVolumeClaimRetentionPolicy. */
  | { type: 'UpdateClaimOwners'; claim: string; pod: string; object: KubeObject }
  | { type: 'UpdateStatus'; status: StatefulSetStatus }
  | { type: 'DeleteRevision'; revision: string; uid: string }
  | { type: 'RecordEvent'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

export type WaitReason =
  | 'PodNotReady' | 'PodNotAvailable' | 'PodTerminating' | 'PodFinished' | 'ClaimNotBound' | 'ClaimStale' | 'UpdateUnavailable';

export interface Wait {
  reason: WaitReason;
  pod: string;
  message: string;
}

export interface Plan {
  namespace: string;
  name: string;
  currentRevision: string;
  updateRevision: string;
  /** OrderedReady: stop at the first action that fails; Parallel: carry on with the other pods. */
  monotonic: boolean;
  actions: Action[];
  /** Why the sync stopped short, for humans (logs, events, --dry-run). */
  waiting: Wait[];
  /** Conditions that should be retried with back-off (Kubernetes returns an error for these). */
  errors: string[];
  /** Look again after this long (minReadySeconds). */
  requeueAfterMs?: number;
}
