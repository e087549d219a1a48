export { expandEnv, expandVars, lookupIn, type EnvVarLike, type VarLookup } from './expand-vars.js';
export { defaultHostImageCatalogDeps, HostImageCatalog, type HostImageCatalogDeps, type HostImageCatalogOptions } from './host-image-catalog.js';
export { parseImageRef, type ImageRef, type ImageRefResult } from './image-ref.js';
export { DEFAULT_PATH, KNOWN_IMAGES, ZOOKEEPER_MAIN, type KnownImage } from './known-images.js';
export { mergeImageEnv, resolveCommand, type CommandSpec, type ResolvedCommand } from './resolve-command.js';
export { isImageFound, type HostImage, type HostRequirement, type ImageCatalog, type ImageFound, type ImagePullFailure, type ImagePullReason, type ImageResolution } from './types.js';
