/**
 * The storage role interfaces. A Provisioner makes the backing volume for a claim and removes it
 * again; the volume controllers turn what it returns into a PersistentVolume. Implementations name
 * the technology (LocalPathProvisioner, later CephRbdProvisioner).
 */

/** A Kubernetes object as JSON (claim, StorageClass, PersistentVolume). */
export type StorageObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The node a WaitForFirstConsumer claim was scheduled to (annotation volume.kubernetes.io/selected-node). */
export interface SelectedNode {
  name: string;
  /** The node's labels when the node object is known (kubernetes.io/hostname first of all). */
  labels: Record<string, string>;
}

export interface ProvisionContext {
  selectedNode?: SelectedNode;
}

/** What a provisioner made: merged into the new PersistentVolume's spec by the controller. */
export interface ProvisionedVolume {
  /** Exactly one PersistentVolumeSource, e.g. `{ hostPath: { path, type } }` or `{ local: { path } }`. */
  source: StorageObject;
  /** spec.capacity.storage of the PV (a resource.Quantity string). */
  capacity: string;
  /** spec.nodeAffinity, when the volume can only be reached from some nodes. */
  nodeAffinity?: StorageObject;
}

export interface Provisioner {
  /** The StorageClass `provisioner` this serves, e.g. `ordinal.dev/local-path`. */
  readonly name: string;
  /**
   * Make the backing volume for `claim` (idempotent for the same pvName). Throws StorageError when it
   * refuses (a selector, an unsupported volumeMode) or fails; the controller reports ProvisioningFailed.
   */
  provision(claim: StorageObject, storageClass: StorageObject, pvName: string, context?: ProvisionContext): Promise<ProvisionedVolume>;
  /** Remove the backing volume of `pv` (idempotent: a volume that is already gone is fine). */
  delete(pv: StorageObject): Promise<void>;
}

/** Scrubs a released volume's contents so that it can be offered again (reclaimPolicy Recycle). */
export interface VolumeRecycler {
  /** Throws StorageError when this volume cannot be recycled here. */
  recycle(pv: StorageObject): Promise<void>;
}
