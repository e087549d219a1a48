import { Command } from 'commander';
import { registerCeph } from './commands/ceph.js';
import { registerControllerManager } from './commands/controller-manager.js';
import { registerDown } from './commands/down.js';
import { registerNodeCommands } from './commands/drain.js';
import { registerExec } from './commands/exec.js';
import { registerFailover } from './commands/failover.js';
import { registerKubeconfig } from './commands/kubeconfig.js';
import { registerLogs } from './commands/logs.js';
import { registerNode } from './commands/node.js';
import { registerOperator } from './commands/operator.js';
import { registerServer } from './commands/server.js';
import { registerResourceCommands } from './commands/resources.js';
import { registerUp } from './commands/up.js';

const program = new Command();
program.name('ordinal').description('stateful services with stable identity on an embedded Kubernetes-compatible control plane').version('0.1.0');
registerUp(program);
registerDown(program);
registerServer(program);
registerControllerManager(program);
registerKubeconfig(program);
registerResourceCommands(program);
registerNodeCommands(program);
registerNode(program);
registerLogs(program);
registerExec(program);
registerOperator(program);
registerFailover(program);
registerCeph(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
