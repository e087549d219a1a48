import { OrdinalError } from '../../lib/errors.js';

/**
 * A provisioning or delete step that failed for a reason the admin can fix while the request stays
 * the same (a Secret not there yet, an image still in use, a cluster not in ceph-csi's map): retried
 * with back-off. Refusals that only a changed StorageClass or claim can fix are StorageErrors.
 */
export class RbdVolumeError extends OrdinalError {}
