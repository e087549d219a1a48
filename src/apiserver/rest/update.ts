import { apiErrors } from '../../lib/errors.js';
import type { KubeObject, StoredObject } from '../../store/types.js';
import { objectKey } from '../object-key.js';
import type { ResourceInfo } from '../registry/types.js';
import { admit } from './admit.js';
import type { ApiContext } from './context.js';
import type { WriteResult } from './create.js';
import { finishDeletion } from './delete.js';
import { bumpGeneration, carryMetadata, checkNamespace, checkTypeMeta, isNoop } from './object-meta.js';
import { mapStoreError } from './store-errors.js';
import { prepareForUpdate } from './strategies.js';
import type { WriteOptions } from './write-options.js';

export function getOrNotFound(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string): StoredObject {
  const current = ctx.store.get(objectKey(info, namespace, name));
  if (!current) throw apiErrors.notFound(info.resource, name, info.group);
  return current;
}

/** PUT of a whole object (or of its status). */
export function updateObject(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string, obj: KubeObject, opts: WriteOptions, subresource?: string): WriteResult {
  checkTypeMeta(info, obj);
  checkNamespace(info, obj, namespace);
  if (obj['metadata'].name !== undefined && obj['metadata'].name !== name) {
    throw apiErrors.badRequest(`the name of the object (${String(obj['metadata'].name)}) does not match the name on the URL (${name})`);
  }
  const current = getOrNotFound(ctx, info, namespace, name);
  return commitUpdate(ctx, info, current, obj, opts, subresource, obj['metadata'].resourceVersion);
}

/**
 * The shared tail of update, patch and scale: preconditions, system metadata, status rules,
 * defaults and validation, then one conditional write. A no-op writes nothing (same resourceVersion).
 */
export function commitUpdate(ctx: ApiContext, info: ResourceInfo, current: StoredObject, obj: KubeObject, opts: WriteOptions, subresource: string | undefined, precondition: unknown): WriteResult {
  const old = current.value;
  const name = old['metadata'].name as string;
  if (precondition !== undefined && precondition !== '' && String(precondition) !== String(current.rev)) {
    throw apiErrors.conflict(info.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', info.group);
  }
  if (obj['metadata'] === null || typeof obj['metadata'] !== 'object') obj['metadata'] = {};
  prepareForUpdate(ctx, info, obj, old, subresource);
  carryMetadata(info, obj, old);
  const warnings = admit(ctx, info, obj, 'update', old, opts, subresource);
  bumpGeneration(obj, old);
  if (isNoop(obj, old)) return { object: old, warnings };
  const meta = obj['metadata'];
  if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0) {
    // The last finalizer is gone: the object can go now.
    return { object: opts.dryRun ? obj : finishDeletion(ctx, info, current.key, name), warnings };
  }
  if (opts.dryRun) return { object: obj, warnings };
  try {
    return { object: ctx.store.update(current.key, obj, current.rev).value, warnings };
  } catch (e) {
    return mapStoreError(info, name, e);
  }
}
