import { cidrContains, formatIpv4, parseCidr, parseIpv4, type Ipv4Cidr } from './ipv4.js';
import { NetworkError } from './network-error.js';

/**
 * Pod addresses in one IPv4 range. The network address, the gateway (the first host address,
 * which the bridge owns) and the broadcast address are never handed out. Allocation goes round
 * robin from the last address handed out, like host-local IPAM, so a just-released address is not
 * reused at once (peers may still cache its old MAC). Pure: after a restart, rebuild it with
 * `reserve()` from what the namespaces still hold.
 */
export class Ipam {
  readonly cidr: Ipv4Cidr;
  readonly gateway: string;
  private readonly owners = new Map<number, string>();
  private last: number;

  constructor(cidr: string) {
    this.cidr = parseCidr(cidr);
    this.gateway = formatIpv4(this.cidr.network + 1);
    this.last = this.cidr.network + 1;
  }

  get prefixLength(): number {
    return this.cidr.prefixLength;
  }

  /** How many pod addresses the range has in all. */
  get capacity(): number {
    return this.cidr.broadcast - this.cidr.network - 2;
  }

  /** Returns the owner's address if it already has one, else the next free address. */
  allocate(owner: string): string {
    const held = this.addressOf(owner);
    if (held !== undefined) return held;
    const first = this.cidr.network + 2;
    const span = this.capacity;
    for (let i = 1; i <= span; i++) {
      const candidate = first + ((this.last - first + i + span) % span);
      if (!this.owners.has(candidate)) {
        this.owners.set(candidate, owner);
        this.last = candidate;
        return formatIpv4(candidate);
      }
    }
    throw new NetworkError('E_IPAM_EXHAUSTED', `no free address in ${this.describe()} (${span} in use)`);
  }

  /** Records an address found in use (after a restart). Idempotent for the same owner. */
  reserve(ip: string, owner: string): void {
    const n = this.checkAssignable(ip);
    const current = this.owners.get(n);
    if (current !== undefined && current !== owner) {
      throw new NetworkError('E_IPAM_CONFLICT', `${ip} is held by ${current}, not ${owner}`);
    }
    this.owners.set(n, owner);
  }

  /** Frees an address; releasing a free address does nothing. */
  release(ip: string): void {
    this.owners.delete(parseIpv4(ip));
  }

  ownerOf(ip: string): string | undefined {
    return this.owners.get(parseIpv4(ip));
  }

  addressOf(owner: string): string | undefined {
    for (const [n, o] of this.owners) if (o === owner) return formatIpv4(n);
    return undefined;
  }

  /** Addresses in use, ascending, with their owners. */
  allocations(): Array<{ ip: string; owner: string }> {
    return [...this.owners].sort(([a], [b]) => a - b).map(([n, owner]) => ({ ip: formatIpv4(n), owner }));
  }

  private checkAssignable(ip: string): number {
    const n = parseIpv4(ip);
    if (!cidrContains(this.cidr, n) || n === this.cidr.network || n === this.cidr.broadcast || n === this.cidr.network + 1) {
      throw new NetworkError('E_IPAM_OUT_OF_RANGE', `${ip} is not a pod address in ${this.describe()}`);
    }
    return n;
  }

  private describe(): string {
    return `${formatIpv4(this.cidr.network)}/${this.cidr.prefixLength}`;
  }
}
