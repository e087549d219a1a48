export { invalidPayloadPath, writeAtomically, type FileProjection, type Payload } from './atomic-writer.js';
export { claimVolume, type ClaimVolume } from './claim.js';
export { containerMounts, expandSubPathExpr } from './container-mounts.js';
export { checkHostPath, HostPathError } from './host-path.js';
export { configMapPayload, DEFAULT_FILE_MODE, downwardApiPayload, PayloadError, projectedPayload, secretPayload, type PayloadContext } from './payload.js';
export { prepareVolumes, refreshVolumes, type VolumeOptions } from './prepare-volumes.js';
export type { PreparedVolume, PreparedVolumes, RefreshResult } from './types.js';
export { RbdFuseAttacher, type RbdAttacher, type RbdVolumeHost } from './rbd/index.js';
