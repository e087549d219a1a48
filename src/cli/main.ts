import { Command } from 'commander';
import { registerControllerManager } from './commands/controller-manager.js';
import { registerNodeCommands } from './commands/drain.js';
import { registerKubeconfig } from './commands/kubeconfig.js';
import { registerServer } from './commands/server.js';
import { registerResourceCommands } from './commands/resources.js';

const program = new Command();
program.name('ordinal').description('stateful services with stable identity on an embedded Kubernetes-compatible control plane').version('0.1.0');
registerServer(program);
registerControllerManager(program);
registerKubeconfig(program);
registerResourceCommands(program);
registerNodeCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
