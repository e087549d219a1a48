import type { KubeObject } from '../../store/types.js';
import { builtinResources } from './builtin-resources.js';
import { crdVersionViews, type CrdVersionView } from './crd-resources.js';
import type { ResourceInfo } from './types.js';

const id = (group: string, version: string, resource: string): string => `${group}/${version}/${resource}`;

/** Every resource the server serves: the built-ins plus the versions of each established CRD. */
export class ResourceRegistry {
  private readonly byId = new Map<string, ResourceInfo>();
  private readonly crdViews = new Map<string, CrdVersionView>();
  private readonly crdNames = new Map<string, string[]>();

  constructor(builtins: readonly ResourceInfo[] = builtinResources) {
    for (const r of builtins) this.byId.set(id(r.group, r.version, r.resource), r);
  }

  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byId.get(id(group, version, resource));
  }

  /** The served version of a group/resource to store under (built-ins have one; CRDs their storage version). */
  storageInfo(group: string, resource: string): ResourceInfo | undefined {
    let found: ResourceInfo | undefined;
    for (const r of this.byId.values()) {
      if (r.group !== group || r.resource !== resource) continue;
      if (!r.custom) return r;
      found ??= r;
      if (this.crdViews.get(id(r.group, r.version, r.resource))?.storage) return r;
    }
    return found;
  }

  byKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const r of this.byId.values()) if (r.group === group && r.version === version && r.kind === kind) return r;
    return undefined;
  }

  all(): ResourceInfo[] {
    return [...this.byId.values()];
  }

  crdView(info: ResourceInfo): CrdVersionView | undefined {
    return this.crdViews.get(id(info.group, info.version, info.resource));
  }

  /** Serve (or re-serve) the versions of a CRD. Called when a CRD is stored or changes. */
  upsertCrd(crd: KubeObject): void {
    this.removeCrd(crd['metadata']?.name);
    const ids: string[] = [];
    for (const view of crdVersionViews(crd)) {
      const key = id(view.info.group, view.info.version, view.info.resource);
      this.byId.set(key, view.info);
      this.crdViews.set(key, view);
      ids.push(key);
    }
    this.crdNames.set(crd['metadata']?.name, ids);
  }

  removeCrd(name: string | undefined): void {
    if (!name) return;
    for (const key of this.crdNames.get(name) ?? []) {
      this.byId.delete(key);
      this.crdViews.delete(key);
    }
    this.crdNames.delete(name);
  }

  /** Groups with their versions, newest registration first, for discovery. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of this.byId.values()) {
      const versions = out.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      out.set(r.group, versions);
    }
    return out;
  }
}
