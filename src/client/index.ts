export { ApiConnectionError, ApiRequestError, isNotFound, type ApiStatusDetails } from './api-request-error.js';
export { discover } from './discovery.js';
export { KubeClient, type Query, type RequestOptions, type WatchEvent, type WatchHandle } from './kube-client.js';
export { apiVersionOf, kindRef, resourcePath, resourceRef, type PathTarget } from './resource-path.js';
export { parseApiVersion, resolveKind, resolveType } from './resource-resolver.js';
export type { ApiResource, DiscoveredGroup, DiscoveryDoc, ResolvedResource } from './resource-types.js';
export { isSatisfiedBy, lastAppliedAnnotation, readLastApplied, threeWayMergePatch, withLastApplied } from './three-way-merge-patch.js';
export { isJsonObject, stableStringify, type JsonObject, type JsonValue } from './json-types.js';
