import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import { resourcePrefix } from '../object-key.js';
import type { ResourceInfo } from '../registry/types.js';
import { timestamp, type ApiContext } from './context.js';
import { mapStoreError } from './store-errors.js';
import { getOrNotFound } from './update.js';
import type { WriteOptions } from './write-options.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  object: KubeObject;
  /** False when the object still exists (finalizers or graceful termination pending). */
  deleted: boolean;
}

/** Remove the key for good, with what must go with it. */
export function finishDeletion(ctx: ApiContext, info: ResourceInfo, key: string, name: string): KubeObject {
  let last: KubeObject;
  try {
    last = ctx.store.delete(key).value;
  } catch (e) {
    return mapStoreError(info, name, e);
  }
  if (info.resource === 'customresourcedefinitions' && !info.custom) {
    // The instances of a deleted CRD go with it (kube-apiserver's customresourcecleanup finalizer).
    const spec = last['spec'] ?? {};
    for (const item of ctx.store.list(resourcePrefix({ group: spec.group, resource: spec.names?.plural })).items) ctx.store.delete(item.key);
  }
  return last;
}

function graceFor(info: ResourceInfo, obj: KubeObject, options: DeleteOptions): number {
  if (info.resource !== 'pods' || info.custom) return 0;
  const phase = obj['status']?.phase;
  if (!obj['spec']?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const g = options.gracePeriodSeconds ?? obj['spec']?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

function propagationFinalizer(policy: string | undefined): string | undefined {
  if (policy === undefined || policy === 'Background') return undefined;
  if (policy === 'Orphan') return 'orphan';
  if (policy === 'Foreground') return 'foregroundDeletion';
  throw apiErrors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
}

/**
 * DELETE of one object, as kube-apiserver's generic registry does it: preconditions; namespaces and
 * objects with finalizers or a grace period are marked (deletionTimestamp) and stay until those are
 * done; anything else is removed at once.
 */
export function deleteObject(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions, opts: WriteOptions): DeleteResult {
  const current = getOrNotFound(ctx, info, namespace, name);
  const obj = current.value;
  const meta = obj['metadata'];
  const pre = options.preconditions ?? {};
  if (pre.uid && pre.uid !== meta.uid) {
    throw apiErrors.conflict(info.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`, info.group);
  }
  if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    throw apiErrors.conflict(info.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`, info.group);
  }
  const extraFinalizer = propagationFinalizer(options.propagationPolicy);
  const finalizers: string[] = [...(meta.finalizers ?? [])];
  if (extraFinalizer && !finalizers.includes(extraFinalizer) && !meta.deletionTimestamp) finalizers.push(extraFinalizer);
  if (info.resource === 'namespaces' && !info.custom) {
    const specFinalizers: string[] = obj['spec']?.finalizers ?? [];
    if (specFinalizers.length > 0 || finalizers.length > 0) {
      return { object: markForDeletion(ctx, info, current.key, current.rev, obj, finalizers, 0, opts, true), deleted: false };
    }
  }
  const grace = graceFor(info, obj, options);
  if (finalizers.length === 0 && grace === 0) {
    return { object: opts.dryRun ? obj : finishDeletion(ctx, info, current.key, name), deleted: true };
  }
  return { object: markForDeletion(ctx, info, current.key, current.rev, obj, finalizers, grace, opts, false), deleted: false };
}

function markForDeletion(ctx: ApiContext, info: ResourceInfo, key: string, rev: number, obj: KubeObject, finalizers: string[], grace: number, opts: WriteOptions, namespace: boolean): KubeObject {
  const meta = obj['metadata'];
  const deadline = timestamp(new Date(ctx.now().getTime() + grace * 1000));
  if (!meta.deletionTimestamp || deadline < meta.deletionTimestamp) {
    meta.deletionTimestamp = deadline;
    meta.deletionGracePeriodSeconds = grace;
  }
  if (finalizers.length > 0) meta.finalizers = finalizers;
  if (namespace) obj['status'] = { ...(obj['status'] ?? {}), phase: 'Terminating' };
  if (opts.dryRun) return obj;
  try {
    return ctx.store.update(key, obj, rev).value;
  } catch (e) {
    return mapStoreError(info, meta.name, e);
  }
}
