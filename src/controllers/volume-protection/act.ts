/** The writes of the protection controllers: a finalizer added or removed with a PUT, and the live pod list. */
import { isNotFound, type KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { KubeObject } from '../runtime/types.js';
import { withFinalizer } from './protection-finalizer.js';

export const claimsPath = '/api/v1/persistentvolumeclaims';
export const volumesPath = '/api/v1/persistentvolumes';
export const podsPath = '/api/v1/pods';

function pathOf(obj: KubeObject): string {
  const m = obj['metadata'];
  const name = encodeURIComponent(m.name);
  return m.namespace ? `/api/v1/namespaces/${encodeURIComponent(m.namespace)}/persistentvolumeclaims/${name}` : `${volumesPath}/${name}`;
}

/**
 * PUT the object with the finalizer added (present) or removed, guarded by the resourceVersion it
 * was read at: a 409 is thrown (the queue retries from a fresh cache); an object already gone is done.
 */
export async function setProtectionFinalizer(client: KubeClient, log: Logger, obj: KubeObject, finalizer: string, present: boolean): Promise<void> {
  try {
    await client.request('PUT', pathOf(obj), { body: withFinalizer(obj, finalizer, present) });
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  log.info({ finalizer }, present ? 'added protection finalizer' : 'removed protection finalizer');
}

/** Every pod of a namespace, read from the API now (not from a cache). */
export async function listPodsLive(client: KubeClient, namespace: string): Promise<KubeObject[]> {
  const list = await client.request<{ items?: KubeObject[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`);
  return list.items ?? [];
}
