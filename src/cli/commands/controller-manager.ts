import { join } from 'node:path';
import type { Command } from 'commander';
import { createLogger, type Logger } from '../../lib/log.js';
import { dataDirFrom } from '../home.js';

export function parseNodeCount(value: string): number {
  const nodes = Number(value);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 100) throw new Error(`--nodes must be a whole number from 1 to 100, got "${value}"`);
  return nodes;
}

export interface ControllerProcessOptions {
  kubeconfigPath: string;
  dataDir: string;
  nodes: number;
  log: Logger;
  /** Register the nodes as virtual nodes here (no node agents run them). */
  virtualNodes: boolean;
  nodeMonitorGracePeriodMs?: number;
  /** Lease renewal of the virtual nodes registered here. */
  leaseRenewMs?: number;
}

/** The core controllers in this process, talking to the API like any client (leader-elected). */
export async function startControllers(options: ControllerProcessOptions): Promise<{ stop(): Promise<void> }> {
  const { KubeClient } = await import('../../client/index.js');
  const { ControllerManager } = await import('../../controllers/runtime/index.js');
  const { coreControllers } = await import('../../controllers/index.js');
  const { kubeconfigPath, dataDir, nodes, log } = options;
  const client = await KubeClient.fromFile(kubeconfigPath);
  const reconcilers = coreControllers({
    dataDir, nodes, virtualNodes: options.virtualNodes,
    ...(options.nodeMonitorGracePeriodMs !== undefined ? { nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs } : {}),
    ...(options.leaseRenewMs !== undefined ? { leaseRenewMs: options.leaseRenewMs } : {}),
  });
  const manager = new ControllerManager({ client, log: log.child({ component: 'controller-manager' }), reconcilers });
  await manager.start();
  return {
    async stop() {
      await manager.stop();
      client.close();
    },
  };
}

export function registerControllerManager(program: Command): void {
  program
    .command('controller-manager')
    .description('run only the core controllers against a running API (ordinal server --no-controllers, or another process)')
    .option('--data-dir <dir>', 'data dir of the control plane (local-path volumes live here)')
    .option('--kubeconfig <path>', 'kubeconfig of the API (default DATA_DIR/kubeconfig)')
    .option('--nodes <n>', 'virtual nodes to register', '3')
    .option('--no-virtual-nodes', 'do not register nodes (node agents elsewhere register them)')
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .action(async (opts: { dataDir?: string; kubeconfig?: string; nodes: string; logLevel: string; virtualNodes: boolean }) => {
      const log = createLogger({ level: opts.logLevel });
      const dataDir = dataDirFrom(opts.dataDir);
      const running = await startControllers({
        kubeconfigPath: opts.kubeconfig ?? join(dataDir, 'kubeconfig'), dataDir, nodes: parseNodeCount(opts.nodes), log, virtualNodes: opts.virtualNodes,
      });
      const stop = (): void => {
        running.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}
