import { isIPv4 } from 'node:net';
import {
  DEFAULT_ZONE,
  type ClusterDnsInput,
  type DnsEndpointAddress,
  type DnsRecord,
  type DnsServiceInput,
  type DnsServicePort,
} from './types.js';

/** Lower-cases a name and drops a trailing dot: the form every lookup key uses. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The hostname an endpoint answers under: its own, or its address with dashes (as CoreDNS does). */
export function endpointHostname(address: DnsEndpointAddress): string {
  return address.hostname ?? address.ip.replaceAll('.', '-');
}

export function isHeadless(service: DnsServiceInput): boolean {
  return service.clusterIP === undefined || service.clusterIP === '' || service.clusterIP === 'None';
}

/**
 * An immutable, pure set of cluster DNS records, keyed by lower-case name. Knows which names exist
 * (including empty non-terminals such as `default.svc.cluster.local`) so the server can tell
 * NODATA from NXDOMAIN.
 */
export class ClusterDnsRecords {
  readonly zone: string;
  private readonly byName = new Map<string, DnsRecord[]>();
  private readonly names = new Set<string>();

  constructor(zone: string, records: readonly DnsRecord[]) {
    this.zone = normalizeName(zone);
    this.names.add(this.zone);
    for (const record of records) this.add(record);
  }

  static empty(zone = DEFAULT_ZONE): ClusterDnsRecords {
    return new ClusterDnsRecords(zone, []);
  }

  /** Whether `name` is this zone or below it. */
  isInZone(name: string): boolean {
    const n = normalizeName(name);
    return n === this.zone || n.endsWith(`.${this.zone}`);
  }

  /** Whether any record exists at or below `name`. */
  hasName(name: string): boolean {
    return this.names.has(normalizeName(name));
  }

  /** Records of one type at `name` ('ANY' for all). */
  lookup(name: string, type: DnsRecord['type'] | 'ANY'): DnsRecord[] {
    const all = this.byName.get(normalizeName(name)) ?? [];
    return type === 'ANY' ? [...all] : all.filter((r) => r.type === type);
  }

  /** Every record, for printing and tests. */
  all(): DnsRecord[] {
    return [...this.byName.values()].flat();
  }

  private add(record: DnsRecord): void {
    const key = normalizeName(record.name);
    const list = this.byName.get(key) ?? [];
    const duplicate = list.some((r) => JSON.stringify(r) === JSON.stringify(record));
    if (!duplicate) list.push(record);
    this.byName.set(key, list);
    let n = key;
    while (n.length >= this.zone.length && !this.names.has(n)) {
      this.names.add(n);
      const dot = n.indexOf('.');
      if (dot < 0) break;
      n = n.slice(dot + 1);
    }
  }
}

function serviceRecords(service: DnsServiceInput, zone: string): DnsRecord[] {
  const fqdn = `${service.name}.${service.namespace}.svc.${zone}`;
  const records: DnsRecord[] = [];
  const srv = (port: DnsServicePort, target: string): void => {
    if (!port.name) return;
    const proto = (port.protocol ?? 'TCP').toLowerCase();
    records.push({ type: 'SRV', name: `_${port.name}._${proto}.${fqdn}`, priority: 0, weight: 100, port: port.port, target });
  };
  if (!isHeadless(service)) {
    const ip = service.clusterIP ?? '';
    if (!isIPv4(ip)) return records;
    records.push({ type: 'A', name: fqdn, address: ip });
    for (const port of service.ports) srv(port, fqdn);
    return records;
  }
  const addresses = [...service.ready, ...(service.publishNotReady ? (service.notReady ?? []) : [])];
  const ports = service.endpointPorts ?? service.ports;
  for (const address of addresses) {
    if (!isIPv4(address.ip)) continue;
    const host = `${endpointHostname(address)}.${fqdn}`;
    records.push({ type: 'A', name: fqdn, address: address.ip });
    records.push({ type: 'A', name: host, address: address.ip });
    for (const port of ports) srv(port, host);
  }
  return records;
}

/** Builds the record set for a cluster from plain Service/Endpoints/Pod inputs. */
export function buildClusterDnsRecords(input: ClusterDnsInput): ClusterDnsRecords {
  const zone = normalizeName(input.zone ?? DEFAULT_ZONE);
  const records: DnsRecord[] = [];
  for (const service of input.services) records.push(...serviceRecords(service, zone));
  for (const pod of input.pods ?? []) {
    if (!isIPv4(pod.ip)) continue;
    records.push({ type: 'A', name: `${pod.ip.replaceAll('.', '-')}.${pod.namespace}.pod.${zone}`, address: pod.ip });
  }
  return new ClusterDnsRecords(zone, records);
}
