import { DnsServer } from '../dns/index.js';
import type { Reconciler } from '../../controllers/runtime/index.js';
import { silentLogger, type Logger } from '../../lib/log.js';
import { createClusterServicesController } from './cluster-services-controller.js';
import { ServiceNetworkError } from './service-network-error.js';
import { UserspaceServiceProxy } from './userspace-service-proxy.js';

export interface ClusterNetworkOptions {
  /**
   * The pod network; its bridge gets the ClusterIPs and its gateway the DNS server. No bridge
   * (LoopbackPodNetwork): ClusterIPs are served only where they are local already (127.0.0.0/8).
   */
  network: { ensureBridge(): Promise<void>; readonly bridge?: string | undefined; readonly ipam: { readonly gateway: string } };
  zone?: string;
  /** Default 53, the port pods' resolv.conf implies; tests may pick another. */
  dnsPort?: number;
  /** Where node ports listen (default 127.0.0.1; false: none). */
  nodePortHost?: string | false;
  log?: Logger;
}

/** The cluster's DNS and Service proxy on one machine; run `reconciler` in a ControllerManager. */
export interface ClusterNetwork {
  dns: DnsServer;
  proxy: UserspaceServiceProxy;
  reconciler: Reconciler;
  /** The nameserver for pods' /etc/resolv.conf (the bridge gateway). */
  nameserver: string;
  dnsPort: number;
  /** Stops DNS and the proxy and removes the ClusterIPs from the bridge (not the bridge itself). */
  stop(): Promise<void>;
}

function explainDnsBindFailure(err: unknown, where: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ServiceNetworkError('E_DNS_PORT_IN_USE', `cannot serve cluster DNS on ${where}: the port is taken by another program (a local resolver such as dnsmasq listening on all addresses?); stop it or make it bind only where it is needed`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ServiceNetworkError('E_DNS_PORT_DENIED', `cannot serve cluster DNS on ${where}: binding a port below 1024 needs root or CAP_NET_BIND_SERVICE`, { cause: err });
  }
  return new ServiceNetworkError('E_DNS_PORT_IN_USE', `cannot serve cluster DNS on ${where}: ${(err as Error).message}`, { cause: err });
}

/**
 * Brings up the node's Service networking on the pod bridge: the bridge itself, the cluster DNS on
 * <gateway>:53 (UDP and TCP) and the userspace Service proxy. Refuses (E_DNS_PORT_IN_USE) when the
 * DNS port on the gateway is taken, leaving nothing behind.
 */
export async function startClusterNetwork(options: ClusterNetworkOptions): Promise<ClusterNetwork> {
  const log = options.log ?? silentLogger();
  const { network } = options;
  await network.ensureBridge();
  const nameserver = network.ipam.gateway;
  const dns = new DnsServer(undefined, { log: log.child({ component: 'cluster-dns' }) });
  const wantedPort = options.dnsPort ?? 53;
  let dnsPort: number;
  try {
    dnsPort = (await dns.start({ host: nameserver, port: wantedPort })).port;
  } catch (err) {
    throw explainDnsBindFailure(err, `${nameserver}:${wantedPort}`);
  }
  const proxy = new UserspaceServiceProxy({
    ...(network.bridge !== undefined ? { bridge: network.bridge } : {}),
    ...(options.nodePortHost !== undefined ? { nodePortHost: options.nodePortHost } : {}),
    deps: { log: log.child({ component: 'service-proxy' }) },
  });
  const reconciler = createClusterServicesController({ dns, proxy, ...(options.zone ? { zone: options.zone } : {}) });
  return {
    dns,
    proxy,
    reconciler,
    nameserver,
    dnsPort,
    async stop() {
      try {
        await proxy.stop();
      } finally {
        await dns.stop();
      }
    },
  };
}
