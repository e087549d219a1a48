import type { KubeObject } from '../../controllers/runtime/types.js';

/** Role: the objects a pod refers to, read synchronously from the agent's informer caches. */
export interface PodInputSource {
  secret(namespace: string, name: string): KubeObject | undefined;
  configMap(namespace: string, name: string): KubeObject | undefined;
  persistentVolumeClaim(namespace: string, name: string): KubeObject | undefined;
  persistentVolume(name: string): KubeObject | undefined;
}

/** What the node knows about a pod that its spec does not say (downward API values). */
export interface PodFacts {
  podIP: string;
  podIPs: string[];
  hostIP: string;
  nodeName: string;
  serviceAccountName: string;
  /**
   * The node's allocatable cpu/memory: the value of `limits.*` when a container sets no limit.
   * Quantities ("4", "7936Mi"); default: the host's cpus and total memory.
   */
  nodeAllocatable?: { cpu?: string | number; memory?: string | number };
}

/** Something worth an event that does not stop the container (e.g. InvalidEnvironmentVariableNames). */
export type PodInputWarning = (reason: string, message: string) => void;
