export { containerResourceValue, formatMap, podFieldValue, type ResourceFieldSelector } from './field-ref.js';
export { configMapBytes, configMapStrings, secretBytes } from './object-data.js';
export { configError, isPodInputError, mountError, PodInputError, type PodInputReason } from './pod-input-error.js';
export { containerEnvVars, isEnvVarName, resolveContainerEnv, type ResolveEnvOptions } from './resolve-container-env.js';
export type { PodFacts, PodInputSource, PodInputWarning } from './types.js';
