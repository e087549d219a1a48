import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { ControllerRevision } from 'kubernetes-models/apps/v1/ControllerRevision';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Lease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Endpoints } from 'kubernetes-models/v1/Endpoints';
import { Event } from 'kubernetes-models/v1/Event';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Node } from 'kubernetes-models/v1/Node';
import { PersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { ResourceInfo } from '../registry/types.js';
import type { AjvErrorLike } from './ajv-causes.js';
import type { JsonObject } from './json-value.js';

/**
 * The official OpenAPI schema of each served built-in kind, as compiled by kubernetes-models, plus
 * the @kubernetes/client-node model naming its fields (for unknown-field detection).
 *
 * kubernetes-models keeps its ajv validators in a private `_schemas` folder outside its exports map,
 * but installs each one as the model class's `prototype.validate`, which runs the validator on `this`
 * and throws a ValidationError carrying ajv's `errors`. Calling it with our plain object as `this`
 * validates without copying the object.
 */

interface ModelClass {
  prototype: { validate(): void };
}

interface BuiltinSchema {
  model: ModelClass;
  /** Class name in @kubernetes/client-node's generated models. */
  clientModel: string;
}

const schemas = new Map<string, BuiltinSchema>([
  ['/v1/Namespace', { model: Namespace, clientModel: 'V1Namespace' }],
  ['/v1/Pod', { model: Pod, clientModel: 'V1Pod' }],
  ['/v1/Service', { model: Service, clientModel: 'V1Service' }],
  ['/v1/Endpoints', { model: Endpoints, clientModel: 'V1Endpoints' }],
  ['/v1/PersistentVolumeClaim', { model: PersistentVolumeClaim, clientModel: 'V1PersistentVolumeClaim' }],
  ['/v1/PersistentVolume', { model: PersistentVolume, clientModel: 'V1PersistentVolume' }],
  ['/v1/Secret', { model: Secret, clientModel: 'V1Secret' }],
  ['/v1/ConfigMap', { model: ConfigMap, clientModel: 'V1ConfigMap' }],
  ['/v1/Event', { model: Event, clientModel: 'CoreV1Event' }],
  ['/v1/Node', { model: Node, clientModel: 'V1Node' }],
  ['/v1/ServiceAccount', { model: ServiceAccount, clientModel: 'V1ServiceAccount' }],
  ['apps/v1/StatefulSet', { model: StatefulSet, clientModel: 'V1StatefulSet' }],
  ['apps/v1/ControllerRevision', { model: ControllerRevision, clientModel: 'V1ControllerRevision' }],
  ['storage.k8s.io/v1/StorageClass', { model: StorageClass, clientModel: 'V1StorageClass' }],
  ['policy/v1/PodDisruptionBudget', { model: PodDisruptionBudget, clientModel: 'V1PodDisruptionBudget' }],
  ['coordination.k8s.io/v1/Lease', { model: Lease, clientModel: 'V1Lease' }],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', { model: CustomResourceDefinition, clientModel: 'V1CustomResourceDefinition' }],
]);

export function builtinSchemaFor(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): BuiltinSchema | undefined {
  return schemas.get(`${info.group}/${info.version}/${info.kind}`);
}

/** Runs the kind's OpenAPI validator; returns ajv's errors (empty when valid). */
export function runBuiltinSchema(schema: BuiltinSchema, obj: JsonObject): AjvErrorLike[] {
  try {
    schema.model.prototype.validate.call(obj);
    return [];
  } catch (e) {
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) return errors as AjvErrorLike[];
    throw e;
  }
}
