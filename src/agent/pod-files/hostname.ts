/**
 * A pod's hostname and domain, as the kubelet's GeneratePodHostNameAndDomain computes them:
 * spec.hostname or the pod name, cut to 63 characters (then trailing '-' and '.' trimmed), and
 * `<subdomain>.<namespace>.svc.<zone>` when spec.subdomain is set. With setHostnameAsFQDN the
 * container's hostname is the full name.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';

export const DEFAULT_CLUSTER_ZONE = 'cluster.local';
const HOSTNAME_MAX = 63;

export interface PodHostname {
  /** The short hostname (what `hostname` prints unless setHostnameAsFQDN). */
  hostname: string;
  /** `<subdomain>.<ns>.svc.<zone>`, or '' without spec.subdomain. */
  domain: string;
  /** The hostname the container gets (and its HOSTNAME variable). */
  containerHostname: string;
}

export function truncateHostname(name: string): string {
  if (name.length <= HOSTNAME_MAX) return name;
  return name.slice(0, HOSTNAME_MAX).replace(/[-.]+$/, '');
}

export function podHostname(pod: KubeObject, zone: string = DEFAULT_CLUSTER_ZONE): PodHostname {
  const spec = pod['spec'] ?? {};
  const meta = pod['metadata'] ?? {};
  const hostname = truncateHostname(String(spec.hostname || meta.name || ''));
  const domain = spec.subdomain ? `${spec.subdomain}.${meta.namespace ?? 'default'}.svc.${zone}` : '';
  const fqdn = domain ? `${hostname}.${domain}` : hostname;
  return { hostname, domain, containerHostname: spec.setHostnameAsFQDN === true ? fqdn : hostname };
}
