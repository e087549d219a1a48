import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import { objectKey } from '../object-key.js';
import type { ResourceInfo } from '../registry/types.js';
import { admit } from './admit.js';
import type { ApiContext } from './context.js';
import { assertNamespaceAcceptsCreate } from './namespace-admission.js';
import { checkNamespace, checkTypeMeta, initMetadata } from './object-meta.js';
import { mapStoreError } from './store-errors.js';
import { admitStorageProtection } from './storage-protection-admission.js';
import { prepareForCreate } from './strategies.js';
import type { WriteOptions } from './write-options.js';

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

/** POST to a collection: decode-checked object in, stored object out (or the would-be object for dryRun). */
export function createObject(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, obj: KubeObject, opts: WriteOptions): WriteResult {
  checkTypeMeta(info, obj);
  checkNamespace(info, obj, namespace);
  initMetadata(ctx, info, obj);
  const meta = obj['metadata'];
  assertNamespaceAcceptsCreate(ctx, info, meta.namespace, meta.name);
  prepareForCreate(ctx, info, obj);
  admitStorageProtection(info, obj);
  const warnings = admit(ctx, info, obj, 'create', undefined, opts);
  const key = objectKey(info, meta.namespace, meta.name);
  if (opts.dryRun) {
    if (ctx.store.get(key)) throw apiErrors.alreadyExists(info.resource, meta.name, info.group);
    return { object: obj, warnings };
  }
  try {
    return { object: ctx.store.create(key, obj).value, warnings };
  } catch (e) {
    return mapStoreError(info, meta.name, e);
  }
}
