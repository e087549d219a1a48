/**
 * CsiRbdProvisioner: StorageClasses with `provisioner: rbd.csi.ceph.com`, as ceph-csi's controller
 * plus Kubernetes' external-provisioner serve them. The clusterID names the monitors through the
 * ceph-csi-config ConfigMap; the provisioner Secret (userID/userKey) makes image `csi-vol-<claim uid>`;
 * the PV gets a `csi:` source with ceph-csi's volume id, its volume context, and the node-stage and
 * controller-expand Secret refs; the annotations the external-provisioner writes tell delete which
 * Secret to use.
 */
import { failpoint } from '../../lib/failpoint.js';
import type { DeleteContext, ProvisionContext, ProvisionedVolume, Provisioner, StorageObject, StorageObjectReader } from '../provisioner.js';
import { StorageError } from '../storage-error.js';
import { csiCredentials, type SecretRef } from './ceph-secrets.js';
import { checkClaim, csiSize, requestedBytes } from './claim-checks.js';
import { cephCsiConfigMap, monitorsOf } from './csi-config.js';
import { csiProvisionerName, parseCsiParameters, type CsiSecretRole } from './csi-rbd-parameters.js';
import { composeCsiVolumeId, decomposeCsiVolumeId } from './csi-volume-handle.js';
import { volumeUuid } from './image-names.js';
import { PoolIds } from './pool-ids.js';
import { afterImageFailpoint, RbdImages } from './rbd-images.js';
import { RbdVolumeError } from './rbd-volume-error.js';
import type { CephRunner } from './types.js';

export const annDeletionSecretName = 'volume.kubernetes.io/provisioner-deletion-secret-name';
export const annDeletionSecretNamespace = 'volume.kubernetes.io/provisioner-deletion-secret-namespace';

export interface CsiRbdProvisionerOptions {
  runner: CephRunner;
  images?: RbdImages;
  poolIds?: PoolIds;
}

const secretRefFields: Partial<Record<CsiSecretRole, string>> = {
  'node-stage': 'nodeStageSecretRef',
  'controller-expand': 'controllerExpandSecretRef',
  'controller-publish': 'controllerPublishSecretRef',
  'node-publish': 'nodePublishSecretRef',
};

function reader(objects: StorageObjectReader | undefined): StorageObjectReader {
  if (!objects) throw new StorageError('E_RBD_NO_OBJECT_READER', `${csiProvisionerName} needs to read Secrets and the ceph-csi-config ConfigMap, and the controller gave no reader`);
  return objects;
}

async function monitorsFor(objects: StorageObjectReader, clusterID: string): Promise<string[]> {
  const cm = await objects.configMap(cephCsiConfigMap.namespace, cephCsiConfigMap.name);
  const monitors = monitorsOf(cm, clusterID);
  if (!monitors) {
    const where = `ConfigMap ${cephCsiConfigMap.namespace}/${cephCsiConfigMap.name}`;
    throw new RbdVolumeError('E_RBD_CLUSTER_NOT_FOUND', cm ? `missing configuration for cluster ID "${clusterID}" in ${where} (no entry with monitors)` : `missing configuration for cluster ID "${clusterID}": ${where} not found`);
  }
  return monitors;
}

export class CsiRbdProvisioner implements Provisioner {
  readonly name = csiProvisionerName;
  private readonly images: RbdImages;
  private readonly poolIds: PoolIds;

  constructor(options: CsiRbdProvisionerOptions) {
    this.images = options.images ?? new RbdImages(options.runner);
    this.poolIds = options.poolIds ?? new PoolIds(options.runner);
  }

  async provision(claim: StorageObject, storageClass: StorageObject, pvName: string, context: ProvisionContext = {}): Promise<ProvisionedVolume> {
    checkClaim(claim, { provisioner: this.name, fileModes: ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany'], blockModes: ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'] });
    const meta = claim['metadata'] ?? {};
    const link = { pvName, claimName: meta.name, claimNamespace: meta.namespace };
    const p = parseCsiParameters(storageClass['parameters'], link);
    const size = csiSize(requestedBytes(claim));
    const objects = reader(context.objects);
    const [monitors, credentials] = await Promise.all([monitorsFor(objects, p.clusterID), csiCredentials(objects, p.secrets.provisioner!)]);
    const target = { cluster: { monitors }, credentials };
    const uuid = volumeUuid(pvName);
    const image = p.namePrefix + uuid;
    const [, poolId] = await Promise.all([
      this.images.create({ target, pool: p.pool, image, sizeBytes: size.bytes, ...(p.imageFeatures ? { features: p.imageFeatures } : {}), ...(p.dataPool ? { dataPool: p.dataPool } : {}), ...pick(p), link }),
      this.poolIds.poolId(p.clusterID, target, p.pool),
    ]);
    failpoint(afterImageFailpoint);
    const csi: StorageObject = {
      driver: this.name,
      volumeHandle: composeCsiVolumeId({ clusterID: p.clusterID, poolId, uuid }),
      ...(claim['spec']?.volumeMode === 'Block' ? {} : { fsType: p.fsType }),
      volumeAttributes: { ...p.volumeContext, pool: p.pool, journalPool: p.pool, imageName: image, ...(p.dataPool ? { dataPool: p.dataPool } : {}) },
    };
    for (const [role, field] of Object.entries(secretRefFields)) {
      const ref = p.secrets[role as CsiSecretRole];
      if (ref && field) csi[field] = { name: ref.name, namespace: ref.namespace };
    }
    const deletion = p.secrets.provisioner!;
    return { source: { csi }, capacity: size.capacity, annotations: { [annDeletionSecretName]: deletion.name, [annDeletionSecretNamespace]: deletion.namespace } };
  }

  async delete(pv: StorageObject, context: DeleteContext = {}): Promise<void> {
    const csi = pv['spec']?.csi;
    const pvName: string = pv['metadata']?.name;
    const id = typeof csi?.volumeHandle === 'string' ? decomposeCsiVolumeId(csi.volumeHandle) : undefined;
    const pool: unknown = csi?.volumeAttributes?.pool;
    const image: unknown = csi?.volumeAttributes?.imageName;
    if (csi?.driver !== this.name || !id || typeof pool !== 'string' || typeof image !== 'string' || !image.endsWith(id.uuid)) {
      throw new StorageError('E_RBD_NOT_CSI_RBD', `PV ${pvName} has no ${this.name} csi source with a ceph-csi volume id, pool and imageName: not a volume this provisioner made`);
    }
    const objects = reader(context.objects);
    const secret = await this.deletionSecret(objects, pv);
    const [monitors, credentials] = await Promise.all([monitorsFor(objects, id.clusterID), csiCredentials(objects, secret)]);
    await this.images.remove({ target: { cluster: { monitors }, credentials }, pool, image }, pvName);
  }

  /** The external-provisioner's order: the PV's deletion-secret annotations, else the class's provisioner secret. */
  private async deletionSecret(objects: StorageObjectReader, pv: StorageObject): Promise<SecretRef> {
    const a = pv['metadata']?.annotations ?? {};
    if (a[annDeletionSecretName] && a[annDeletionSecretNamespace]) return { name: a[annDeletionSecretName], namespace: a[annDeletionSecretNamespace] };
    const className: string | undefined = pv['spec']?.storageClassName || undefined;
    const sc = className ? await objects.storageClass(className) : undefined;
    const claimRef = pv['spec']?.claimRef ?? {};
    const ref = sc ? parseCsiParameters(sc['parameters'], { pvName: pv['metadata']?.name, claimName: claimRef.name ?? '', claimNamespace: claimRef.namespace ?? '' }).secrets.provisioner : undefined;
    if (!ref) throw new RbdVolumeError('E_RBD_NO_DELETION_SECRET', `PV ${pv['metadata']?.name} names no deletion Secret (annotations ${annDeletionSecretName}/-namespace) and its StorageClass "${className ?? ''}" is gone`);
    return ref;
  }
}

function pick(p: { objectSize?: string; stripeUnit?: string; stripeCount?: string }): { objectSize?: string; stripeUnit?: string; stripeCount?: string } {
  return { ...(p.objectSize ? { objectSize: p.objectSize } : {}), ...(p.stripeUnit ? { stripeUnit: p.stripeUnit } : {}), ...(p.stripeCount ? { stripeCount: p.stripeCount } : {}) };
}
