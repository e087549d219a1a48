/**
 * Image features from a StorageClass. Ceph itself judges the names and their dependencies (`rbd:
 * the argument for option '--image-feature' is invalid`, `cannot use object map without exclusive
 * lock`) so the claim shows Ceph's own message; refused here is only what Ceph accepts but an
 * attacher cannot use: journaling, which krbd never supports (ceph-csi refuses it too unless the class
 * asks for the rbd-nbd mounter). Pure.
 */
import { StorageError } from '../storage-error.js';

/** `layering, exclusive-lock` -> ['layering', 'exclusive-lock'] (blanks dropped). */
export function splitFeatures(value: string): string[] {
  return value.split(',').map((f) => f.trim()).filter((f) => f !== '');
}

export function checkAttachable(features: readonly string[], provisioner: string, mounter?: string): void {
  if (features.includes('journaling') && mounter !== 'rbd-nbd') {
    throw new StorageError(
      'E_RBD_FEATURE_UNUSABLE',
      `invalid imageFeatures for ${provisioner}: feature journaling cannot be used by the node (krbd never maps journaled images; ceph-csi allows it only with mounter: rbd-nbd)`,
    );
  }
}
