/**
 * Pure: what the cluster DNS serves and what the Service proxy carries, from the Services,
 * Endpoints and Pods in the caches. Ready addresses only, except where a Service publishes not-ready
 * ones (spec.publishNotReadyAddresses or the tolerate-unready annotation) - for DNS; the proxy
 * carries what the Endpoints list as ready (the endpoints controller already lists tolerated
 * not-ready pods there).
 */
import type { ClusterDnsInput, DnsEndpointAddress, DnsPortProtocol, DnsServiceInput, DnsServicePort } from '../dns/index.js';
import type { KubeObject } from '../../controllers/runtime/index.js';
import type { ProxiedPort, ProxiedService, ProxyEndpoint, ProxyProtocol } from './types.js';

export const tolerateUnreadyAnnotation = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

export interface ClusterServicesInput {
  services: readonly KubeObject[];
  endpoints: readonly KubeObject[];
  pods: readonly KubeObject[];
  zone?: string;
}

export interface ClusterServicesPlan {
  dns: ClusterDnsInput;
  proxy: ProxiedService[];
}

export function publishesNotReady(service: KubeObject): boolean {
  return service['spec']?.publishNotReadyAddresses === true || service['metadata']?.annotations?.[tolerateUnreadyAnnotation] === 'true';
}

const protocolOf = (p: KubeObject): ProxyProtocol => (p['protocol'] === 'UDP' || p['protocol'] === 'SCTP' ? p['protocol'] : 'TCP');

function dnsPorts(ports: readonly KubeObject[] | undefined): DnsServicePort[] {
  return (ports ?? []).map((p) => ({ ...(p['name'] ? { name: String(p['name']) } : {}), port: Number(p['port']), protocol: protocolOf(p) as DnsPortProtocol }));
}

function dnsAddresses(list: readonly KubeObject[] | undefined): DnsEndpointAddress[] {
  return (list ?? []).filter((a) => typeof a['ip'] === 'string').map((a) => ({ ip: a['ip'], ...(a['hostname'] ? { hostname: String(a['hostname']) } : {}) }));
}

/** A headless Service gets one input per Endpoints subset (each subset has its own ports). */
function dnsServices(service: KubeObject, endpoints: KubeObject | undefined): DnsServiceInput[] {
  const { name, namespace } = service['metadata'];
  const spec = service['spec'] ?? {};
  if (spec.type === 'ExternalName') return []; // would need CNAME records, which the DNS server does not serve
  const base = { name, namespace, clusterIP: spec.clusterIP ?? 'None', ports: dnsPorts(spec.ports), publishNotReady: publishesNotReady(service) };
  const subsets: KubeObject[] = endpoints?.['subsets'] ?? [];
  if (subsets.length === 0) return [{ ...base, ready: [] }];
  return subsets.map((s) => ({
    ...base,
    endpointPorts: dnsPorts(s['ports']),
    ready: dnsAddresses(s['addresses']),
    notReady: dnsAddresses(s['notReadyAddresses']),
  }));
}

/** The ready endpoints of one Service port: subset ports with the same name and protocol. */
export function endpointsForPort(servicePort: KubeObject, endpoints: KubeObject | undefined): ProxyEndpoint[] {
  const name = servicePort['name'] ?? '';
  const protocol = protocolOf(servicePort);
  const out: ProxyEndpoint[] = [];
  for (const subset of (endpoints?.['subsets'] ?? []) as KubeObject[]) {
    const port = ((subset['ports'] ?? []) as KubeObject[]).find((p) => (p['name'] ?? '') === name && protocolOf(p) === protocol);
    if (!port || typeof port['port'] !== 'number') continue;
    for (const a of (subset['addresses'] ?? []) as KubeObject[]) if (typeof a['ip'] === 'string') out.push({ ip: a['ip'], port: port['port'] });
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port);
}

function proxiedService(service: KubeObject, endpoints: KubeObject | undefined): ProxiedService | undefined {
  const spec = service['spec'] ?? {};
  const clusterIP: unknown = spec.clusterIP;
  if (typeof clusterIP !== 'string' || clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') return undefined;
  const ports: ProxiedPort[] = ((spec.ports ?? []) as KubeObject[]).map((p) => ({
    ...(p['name'] ? { name: String(p['name']) } : {}),
    port: Number(p['port']),
    protocol: protocolOf(p),
    ...(typeof p['nodePort'] === 'number' && p['nodePort'] > 0 ? { nodePort: p['nodePort'] } : {}),
    endpoints: endpointsForPort(p, endpoints),
  }));
  return { namespace: service['metadata'].namespace, name: service['metadata'].name, clusterIP, ports };
}

const nsName = (o: KubeObject): string => `${o['metadata']?.namespace}/${o['metadata']?.name}`;

export function planClusterServices(input: ClusterServicesInput): ClusterServicesPlan {
  const endpointsByKey = new Map(input.endpoints.map((e) => [nsName(e), e]));
  const services = [...input.services].sort((a, b) => nsName(a).localeCompare(nsName(b)));
  const dnsInputs: DnsServiceInput[] = [];
  const proxy: ProxiedService[] = [];
  for (const service of services) {
    if (!service['metadata']?.name || !service['metadata']?.namespace) continue;
    const endpoints = endpointsByKey.get(nsName(service));
    dnsInputs.push(...dnsServices(service, endpoints));
    const proxied = proxiedService(service, endpoints);
    if (proxied) proxy.push(proxied);
  }
  const pods = input.pods
    .filter((p) => typeof p['status']?.podIP === 'string' && p['status'].podIP !== '' && p['spec']?.hostNetwork !== true && !['Succeeded', 'Failed'].includes(p['status']?.phase))
    .map((p) => ({ namespace: String(p['metadata']?.namespace), ip: String(p['status'].podIP) }));
  return { dns: { ...(input.zone ? { zone: input.zone } : {}), services: dnsInputs, pods }, proxy };
}
