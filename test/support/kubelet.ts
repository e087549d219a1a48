// The test plays the kubelet through the API, as the Kubernetes controller tests do: it sets pod
// status (phase, readiness, container statuses) through /status. No pod actually runs.
import type { KubeClient } from '../../src/client/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${namespace}/pods/${name}`;
}

/** Mark a pod Running (and Ready unless ready=false), with a podIP, like a kubelet's status update. */
export async function setPodRunning(client: KubeClient, namespace: string, name: string, options: { ready?: boolean; ip?: string } = {}): Promise<Obj> {
  const ready = options.ready ?? true;
  for (let attempt = 0; ; attempt++) {
    const pod = await client.request<Obj>('GET', podPath(namespace, name));
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
    pod['status'] = {
      ...pod['status'],
      phase: 'Running',
      podIP: options.ip ?? pod['status']?.podIP ?? `10.244.0.${(Math.abs(hash(name)) % 250) + 2}`,
      startTime: pod['status']?.startTime ?? now,
      conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
      containerStatuses: (pod['spec']?.containers ?? []).map((c: Obj) => ({
        name: c['name'], image: c['image'], imageID: '', ready, restartCount: 0, started: true, state: { running: { startedAt: now } },
      })),
    };
    try {
      return await client.request<Obj>('PUT', `${podPath(namespace, name)}/status`, { body: pod });
    } catch (e) {
      if ((e as { status?: number }).status === 409 && attempt < 5) continue;
      throw e;
    }
  }
}

/** Set a pod's phase to Failed or Succeeded (a terminated pod). */
export async function setPodPhase(client: KubeClient, namespace: string, name: string, phase: 'Failed' | 'Succeeded' | 'Pending'): Promise<Obj> {
  const pod = await client.request<Obj>('GET', podPath(namespace, name));
  pod['status'] = { ...pod['status'], phase, conditions: [] };
  return client.request<Obj>('PUT', `${podPath(namespace, name)}/status`, { body: pod });
}

/** Finish a graceful deletion the way a kubelet does once containers are gone: delete with grace 0. */
export async function finishPodDeletion(client: KubeClient, namespace: string, name: string): Promise<void> {
  try {
    await client.request('DELETE', podPath(namespace, name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
  }
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
