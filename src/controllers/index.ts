/**
 * The core controllers `ordinal server` runs in-process (leader-elected). Each comes from its own
 * folder; this is the one place that lists them.
 */
import { createDisruptionController } from './disruption/index.js';
import { createEndpointsController } from './endpoints/index.js';
import { createGarbageCollector } from './gc/index.js';
import { createNodeLifecycleController, createTaintEvictionController } from './node-lifecycle/index.js';
import { createPodGarbageCollector } from './pod-gc/index.js';
import { createVirtualNodes } from './nodes/index.js';
import type { Reconciler } from './runtime/index.js';
import { createScheduler } from './scheduler/index.js';
import { createStatefulSetController } from './statefulset/index.js';
import { createVolumeControllers } from './volume/index.js';
import { createVolumeProtectionControllers } from './volume-protection/index.js';

export interface CoreControllerOptions {
  /** The server's data dir (local-path volumes live under it). */
  dataDir: string;
  /** Number of virtual nodes to register. */
  nodes: number;
  /**
   * Register and heartbeat the nodes here (virtual nodes: nothing runs their pods). Off when node
   * agents run the nodes (they register themselves). Default true.
   */
  virtualNodes?: boolean;
  /** How long a node may stay silent before it is marked unreachable (default 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** Lease renewal of the virtual nodes (default 10 s). */
  leaseRenewMs?: number;
}

export function coreControllers(options: CoreControllerOptions): Reconciler[] {
  return [
    ...(options.virtualNodes ?? true ? [createVirtualNodes({ count: options.nodes, storagePath: options.dataDir, ...(options.leaseRenewMs !== undefined ? { leaseRenewMs: options.leaseRenewMs } : {}) })] : []),
    createScheduler(),
    createStatefulSetController(),
    ...createVolumeControllers({ dataDir: options.dataDir }),
    ...createVolumeProtectionControllers(),
    createGarbageCollector(),
    createEndpointsController(),
    createDisruptionController(),
    createNodeLifecycleController(options.nodeMonitorGracePeriodMs !== undefined ? { gracePeriodMs: options.nodeMonitorGracePeriodMs } : {}),
    createTaintEvictionController(),
    createPodGarbageCollector(),
  ];
}
