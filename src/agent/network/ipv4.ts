import { NetworkError } from './network-error.js';

/** An IPv4 prefix as integers: `network` and `broadcast` are the first and last address. */
export interface Ipv4Cidr {
  network: number;
  broadcast: number;
  prefixLength: number;
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    throw new NetworkError('E_CIDR', `not an IPv4 address: "${text}"`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/len`; host bits must be zero. Lengths 8..30 leave room for gateway and pods. */
export function parseCidr(text: string): Ipv4Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const prefixLength = Number(m?.[2]);
  if (!m || prefixLength < 8 || prefixLength > 30) {
    throw new NetworkError('E_CIDR', `expected an IPv4 CIDR with a prefix length 8..30, got "${text}"`);
  }
  const size = 2 ** (32 - prefixLength);
  const network = parseIpv4(m[1] ?? '');
  if (network % size !== 0) throw new NetworkError('E_CIDR', `"${text}" has host bits set`);
  return { network, broadcast: network + size - 1, prefixLength };
}

export function cidrContains(cidr: Ipv4Cidr, ip: number): boolean {
  return ip >= cidr.network && ip <= cidr.broadcast;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** A route destination from `ip route` ("10.1.0.0/16", "10.1.2.3", "default"); no host-bit check. */
export function parseRouteDestination(text: string): Ipv4Cidr | undefined {
  if (text === 'default') return { network: 0, broadcast: 2 ** 32 - 1, prefixLength: 0 };
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d{1,2}))?$/.exec(text);
  if (!m?.[1]) return undefined;
  const prefixLength = m[2] === undefined ? 32 : Number(m[2]);
  if (prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  const network = Math.floor(parseIpv4(m[1]) / size) * size;
  return { network, broadcast: network + size - 1, prefixLength };
}
