import { SerialQueue } from '../../lib/serial-queue.js';
import { Ipam } from './ipam.js';
import { cidrContains, cidrsOverlap, formatIpv4, parseIpv4, parseRouteDestination } from './ipv4.js';
import {
  bridgeMac, bridgeName, checkPrefix, isOurLink, parseAddrList, parseLinkList, parseNetnsList, podNames, podUidOfNetns,
} from './names.js';
import { NetworkError } from './network-error.js';
import type { PodAttachment, PodNetwork } from './pod-network.js';
import { runCommand, type RunCommand } from './run-command.js';

export interface NetnsPodNetworkOptions {
  /** Names every namespace and link we make (see names.ts); 2..6 lowercase letters/digits. */
  prefix: string;
  /** Pod range; the first host address is the gateway on the bridge. Default 10.244.0.0/16. */
  cidr?: string;
  deps?: { run?: RunCommand; ip?: string };
}

/**
 * PodNetwork with iproute2: a Linux bridge `<prefix>br0` holding the gateway address, and per pod
 * `ip netns add` + a veth pair whose host end is on the bridge and whose other end is eth0 in the
 * namespace. The only route a pod gets is a default via the gateway, and the range exists only on
 * the bridge (ensureBridge refuses a range that overlaps any other route): no NAT, no route out.
 */
export class NetnsPodNetwork implements PodNetwork {
  readonly prefix: string;
  readonly bridge: string;
  readonly ipam: Ipam;
  private readonly run: RunCommand;
  private readonly ipPath: string;
  private readonly pods = new Map<string, PodAttachment>();
  private bridgeReady = false;
  /** Addresses of gone pods that have an `unreachable` route (made by detach). */
  private readonly unreachable = new Set<string>();
  private readonly queue = new SerialQueue();

  constructor(options: NetnsPodNetworkOptions) {
    this.prefix = checkPrefix(options.prefix);
    this.bridge = bridgeName(this.prefix);
    this.ipam = new Ipam(options.cidr ?? '10.244.0.0/16');
    this.run = options.deps?.run ?? runCommand;
    this.ipPath = options.deps?.ip ?? 'ip';
  }

  ensureBridge(): Promise<void> {
    return this.queue.run(() => this.doEnsureBridge());
  }

  attach(podUid: string): Promise<PodAttachment> {
    return this.queue.run(() => this.doAttach(podUid));
  }

  detach(podUid: string): Promise<void> {
    return this.queue.run(() => this.doDetach(podUid));
  }

  reclaim(): Promise<PodAttachment[]> {
    return this.queue.run(() => this.doReclaim());
  }

  cleanup(): Promise<void> {
    return this.queue.run(() => this.doCleanup());
  }

  /** The pods attached as far as this instance knows (after reclaim(), including earlier ones). */
  attachments(): PodAttachment[] {
    return [...this.pods.values()];
  }

  private async doEnsureBridge(): Promise<void> {
    await this.refuseOverlappingRoutes();
    await this.dropUnreachableRoutes();
    if (!(await this.links()).includes(this.bridge)) {
      await this.ip('link', 'add', 'name', this.bridge, 'type', 'bridge');
    }
    // a MAC of its own: it must not follow the ports (see bridgeMac)
    await this.ip('link', 'set', this.bridge, 'address', bridgeMac(this.prefix));
    await this.ip('addr', 'replace', `${this.ipam.gateway}/${this.ipam.prefixLength}`, 'dev', this.bridge);
    await this.ip('link', 'set', this.bridge, 'up');
    this.bridgeReady = true;
  }

  private async refuseOverlappingRoutes(): Promise<void> {
    for (const line of (await this.ip('-4', 'route', 'show')).split('\n')) {
      const [dest] = line.trim().split(/\s+/);
      const range = dest ? parseRouteDestination(dest) : undefined;
      if (!range || range.prefixLength === 0 || new RegExp(`\\sdev ${this.bridge}(\\s|$)`).test(line)) continue;
      if (cidrsOverlap(range, this.ipam.cidr)) {
        const ours = `${formatIpv4(this.ipam.cidr.network)}/${this.ipam.prefixLength}`;
        throw new NetworkError('E_CIDR', `pod range ${ours} overlaps the host route "${line.trim()}"; choose another range`);
      }
    }
  }

  private async doAttach(podUid: string): Promise<PodAttachment> {
    const known = this.pods.get(podUid);
    if (known) return known;
    if (!this.bridgeReady) await this.doEnsureBridge();
    const names = podNames(this.prefix, podUid);
    const ip = this.ipam.allocate(podUid);
    try {
      if (this.unreachable.delete(ip)) await this.ip('route', 'del', 'unreachable', `${ip}/32`).catch(() => undefined); // a former pod's address
      // two `ip -batch` runs instead of ten processes: pods start one after another through this
      // queue, so each spawn here delayed every pod behind it. The veth's pod end is made inside the
      // namespace, already named eth0.
      await this.batch([], [
        `netns add ${names.netns}`,
        `link add ${names.hostVeth} type veth peer name eth0 netns ${names.netns}`,
        `link set ${names.hostVeth} master ${this.bridge}`,
        `link set ${names.hostVeth} up`,
      ]);
      await this.batch(['-n', names.netns], [
        `addr add ${ip}/${this.ipam.prefixLength} dev eth0`,
        'link set lo up',
        'link set eth0 up',
        `route add default via ${this.ipam.gateway} dev eth0`,
      ]);
    } catch (e) {
      // a batch stops at its first failing line: undo whatever of it was made
      await this.ip('link', 'del', names.hostVeth).catch(() => undefined);
      await this.ip('netns', 'del', names.netns).catch(() => undefined);
      this.ipam.release(ip);
      throw e;
    }
    const attachment = { podUid, netns: names.netns, ip, prefixLength: this.ipam.prefixLength, gateway: this.ipam.gateway };
    this.pods.set(podUid, attachment);
    return attachment;
  }

  private async doDetach(podUid: string): Promise<void> {
    const names = podNames(this.prefix, podUid);
    const links = await this.links();
    for (const link of [names.hostVeth, names.podVeth]) {
      if (links.includes(link)) await this.deleteLink(link);
    }
    if ((await this.namespaces()).includes(names.netns)) await this.ip('netns', 'del', names.netns);
    const ip = this.pods.get(podUid)?.ip ?? this.ipam.addressOf(podUid);
    if (ip !== undefined) {
      // a gone pod's address fails at once (EHOSTUNREACH) instead of hanging a client's connect until
      // its timeout; a later pod with this address removes the route
      await this.ip('route', 'replace', 'unreachable', `${ip}/32`).then(() => this.unreachable.add(ip), () => undefined);
      this.ipam.release(ip);
    }
    this.pods.delete(podUid);
  }

  /** Removes the unreachable routes detach left for gone pods' addresses (only inside our range). */
  private async dropUnreachableRoutes(): Promise<void> {
    for (const line of (await this.ip('-4', 'route', 'show', 'type', 'unreachable')).split('\n')) {
      const dest = line.trim().split(/\s+/)[1];
      if (!dest || !/^\d+\.\d+\.\d+\.\d+$/.test(dest) || !cidrContains(this.ipam.cidr, parseIpv4(dest))) continue;
      await this.ip('route', 'del', 'unreachable', `${dest}/32`).catch(() => undefined);
    }
    this.unreachable.clear();
  }

  private async doReclaim(): Promise<PodAttachment[]> {
    const found: PodAttachment[] = [];
    for (const netns of await this.namespaces()) {
      const podUid = podUidOfNetns(this.prefix, netns);
      if (podUid === undefined) continue;
      const addr = parseAddrList(await this.ip('-n', netns, '-o', '-4', 'addr', 'show')).find((a) => a.dev === 'eth0');
      const ip = addr?.cidr.split('/')[0];
      if (ip === undefined || addr?.cidr !== `${ip}/${this.ipam.prefixLength}`) {
        await this.doDetach(podUid); // half-made by an attach that crashed: attach makes it again
        continue;
      }
      this.ipam.reserve(ip, podUid);
      const attachment = { podUid, netns, ip, prefixLength: this.ipam.prefixLength, gateway: this.ipam.gateway };
      this.pods.set(podUid, attachment);
      found.push(attachment);
    }
    // veths of attaches that crashed before their namespace got them
    const keep = new Set(found.flatMap((a) => Object.values(podNames(this.prefix, a.podUid))));
    for (const link of await this.links()) {
      if (link !== this.bridge && isOurLink(this.prefix, link) && !keep.has(link)) await this.deleteLink(link);
    }
    return found;
  }

  private async doCleanup(): Promise<void> {
    for (const netns of await this.namespaces()) {
      if (podUidOfNetns(this.prefix, netns) !== undefined) await this.ip('netns', 'del', netns);
    }
    // deleting a namespace drops its veth end, and with it the host end; delete what is left
    const ours = (await this.links()).filter((l) => isOurLink(this.prefix, l));
    for (const link of ours.filter((l) => l !== this.bridge)) await this.deleteLink(link);
    if (ours.includes(this.bridge)) await this.ip('link', 'del', this.bridge);
    await this.dropUnreachableRoutes();
    for (const { ip } of this.ipam.allocations()) this.ipam.release(ip);
    this.pods.clear();
    this.bridgeReady = false;
  }

  private async namespaces(): Promise<string[]> {
    return parseNetnsList(await this.ip('netns', 'list'));
  }

  private async links(): Promise<string[]> {
    return parseLinkList(await this.ip('-o', 'link', 'show'));
  }

  /**
   * Delete a link that may vanish on its own meanwhile: removing a namespace takes its veth pair
   * with it asynchronously, so "Cannot find device" here means the job is already done.
   */
  private async deleteLink(name: string): Promise<void> {
    try {
      await this.ip('link', 'del', name);
    } catch (err) {
      if (!/Cannot find device/.test(String((err as Error).message))) throw err;
    }
  }

  private ip(...args: string[]): Promise<string> {
    return this.run(this.ipPath, args);
  }

  /** One `ip [global options] -batch -` run; it stops at the first line that fails. */
  private batch(options: string[], lines: string[]): Promise<string> {
    return this.run(this.ipPath, [...options, '-batch', '-'], `${lines.join('\n')}\n`);
  }
}
