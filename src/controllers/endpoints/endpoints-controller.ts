/**
 * The endpoints controller: every Service with a selector gets an Endpoints object of the same name
 * listing the pods it selects (ready ones in addresses, the rest in notReadyAddresses), written only
 * when it changes. Services without a selector are left to whoever manages their Endpoints; when a
 * Service goes, its Endpoints go with it.
 */
import { ApiRequestError } from '../../client/index.js';
import { deepEqual } from '../../lib/deep-equal.js';
import { selectorMatches } from '../../lib/label-selector.js';
import { objectKey, splitKey, type ControllerContext, type Informer, type KubeObject, type Reconciler } from '../runtime/index.js';
import { buildSubsets, endpointsLabels, isManagedService } from './subsets.js';

interface Caches {
  services: Informer;
  pods: Informer;
  endpoints: Informer;
}

const endpointsPath = (ns: string, name?: string): string => `/api/v1/namespaces/${encodeURIComponent(ns)}/endpoints${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

function selects(service: KubeObject, pod: KubeObject): boolean {
  return isManagedService(service) && selectorMatches({ matchLabels: service['spec'].selector }, pod['metadata']?.labels);
}

/** The Endpoints object to store: the current one (kept annotations, resourceVersion) with new labels and subsets. */
export function desiredEndpoints(service: KubeObject, pods: KubeObject[], current: KubeObject | undefined): KubeObject | undefined {
  const subsets = buildSubsets(service, pods);
  const labels = endpointsLabels(service);
  if (current && deepEqual(current['subsets'] ?? [], subsets) && deepEqual(current['metadata']?.labels ?? {}, labels)) return undefined;
  const meta = service['metadata'];
  const base = current ?? { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: meta.name, namespace: meta.namespace } };
  const next: KubeObject = { ...base, apiVersion: 'v1', kind: 'Endpoints', metadata: { ...base['metadata'], labels } };
  if (Object.keys(labels).length === 0) delete next['metadata'].labels;
  if (subsets.length > 0) next['subsets'] = subsets;
  else delete next['subsets'];
  return next;
}

export function createEndpointsController(): Reconciler {
  let ctx: ControllerContext | undefined;
  let caches: Caches | undefined;

  async function write(service: KubeObject, next: KubeObject, exists: boolean): Promise<void> {
    const { namespace, name } = next['metadata'];
    try {
      if (exists) await ctx!.client.request('PUT', endpointsPath(namespace, name), { body: next });
      else await ctx!.client.request('POST', endpointsPath(namespace), { body: next });
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.status === 409)) {
        ctx!.events.event(service, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${(err as Error).message}`);
      }
      throw err;
    }
    const addresses = (next['subsets'] ?? []).reduce((n: number, s: KubeObject) => n + (s['addresses']?.length ?? 0), 0);
    ctx!.log.info({ key: `${namespace}/${name}`, addresses }, exists ? 'updated endpoints' : 'created endpoints');
  }

  async function removeOrphaned(namespace: string, name: string): Promise<void> {
    if (!caches!.endpoints.get(namespace, name)) return;
    try {
      await ctx!.client.request('DELETE', endpointsPath(namespace, name));
      ctx!.log.info({ key: `${namespace}/${name}` }, 'deleted endpoints of a deleted service');
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.status === 404)) throw err;
    }
  }

  return {
    name: 'endpoints',
    setup(c, enqueue) {
      ctx = c;
      caches = {
        services: c.informers.informer('/api/v1/services'),
        pods: c.informers.informer('/api/v1/pods'),
        endpoints: c.informers.informer('/api/v1/endpoints'),
      };
      const forPod = (pod: KubeObject): void => {
        for (const svc of caches!.services.list(pod['metadata']?.namespace)) if (selects(svc, pod)) enqueue(objectKey(svc));
      };
      // Only a key whose Service exists: an Endpoints object without one is not ours to judge on sight.
      const forEndpoints = (ep: KubeObject): void => {
        if (caches!.services.get(ep['metadata']?.namespace, ep['metadata']?.name)) enqueue(objectKey(ep));
      };
      caches.services.on({ add: (s) => enqueue(objectKey(s)), update: (_o, s) => enqueue(objectKey(s)), delete: (s) => enqueue(objectKey(s)) });
      caches.pods.on({
        add: forPod,
        update: (oldPod, pod) => {
          forPod(oldPod);
          forPod(pod);
        },
        delete: forPod,
      });
      caches.endpoints.on({ update: (_o, ep) => forEndpoints(ep), delete: forEndpoints });
      // Once at start: Endpoints whose Service was deleted while no controller ran are swept.
      const { services, endpoints } = caches;
      void Promise.all([services.waitForSync(), endpoints.waitForSync()]).then(() => {
        for (const ep of endpoints.list()) if (!services.get(ep['metadata']?.namespace, ep['metadata']?.name)) enqueue(objectKey(ep));
      });
    },
    async reconcile(key) {
      if (!ctx || !caches) return;
      const { namespace, name } = splitKey(key);
      if (!namespace) return;
      const service = caches.services.get(namespace, name);
      if (!service) return removeOrphaned(namespace, name);
      if (!isManagedService(service)) return;
      const pods = caches.pods.list(namespace).filter((p) => selects(service, p));
      const current = caches.endpoints.get(namespace, name);
      const next = desiredEndpoints(service, pods, current);
      if (next) await write(service, next, current !== undefined);
    },
  };
}
