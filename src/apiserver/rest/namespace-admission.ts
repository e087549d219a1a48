import { apiErrors } from '../../lib/errors.js';
import type { ResourceInfo } from '../registry/types.js';
import type { ApiContext } from './context.js';

/** NamespaceLifecycle admission: no new content in a missing or terminating namespace. */
export function assertNamespaceAcceptsCreate(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string): void {
  if (!info.namespaced || !namespace) return;
  const ns = ctx.store.get(`/core/namespaces/${namespace}`);
  if (!ns) throw apiErrors.notFound('namespaces', namespace);
  if (ns.value['metadata']?.deletionTimestamp || ns.value['status']?.phase === 'Terminating') {
    if (info.resource === 'events') return; // events about the teardown itself are allowed
    throw apiErrors.forbidden(info.resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`, info.group);
  }
}
