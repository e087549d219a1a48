export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { hasStrategicMergeSchema, type GroupKind } from './merge-keys.js';
export { PatchError, type PatchErrorCode } from './patch-error.js';
