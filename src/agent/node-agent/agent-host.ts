/**
 * Everything that runs pods on this machine, started by `ordinal server`: the pod network (bridge,
 * namespaces), the cluster DNS on the bridge's gateway, the userspace Service proxy, and one node
 * agent per virtual node (each with its kubelet server for logs and exec, its Node and Lease).
 */
import { join } from 'node:path';
import { KubeClient } from '../../client/index.js';
import { createVirtualNodes } from '../../controllers/nodes/index.js';
import { ControllerManager } from '../../controllers/runtime/index.js';
import type { Logger } from '../../lib/log.js';
import { HostImageCatalog } from '../images/index.js';
import { isLoopbackCidr, LoopbackPodNetwork, loopbackCidrFor, NetnsPodNetwork } from '../network/index.js';
import { BwrapContainerSandbox } from '../sandbox/index.js';
import { startClusterNetwork } from '../services/index.js';
import { KubeletServer } from '../streaming/index.js';
import { RbdFuseAttacher } from '../volumes/index.js';
import { detectAgentMode, lostNotice, type AgentMode } from './host-capabilities.js';
import { NodeAgent } from './node-agent.js';

export interface AgentHostOptions {
  kubeconfigPath: string;
  dataDir: string;
  /** The cluster's bearer token: the API server presents it to the kubelet servers. */
  token: string;
  nodeNames: string[];
  /** Names our bridge and namespaces (2..6 lowercase letters/digits). */
  networkPrefix: string;
  /** Pod range with root; without, the loopback range: this one if it lies in 127.0.0.0/8, else one derived from networkPrefix. */
  podCidr: string;
  /** The API server's Service range: without root, ClusterIPs work only inside 127.0.0.0/8. */
  serviceCidr?: string;
  /** How pods run here; default detectAgentMode() (tests may force one). */
  agentMode?: AgentMode;
  zone?: string;
  log: Logger;
  /** How often the nodes renew their Lease (kubelet: 10 s; keep it well under the node monitor grace period). */
  leaseRenewMs?: number;
  /** Longest a pod gets to stop when the server shuts down. */
  shutdownGraceSeconds?: number;
}

export interface RunningAgentHost {
  agents: NodeAgent[];
  /** How pods run here, and what is lost compared with root (loopback mode). */
  mode: AgentMode;
  stop(): Promise<void>;
}

export async function startAgentHost(options: AgentHostOptions): Promise<RunningAgentHost> {
  const log = options.log.child({ component: 'node-agent' });
  const client = await KubeClient.fromFile(options.kubeconfigPath);
  const loopbackCidr = isLoopbackCidr(options.podCidr) ? options.podCidr : loopbackCidrFor(options.networkPrefix);
  const mode = options.agentMode ?? (await detectAgentMode({ serviceCidr: options.serviceCidr, podRange: loopbackCidr }));
  const network = mode.mode === 'netns'
    ? new NetnsPodNetwork({ prefix: options.networkPrefix, cidr: options.podCidr })
    : new LoopbackPodNetwork({ cidr: loopbackCidr });
  const notice = lostNotice(mode);
  if (notice) log.warn({ mode: mode.mode, unprivileged: mode.unprivileged, lost: mode.lost }, notice);
  // pods do not outlive the server that ran them (their processes die with it): start clean;
  // startClusterNetwork brings the bridge up again
  await network.cleanup();
  // rbd-fuse outlives a killed server (it runs detached): release what it left before pods start
  // again, so their images can be attached afresh and no watch stays on them
  const rbd = new RbdFuseAttacher({ root: join(options.dataDir, 'rbd'), log: log.child({ component: 'rbd' }) });
  await rbd.cleanup().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'rbd attachments of a previous run not released'));
  const zone = options.zone ?? 'cluster.local';
  // without port 53 the DNS listens on a free port: pods cannot use it, but the Service controller runs the same
  const cluster = await startClusterNetwork({ network, zone, log, ...(mode.dns ? {} : { dnsPort: 0 }) });
  const shared = {
    hostIP: '127.0.0.1',
    podsDir: join(options.dataDir, 'pods'),
    network,
    sandbox: new BwrapContainerSandbox({ unprivileged: mode.unprivileged }),
    images: new HostImageCatalog(),
    dns: { nameserver: network.ipam.gateway, zone },
    rbd,
  };
  const agents = options.nodeNames.map((n) => new NodeAgent(n, shared));
  const servers = new Map<string, { server: KubeletServer; port: number }>();
  for (const agent of agents) {
    const server = new KubeletServer({ token: options.token, streams: agent, log });
    const { port } = await server.start({ host: '127.0.0.1', port: 0 });
    servers.set(agent.nodeName, { server, port });
  }
  const registrar = createVirtualNodes({
    count: options.nodeNames.length,
    storagePath: options.dataDir,
    ...(options.leaseRenewMs !== undefined ? { leaseRenewMs: options.leaseRenewMs } : {}),
    kubeletPort: (n) => servers.get(n)?.port ?? 0,
    paused: (n) => agents.find((a) => a.nodeName === n)?.isStopped() ?? false,
  });
  const manager = new ControllerManager({ client, log, reconcilers: [registrar, cluster.reconciler, ...agents], leaderElection: false, workers: 4 });
  await manager.start();
  log.info({ nodes: options.nodeNames, mode: mode.mode, bridge: network.bridge, dns: `${network.ipam.gateway}:${cluster.dnsPort}` }, 'node agents running');
  return {
    agents,
    mode,
    async stop() {
      await manager.stop();
      await Promise.all(agents.map((a) => a.shutdown(options.shutdownGraceSeconds ?? 10)));
      await rbd.shutdown().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'rbd attachments not released'));
      for (const { server } of servers.values()) await server.stop();
      await cluster.stop();
      await network.cleanup();
      client.close();
    },
  };
}
