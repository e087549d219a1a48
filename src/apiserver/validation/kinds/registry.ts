import type { ResourceInfo } from '../../registry/types.js';
import { configMapValidator, secretValidator } from './config-data.js';
import { controllerRevisionValidator, leaseValidator, podDisruptionBudgetValidator } from './coordination-policy.js';
import { customResourceDefinitionValidator } from './custom-resource-definition.js';
import { endpointsValidator, eventValidator } from './endpoints-event.js';
import { namespaceValidator, nodeValidator } from './namespace-node.js';
import { persistentVolumeValidator } from './persistent-volume.js';
import { podValidator } from './pod.js';
import { serviceValidator } from './service.js';
import { statefulSetValidator } from './statefulset.js';
import { storageClassValidator } from './storage-class.js';
import type { KindValidator } from './types.js';
import { persistentVolumeClaimValidator } from './volume-claims.js';

/** Semantic validators of the served built-in kinds, keyed by group/version/kind. */
const validators = new Map<string, KindValidator>([
  ['/v1/Namespace', namespaceValidator],
  ['/v1/Pod', podValidator],
  ['/v1/Service', serviceValidator],
  ['/v1/Endpoints', endpointsValidator],
  ['/v1/PersistentVolumeClaim', persistentVolumeClaimValidator],
  ['/v1/PersistentVolume', persistentVolumeValidator],
  ['/v1/Secret', secretValidator],
  ['/v1/ConfigMap', configMapValidator],
  ['/v1/Event', eventValidator],
  ['/v1/Node', nodeValidator],
  ['apps/v1/StatefulSet', statefulSetValidator],
  ['apps/v1/ControllerRevision', controllerRevisionValidator],
  ['storage.k8s.io/v1/StorageClass', storageClassValidator],
  ['policy/v1/PodDisruptionBudget', podDisruptionBudgetValidator],
  ['coordination.k8s.io/v1/Lease', leaseValidator],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', customResourceDefinitionValidator],
]);

export function kindValidatorFor(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindValidator | undefined {
  return validators.get(`${info.group}/${info.version}/${info.kind}`);
}
