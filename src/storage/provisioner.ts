/**
 * The storage role interfaces. A Provisioner makes the backing volume for a claim and removes it
 * again; the volume controllers turn what it returns into a PersistentVolume. Implementations name
 * the technology (LocalPathProvisioner, RbdProvisioner, CsiRbdProvisioner).
 */

/** A Kubernetes object as JSON (claim, StorageClass, PersistentVolume). */
export type StorageObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The node a WaitForFirstConsumer claim was scheduled to (annotation volume.kubernetes.io/selected-node). */
export interface SelectedNode {
  name: string;
  /** The node's labels when the node object is known (kubernetes.io/hostname first of all). */
  labels: Record<string, string>;
}

/**
 * Reads the objects a provisioner needs from the API (Secrets with keys, ceph-csi's ConfigMap, the
 * StorageClass of a volume being deleted). Always current (a GET, not a cache), so a Secret the
 * admin fixes is used at the next retry. Undefined when the object does not exist.
 */
export interface StorageObjectReader {
  secret(namespace: string, name: string): Promise<StorageObject | undefined>;
  configMap(namespace: string, name: string): Promise<StorageObject | undefined>;
  storageClass(name: string): Promise<StorageObject | undefined>;
}

export interface ProvisionContext {
  selectedNode?: SelectedNode;
  /** Given by the volume controllers; provisioners that need no objects ignore it. */
  objects?: StorageObjectReader;
}

export interface DeleteContext {
  objects?: StorageObjectReader;
}

/** What a provisioner made: merged into the new PersistentVolume's spec by the controller. */
export interface ProvisionedVolume {
  /** Exactly one PersistentVolumeSource, e.g. `{ hostPath: { path, type } }` or `{ local: { path } }`. */
  source: StorageObject;
  /** spec.capacity.storage of the PV (a resource.Quantity string). */
  capacity: string;
  /** spec.nodeAffinity, when the volume can only be reached from some nodes. */
  nodeAffinity?: StorageObject;
  /** Annotations for the PV (e.g. where delete finds its secret), merged with the controller's own. */
  annotations?: Record<string, string>;
}

export interface Provisioner {
  /** The StorageClass `provisioner` this serves, e.g. `ordinal.dev/local-path`. */
  readonly name: string;
  /**
   * Make the backing volume for `claim` (idempotent for the same pvName). Throws StorageError when it
   * refuses (a selector, an unsupported volumeMode) or fails; the controller reports ProvisioningFailed.
   */
  provision(claim: StorageObject, storageClass: StorageObject, pvName: string, context?: ProvisionContext): Promise<ProvisionedVolume>;
  /**
   * Remove the backing volume of `pv` (idempotent: a volume that is already gone is fine). Throws
   * StorageError when it refuses for good; any other error is retried with back-off.
   */
  delete(pv: StorageObject, context?: DeleteContext): Promise<void>;
}

/** Scrubs a released volume's contents so that it can be offered again (reclaimPolicy Recycle). */
export interface VolumeRecycler {
  /** Throws StorageError when this volume cannot be recycled here. */
  recycle(pv: StorageObject): Promise<void>;
}
