/**
 * The garbage collector, as kube-controller-manager runs it: objects whose owners are all gone are
 * deleted; an owner deleted in the foreground waits until its blocking dependents are gone; an owner
 * deleted with `orphan` first has its references removed from its dependents. Level-triggered over
 * caches of every kind ordinal serves (and established custom resources).
 */
import type { ControllerContext, KubeObject, Reconciler, ReconcileResult } from '../runtime/index.js';
import { deleteDependent, setFinalizers, setOwnerReferences } from './act.js';
import { OwnershipGraph } from './graph.js';
import {
  foregroundFinalizer,
  hasFinalizer,
  isBeingDeleted,
  isDeletingDependents,
  orphanFinalizer,
  ownerReferencesOf,
} from './owner-refs.js';
import { finalizersWithout, planDependent, planForeground, planOrphan } from './plan.js';
import { builtinResources, crdPath, crdResource, type GcResource } from './resources.js';

/** How often an owner waiting on dependents, or a dependent with an unknown owner kind, is looked at again. */
const recheckMs = 10_000;

function needsAttention(obj: KubeObject): boolean {
  if (isBeingDeleted(obj)) return hasFinalizer(obj, orphanFinalizer) || hasFinalizer(obj, foregroundFinalizer);
  return ownerReferencesOf(obj).length > 0;
}

export function createGarbageCollector(): Reconciler {
  let ctx: ControllerContext | undefined;
  let enqueue: (key: string) => void = () => undefined;
  let graph: OwnershipGraph | undefined;

  /** Wake a foreground-deleting owner of `obj`: one of its dependents changed or went away. */
  const wakeOwners = (r: GcResource, obj: KubeObject): void => {
    for (const ref of ownerReferencesOf(obj)) {
      const owner = graph?.cachedOwner(r, obj, ref);
      if (owner && isDeletingDependents(owner.obj)) enqueue(graph!.keyOf(owner.r, owner.obj));
    }
  };

  const handlers = {
    observe(r: GcResource, oldObj: KubeObject | undefined, obj: KubeObject): void {
      const key = graph!.keyOf(r, obj);
      graph!.index.set(key, ownerReferencesOf(obj).map((ref) => ref.uid));
      if (needsAttention(obj)) enqueue(key);
      if (oldObj) wakeOwners(r, oldObj);
    },
    forget(r: GcResource, obj: KubeObject): void {
      graph!.index.set(graph!.keyOf(r, obj), []);
      for (const key of graph!.index.dependents(String(obj['metadata']?.uid))) enqueue(key);
      wakeOwners(r, obj);
    },
  };

  const trackCrd = (crd: KubeObject): void => {
    const r = crdResource(crd);
    if (r && !graph!.isTracked(r)) graph!.track(r);
  };

  async function orphanDependents(r: GcResource, owner: KubeObject): Promise<void> {
    const found = graph!.dependentsOf(owner);
    for (const patch of planOrphan(owner, found.map((d) => d.obj))) {
      const dep = found.find((d) => d.obj === patch.dependent)!;
      await setOwnerReferences(ctx!.client, dep.r, dep.obj, patch.ownerReferences);
      ctx!.log.info({ owner: owner['metadata']?.name, dependent: graph!.keyOf(dep.r, dep.obj) }, 'orphaned dependent');
    }
    await setFinalizers(ctx!.client, r, owner, finalizersWithout(owner, orphanFinalizer));
  }

  async function deleteDependentsFirst(r: GcResource, owner: KubeObject): Promise<ReconcileResult | void> {
    const found = graph!.dependentsOf(owner);
    const plan = planForeground(owner, found.map((d) => d.obj));
    for (const dep of found) if (plan.pending.includes(dep.obj)) enqueue(graph!.keyOf(dep.r, dep.obj));
    if (!plan.removeFinalizer) return { requeueAfterMs: recheckMs };
    await setFinalizers(ctx!.client, r, owner, finalizersWithout(owner, foregroundFinalizer));
    ctx!.log.info({ owner: graph!.keyOf(r, owner) }, 'dependents gone; owner released');
  }

  async function collect(r: GcResource, obj: KubeObject, key: string): Promise<ReconcileResult | void> {
    const owners = await graph!.resolveOwners(ctx!.client, r, obj);
    const action = planDependent(obj, owners, graph!.index.hasDependents(String(obj['metadata']?.uid)));
    const log = ctx!.log.child({ key });
    switch (action.type) {
      case 'Keep':
        return;
      case 'Wait':
        log.debug({ reason: action.reason }, 'owner unresolvable; keeping the object');
        return { requeueAfterMs: recheckMs * 3 };
      case 'RemoveOwnerReferences': {
        const keep = ownerReferencesOf(obj).filter((ref) => !action.uids.includes(ref.uid));
        await setOwnerReferences(ctx!.client, r, obj, keep);
        log.info({ removed: action.uids }, 'removed references to deleted owners');
        return;
      }
      case 'Delete':
        await deleteDependent(ctx!.client, r, obj, action.propagationPolicy);
        log.info({ propagationPolicy: action.propagationPolicy }, 'deleted object whose owners are gone');
        return;
    }
  }

  return {
    name: 'garbage-collector',
    setup(c, enq) {
      ctx = c;
      enqueue = enq;
      graph = new OwnershipGraph(c.informers, handlers, builtinResources);
      c.informers.informer(crdPath).on({
        add: trackCrd,
        update: (_old, crd) => trackCrd(crd),
        delete: (crd) => {
          const r = crdResource(crd);
          if (r) graph!.untrack(r);
        },
      });
    },
    async reconcile(key) {
      if (!graph || !ctx) return;
      // Decisions about "no dependent left" need every cache loaded.
      if (!graph.hasSynced()) return { requeueAfterMs: 500 };
      const found = graph.lookup(key);
      if (!found) return;
      const { r, obj } = found;
      if (isBeingDeleted(obj)) {
        if (hasFinalizer(obj, orphanFinalizer)) return orphanDependents(r, obj);
        if (hasFinalizer(obj, foregroundFinalizer)) return deleteDependentsFirst(r, obj);
        return;
      }
      if (ownerReferencesOf(obj).length > 0) return collect(r, obj, key);
    },
  };
}
