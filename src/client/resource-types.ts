/** One entry of an APIResourceList, as discovery serves it. */
export interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
}

export interface DiscoveredGroupVersion {
  version: string;
  resources: ApiResource[];
}

export interface DiscoveredGroup {
  /** '' for the core group. */
  name: string;
  preferredVersion: string;
  versions: DiscoveredGroupVersion[];
}

/** Everything discovery told us, in the server's priority order (core first). */
export interface DiscoveryDoc {
  groups: DiscoveredGroup[];
}

/** What a user or a manifest names, resolved to a REST resource. */
export interface ResolvedResource {
  group: string;
  version: string;
  /** The plural resource name used in paths. */
  resource: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
}
