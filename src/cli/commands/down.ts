import type { Command } from 'commander';
import { dataDirFrom } from '../home.js';
import { parseDuration } from '../up/duration.js';
import { stopServer } from '../up/server-stop.js';
import { print, runAction } from './run-action.js';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description('stop the control plane of a data dir and its pods (SIGTERM, then wait); the data is kept')
    .option('--data-dir <dir>', 'data dir of the control plane (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--timeout <duration>', 'how long to wait for the server to exit', '60s')
    .action(
      runAction(async (opts: { dataDir?: string; timeout: string }) => {
        const timeoutMs = parseDuration(opts.timeout, '--timeout');
        const dataDir = dataDirFrom(opts.dataDir);
        const result = await stopServer(dataDir, timeoutMs);
        print(result.stopped ? `stopped ordinal server (pid ${result.pid}); data kept in ${dataDir}\n` : `${result.why}; nothing to stop\n`);
      }),
    );
}
