import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createLogger, type Logger } from '../../lib/log.js';
import { dataDirFrom } from '../home.js';
import { parseNodeCount, startControllers } from './controller-manager.js';

function parseListen(listen: string): { host: string; port: number } {
  const m = listen.match(/^\[?([^\]]*?)\]?:(\d+)$/);
  if (!m) throw new Error(`--listen must be HOST:PORT, got "${listen}"`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

function parseSeconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number of seconds, got "${value}"`);
  return n;
}

/** The default network prefix names this data dir's bridge and namespaces, so two servers never share them. */
export function defaultNetworkPrefix(dataDir: string): string {
  return `o${createHash('sha256').update(dataDir).digest('hex').slice(0, 4)}`;
}

interface ServerOpts {
  dataDir?: string;
  listen: string;
  sync: string;
  compactionInterval: string;
  logLevel: string;
  nodes: string;
  controllers: boolean;
  operators: boolean;
  agents: string;
  networkPrefix?: string;
  podCidr: string;
  serviceCidr?: string;
  nodeMonitorGracePeriod: string;
}

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the embedded control plane in the foreground: API, controllers and node agents (logs to stderr; stops on SIGTERM/SIGINT)')
    .option('--data-dir <dir>', 'where state, certificates and the kubeconfig live (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--listen <host:port>', 'address of the HTTPS API', '127.0.0.1:6443')
    .option('--sync <mode>', "'normal' (survives kill -9) or 'full' (fsync per write; survives power loss)", 'normal')
    .option('--compaction-interval <seconds>', 'compact the change log to the revision of one interval ago', '300')
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .option('--nodes <n>', 'virtual nodes to run pods on', '3')
    .option('--no-controllers', 'serve the API only: no controllers and no node agents')
    .option('--no-operators', 'do not run the operators here (run `ordinal operator` separately)')
    .option('--agents <mode>', "'process': node agents run pods as sandboxed processes; 'virtual': nodes are registered but nothing runs pods", 'process')
    .option('--network-prefix <p>', 'names the pod bridge and namespaces (default derived from the data dir)')
    .option('--pod-cidr <cidr>', 'pod addresses; must not overlap any route of this machine', '10.244.0.0/16')
    .option('--service-cidr <cidr>', 'Service ClusterIPs (default 10.96.0.0/16; 127.96.0.0/16 without root, where only loopback addresses work)')
    .option('--node-monitor-grace-period <seconds>', 'a node silent this long is marked unreachable', '40')
    .action(async (opts: ServerOpts) => {
      // loaded here so that the other verbs do not pay for the whole API server at start-up
      const { startApiServer } = await import('../../apiserver/server.js');
      const log = createLogger({ level: opts.logLevel });
      const { host, port } = parseListen(opts.listen);
      if (opts.sync !== 'normal' && opts.sync !== 'full') throw new Error(`--sync must be normal or full, got "${opts.sync}"`);
      if (opts.agents !== 'process' && opts.agents !== 'virtual') throw new Error(`--agents must be process or virtual, got "${opts.agents}"`);
      const nodes = parseNodeCount(opts.nodes);
      const graceMs = parseSeconds('--node-monitor-grace-period', opts.nodeMonitorGracePeriod) * 1000;
      const dataDir = dataDirFrom(opts.dataDir);
      opts.serviceCidr ??= process.getuid?.() === 0 ? '10.96.0.0/16' : '127.96.0.0/16';
      const server = await startApiServer({
        dataDir,
        host,
        port,
        log,
        sync: opts.sync,
        serviceCidr: opts.serviceCidr,
        compactionIntervalMs: Number(opts.compactionInterval) * 1000,
      });
      const virtualNodes = opts.agents === 'virtual';
      // signals are handled from here on, also while the controllers and agents are still starting
      const controllers = opts.controllers
        ? startControllers({ kubeconfigPath: server.kubeconfigPath, dataDir, nodes, log, virtualNodes, nodeMonitorGracePeriodMs: graceMs, leaseRenewMs: leaseRenewMs(graceMs) })
        : Promise.resolve(undefined);
      const agents = opts.controllers && !virtualNodes
        ? startAgents(opts, dataDir, nodes, server.kubeconfigPath, log, leaseRenewMs(graceMs))
        : Promise.resolve(undefined);
      const operators = opts.controllers && opts.operators
        ? import('../../operators/index.js').then((m) => m.startOperators({ kubeconfigPath: server.kubeconfigPath, log }))
        : Promise.resolve(undefined);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        agents
          .catch(() => undefined)
          .then((a) => a?.stop())
          .then(() => operators.catch(() => undefined))
          .then((o) => o?.stop())
          .then(() => controllers.catch(() => undefined))
          .then((c) => c?.stop())
          .then(() => server.stop())
          .then(() => process.exit(0), (err: unknown) => {
            log.error({ err }, 'unclean stop');
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      controllers.catch((err: unknown) => {
        log.error({ err }, 'controllers failed to start; the API keeps serving');
      });
      operators.catch((err: unknown) => {
        log.error({ err }, 'operators failed to start; the API keeps serving');
      });
      agents.catch((err: unknown) => {
        log.error({ err: (err as Error).message }, 'node agents failed to start: pods will not run (see the error; `--agents virtual` runs the control plane without them)');
      });
    });
}

/** Nodes renew their Lease every 10 s like kubelets, or more often when the grace period is short. */
export function leaseRenewMs(nodeMonitorGracePeriodMs: number): number {
  return Math.min(10_000, Math.max(250, Math.floor(nodeMonitorGracePeriodMs / 4)));
}

async function startAgents(opts: ServerOpts, dataDir: string, nodes: number, kubeconfigPath: string, log: Logger, renewMs: number): Promise<{ stop(): Promise<void> }> {
  const { startAgentHost, lostNotice } = await import('../../agent/node-agent/index.js');
  const host = await startAgentHost({
    kubeconfigPath,
    dataDir,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    nodeNames: Array.from({ length: nodes }, (_, i) => `node-${i + 1}`),
    networkPrefix: opts.networkPrefix ?? defaultNetworkPrefix(dataDir),
    podCidr: opts.podCidr,
    serviceCidr: opts.serviceCidr,
    leaseRenewMs: renewMs,
    log,
  });
  const notice = lostNotice(host.mode);
  if (notice) process.stderr.write(`${notice}\n`);
  return host;
}
