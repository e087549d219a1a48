/**
 * The Endpoints a Service with a selector should have, pure: which pods serve it (ready or not),
 * on which ports, grouped into subsets of pods that share the same resolved ports.
 */
import type { KubeObject } from '../runtime/index.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export const tolerateUnreadyAnnotation = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

export function isPodReady(pod: KubeObject): boolean {
  return (pod['status']?.conditions ?? []).some((c: KubeObject) => c['type'] === 'Ready' && c['status'] === 'True');
}

/** Not-ready (and terminating) pods are published as ready addresses: peer discovery for StatefulSets. */
export function toleratesUnready(service: KubeObject): boolean {
  return service['spec']?.publishNotReadyAddresses === true || service['metadata']?.annotations?.[tolerateUnreadyAnnotation] === 'true';
}

/** A service port's port on one pod: a number as is, a name looked up among the pod's container ports. */
export function resolveTargetPort(pod: KubeObject, servicePort: KubeObject): number | undefined {
  const target: unknown = servicePort['targetPort'];
  if (typeof target === 'number' && target > 0) return target;
  if (typeof target === 'string' && target !== '') {
    const protocol = servicePort['protocol'] ?? 'TCP';
    for (const c of pod['spec']?.containers ?? []) {
      for (const p of c['ports'] ?? []) {
        if (p['name'] === target && (p['protocol'] ?? 'TCP') === protocol) return p['containerPort'];
      }
    }
    return undefined;
  }
  return typeof servicePort['port'] === 'number' ? servicePort['port'] : undefined;
}

function addressOf(service: KubeObject, pod: KubeObject): EndpointAddress {
  const meta = pod['metadata'];
  const spec = pod['spec'] ?? {};
  const addr: EndpointAddress = { ip: pod['status'].podIP, targetRef: { kind: 'Pod', namespace: meta.namespace, name: meta.name, uid: meta.uid } };
  // Headless DNS names (pod.subdomain.ns.svc) exist only when the pod names this service as its subdomain.
  if (spec.hostname && spec.subdomain === service['metadata']?.name && meta.namespace === service['metadata']?.namespace) addr.hostname = spec.hostname;
  if (spec.nodeName) addr.nodeName = spec.nodeName;
  return addr;
}

function portsFor(service: KubeObject, pod: KubeObject): EndpointPort[] | undefined {
  const servicePorts: KubeObject[] = service['spec']?.ports ?? [];
  if (servicePorts.length === 0) return service['spec']?.clusterIP === 'None' ? [] : undefined;
  const ports: EndpointPort[] = [];
  for (const sp of servicePorts) {
    const port = resolveTargetPort(pod, sp);
    if (port === undefined) continue; // this pod does not have the named port: not an endpoint for it
    const ep: EndpointPort = { port, protocol: sp['protocol'] ?? 'TCP' };
    if (sp['name']) ep.name = sp['name'];
    if (sp['appProtocol']) ep.appProtocol = sp['appProtocol'];
    ports.push(ep);
  }
  return ports.length > 0 ? ports : undefined;
}

/** Pods that can be endpoints at all: an IP, not finished, not terminating (unless unready ones are published). */
export function isEndpointCandidate(pod: KubeObject, tolerateUnready: boolean): boolean {
  const status = pod['status'] ?? {};
  if (!status.podIP) return false;
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  return tolerateUnready || !pod['metadata']?.deletionTimestamp;
}

const byAddress = (a: EndpointAddress, b: EndpointAddress): number => a.ip.localeCompare(b.ip) || a.targetRef.uid.localeCompare(b.targetRef.uid);
const portKey = (p: EndpointPort): string => `${p.name ?? ''}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}`;

/** The subsets for `service` over the pods its selector matches (the caller selects; this filters). */
export function buildSubsets(service: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const tolerate = toleratesUnready(service);
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!isEndpointCandidate(pod, tolerate)) continue;
    const ports = portsFor(service, pod);
    if (!ports) continue;
    const sorted = [...ports].sort((a, b) => portKey(a).localeCompare(portKey(b)));
    const sig = sorted.map(portKey).join(',');
    let group = groups.get(sig);
    if (!group) groups.set(sig, (group = { ports: sorted, ready: [], notReady: [] }));
    (tolerate || isPodReady(pod) ? group.ready : group.notReady).push(addressOf(service, pod));
  }
  return [...groups.keys()].sort().map((sig) => {
    const g = groups.get(sig)!;
    const subset: EndpointSubset = {};
    if (g.ready.length > 0) subset.addresses = g.ready.sort(byAddress);
    if (g.notReady.length > 0) subset.notReadyAddresses = g.notReady.sort(byAddress);
    if (g.ports.length > 0) subset.ports = g.ports;
    return subset;
  });
}

/** The labels an Endpoints object carries: the service's, plus the headless marker. */
export function endpointsLabels(service: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(service['metadata']?.labels ?? {}) };
  if (service['spec']?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

/** Services the controller manages: a non-empty selector, and not ExternalName (which has no endpoints). */
export function isManagedService(service: KubeObject): boolean {
  const selector = service['spec']?.selector;
  return Boolean(selector && Object.keys(selector).length > 0 && service['spec']?.type !== 'ExternalName');
}
