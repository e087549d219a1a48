/**
 * The inputs the cluster DNS is built from: plain, already-decided values (the caller reads
 * Services, Endpoints and Pods and decides, for example, whether not-ready addresses are published).
 * IPv4 only: addresses that are not dotted quads are ignored (no AAAA records are served).
 */

export type DnsPortProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface DnsServicePort {
  /** Only named ports get SRV records, as in Kubernetes. */
  name?: string;
  port: number;
  protocol?: DnsPortProtocol;
}

export interface DnsEndpointAddress {
  ip: string;
  /** Set for pods with spec.hostname and a matching spec.subdomain (StatefulSet pods). */
  hostname?: string;
}

export interface DnsServiceInput {
  name: string;
  namespace: string;
  /** A virtual IP, or 'None' (or absent) for a headless Service. */
  clusterIP?: string;
  /** The Service's ports (SRV ports for a ClusterIP Service). */
  ports: DnsServicePort[];
  /** The endpoint ports (SRV ports for a headless Service); defaults to `ports`. */
  endpointPorts?: DnsServicePort[];
  ready: DnsEndpointAddress[];
  notReady?: DnsEndpointAddress[];
  /** spec.publishNotReadyAddresses: serve `notReady` addresses too. */
  publishNotReady?: boolean;
}

export interface DnsPodInput {
  namespace: string;
  ip: string;
}

export interface ClusterDnsInput {
  /** The cluster domain; default `cluster.local`. */
  zone?: string;
  services: DnsServiceInput[];
  /** Pods answered as `<a-b-c-d>.<namespace>.pod.<zone>`. */
  pods?: DnsPodInput[];
}

export interface DnsARecord {
  type: 'A';
  name: string;
  address: string;
}

export interface DnsSrvRecord {
  type: 'SRV';
  name: string;
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export type DnsRecord = DnsARecord | DnsSrvRecord;

export const DEFAULT_ZONE = 'cluster.local';
export const DNS_TTL_SECONDS = 5;
