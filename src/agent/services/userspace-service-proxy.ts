import { SerialQueue } from '../../lib/serial-queue.js';
import { isIPv4 } from 'node:net';
import { silentLogger, type Logger } from '../../lib/log.js';
import { parseAddrList } from '../network/names.js';
import { runCommand, type RunCommand } from '../network/run-command.js';
import { EndpointRotation } from './endpoint-rotation.js';
import { ServiceNetworkError } from './service-network-error.js';
import { TcpPortProxy, type PortProxy } from './tcp-port-proxy.js';
import type { ProxiedService, ProxyEndpoint, ProxyProblem, ProxySyncResult, ServiceProxy } from './types.js';
import { UdpPortProxy } from './udp-port-proxy.js';

export interface UserspaceServiceProxyOptions {
  /**
   * The bridge each ClusterIP is put on as `<ip>/32`, so the host and every pod (whose default route
   * is the bridge's gateway) reach it. Omit when the addresses are local already (127.0.0.0/8).
   */
  bridge?: string;
  /** Where node ports listen; default 127.0.0.1; false serves none. */
  nodePortHost?: string | false;
  connectTimeoutMs?: number;
  udpIdleTimeoutMs?: number;
  deps?: { run?: RunCommand; ip?: string; log?: Logger };
}

interface Wanted {
  target: string;
  host: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** The ClusterIP this listener needs on the bridge (none for node ports). */
  address?: string;
  endpoints: ProxyEndpoint[];
}

interface Listener {
  proxy: PortProxy;
  rotation: EndpointRotation;
}

const listenerKey = (w: { host: string; port: number; protocol: string }): string => `${w.protocol} ${w.host}:${w.port}`;

export function isProxiedClusterIP(clusterIP: string): boolean {
  return isIPv4(clusterIP) && clusterIP !== '0.0.0.0';
}

/**
 * ServiceProxy in userspace: every ClusterIP is an address on the pod bridge and every Service port a
 * listener of this process forwarding to ready endpoints (see TcpPortProxy, UdpPortProxy). sync()
 * calls are serialized; each converges listeners first, then addresses.
 */
export class UserspaceServiceProxy implements ServiceProxy {
  private readonly listeners = new Map<string, Listener>();
  private readonly addresses = new Set<string>();
  private readonly run: RunCommand;
  private readonly ipPath: string;
  private readonly log: Logger;
  private readonly queue = new SerialQueue();
  private reclaimed = false;
  private stopped = false;

  constructor(private readonly options: UserspaceServiceProxyOptions = {}) {
    this.run = options.deps?.run ?? runCommand;
    this.ipPath = options.deps?.ip ?? 'ip';
    this.log = options.deps?.log ?? silentLogger();
  }

  sync(services: readonly ProxiedService[]): Promise<ProxySyncResult> {
    return this.queue.run(() => this.doSync(services));
  }

  stop(): Promise<void> {
    return this.queue.run(async () => {
      this.stopped = true;
      await this.converge(new Map(), []);
    });
  }

  /** The listeners now open, as `<protocol> <host>:<port>` (for tests and status). */
  listening(): string[] {
    return [...this.listeners.keys()].sort();
  }

  /** The ClusterIPs this proxy has put on the bridge. */
  addressesAdded(): string[] {
    return [...this.addresses].sort();
  }

  private wanted(services: readonly ProxiedService[], problems: ProxyProblem[]): Map<string, Wanted> {
    const out = new Map<string, Wanted>();
    const nodeHost = this.options.nodePortHost ?? '127.0.0.1';
    for (const svc of services) {
      if (!isProxiedClusterIP(svc.clusterIP)) continue;
      for (const p of svc.ports) {
        const target = `${svc.namespace}/${svc.name}:${p.port}/${p.protocol}`;
        if (p.protocol !== 'TCP' && p.protocol !== 'UDP') {
          problems.push({ target, code: 'E_PROXY_PROTOCOL', message: `${target}: the userspace proxy carries TCP and UDP only` });
          continue;
        }
        const base = { target, protocol: p.protocol, endpoints: p.endpoints };
        const w: Wanted = { ...base, host: svc.clusterIP, port: p.port, address: svc.clusterIP };
        out.set(listenerKey(w), w);
        if (p.nodePort && nodeHost !== false) {
          const n: Wanted = { ...base, target: `${target} (nodePort ${p.nodePort})`, host: nodeHost, port: p.nodePort };
          out.set(listenerKey(n), n);
        }
      }
    }
    return out;
  }

  private async doSync(services: readonly ProxiedService[]): Promise<ProxySyncResult> {
    if (this.stopped) throw new ServiceNetworkError('E_PROXY_STOPPED', 'the service proxy was stopped');
    const problems: ProxyProblem[] = [];
    const wanted = this.wanted(services, problems);
    await this.converge(wanted, problems);
    return { problems };
  }

  private async converge(wanted: Map<string, Wanted>, problems: ProxyProblem[]): Promise<void> {
    for (const [key, listener] of this.listeners) {
      if (wanted.has(key)) continue;
      this.listeners.delete(key);
      await listener.proxy.close();
      this.log.info({ listener: key }, 'service proxy stopped listening');
    }
    const addresses = new Set([...wanted.values()].flatMap((w) => (w.address ? [w.address] : [])));
    await this.removeAddresses(addresses, problems);
    const failed = await this.addAddresses(addresses, problems);
    for (const [key, w] of wanted) {
      const existing = this.listeners.get(key);
      if (existing) {
        existing.rotation.set(w.endpoints);
        continue;
      }
      if (w.address && failed.has(w.address)) continue;
      const rotation = new EndpointRotation(w.endpoints);
      const proxy = this.open(w, rotation);
      try {
        await proxy.start();
      } catch (err) {
        await proxy.close();
        problems.push({ target: w.target, code: (err as ServiceNetworkError).code ?? 'E_PROXY_BIND', message: (err as Error).message });
        continue;
      }
      this.listeners.set(key, { proxy, rotation });
      this.log.info({ listener: key, service: w.target, endpoints: w.endpoints.length }, 'service proxy listening');
    }
  }

  private open(w: Wanted, rotation: EndpointRotation): PortProxy {
    const common = { host: w.host, port: w.port, rotation, log: this.log };
    if (w.protocol === 'UDP') {
      return new UdpPortProxy({ ...common, ...(this.options.udpIdleTimeoutMs ? { idleTimeoutMs: this.options.udpIdleTimeoutMs } : {}) });
    }
    return new TcpPortProxy({ ...common, ...(this.options.connectTimeoutMs ? { connectTimeoutMs: this.options.connectTimeoutMs } : {}) });
  }

  /** Drops addresses no longer wanted; the first time, also /32s a crashed run left on the bridge. */
  private async removeAddresses(keep: Set<string>, problems: ProxyProblem[]): Promise<void> {
    const bridge = this.options.bridge;
    if (!bridge) return;
    const stale = [...this.addresses].filter((ip) => !keep.has(ip));
    if (!this.reclaimed) {
      this.reclaimed = true;
      const onBridge = parseAddrList(await this.ip('-o', '-4', 'addr', 'show', 'dev', bridge));
      for (const { cidr } of onBridge) {
        const [ip, len] = cidr.split('/');
        if (len === '32' && ip && !keep.has(ip) && !stale.includes(ip)) stale.push(ip);
      }
    }
    for (const ip of stale) {
      try {
        await this.ip('addr', 'del', `${ip}/32`, 'dev', bridge);
      } catch (err) {
        if (!/Cannot assign requested address|Cannot find device/.test((err as Error).message)) {
          problems.push({ target: ip, code: 'E_PROXY_ADDRESS', message: (err as Error).message });
          continue;
        }
      }
      this.addresses.delete(ip);
    }
  }

  private async addAddresses(want: Set<string>, problems: ProxyProblem[]): Promise<Set<string>> {
    const failed = new Set<string>();
    const bridge = this.options.bridge;
    if (!bridge) return failed;
    for (const ip of want) {
      if (this.addresses.has(ip)) continue;
      try {
        await this.ip('addr', 'replace', `${ip}/32`, 'dev', bridge);
        this.addresses.add(ip);
      } catch (err) {
        failed.add(ip);
        problems.push({ target: ip, code: 'E_PROXY_ADDRESS', message: (err as Error).message });
      }
    }
    return failed;
  }

  private ip(...args: string[]): Promise<string> {
    return this.run(this.ipPath, args);
  }
}
