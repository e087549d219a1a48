/**
 * The kubelet-managed /etc/hosts of a pod that is not on the host network (managedHostsFileContent):
 * header, localhost lines, the pod's own name(s) per pod IP, then hostAliases.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { DEFAULT_CLUSTER_ZONE, podHostname } from './hostname.js';

export const MANAGED_HOSTS_HEADER = '# Kubernetes-managed hosts file.\n';

export function hostsFile(pod: KubeObject, podIP: string | readonly string[], options: { zone?: string } = {}): string {
  const { hostname, domain } = podHostname(pod, options.zone ?? DEFAULT_CLUSTER_ZONE);
  const ips = typeof podIP === 'string' ? [podIP] : [...podIP];
  let out = MANAGED_HOSTS_HEADER
    + '127.0.0.1\tlocalhost\n'
    + '::1\tlocalhost ip6-localhost ip6-loopback\n'
    + 'fe00::0\tip6-localnet\n'
    + 'fe00::0\tip6-mcastprefix\n'
    + 'fe00::1\tip6-allnodes\n'
    + 'fe00::2\tip6-allrouters\n';
  for (const ip of ips.filter((i) => i !== '')) {
    out += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  const aliases = (pod['spec']?.hostAliases ?? []) as Array<{ ip?: string; hostnames?: string[] }>;
  if (aliases.length > 0) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}
