import type { Command } from 'commander';
import { createLogger } from '../../lib/log.js';
import { dataDirFrom } from '../home.js';
import { parseNodeCount, startControllers } from './controller-manager.js';

function parseListen(listen: string): { host: string; port: number } {
  const m = listen.match(/^\[?([^\]]*?)\]?:(\d+)$/);
  if (!m) throw new Error(`--listen must be HOST:PORT, got "${listen}"`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the embedded control plane in the foreground (logs to stderr; stops on SIGTERM/SIGINT)')
    .option('--data-dir <dir>', 'where state, certificates and the kubeconfig live (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--listen <host:port>', 'address of the HTTPS API', '127.0.0.1:6443')
    .option('--sync <mode>', "'normal' (survives kill -9) or 'full' (fsync per write; survives power loss)", 'normal')
    .option('--compaction-interval <seconds>', 'compact the change log to the revision of one interval ago', '300')
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .option('--nodes <n>', 'virtual nodes to run pods on', '3')
    .option('--no-controllers', 'serve the API only: no StatefulSet, volume, scheduler, GC, endpoints or disruption controllers')
    .action(async (opts: { dataDir?: string; listen: string; sync: string; compactionInterval: string; logLevel: string; nodes: string; controllers: boolean }) => {
      // loaded here so that the other verbs do not pay for the whole API server at start-up
      const { startApiServer } = await import('../../apiserver/server.js');
      const log = createLogger({ level: opts.logLevel });
      const { host, port } = parseListen(opts.listen);
      if (opts.sync !== 'normal' && opts.sync !== 'full') throw new Error(`--sync must be normal or full, got "${opts.sync}"`);
      const nodes = parseNodeCount(opts.nodes);
      const dataDir = dataDirFrom(opts.dataDir);
      const server = await startApiServer({
        dataDir,
        host,
        port,
        log,
        sync: opts.sync,
        compactionIntervalMs: Number(opts.compactionInterval) * 1000,
      });
      // signals are handled from here on, also while the controllers are still starting
      const controllers = opts.controllers ? startControllers(server.kubeconfigPath, dataDir, nodes, log) : Promise.resolve(undefined);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        controllers
          .catch(() => undefined)
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
    });
}
