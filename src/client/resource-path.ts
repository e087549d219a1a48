import type { ResolvedResource } from './resource-types.js';

export interface PathTarget {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** The REST path of a resource collection, object or subresource. */
export function resourcePath(r: Pick<ResolvedResource, 'group' | 'version' | 'resource' | 'namespaced'>, target: PathTarget = {}): string {
  let path = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && target.namespace) path += `/namespaces/${encodeURIComponent(target.namespace)}`;
  path += `/${r.resource}`;
  if (target.name !== undefined) path += `/${encodeURIComponent(target.name)}`;
  if (target.subresource) path += `/${target.subresource}`;
  return path;
}

export function apiVersionOf(r: Pick<ResolvedResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** How kubectl names a kind in messages: `statefulset.apps`, `pod`. */
export function kindRef(r: Pick<ResolvedResource, 'group' | 'kind'>): string {
  const kind = r.kind.toLowerCase();
  return r.group ? `${kind}.${r.group}` : kind;
}

/** How the API names a resource in messages: `statefulsets.apps`, `pods`. */
export function resourceRef(r: Pick<ResolvedResource, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
