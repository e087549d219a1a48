/** One poll of what `up` looks at, through the API: lists of the tracked namespaces plus nodes and classes. */
import type { KubeClient } from '../../client/index.js';
import { logKey, type LogRequest } from './stuck.js';
import type { KubeObject } from './objects.js';
import { findRef, trackedNamespaces, type ClusterView, type Tracked } from './tracked.js';

async function list(client: KubeClient, path: string): Promise<KubeObject[]> {
  const body = await client.request<{ items?: KubeObject[] }>('GET', path, { timeoutMs: 15_000 });
  return body.items ?? [];
}

const inNamespaces = async (client: KubeClient, namespaces: string[], path: (ns: string) => string): Promise<KubeObject[]> =>
  (await Promise.all(namespaces.map((ns) => list(client, path(ns))))).flat();

export async function readClusterView(client: KubeClient, tracked: Tracked, options: { forSummary?: boolean } = {}): Promise<ClusterView> {
  const namespaces = trackedNamespaces(tracked);
  const [sets, pods, claims, services, events, nodes, storageClasses, volumes] = await Promise.all([
    inNamespaces(client, namespaces, (ns) => `/apis/apps/v1/namespaces/${ns}/statefulsets`),
    inNamespaces(client, namespaces, (ns) => `/api/v1/namespaces/${ns}/pods`),
    inNamespaces(client, namespaces, (ns) => `/api/v1/namespaces/${ns}/persistentvolumeclaims`),
    options.forSummary ? inNamespaces(client, namespaces, (ns) => `/api/v1/namespaces/${ns}/services`) : Promise.resolve([]),
    inNamespaces(client, namespaces, (ns) => `/api/v1/namespaces/${ns}/events`),
    list(client, '/api/v1/nodes'),
    list(client, '/apis/storage.k8s.io/v1/storageclasses'),
    options.forSummary ? list(client, '/api/v1/persistentvolumes') : Promise.resolve([]),
  ]);
  const statefulSets = tracked.statefulSets.map((r) => findRef(sets, r)).filter((s): s is KubeObject => s !== undefined);
  const operated = (await Promise.all(tracked.operated.map((r) => client.getIfExists<KubeObject>(r.path)))).filter((o): o is KubeObject => o !== undefined);
  return { statefulSets, pods, claims, services, events, nodes, storageClasses, volumes, operated };
}

/** The last lines of each container log a diagnosis asks for; a log that cannot be read is left out. */
export async function readLogs(client: KubeClient, requests: LogRequest[], tailLines = 10): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    requests.map(async (r) => {
      try {
        const text = await client.request<unknown>('GET', `/api/v1/namespaces/${r.namespace}/pods/${r.pod}/log`, {
          query: { container: r.container, previous: r.previous || undefined, tailLines },
          accept: 'text/plain',
          timeoutMs: 5000,
        });
        out.set(logKey(r), typeof text === 'string' ? text : JSON.stringify(text));
      } catch {
        // no node agent to ask, or the log is gone: the finding stands without it
      }
    }),
  );
  return out;
}
