/** The API writes of the volume controllers, and what they need around them. */
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { Provisioner, StorageObjectReader, VolumeRecycler } from '../../storage/index.js';
import type { EventRecorder, KubeObject } from '../runtime/types.js';
import type { VolumeOperations } from './volume-operations.js';

export interface VolumeDeps {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  now(): Date;
  /** By StorageClass provisioner name. */
  provisioners: ReadonlyMap<string, Provisioner>;
  recycler: VolumeRecycler | undefined;
  /** Secrets, ConfigMaps and classes for provisioners (read from the API when they ask). */
  objects: StorageObjectReader;
  /** When given, provisioning and deleting storage run beside the reconcile (see VolumeOperations). */
  operations?: VolumeOperations;
}

export const volumesPath = '/api/v1/persistentvolumes';
export const claimsPath = '/api/v1/persistentvolumeclaims';
export const storageClassesPath = '/apis/storage.k8s.io/v1/storageclasses';
export const nodesPath = '/api/v1/nodes';
export const podsPath = '/api/v1/pods';

export function volumePath(name: string): string {
  return `${volumesPath}/${encodeURIComponent(name)}`;
}

export function claimPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims/${encodeURIComponent(name)}`;
}

function pathOf(obj: KubeObject): string {
  const m = obj['metadata'];
  return m.namespace ? claimPath(m.namespace, m.name) : volumePath(m.name);
}

/** PUT the object (optimistic: its resourceVersion must still be current, else 409 and a retry). */
export function replaceObject(client: KubeClient, obj: KubeObject): Promise<KubeObject> {
  return client.request<KubeObject>('PUT', pathOf(obj), { body: obj });
}

export function replaceStatus(client: KubeClient, obj: KubeObject): Promise<KubeObject> {
  return client.request<KubeObject>('PUT', `${pathOf(obj)}/status`, { body: obj });
}

/** GET an object, undefined when it does not exist. */
export function getIfExists(client: KubeClient, path: string): Promise<KubeObject | undefined> {
  return client.getIfExists<KubeObject>(path);
}

export function isStatus(e: unknown, status: number): boolean {
  return e instanceof ApiRequestError && e.status === status;
}
