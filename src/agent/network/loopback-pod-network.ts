import { createHash } from 'node:crypto';
import { Ipam } from './ipam.js';
import { cidrContains, formatIpv4, parseCidr, parseIpv4 } from './ipv4.js';
import { checkPrefix } from './names.js';
import { NetworkError } from './network-error.js';
import type { PodAttachment, PodNetwork } from './pod-network.js';

export interface LoopbackPodNetworkOptions {
  /**
   * Pod range inside 127.0.0.0/8 (every address there already answers on Linux's `lo`). The first
   * host address is kept as the "gateway" (where a cluster DNS may listen). Default: a /18 derived
   * from `prefix` (see loopbackCidrFor), else 127.0.64.0/18.
   */
  cidr?: string;
  /** The network prefix of this control plane (2..6 lowercase letters/digits); picks the default range. */
  prefix?: string;
}

const LOOPBACK = parseCidr('127.0.0.0/8');

/**
 * A /18 block of 127.0.0.0/8 chosen by the network prefix, so two control planes on one machine
 * (different prefixes) rarely share addresses: 127.<1..254>.<0|64|128|192>.0/18, never 127.0.x.x
 * (127.0.0.1 and Debian's 127.0.1.1 live there).
 */
export function loopbackCidrFor(prefix: string): string {
  const digest = createHash('sha256').update(checkPrefix(prefix)).digest();
  const n = digest.readUInt16BE(0) % (254 * 4);
  return `127.${1 + Math.floor(n / 4)}.${(n % 4) * 64}.0/18`;
}

/** True when the whole range lies in 127.0.0.0/8 (addresses there need no configuration). */
export function isLoopbackCidr(cidr: string): boolean {
  const c = parseCidr(cidr);
  return cidrContains(LOOPBACK, c.network) && cidrContains(LOOPBACK, c.broadcast);
}

/** True for an IPv4 address in 127.0.0.0/8. */
export function isLoopbackAddress(ip: string): boolean {
  try {
    return cidrContains(LOOPBACK, parseIpv4(ip));
  } catch {
    return false;
  }
}

/**
 * PodNetwork for a process without root: each pod gets its own 127.x.y.z address and stays in the
 * host's network namespace (PodAttachment.netns is '', which means "the host's network"). Nothing is
 * configured on the machine, so ensureBridge() and cleanup() have nothing to do; pods do not outlive
 * the server (see docs/adr/0006-node-agents.md), so allocations live in memory only and reclaim()
 * after a restart finds none. A pod owns its address, not its ports: a program must bind its pod IP.
 */
export class LoopbackPodNetwork implements PodNetwork {
  readonly ipam: Ipam;
  /** No bridge: the ClusterIPs a Service proxy serves must be loopback addresses as well. */
  readonly bridge: undefined = undefined;
  private readonly pods = new Map<string, PodAttachment>();

  constructor(options: LoopbackPodNetworkOptions = {}) {
    const cidr = options.cidr ?? (options.prefix !== undefined ? loopbackCidrFor(options.prefix) : '127.0.64.0/18');
    if (!isLoopbackCidr(cidr)) {
      throw new NetworkError('E_CIDR', `a loopback pod range must lie inside 127.0.0.0/8, got "${cidr}"`);
    }
    this.ipam = new Ipam(cidr);
    const { network, broadcast } = this.ipam.cidr;
    if (network <= parseIpv4('127.0.1.1') && parseIpv4('127.0.0.1') <= broadcast) {
      throw new NetworkError('E_CIDR', `a loopback pod range must not hold 127.0.0.1 or 127.0.1.1, got "${cidr}"`);
    }
  }

  ensureBridge(): Promise<void> {
    return Promise.resolve();
  }

  attach(podUid: string): Promise<PodAttachment> {
    try {
      const held = this.pods.get(podUid);
      if (held) return Promise.resolve({ ...held });
      const attachment: PodAttachment = {
        podUid,
        netns: '',
        ip: this.ipam.allocate(podUid),
        prefixLength: this.ipam.prefixLength,
        gateway: this.ipam.gateway,
      };
      this.pods.set(podUid, attachment);
      return Promise.resolve({ ...attachment });
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  detach(podUid: string): Promise<void> {
    const held = this.pods.get(podUid);
    if (held) this.ipam.release(held.ip);
    this.pods.delete(podUid);
    return Promise.resolve();
  }

  reclaim(): Promise<PodAttachment[]> {
    return Promise.resolve(this.attachments());
  }

  cleanup(): Promise<void> {
    for (const uid of [...this.pods.keys()]) void this.detach(uid);
    return Promise.resolve();
  }

  attachments(): PodAttachment[] {
    return [...this.pods.values()].map((a) => ({ ...a }));
  }

  /** `127.a.b.c/len`, for logs and the "what is lost" notice. */
  describe(): string {
    return `${formatIpv4(this.ipam.cidr.network)}/${this.ipam.prefixLength}`;
  }
}
