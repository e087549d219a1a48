import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../lib/log.js';
import { CliError } from './cli-error.js';
import { connect, kubeconfigPath } from './connection.js';
import { print, runAction } from './run-action.js';

interface OperatorFlags {
  dataDir?: string;
  kubeconfig?: string;
  dryRun?: boolean;
  leaderElect: boolean;
  logLevel: string;
}

/** --kubeconfig, else --data-dir's, else $KUBECONFIG (a real cluster), else the default data dir's. */
function operatorKubeconfig(flags: OperatorFlags): string {
  const env = process.env['KUBECONFIG']?.split(':')[0];
  const path = flags.kubeconfig || flags.dataDir || !env ? kubeconfigPath(flags) : resolve(env);
  if (!existsSync(path)) throw new CliError(`no kubeconfig at ${path}: pass --kubeconfig, set KUBECONFIG, or start the control plane with \`ordinal server\``);
  return path;
}

/** `ordinal operator`: run the operators (leader-elected) against any cluster, or print their plans. */
export function registerOperator(program: Command): void {
  program
    .command('operator')
    .description('run the ordinal operators (RedisCluster, RedisReplication, ...) against a cluster: installs their CRDs and reconciles until stopped')
    .option('--kubeconfig <path>', 'the cluster to run against (default: the --data-dir one, else $KUBECONFIG, else ~/.ordinal/kubeconfig)')
    .option('--data-dir <dir>', 'data dir whose kubeconfig to use (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--dry-run', 'print each object\'s plan (what the operator would do, and why) and exit without acting')
    .option('--no-leader-elect', 'act without holding the kube-system/ordinal-operators Lease (only if no other operator process runs)')
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .action(
      runAction(async (flags: OperatorFlags) => {
        const path = operatorKubeconfig(flags);
        const log = createLogger({ level: flags.dryRun ? (flags.logLevel === 'info' ? 'warn' : flags.logLevel) : flags.logLevel });
        if (flags.dryRun) {
          const { printOperatorPlans } = await import('../../operators/index.js');
          const conn = await connect({ kubeconfig: path });
          try {
            await printOperatorPlans(conn.client, log, print);
          } finally {
            conn.client.close();
          }
          return;
        }
        const { startOperators } = await import('../../operators/index.js');
        const running = await startOperators({ kubeconfigPath: path, log, ...(flags.leaderElect ? {} : { leaderElection: false as const }) });
        const stop = (): void => {
          running.stop().then(() => process.exit(0), () => process.exit(1));
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      }),
    );
}
