/**
 * The scheduler's writes, each one API call: bind a pod, mark a claim for its first consumer's
 * node, record why a pod cannot be placed. Everything else the scheduler does is reading caches.
 */
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import type { KubeObject } from '../runtime/types.js';
import { selectedNodeAnnotation } from './volume-binding.js';

const ts = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function podPath(pod: KubeObject): string {
  return `/api/v1/namespaces/${pod['metadata'].namespace}/pods/${pod['metadata'].name}`;
}

/** POST pods/NAME/binding. 'gone' when the pod was deleted or bound by someone else meanwhile. */
export async function bindPod(client: KubeClient, pod: KubeObject, node: string): Promise<'bound' | 'gone'> {
  const { name, namespace, uid } = pod['metadata'];
  try {
    await client.request('POST', `${podPath(pod)}/binding`, {
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
    });
    return 'bound';
  } catch (err) {
    if (err instanceof ApiRequestError && (err.status === 404 || err.status === 409)) return 'gone';
    throw err;
  }
}

/** Set volume.kubernetes.io/selected-node on a claim: the volume controller provisions or binds for that node. */
export async function markClaimForNode(client: KubeClient, namespace: string, claim: string, node: string): Promise<void> {
  await client.request('PATCH', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim}`, {
    body: { metadata: { annotations: { [selectedNodeAnnotation]: node } } },
    contentType: 'application/merge-patch+json',
  });
}

/** The pod's PodScheduled condition, if any. */
export function scheduledCondition(pod: KubeObject): KubeObject | undefined {
  return (pod['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'PodScheduled');
}

/**
 * PodScheduled=False reason Unschedulable with the explanation, through /status (a strategic merge
 * on conditions, keyed by type). Returns false when the pod already says exactly this.
 */
export async function setUnschedulable(client: KubeClient, pod: KubeObject, message: string, now: Date): Promise<boolean> {
  const current = scheduledCondition(pod);
  if (current?.status === 'False' && current?.reason === 'Unschedulable' && current?.message === message) return false;
  const lastTransitionTime = current?.status === 'False' && current?.lastTransitionTime ? current.lastTransitionTime : ts(now);
  try {
    await client.request('PATCH', `${podPath(pod)}/status`, {
      body: { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime }] } },
      contentType: 'application/strategic-merge-patch+json',
    });
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 404) return false;
    throw err;
  }
  return true;
}
