export { DEFAULT_CLUSTER_ZONE, podHostname, truncateHostname, type PodHostname } from './hostname.js';
export { hostsFile, MANAGED_HOSTS_HEADER } from './hosts-file.js';
export { formatResolvConf, parseResolvConf, podDnsConfig, resolvConf, type DnsConfig, type ResolvConfOptions } from './resolv-conf.js';
