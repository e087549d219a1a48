export type { RbdAttacher, RbdAttachRequest, RbdAttachResult, RbdUser, RbdVolumeHost } from './types.js';
export { isRbdAttachError, RbdAttachError } from './rbd-attach-error.js';
export { cephCsiRequest, DEFAULT_KEYRING, inTreeRbdRequest, isCephRbdCsiDriver, SUPPORTED_FS_TYPES, type ResolveContext } from './resolve-rbd-source.js';
export { inUseMessage, RbdFuseAttacher, type RbdFuseAttacherOptions } from './rbd-fuse-attacher.js';
export { attachRbdVolume } from './attach-volume.js';
