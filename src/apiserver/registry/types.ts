/** What the API server knows about one served resource (built-in or from a CRD). */
export interface ResourceInfo {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural lower-case resource name as it appears in URLs, e.g. "statefulsets". */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served under the item path, e.g. ["status", "scale"]. */
  subresources: string[];
  /** For CRDs: the scale subresource's JSON paths. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** True for resources defined by a CustomResourceDefinition. */
  custom: boolean;
}

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** apiVersion string for a group/version. */
export function apiVersionOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
