/**
 * The parameters of a `rbd.csi.ceph.com` StorageClass, as ceph-csi's CreateVolume and the
 * external-provisioner read them. ceph-csi checks a few (clusterID and pool required, imageFeatures not
 * empty when given, striping) and passes every other non-`csi.storage.k8s.io/` key through to the
 * volume context untouched, so unknown keys are accepted here too. Refused are the ceph-csi options
 * this provisioner does not implement and that would be wrong to ignore (encryption, thick
 * provisioning, topology pools). Secret names may use the external-provisioner's templates
 * `${pvc.name}`, `${pvc.namespace}` and `${pv.name}`. Pure.
 */
import { StorageError } from '../storage-error.js';
import type { SecretRef } from './ceph-secrets.js';
import { checkAttachable, splitFeatures } from './image-features.js';
import { csiImagePrefix } from './image-names.js';

export const csiProvisionerName = 'rbd.csi.ceph.com';
export const csiPrefix = 'csi.storage.k8s.io/';

export type CsiSecretRole = 'provisioner' | 'node-stage' | 'controller-expand' | 'controller-publish' | 'node-publish';
const roles: readonly CsiSecretRole[] = ['provisioner', 'node-stage', 'controller-expand', 'controller-publish', 'node-publish'];

export interface CsiRbdParameters {
  clusterID: string;
  pool: string;
  dataPool?: string;
  /** undefined: not given, Ceph's defaults (rbd_default_features) apply, as with ceph-csi. */
  imageFeatures?: string[];
  namePrefix: string;
  fsType: string;
  objectSize?: string;
  stripeUnit?: string;
  stripeCount?: string;
  secrets: Partial<Record<CsiSecretRole, SecretRef>>;
  /** What ceph-csi returns as the volume context: every parameter outside csi.storage.k8s.io/. */
  volumeContext: Record<string, string>;
}

/** Who the secret templates are resolved for. */
export interface TemplateInput {
  pvName: string;
  claimName: string;
  claimNamespace: string;
}

function refuse(code: string, message: string): never {
  throw new StorageError(code, message);
}

function resolve(template: string, t: TemplateInput, what: string): string {
  return template.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name === 'pv.name') return t.pvName;
    if (name === 'pvc.name') return t.claimName;
    if (name === 'pvc.namespace') return t.claimNamespace;
    return refuse('E_RBD_SECRET_TEMPLATE', `${what}: unknown template \${${name}} (known: \${pv.name}, \${pvc.name}, \${pvc.namespace})`);
  });
}

function secretOf(p: Record<string, string>, role: CsiSecretRole, t: TemplateInput): SecretRef | undefined {
  const nameKey = `${csiPrefix}${role}-secret-name`;
  const namespaceKey = `${csiPrefix}${role}-secret-namespace`;
  const name = p[nameKey];
  const namespace = p[namespaceKey];
  if (name === undefined && namespace === undefined) return undefined;
  if (!name || !namespace) refuse('E_RBD_SECRET_PARAMETERS', `${nameKey} and ${namespaceKey} must be given together`);
  return { name: resolve(name, t, nameKey), namespace: resolve(namespace, t, namespaceKey) };
}

function positiveInteger(p: Record<string, string>, key: string): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(v)) refuse('E_RBD_STRIPING', `failed to parse ${key} ${v}: not a positive integer`);
  return v;
}

function striping(p: Record<string, string>): Pick<CsiRbdParameters, 'objectSize' | 'stripeUnit' | 'stripeCount'> {
  const stripeUnit = positiveInteger(p, 'stripeUnit');
  const stripeCount = positiveInteger(p, 'stripeCount');
  const objectSize = positiveInteger(p, 'objectSize');
  if (stripeUnit && !stripeCount) refuse('E_RBD_STRIPING', 'stripeCount must be specified when stripeUnit is specified');
  if (!stripeUnit && stripeCount) refuse('E_RBD_STRIPING', 'stripeUnit must be specified when stripeCount is specified');
  if (objectSize && (BigInt(objectSize) & (BigInt(objectSize) - 1n)) !== 0n) refuse('E_RBD_STRIPING', `objectSize ${objectSize} is not power of 2`);
  return { ...(objectSize ? { objectSize } : {}), ...(stripeUnit ? { stripeUnit } : {}), ...(stripeCount ? { stripeCount } : {}) };
}

export function parseCsiParameters(parameters: Record<string, string> | undefined, t: TemplateInput): CsiRbdParameters {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters ?? {})) p[k] = String(v);
  if (!p['clusterID']) refuse('E_RBD_NO_CLUSTER_ID', 'empty cluster ID to provision volume from (parameter clusterID)');
  if (p['topologyConstrainedPools'] !== undefined) refuse('E_RBD_UNSUPPORTED_PARAMETER', `parameter topologyConstrainedPools is not supported by ${csiProvisionerName} here: name one pool`);
  if (!p['pool']) refuse('E_RBD_NO_POOL', 'missing or empty pool name to provision volume from (parameter pool)');
  if (p['dataPool'] === '') refuse('E_RBD_NO_POOL', 'empty datapool name to provision volume from');
  if (p['volumeNamePrefix'] === '') refuse('E_RBD_NAME_PREFIX', 'empty volume name prefix to provision volume from');
  if (p['encrypted'] === 'true') refuse('E_RBD_UNSUPPORTED_PARAMETER', `encrypted volumes are not supported by ${csiProvisionerName} here (the data would not be encrypted): remove encrypted: "true"`);
  if (p['thickProvision'] === 'true') refuse('E_RBD_UNSUPPORTED_PARAMETER', `thickProvision is not supported by ${csiProvisionerName} here`);
  if (p['imageFeatures'] !== undefined && p['imageFeatures'].trim() === '') refuse('E_RBD_FEATURES', 'empty imageFeatures parameter');
  const imageFeatures = p['imageFeatures'] !== undefined ? splitFeatures(p['imageFeatures']) : undefined;
  checkAttachable(imageFeatures ?? [], csiProvisionerName, p['mounter']);
  const secrets: Partial<Record<CsiSecretRole, SecretRef>> = {};
  for (const role of roles) {
    const ref = secretOf(p, role, t);
    if (ref) secrets[role] = ref;
  }
  if (!secrets.provisioner) refuse('E_RBD_NO_PROVISIONER_SECRET', `missing ${csiPrefix}provisioner-secret-name and -namespace: ${csiProvisionerName} needs a Secret with userID and userKey to create images`);
  const volumeContext: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (!k.startsWith(csiPrefix)) volumeContext[k] = v;
  return {
    clusterID: p['clusterID'],
    pool: p['pool'],
    ...(p['dataPool'] ? { dataPool: p['dataPool'] } : {}),
    ...(imageFeatures ? { imageFeatures } : {}),
    namePrefix: p['volumeNamePrefix'] ?? csiImagePrefix,
    fsType: p[`${csiPrefix}fstype`] || 'ext4',
    ...striping(p),
    secrets,
    volumeContext,
  };
}
