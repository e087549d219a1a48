import type { ResourceInfo } from '../registry/types.js';
import { isObject, type JsonObject } from '../validation/json-value.js';
import { defaultCustomResourceDefinition, defaultNamespace, defaultNode, defaultSecret } from './cluster-kinds.js';
import { defaultPod } from './pod.js';
import { defaultEndpoints, defaultService } from './service.js';
import { defaultStatefulSet } from './statefulset.js';
import { defaultPersistentVolume, defaultPersistentVolumeClaim, defaultStorageClass } from './storage.js';

export { defaultPullPolicy } from './pod-spec.js';

const defaulters = new Map<string, (obj: JsonObject) => void>([
  ['/v1/Namespace', defaultNamespace],
  ['/v1/Pod', defaultPod],
  ['/v1/Service', defaultService],
  ['/v1/Endpoints', defaultEndpoints],
  ['/v1/PersistentVolumeClaim', defaultPersistentVolumeClaim],
  ['/v1/PersistentVolume', defaultPersistentVolume],
  ['/v1/Secret', defaultSecret],
  ['/v1/Node', defaultNode],
  ['apps/v1/StatefulSet', defaultStatefulSet],
  ['storage.k8s.io/v1/StorageClass', defaultStorageClass],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', defaultCustomResourceDefinition],
]);

/**
 * Applies kube-apiserver's defaults for a built-in kind to `obj`, in place. Kinds without defaults
 * (ConfigMap, Event, Lease, ...) are left alone; custom resources are defaulted from their schema
 * with CompiledCrdSchema.applyDefaults. Badly typed input is skipped, never thrown on, so that
 * validation can report it.
 */
export function applyDefaults(info: ResourceInfo, obj: JsonObject): void {
  if (info.custom || !isObject(obj)) return;
  defaulters.get(`${info.group}/${info.version}/${info.kind}`)?.(obj);
}
