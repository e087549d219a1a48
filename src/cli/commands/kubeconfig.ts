import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { dataDirFrom } from '../home.js';

export function registerKubeconfig(program: Command): void {
  program
    .command('kubeconfig')
    .description('print the path of the kubeconfig for kubectl (export KUBECONFIG=$(ordinal kubeconfig))')
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .action((opts: { dataDir?: string }) => {
      const path = join(dataDirFrom(opts.dataDir), 'kubeconfig');
      if (!existsSync(path)) {
        process.stderr.write(`error: no kubeconfig at ${path}: start the control plane first with \`ordinal server\`\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(path + '\n');
    });
}
