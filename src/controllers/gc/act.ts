/**
 * The garbage collector's writes. Each is guarded: deletes by uid precondition, patches by
 * resourceVersion, so a decision made from a stale cache fails (409) and is retried from fresh state
 * instead of hitting a re-created object. An object already gone counts as done.
 */
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import type { KubeObject } from '../runtime/index.js';
import type { OwnerReference } from './owner-refs.js';
import type { PropagationPolicy } from './plan.js';
import { objectPath, type GcResource } from './resources.js';

const mergePatch = 'application/merge-patch+json';

function pathOf(r: GcResource, obj: KubeObject): string {
  return objectPath(r, obj['metadata']?.namespace, obj['metadata']?.name);
}

function isGone(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 404;
}

export async function deleteDependent(client: KubeClient, r: GcResource, obj: KubeObject, propagationPolicy: PropagationPolicy): Promise<void> {
  try {
    await client.request('DELETE', pathOf(r, obj), {
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy, preconditions: { uid: obj['metadata']?.uid } },
    });
  } catch (err) {
    // 409: the uid precondition failed, so this name now holds another object; it will be judged on its own.
    if (isGone(err) || (err instanceof ApiRequestError && err.status === 409 && obj['metadata']?.uid)) return;
    throw err;
  }
}

/** Merge-patch one metadata list (empty = remove the field), guarded by the resourceVersion seen; gone is fine. */
async function patchMetadataList(client: KubeClient, r: GcResource, obj: KubeObject, field: 'ownerReferences' | 'finalizers', values: unknown[]): Promise<void> {
  const metadata = { [field]: values.length > 0 ? values : null, resourceVersion: obj['metadata']?.resourceVersion };
  try {
    await client.request('PATCH', pathOf(r, obj), { body: { metadata }, contentType: mergePatch });
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}

export function setOwnerReferences(client: KubeClient, r: GcResource, obj: KubeObject, refs: OwnerReference[]): Promise<void> {
  return patchMetadataList(client, r, obj, 'ownerReferences', refs);
}

export function setFinalizers(client: KubeClient, r: GcResource, obj: KubeObject, finalizers: string[]): Promise<void> {
  return patchMetadataList(client, r, obj, 'finalizers', finalizers);
}

/** The object stored under a name right now (bypassing caches), or undefined. */
export async function getLive(client: KubeClient, r: GcResource, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
  try {
    return await client.request<KubeObject>('GET', objectPath(r, namespace, name));
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}
