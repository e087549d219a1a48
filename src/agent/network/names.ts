import { createHash } from 'node:crypto';
import { NetworkError } from './network-error.js';

/**
 * Every namespace and link this control plane makes carries its prefix, so `cleanup()` finds
 * exactly what it made (and nothing of another instance whose prefix merely starts the same):
 *   bridge      <prefix>br0
 *   host veth   <prefix>h<8 hex of sha256(uid)>   (Linux interface names are at most 15 chars)
 *   pod veth    <prefix>p<8 hex>, renamed eth0 once inside the namespace
 *   netns       <prefix>-<pod uid>
 */
export const maxPrefixLength = 6;
const ifNameMax = 15;

export interface PodNames {
  netns: string;
  hostVeth: string;
  podVeth: string;
}

export function checkPrefix(prefix: string): string {
  if (!new RegExp(`^[a-z][a-z0-9]{1,${maxPrefixLength - 1}}$`).test(prefix)) {
    throw new NetworkError('E_NAME', `network prefix must be 2..${maxPrefixLength} lowercase letters or digits starting with a letter, got "${prefix}"`);
  }
  return prefix;
}

export function bridgeName(prefix: string): string {
  return `${prefix}br0`;
}

/**
 * A fixed, locally administered MAC for the bridge (from its name). Without one, Linux gives a
 * bridge the lowest MAC of its ports, so the gateway's MAC changed whenever a pod came or went, and
 * every pod's ARP entry for the gateway (the cluster DNS, Services, the host) went stale: seconds of
 * dropped packets - seen as three Redis Sentinels blocked together in a DNS lookup for ~6 s (TILT)
 * right after a pod was deleted.
 */
export function bridgeMac(prefix: string): string {
  const h = createHash('sha256').update(bridgeName(prefix)).digest();
  return ['02', ...[0, 1, 2, 3, 4].map((i) => h[i]!.toString(16).padStart(2, '0'))].join(':');
}

export function podNames(prefix: string, podUid: string): PodNames {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(podUid)) {
    throw new NetworkError('E_NAME', `pod uid cannot name a network namespace: "${podUid}"`);
  }
  const hash = createHash('sha256').update(podUid).digest('hex').slice(0, 8);
  const names = { netns: `${prefix}-${podUid}`, hostVeth: `${prefix}h${hash}`, podVeth: `${prefix}p${hash}` };
  if (names.hostVeth.length > ifNameMax) throw new NetworkError('E_NAME', `interface name too long: ${names.hostVeth}`);
  return names;
}

/** The pod uid of one of our namespaces, or undefined for anyone else's. */
export function podUidOfNetns(prefix: string, netns: string): string | undefined {
  return netns.startsWith(`${prefix}-`) ? netns.slice(prefix.length + 1) : undefined;
}

export function isOurLink(prefix: string, link: string): boolean {
  return link === bridgeName(prefix) || new RegExp(`^${prefix}[hp][0-9a-f]{8}$`).test(link);
}

/** Names from `ip netns list` ("name" or "name (id: 3)"). */
export function parseNetnsList(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}

/** Names from `ip -o link show` ("12: vethx@if11: <...>"). */
export function parseLinkList(stdout: string): string[] {
  const names: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)[@:]/.exec(line);
    if (m?.[1]) names.push(m[1]);
  }
  return names;
}

/** IPv4 addresses from `ip -o -4 addr show` ("2: eth0    inet 10.244.0.2/16 brd ..."), with their device. */
export function parseAddrList(stdout: string): Array<{ dev: string; cidr: string }> {
  const out: Array<{ dev: string; cidr: string }> = [];
  for (const line of stdout.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+\/\d+)/.exec(line);
    if (m?.[1] && m[2]) out.push({ dev: m[1], cidr: m[2] });
  }
  return out;
}
