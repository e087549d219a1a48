/**
 * The collector's view of the cluster, read-only: one cache per known kind, the owner-uid index over
 * them, and owner resolution (cache first; a missing owner is confirmed with a live GET, so a cache
 * that has not caught up with a new owner never gets a dependent deleted).
 */
import type { KubeClient } from '../../client/index.js';
import type { Informer, InformerFactory, KubeObject } from '../runtime/index.js';
import { getLive } from './act.js';
import { OwnerIndex } from './owner-index.js';
import { classifyOwner, ownerReferencesOf, type OwnerReference } from './owner-refs.js';
import type { ResolvedOwner } from './plan.js';
import { collectionPath, gcKey, parseGcKey, resourceId, ResourceIndex, type GcResource } from './resources.js';

export interface GraphHandlers {
  observe(r: GcResource, oldObj: KubeObject | undefined, obj: KubeObject): void;
  forget(r: GcResource, obj: KubeObject): void;
}

export interface Located {
  r: GcResource;
  obj: KubeObject;
}

export class OwnershipGraph {
  readonly index = new OwnerIndex();
  private readonly resources: ResourceIndex;
  private readonly caches = new Map<string, Informer>();
  private readonly subscribed = new Set<string>();

  constructor(private readonly factory: InformerFactory, private readonly handlers: GraphHandlers, resources: GcResource[]) {
    this.resources = new ResourceIndex();
    for (const r of resources) this.track(r);
  }

  /** Start caching a kind (idempotent; a kind dropped and added again reuses its informer). */
  track(r: GcResource): void {
    const id = resourceId(r);
    this.resources.add(r);
    const path = collectionPath(r);
    const inf = this.factory.informer(path);
    this.caches.set(id, inf);
    if (this.subscribed.has(path)) return;
    this.subscribed.add(path);
    const current = (): GcResource | undefined => (this.caches.get(id) === inf ? this.resources.get(id) : undefined);
    inf.on({
      add: (obj) => {
        const cur = current();
        if (cur) this.handlers.observe(cur, undefined, obj);
      },
      update: (oldObj, obj) => {
        const cur = current();
        if (cur) this.handlers.observe(cur, oldObj, obj);
      },
      delete: (obj) => {
        const cur = current();
        if (cur) this.handlers.forget(cur, obj);
      },
    });
  }

  /** Stop consulting a kind (its CRD went away); its references become unresolvable. */
  untrack(r: GcResource): void {
    this.resources.remove(r);
    this.caches.delete(resourceId(r));
  }

  isTracked(r: GcResource): boolean {
    return this.resources.get(resourceId(r)) !== undefined;
  }

  hasSynced(): boolean {
    return [...this.caches.values()].every((c) => c.hasSynced());
  }

  lookup(key: string): Located | undefined {
    const { id, namespace, name } = parseGcKey(key);
    const r = this.resources.get(id);
    const obj = r ? this.caches.get(id)?.get(r.namespaced ? namespace : undefined, name) : undefined;
    return r && obj ? { r, obj } : undefined;
  }

  /** Cached objects that (still) refer to this owner uid. */
  dependentsOf(owner: KubeObject): Located[] {
    const uid = String(owner['metadata']?.uid);
    const out: Located[] = [];
    for (const key of this.index.dependents(uid)) {
      const found = this.lookup(key);
      if (found && ownerReferencesOf(found.obj).some((ref) => ref.uid === uid)) out.push(found);
    }
    return out;
  }

  /** Where an owner reference of `dependent` points: its kind and the namespace to look in. */
  ownerTarget(dependent: GcResource, dependentObj: KubeObject, ref: OwnerReference): { r: GcResource; namespace: string | undefined } | undefined {
    const r = this.resources.forRef(ref.apiVersion, ref.kind);
    // A cluster-scoped object cannot be owned by a namespaced one: such a reference never resolves.
    if (!r || (r.namespaced && !dependent.namespaced)) return undefined;
    return { r, namespace: r.namespaced ? dependentObj['metadata']?.namespace : undefined };
  }

  /** The queue key of the owner a reference names, when that owner is cached. */
  cachedOwner(dependent: GcResource, dependentObj: KubeObject, ref: OwnerReference): Located | undefined {
    const target = this.ownerTarget(dependent, dependentObj, ref);
    if (!target) return undefined;
    const obj = this.caches.get(resourceId(target.r))?.get(target.namespace, ref.name);
    return obj && obj['metadata']?.uid === ref.uid ? { r: target.r, obj } : undefined;
  }

  async resolveOwners(client: KubeClient, r: GcResource, obj: KubeObject): Promise<ResolvedOwner[]> {
    const out: ResolvedOwner[] = [];
    for (const ref of ownerReferencesOf(obj)) {
      const target = this.ownerTarget(r, obj, ref);
      if (!target) {
        out.push({ ref, state: 'unresolvable' });
        continue;
      }
      let state = classifyOwner(ref, this.caches.get(resourceId(target.r))?.get(target.namespace, ref.name));
      if (state === 'dangling') state = classifyOwner(ref, await getLive(client, target.r, target.namespace, ref.name));
      out.push({ ref, state });
    }
    return out;
  }

  keyOf(r: GcResource, obj: KubeObject): string {
    return gcKey(r, obj);
  }
}
