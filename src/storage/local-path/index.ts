export { LocalPathProvisioner, localPathProvisionerName, type LocalPathOptions } from './local-path-provisioner.js';
export { ownedVolumeDir, volumeDirFor, volumeDirMode, type VolumeFs } from './volume-dir.js';
