/**
 * RbdProvisioner: StorageClasses with `provisioner: kubernetes.io/rbd`, as Kubernetes' in-tree plugin
 * served them (seeds 000 and 003). An image `kubernetes-dynamic-pvc-<claim uid>` in the class's pool,
 * made with the admin key, and a PV with the `rbd:` source the plugin wrote (monitors, image, pool,
 * user, secretRef, fsType). Delete reads the admin Secret from the class again, as the plugin did.
 */
import { failpoint } from '../../lib/failpoint.js';
import type { DeleteContext, ProvisionContext, ProvisionedVolume, Provisioner, StorageObject } from '../provisioner.js';
import { StorageError } from '../storage-error.js';
import { inTreeCredentials } from './ceph-secrets.js';
import { checkClaim, inTreeSize, requestedBytes } from './claim-checks.js';
import { inTreeImageName } from './image-names.js';
import { afterImageFailpoint, RbdImages } from './rbd-images.js';
import { inTreeProvisionerName, parseInTreeParameters } from './rbd-parameters.js';
import { RbdVolumeError } from './rbd-volume-error.js';
import type { CephRunner } from './types.js';

export interface RbdProvisionerOptions {
  runner: CephRunner;
  images?: RbdImages;
}

/** The admin identity of a class, read the way the plugin's deleter read it (other keys are not looked at). */
function adminOf(parameters: Record<string, string> | undefined): { id: string; secret: { namespace: string; name: string } } {
  let id = '';
  let name = '';
  let namespace = '';
  for (const [k, v] of Object.entries(parameters ?? {})) {
    const key = k.toLowerCase();
    if (key === 'adminid') id = String(v);
    else if (key === 'adminsecretname') name = String(v);
    else if (key === 'adminsecretnamespace') namespace = String(v);
  }
  if (!name) throw new StorageError('E_RBD_NO_ADMIN_SECRET', 'missing Ceph admin secret name (parameter adminSecretName)');
  return { id: id || 'admin', secret: { namespace: namespace || 'default', name } };
}

export class RbdProvisioner implements Provisioner {
  readonly name = inTreeProvisionerName;
  private readonly images: RbdImages;

  constructor(options: RbdProvisionerOptions) {
    this.images = options.images ?? new RbdImages(options.runner);
  }

  async provision(claim: StorageObject, storageClass: StorageObject, pvName: string, context: ProvisionContext = {}): Promise<ProvisionedVolume> {
    checkClaim(claim, { provisioner: this.name, fileModes: ['ReadWriteOnce', 'ReadOnlyMany'] });
    const p = parseInTreeParameters(storageClass['parameters']);
    const size = inTreeSize(requestedBytes(claim));
    const credentials = await inTreeCredentials(context.objects, p.adminSecret, p.adminId);
    const image = inTreeImageName(pvName);
    const meta = claim['metadata'] ?? {};
    await this.images.create({
      target: { cluster: { monitors: p.monitors }, credentials },
      pool: p.pool,
      image,
      sizeBytes: size.bytes,
      features: p.imageFeatures,
      link: { pvName, claimName: meta.name, claimNamespace: meta.namespace },
    });
    failpoint(afterImageFailpoint);
    const block = claim['spec']?.volumeMode === 'Block';
    const rbd: StorageObject = {
      monitors: [...p.monitors],
      image,
      pool: p.pool,
      user: p.userId,
      ...(p.userSecretName ? { secretRef: { name: p.userSecretName, ...(p.userSecretNamespace ? { namespace: p.userSecretNamespace } : {}) } } : { keyring: p.keyring }),
      ...(p.fsType && !block ? { fsType: p.fsType } : {}),
      readOnly: false,
    };
    return { source: { rbd }, capacity: size.capacity, annotations: { 'kubernetes.io/createdby': 'rbd-dynamic-provisioner' } };
  }

  async delete(pv: StorageObject, context: DeleteContext = {}): Promise<void> {
    const rbd = pv['spec']?.rbd;
    if (!rbd?.image || !Array.isArray(rbd.monitors)) throw new StorageError('E_RBD_NOT_RBD', `PV ${pv['metadata']?.name} has no rbd source with monitors and image: not a volume ${this.name} made`);
    const className: string | undefined = pv['spec']?.storageClassName || undefined;
    if (!context.objects) throw new StorageError('E_RBD_NO_OBJECT_READER', 'deleting an rbd volume needs its StorageClass and Secret, and the controller gave no reader');
    const sc = className ? await context.objects.storageClass(className) : undefined;
    if (!sc) throw new RbdVolumeError('E_RBD_CLASS_NOT_FOUND', `failed to get StorageClass "${className ?? ''}" of PV ${pv['metadata']?.name}: ${this.name} reads the admin Secret from the class when it deletes`);
    const admin = adminOf(sc['parameters']);
    const credentials = await inTreeCredentials(context.objects, admin.secret, admin.id);
    await this.images.remove({ target: { cluster: { monitors: rbd.monitors }, credentials }, pool: rbd.pool || 'rbd', image: rbd.image }, pv['metadata']?.name);
  }
}
