/**
 * A pod's /etc/resolv.conf as the kubelet's DNS configurer (pkg/kubelet/network/dns) plans it and a
 * CRI runtime writes it: `search`, then one `nameserver` line per server, then `options`.
 *
 * - ClusterFirst (default; ClusterFirstWithHostNet too): the cluster nameserver(s) only; search
 *   `<ns>.svc.<zone> svc.<zone> <zone>` followed by the host's search domains; options ndots:5.
 *   Without a cluster nameserver it falls back to Default, as the kubelet does.
 * - Default: the host's resolv.conf (nameservers, search, options). Without one (like a kubelet
 *   started with --resolv-conf="") nameserver 127.0.0.1 and search '.'.
 * - None: only spec.dnsConfig.
 * spec.dnsConfig is then merged in: nameservers and searches appended without duplicates, options
 * by name (the pod's value wins). Limits as the kubelet's: 3 nameservers, 32 search domains of at
 * most 2048 characters in total.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { DEFAULT_CLUSTER_ZONE } from './hostname.js';

export interface ResolvConfOptions {
  /** The cluster DNS server address(es); '' or [] means none is known. */
  nameserver: string | readonly string[];
  /** The cluster domain; default cluster.local. */
  zone?: string;
  /** The text of the host's resolv.conf; absent means there is none to inherit. */
  hostResolvConf?: string;
}

export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

/** Parses nameserver, search and options lines (the last `search` line wins, as in glibc). */
export function parseResolvConf(text: string): DnsConfig {
  const config: DnsConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields[0]) config.servers.push(fields[0]);
    else if (key === 'search') config.searches = fields.map((s) => s.replace(/\.$/, '')).filter((s) => s !== '');
    else if (key === 'options') config.options.push(...fields);
  }
  return config;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function mergeOptions(existing: readonly string[], extra: ReadonlyArray<{ name?: string; value?: string }>): string[] {
  const byName = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    if (i >= 0) byName.set(op.slice(0, i), op.slice(i + 1));
    else byName.set(op, '');
  }
  for (const op of extra) if (op.name) byName.set(op.name, op.value ?? '');
  return [...byName].map(([name, value]) => (value !== '' ? `${name}:${value}` : name));
}

function fitSearches(searches: readonly string[]): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const s of searches.slice(0, MAX_SEARCHES)) {
    chars += s.length + (out.length > 0 ? 1 : 0);
    if (chars > MAX_SEARCH_CHARS) break;
    out.push(s);
  }
  return out;
}

type Policy = 'cluster' | 'host' | 'none';

function policyOf(pod: KubeObject): Policy {
  const spec = pod['spec'] ?? {};
  switch (spec.dnsPolicy ?? 'ClusterFirst') {
    case 'None': return 'none';
    case 'Default': return 'host';
    case 'ClusterFirstWithHostNet': return 'cluster';
    default: return spec.hostNetwork === true ? 'host' : 'cluster';
  }
}

/** The DNS settings the pod gets (before formatting). */
export function podDnsConfig(pod: KubeObject, options: ResolvConfOptions): DnsConfig {
  const zone = options.zone ?? DEFAULT_CLUSTER_ZONE;
  const host = options.hostResolvConf !== undefined ? parseResolvConf(options.hostResolvConf) : undefined;
  const clusterServers = (typeof options.nameserver === 'string' ? [options.nameserver] : [...options.nameserver]).filter((s) => s !== '');
  let policy = policyOf(pod);
  if (policy === 'cluster' && clusterServers.length === 0) policy = 'host';
  let config: DnsConfig;
  if (policy === 'none') {
    config = { servers: [], searches: [], options: [] };
  } else if (policy === 'cluster') {
    const ns = String(pod['metadata']?.namespace ?? 'default');
    const clusterSearch = zone ? [`${ns}.svc.${zone}`, `svc.${zone}`, zone] : [];
    config = { servers: clusterServers, searches: unique([...clusterSearch, ...(host?.searches ?? [])]), options: ['ndots:5'] };
  } else {
    config = host ? { servers: [...host.servers], searches: [...host.searches], options: [...host.options] } : { servers: ['127.0.0.1'], searches: ['.'], options: [] };
  }
  const podConfig = pod['spec']?.dnsConfig as { nameservers?: string[]; searches?: string[]; options?: Array<{ name?: string; value?: string }> } | undefined;
  if (podConfig) {
    config = {
      servers: unique([...config.servers, ...(podConfig.nameservers ?? [])]),
      searches: unique([...config.searches, ...(podConfig.searches ?? [])]),
      options: mergeOptions(config.options, podConfig.options ?? []),
    };
  }
  return { servers: config.servers.slice(0, MAX_NAMESERVERS), searches: fitSearches(config.searches), options: config.options };
}

/** The file as a CRI runtime writes it. */
export function formatResolvConf(config: DnsConfig): string {
  let out = '';
  if (config.searches.length > 0) out += `search ${config.searches.join(' ')}\n`;
  for (const s of config.servers) out += `nameserver ${s}\n`;
  if (config.options.length > 0) out += `options ${config.options.join(' ')}\n`;
  return out;
}

export function resolvConf(pod: KubeObject, options: ResolvConfOptions): string {
  return formatResolvConf(podDnsConfig(pod, options));
}
