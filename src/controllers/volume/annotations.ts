/** The annotations, finalizers and names the Kubernetes PV controller uses, and so do we. */

/** On a claim: binding finished (the claim side of the bind was written). */
export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
/** On a claim or PV: the controller (not the user) set volumeName / claimRef. */
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
/** On a PV: the provisioner that made it (and so must delete it). */
export const annProvisionedBy = 'pv.kubernetes.io/provisioned-by';
/** On a claim: the node the scheduler chose for its first consumer (WaitForFirstConsumer). */
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
/** On a StorageClass: the class for claims that name none. */
export const annDefaultClass = 'storageclass.kubernetes.io/is-default-class';
/**
 * On a provisioned PV with reclaimPolicy Delete (HonorPVReclaimPolicy): the backing volume is
 * deleted even when the PV object is deleted first.
 */
export const pvControllerFinalizer = 'kubernetes.io/pv-controller';

export const hostnameLabel = 'kubernetes.io/hostname';

export function provisionedVolumeName(claimUid: string): string {
  return `pvc-${claimUid}`;
}
