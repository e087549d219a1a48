export type { ProvisionContext, ProvisionedVolume, Provisioner, SelectedNode, StorageObject, VolumeRecycler } from './provisioner.js';
export { StorageError, isStorageError } from './storage-error.js';
export { LocalPathProvisioner, localPathProvisionerName, type LocalPathOptions } from './local-path/index.js';
