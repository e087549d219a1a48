/**
 * The pod writes node lifecycle, taint eviction and pod GC share: a status condition patched in
 * (strategic merge on `type`, guarded by the resourceVersion decided on), and deletes guarded by the
 * pod's uid so a decision about one pod never hits a re-created namesake. A pod already gone counts
 * as done.
 */
import { isNotFound, type KubeClient } from '../../client/index.js';
import type { KubeObject } from '../runtime/types.js';

const strategic = 'application/strategic-merge-patch+json';

export const podPath = (namespace: string, name: string): string => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;

export interface PodRef {
  namespace: string;
  name: string;
  resourceVersion?: string | undefined;
}

/** Merge conditions (and optionally a phase) into the pod's status. False when the pod is gone. */
export async function patchPodStatus(client: KubeClient, pod: PodRef, status: { conditions?: KubeObject[]; phase?: string }): Promise<boolean> {
  const metadata = pod.resourceVersion ? { resourceVersion: pod.resourceVersion } : {};
  try {
    await client.request('PATCH', `${podPath(pod.namespace, pod.name)}/status`, { body: { metadata, status }, contentType: strategic });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** DELETE with a uid precondition; gracePeriodSeconds 0 is a force delete. False when already gone. */
export async function deletePod(client: KubeClient, pod: KubeObject, gracePeriodSeconds?: number): Promise<boolean> {
  const meta = pod['metadata'] ?? {};
  const body: KubeObject = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: meta.uid } };
  if (gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = gracePeriodSeconds;
  try {
    await client.request('DELETE', podPath(meta.namespace, meta.name), { body });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    // 409: the uid precondition failed, so the name holds a new pod that is judged on its own
    if ((err as { status?: number }).status === 409) return false;
    throw err;
  }
}

/** The pods bound to a node. */
export function podsOnNode(pods: readonly KubeObject[], nodeName: string): KubeObject[] {
  return pods.filter((p) => p['spec']?.nodeName === nodeName);
}
