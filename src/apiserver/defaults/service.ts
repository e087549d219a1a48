import { isIP } from 'node:net';
import { arrayAt, ensureObject, isObject, setDefault, type JsonObject } from '../validation/json-value.js';

/**
 * Service defaults (SetDefaults_Service plus the IP-family fields the service registry fills in on
 * a single-stack cluster) and Endpoints port protocol. ClusterIP and nodePort allocation are the
 * registry's job, not done here.
 */

export function defaultService(obj: JsonObject): void {
  const spec = obj.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = ensureObject(ensureObject(spec, 'sessionAffinityConfig') ?? {}, 'clientIP');
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  for (const p of arrayAt(spec.ports)) {
    if (!isObject(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    if ((p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') && p.port !== undefined) p.targetPort = p.port;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type === 'ExternalName') return;
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (typeof spec.clusterIP === 'string' && spec.clusterIP && !Array.isArray(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  if (Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string' && !spec.clusterIP) spec.clusterIP = spec.clusterIPs[0];
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  setDefault(spec, 'ipFamilies', [typeof spec.clusterIP === 'string' && isIP(spec.clusterIP) === 6 ? 'IPv6' : 'IPv4']);
}

export function defaultEndpoints(obj: JsonObject): void {
  for (const subset of arrayAt(obj.subsets)) {
    if (!isObject(subset)) continue;
    for (const p of arrayAt(subset.ports)) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
  }
}
