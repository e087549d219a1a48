/**
 * The scheduler's view of the cluster, as plain values: what the filters and scores read. Built
 * from the informer caches (plus the pods this scheduler has just placed) by snapshot.ts.
 */
import type { KubeObject } from '../runtime/types.js';

/** Amounts per resource name: cpu in millicores, the rest in whole units (see quantity.ts). */
export type ResourceAmounts = Record<string, number>;

export interface NodeInfo {
  name: string;
  node: KubeObject;
  labels: Record<string, string>;
  /** Pods bound (or assumed bound) to this node that still hold resources. */
  pods: KubeObject[];
  allocatable: ResourceAmounts;
  /** Sum of the requests of `pods`, including a `pods` count. */
  requested: ResourceAmounts;
  /** The same with the scheduler's defaults for containers that request nothing (for scoring). */
  nonZeroRequested: { cpu: number; memory: number };
}

export interface VolumeState {
  /** "namespace/name" -> PersistentVolumeClaim */
  claims: Map<string, KubeObject>;
  /** name -> PersistentVolume */
  volumes: Map<string, KubeObject>;
  /** name -> StorageClass */
  classes: Map<string, KubeObject>;
}

export interface ClusterSnapshot extends VolumeState {
  /** Sorted by name (the stable tie-break). */
  nodes: NodeInfo[];
  /** namespace name -> its labels (for namespaceSelector in pod affinity terms). */
  namespaceLabels: Map<string, Record<string, string>>;
}

/** The outcome of one filter on one node: undefined when the node passes. */
export type FilterResult = string[] | undefined;

/** What the scheduler decided for one pod (a plain value: printed, tested, then acted on). */
export type SchedulePlan =
  | { type: 'Bind'; node: string }
  /** Unbound WaitForFirstConsumer claims: mark them for `node` (if not yet) and wait for them to bind. */
  | { type: 'AwaitVolumes'; node: string; annotate: string[]; waitingFor: string[] }
  | { type: 'Unschedulable'; message: string };
