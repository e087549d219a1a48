import type { Command } from 'commander';
import { streamPodLogs } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { defaultContainer } from './default-container.js';
import { runAction } from './run-action.js';

interface LogsFlags extends ConnectionFlags {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tail: string;
  limitBytes?: string;
}

function parseCount(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`invalid argument "${value}" for "${flag}" flag: must be an integer >= ${min}`);
  return n;
}

/** `logs POD [-c C] [-f] [-p] [--tail N]`: a container's output, like kubectl logs. */
export function registerLogs(program: Command): void {
  const cmd = program
    .command('logs')
    .description("print a container's logs (-f follows until the container ends)")
    .argument('<pod>', 'pod name (or pod/NAME)')
    .option('-c, --container <name>', 'the container (default: the pod\'s default or first container)')
    .option('-f, --follow', 'keep streaming new output')
    .option('-p, --previous', 'the previous, terminated instance of the container')
    .option('--tail <lines>', 'only the last lines (-1: all)', '-1')
    .option('--limit-bytes <n>', 'stop after this many bytes');
  addConnectionOptions(cmd).action(
    runAction(async (podArg: string, flags: LogsFlags) => {
      const pod = podArg.replace(/^(pods?|po)\//, '');
      const tail = parseCount('--tail', flags.tail, -1);
      const conn = await connect(flags);
      const container = flags.container ?? (await defaultContainer(conn.client, conn.namespace, pod, (l) => process.stderr.write(l)));
      await streamPodLogs(
        conn.client,
        {
          namespace: conn.namespace,
          pod,
          ...(container ? { container } : {}),
          follow: Boolean(flags.follow),
          previous: Boolean(flags.previous),
          ...(tail >= 0 ? { tailLines: tail } : {}),
          ...(flags.limitBytes !== undefined ? { limitBytes: parseCount('--limit-bytes', flags.limitBytes, 1) } : {}),
        },
        process.stdout,
      );
    }),
  );
}
