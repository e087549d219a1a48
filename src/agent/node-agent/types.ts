/**
 * What a node agent's pod workers are given: the machine's shared parts (network, sandbox, image
 * catalog, object lookups) and per-node facts.
 */
import type { KubeClient } from '../../client/index.js';
import type { EventRecorder, KubeObject } from '../../controllers/runtime/types.js';
import type { Logger } from '../../lib/log.js';
import type { ImageCatalog } from '../images/index.js';
import type { PodNetwork } from '../network/index.js';
import type { ContainerSandbox } from '../sandbox/types.js';
import type { RbdAttacher } from '../volumes/index.js';

/** Synchronous lookups in the agent's caches (Secrets, ConfigMaps, claims, volumes). */
export interface PodInputSource {
  secret(namespace: string, name: string): KubeObject | undefined;
  configMap(namespace: string, name: string): KubeObject | undefined;
  persistentVolumeClaim(namespace: string, name: string): KubeObject | undefined;
  persistentVolume(name: string): KubeObject | undefined;
}

export interface PodWorkerDeps {
  nodeName: string;
  /** The node's address (status.hostIP). */
  hostIP: string;
  /** Pod directories live in `<podsDir>/<uid>`. */
  podsDir: string;
  network: PodNetwork;
  sandbox: ContainerSandbox;
  images: ImageCatalog;
  source: PodInputSource;
  /** Attaches the pods' RBD images (absent: rbd volumes fail with FailedMount). */
  rbd?: RbdAttacher;
  /** The cluster DNS server pods use, and the cluster domain. */
  dns: { nameserver: string; zone: string };
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  now(): Date;
}
