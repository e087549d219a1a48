/**
 * The kinds the garbage collector knows: built-in kinds ordinal serves, plus custom resources from
 * established CustomResourceDefinitions. The collector caches every one of them: any can be a
 * dependent, an owner, or be deleted with an orphan/foreground finalizer that only the collector removes.
 * Events are left out (many, short-lived, never owners).
 */
import { parseApiVersion, resourcePath } from '../../client/index.js';
import type { KubeObject } from '../runtime/index.js';

export interface GcResource {
  group: string;
  version: string;
  /** Plural name used in paths. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

const core = (resource: string, kind: string, namespaced = true): GcResource => ({ group: '', version: 'v1', resource, kind, namespaced });

export const builtinResources: GcResource[] = [
  core('pods', 'Pod'),
  core('services', 'Service'),
  core('endpoints', 'Endpoints'),
  core('persistentvolumeclaims', 'PersistentVolumeClaim'),
  core('persistentvolumes', 'PersistentVolume', false),
  core('configmaps', 'ConfigMap'),
  core('secrets', 'Secret'),
  core('serviceaccounts', 'ServiceAccount'),
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
  core('namespaces', 'Namespace', false),
  core('nodes', 'Node', false),
  { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
];

export const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** `configmaps`, `statefulsets.apps`: names a resource in queue keys and logs. */
export function resourceId(r: Pick<GcResource, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function collectionPath(r: GcResource): string {
  return resourcePath(r);
}

export function objectPath(r: GcResource, namespace: string | undefined, name: string): string {
  return resourcePath(r, { namespace: r.namespaced ? namespace : undefined, name });
}

/** The resource an established CRD serves (its storage version, else the first served one). */
export function crdResource(crd: KubeObject): GcResource | undefined {
  const spec = crd['spec'] ?? {};
  const established = (crd['status']?.conditions ?? []).some((c: KubeObject) => c['type'] === 'Established' && c['status'] === 'True');
  const versions: KubeObject[] = (spec.versions ?? []).filter((v: KubeObject) => v['served'] !== false);
  const version = versions.find((v) => v['storage'] === true) ?? versions[0];
  if (!established || !version || !spec.group || !spec.names?.plural || !spec.names?.kind) return undefined;
  return { group: spec.group, version: version['name'], resource: spec.names.plural, kind: spec.names.kind, namespaced: spec.scope !== 'Cluster' };
}

/** Known kinds by group and kind (owner references) and by resource id (queue keys). */
export class ResourceIndex {
  private readonly byKind = new Map<string, GcResource>();
  private readonly byId = new Map<string, GcResource>();

  constructor(resources: GcResource[] = []) {
    for (const r of resources) this.add(r);
  }

  add(r: GcResource): void {
    this.byKind.set(`${r.group}/${r.kind}`, r);
    this.byId.set(resourceId(r), r);
  }

  remove(r: GcResource): void {
    this.byKind.delete(`${r.group}/${r.kind}`);
    this.byId.delete(resourceId(r));
  }

  forRef(apiVersion: string, kind: string): GcResource | undefined {
    return this.byKind.get(`${parseApiVersion(apiVersion).group}/${kind}`);
  }

  get(id: string): GcResource | undefined {
    return this.byId.get(id);
  }

  all(): GcResource[] {
    return [...this.byId.values()];
  }
}

/** Queue keys name the resource too: `statefulsets.apps|ns/name`, `persistentvolumes|name`. */
export function gcKey(r: GcResource, obj: KubeObject): string {
  const ns = obj['metadata']?.namespace;
  return `${resourceId(r)}|${ns ? `${ns}/` : ''}${obj['metadata']?.name}`;
}

export function parseGcKey(key: string): { id: string; namespace: string | undefined; name: string } {
  const bar = key.indexOf('|');
  const id = key.slice(0, bar);
  const rest = key.slice(bar + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? { id, namespace: undefined, name: rest } : { id, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
