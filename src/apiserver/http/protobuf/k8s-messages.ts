/**
 * Field numbers of the Kubernetes protobuf messages kubectl 1.32 sends in request bodies through its
 * typed clients (create namespace/secret/configmap/serviceaccount, drain's evictions). Others are
 * refused with 415 and a hint to send JSON.
 */
export type FieldType = 'string' | 'bytes' | 'int' | 'bool' | 'time' | MessageDesc | { map: 'string' | 'bytes' };

export interface FieldDesc {
  name: string;
  type: FieldType;
  repeated?: boolean;
}

export interface MessageDesc {
  name: string;
  fields: Record<number, FieldDesc>;
}

const f = (name: string, type: FieldType, repeated = false): FieldDesc => ({ name, type, repeated });

export const typeMeta: MessageDesc = { name: 'TypeMeta', fields: { 1: f('apiVersion', 'string'), 2: f('kind', 'string') } };
export const unknownEnvelope: MessageDesc = { name: 'runtime.Unknown', fields: { 1: f('typeMeta', typeMeta), 2: f('raw', 'bytes'), 3: f('contentEncoding', 'string'), 4: f('contentType', 'string') } };

const ownerReference: MessageDesc = {
  name: 'OwnerReference',
  fields: { 1: f('kind', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'), 6: f('controller', 'bool'), 7: f('blockOwnerDeletion', 'bool') },
};

const objectMeta: MessageDesc = {
  name: 'ObjectMeta',
  fields: {
    1: f('name', 'string'), 2: f('generateName', 'string'), 3: f('namespace', 'string'), 4: f('selfLink', 'string'), 5: f('uid', 'string'),
    6: f('resourceVersion', 'string'), 7: f('generation', 'int'), 8: f('creationTimestamp', 'time'), 9: f('deletionTimestamp', 'time'),
    10: f('deletionGracePeriodSeconds', 'int'), 11: f('labels', { map: 'string' }), 12: f('annotations', { map: 'string' }),
    13: f('ownerReferences', ownerReference, true), 14: f('finalizers', 'string', true),
  },
};

const objectReference: MessageDesc = {
  name: 'ObjectReference',
  fields: { 1: f('kind', 'string'), 2: f('namespace', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'), 6: f('resourceVersion', 'string'), 7: f('fieldPath', 'string') },
};

const deleteOptions: MessageDesc = {
  name: 'DeleteOptions',
  fields: {
    1: f('gracePeriodSeconds', 'int'),
    2: f('preconditions', { name: 'Preconditions', fields: { 1: f('uid', 'string'), 2: f('resourceVersion', 'string') } }),
    3: f('orphanDependents', 'bool'), 4: f('propagationPolicy', 'string'), 5: f('dryRun', 'string', true),
  },
};

/** Top-level messages by "apiVersion/kind". */
export const topLevel: Record<string, MessageDesc> = {
  'v1/Namespace': {
    name: 'v1.Namespace',
    fields: { 1: f('metadata', objectMeta), 2: f('spec', { name: 'NamespaceSpec', fields: { 1: f('finalizers', 'string', true) } }), 3: f('status', { name: 'NamespaceStatus', fields: { 1: f('phase', 'string') } }) },
  },
  'v1/Secret': {
    name: 'v1.Secret',
    fields: { 1: f('metadata', objectMeta), 2: f('data', { map: 'bytes' }), 3: f('type', 'string'), 4: f('stringData', { map: 'string' }), 5: f('immutable', 'bool') },
  },
  'v1/ConfigMap': {
    name: 'v1.ConfigMap',
    fields: { 1: f('metadata', objectMeta), 2: f('data', { map: 'string' }), 3: f('binaryData', { map: 'bytes' }), 4: f('immutable', 'bool') },
  },
  'v1/ServiceAccount': {
    name: 'v1.ServiceAccount',
    fields: { 1: f('metadata', objectMeta), 2: f('secrets', objectReference, true), 3: f('imagePullSecrets', { name: 'LocalObjectReference', fields: { 1: f('name', 'string') } }, true), 4: f('automountServiceAccountToken', 'bool') },
  },
  'policy/v1/Eviction': { name: 'policy.v1.Eviction', fields: { 1: f('metadata', objectMeta), 2: f('deleteOptions', deleteOptions) } },
  'v1/DeleteOptions': deleteOptions,
  'meta.k8s.io/v1/DeleteOptions': deleteOptions,
};
