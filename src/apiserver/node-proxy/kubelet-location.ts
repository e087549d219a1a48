import { apiErrors, ApiError } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import type { ApiContext } from '../rest/context.js';
import { getOrNotFound } from '../rest/update.js';

/** Where a pod's container streams are served: its node's kubelet server. */
export interface KubeletLocation {
  host: string;
  port: number;
  namespace: string;
  pod: string;
  container: string;
}

/** The port a kubelet listens on when its Node does not say. */
export const defaultKubeletPort = 10250;
/** Address types tried in order; our agents register InternalIP 127.0.0.1. */
const preferredAddressTypes = ['InternalIP', 'Hostname', 'InternalDNS', 'ExternalIP', 'ExternalDNS'];

function resourceInfo(ctx: ApiContext, resource: 'pods' | 'nodes') {
  const info = ctx.registry.lookup('', 'v1', resource);
  if (!info) throw apiErrors.internal(`the ${resource} resource is not registered`);
  return info;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c: KubeObject) => String(c?.['name'] ?? '')) : [];
}

/** The container a request means, with kube-apiserver's wording when it is missing or wrong. */
export function validateContainer(pod: KubeObject, container: string): string {
  const podName = String(pod['metadata']?.name ?? '');
  const containers = names(pod['spec']?.containers);
  if (container === '') {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw apiErrors.badRequest(`a container name must be specified for pod ${podName}`);
    throw apiErrors.badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`);
  }
  const all = [...containers, ...names(pod['spec']?.initContainers), ...names(pod['spec']?.ephemeralContainers)];
  if (!all.includes(container)) throw apiErrors.badRequest(`container ${container} is not valid for pod ${podName}`);
  return container;
}

/** The host and port of a Node's kubelet server, from status.addresses and daemonEndpoints. */
export function kubeletAddress(node: KubeObject): { host: string; port: number } {
  const addresses: KubeObject[] = Array.isArray(node['status']?.addresses) ? node['status'].addresses : [];
  let host: string | undefined;
  for (const type of preferredAddressTypes) {
    host = addresses.find((a) => a?.['type'] === type && a['address'])?.['address'];
    if (host) break;
  }
  const name = String(node['metadata']?.name ?? '');
  if (!host) throw new ApiError('E_NO_NODE_ADDRESS', 500, 'InternalError', `no preferred addresses found; known addresses: [] for node ${name}`);
  const port = Number(node['status']?.daemonEndpoints?.kubeletEndpoint?.Port) || defaultKubeletPort;
  return { host, port };
}

/** Pod -> its container -> its node -> that node's kubelet server, failing as kube-apiserver does. */
export function locateKubelet(ctx: ApiContext, namespace: string, podName: string, container: string): KubeletLocation {
  const pod = getOrNotFound(ctx, resourceInfo(ctx, 'pods'), namespace, podName).value;
  const name = validateContainer(pod, container);
  const nodeName = pod['spec']?.nodeName;
  if (!nodeName) throw apiErrors.badRequest(`pod ${podName} does not have a host assigned`);
  const node = getOrNotFound(ctx, resourceInfo(ctx, 'nodes'), undefined, String(nodeName)).value;
  return { ...kubeletAddress(node), namespace, pod: podName, container: name };
}

/** `/containerLogs/ns/pod/container` or `/exec/...` on the kubelet server. */
export function kubeletPath(kind: 'containerLogs' | 'exec', loc: KubeletLocation, query: URLSearchParams): string {
  const qs = query.toString();
  return `/${kind}/${encodeURIComponent(loc.namespace)}/${encodeURIComponent(loc.pod)}/${encodeURIComponent(loc.container)}${qs ? `?${qs}` : ''}`;
}
