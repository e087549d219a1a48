export type { DeleteContext, ProvisionContext, ProvisionedVolume, Provisioner, SelectedNode, StorageObject, StorageObjectReader, VolumeRecycler } from './provisioner.js';
export { StorageError, isStorageError } from './storage-error.js';
export { LocalPathProvisioner, localPathProvisionerName, type LocalPathOptions } from './local-path/index.js';
export { CephCli, CsiRbdProvisioner, RbdProvisioner } from './ceph-rbd/index.js';
