/**
 * Strategic-merge patch metadata of the built-in kinds ordinal serves: which lists merge
 * element-wise and on which key, written as the `patchStrategy` / `patchMergeKey` tags of the
 * Kubernetes API types declare them. Modelled per TYPE, not per path, so PodSpec's metadata is
 * written once and reached from Pod.spec and from every PodTemplateSpec.
 *
 * A field that is not listed here behaves as an untagged field: maps merge recursively, lists
 * and scalars are replaced. That is exactly right for atomic lists such as tolerations,
 * Node.spec.taints, Namespace.spec.finalizers, Endpoints.subsets, containerStatuses and
 * StatefulSet.spec.volumeClaimTemplates, and for every CustomResourceDefinition field.
 */

/** Patch metadata of one field. */
export interface FieldPatchMeta {
  /** Name of the struct type of the value, or of each element for a list. */
  readonly type?: string;
  /** 'merge': a list merges by `mergeKey`, or as a set when its elements are scalars. */
  readonly strategy?: 'merge';
  readonly mergeKey?: string;
  /**
   * The field also carries the retainKeys strategy (a union such as a volume source), so
   * clients send `$retainKeys`. Applying `$retainKeys` does not depend on this flag.
   */
  readonly retainKeys?: boolean;
}

/** Field name -> patch metadata, for one struct type. */
export type TypePatchMeta = Readonly<Record<string, FieldPatchMeta>>;

export interface GroupKind {
  group: string;
  kind: string;
}

function of(type: string): FieldPatchMeta {
  return { type };
}

function mergeOn(mergeKey: string, type?: string): FieldPatchMeta {
  return type === undefined ? { strategy: 'merge', mergeKey } : { strategy: 'merge', mergeKey, type };
}

const mergeAsSet: FieldPatchMeta = { strategy: 'merge' };

const types: Readonly<Record<string, TypePatchMeta>> = {
  ObjectMeta: { finalizers: mergeAsSet, ownerReferences: mergeOn('uid') },
  PodTemplateSpec: { metadata: of('ObjectMeta'), spec: of('PodSpec') },
  PodSpec: {
    volumes: { ...mergeOn('name', 'Volume'), retainKeys: true },
    initContainers: mergeOn('name', 'Container'),
    containers: mergeOn('name', 'Container'),
    ephemeralContainers: mergeOn('name', 'Container'),
    imagePullSecrets: mergeOn('name'),
    hostAliases: mergeOn('ip'),
    // listMapKeys are topologyKey + whenUnsatisfiable, but the patch merge key is topologyKey.
    topologySpreadConstraints: mergeOn('topologyKey'),
    resourceClaims: { ...mergeOn('name'), retainKeys: true },
    schedulingGates: mergeOn('name'),
  },
  // EphemeralContainer shares Container's list fields, so both use this entry.
  // resizePolicy is atomic (listType=atomic, no patch strategy) and is therefore absent.
  Container: {
    ports: mergeOn('containerPort'),
    env: mergeOn('name'),
    volumeMounts: mergeOn('mountPath'),
    volumeDevices: mergeOn('devicePath'),
  },
  Volume: { ephemeral: of('EphemeralVolumeSource') },
  EphemeralVolumeSource: { volumeClaimTemplate: of('PersistentVolumeClaimTemplate') },
  PersistentVolumeClaimTemplate: { metadata: of('ObjectMeta') },
  PodStatus: {
    conditions: mergeOn('type'),
    podIPs: mergeOn('ip'),
    hostIPs: mergeOn('ip'),
    resourceClaimStatuses: { ...mergeOn('name'), retainKeys: true },
  },
  /** Any status whose only tagged field is `conditions` merged on `type`. */
  ConditionsStatus: { conditions: mergeOn('type') },
  StatefulSetSpec: { template: of('PodTemplateSpec') },
  ServiceSpec: { ports: mergeOn('port') },
  NodeSpec: { podCIDRs: mergeAsSet },
  NodeStatus: { conditions: mergeOn('type'), addresses: mergeOn('type') },
};

const metadataOnly: TypePatchMeta = { metadata: of('ObjectMeta') };
const withConditions = (spec?: string): TypePatchMeta => ({
  metadata: of('ObjectMeta'),
  ...(spec === undefined ? {} : { spec: of(spec) }),
  status: of('ConditionsStatus'),
});

/** Root type of each kind, keyed "group/Kind" ("" is the core group). */
const kinds: Readonly<Record<string, TypePatchMeta>> = {
  '/Pod': { metadata: of('ObjectMeta'), spec: of('PodSpec'), status: of('PodStatus') },
  '/Service': withConditions('ServiceSpec'),
  '/Endpoints': metadataOnly,
  '/PersistentVolumeClaim': withConditions(),
  '/PersistentVolume': metadataOnly,
  '/Namespace': withConditions(),
  '/Node': { metadata: of('ObjectMeta'), spec: of('NodeSpec'), status: of('NodeStatus') },
  '/Event': metadataOnly,
  '/Secret': metadataOnly,
  '/ConfigMap': metadataOnly,
  '/ServiceAccount': { metadata: of('ObjectMeta'), secrets: mergeOn('name') },
  'apps/StatefulSet': withConditions('StatefulSetSpec'),
  'apps/ControllerRevision': metadataOnly,
  'storage.k8s.io/StorageClass': metadataOnly,
  'policy/PodDisruptionBudget': withConditions(),
  'coordination.k8s.io/Lease': metadataOnly,
  'apiextensions.k8s.io/CustomResourceDefinition': metadataOnly,
};

/** Patch metadata of a kind's top-level object, or undefined when the kind has none. */
export function kindPatchMeta(type: GroupKind): TypePatchMeta | undefined {
  const key = `${type.group}/${type.kind}`;
  return Object.hasOwn(kinds, key) ? kinds[key] : undefined;
}

/** True for the built-in kinds whose strategic-merge metadata is known. */
export function hasStrategicMergeSchema(type: GroupKind): boolean {
  return kindPatchMeta(type) !== undefined;
}

const untagged: FieldPatchMeta = {};

/** A field's metadata, and the metadata of the type its value (or each element) has. */
export function lookupField(
  parent: TypePatchMeta | undefined,
  field: string,
): { field: FieldPatchMeta; type: TypePatchMeta | undefined } {
  const meta = parent !== undefined && Object.hasOwn(parent, field) ? (parent[field] as FieldPatchMeta) : untagged;
  const type = meta.type !== undefined ? types[meta.type] : undefined;
  return { field: meta, type };
}
