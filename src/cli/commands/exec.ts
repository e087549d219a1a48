import type { Command } from 'commander';
import { execInPod } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { defaultContainer } from './default-container.js';
import { runAction } from './run-action.js';

interface ExecFlags extends ConnectionFlags {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
}

/** Raw mode on the terminal and terminal sizes on SIGWINCH, undone by the returned function. */
function useTerminal(): { restore: () => void; onResize: (send: (size: { cols: number; rows: number }) => void) => () => void } {
  process.stdin.setRawMode(true);
  return {
    restore: () => process.stdin.setRawMode(false),
    onResize: (send) => {
      const sendSize = (): void => send({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
      sendSize();
      process.on('SIGWINCH', sendSize);
      return () => process.off('SIGWINCH', sendSize);
    },
  };
}

/** `exec POD [-c C] [-i] [-t] -- CMD...`: run a command in a container; exits with its exit code. */
export function registerExec(program: Command): void {
  const cmd = program
    .command('exec')
    .description('run a command in a container (-i passes stdin, -t allocates a terminal); exits with its exit code')
    .argument('<pod>', 'pod name (or pod/NAME)')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('-c, --container <name>', 'the container (default: the pod\'s default or first container)')
    .option('-i, --stdin', 'pass stdin to the container')
    .option('-t, --tty', 'stdin is a TTY');
  addConnectionOptions(cmd).action(
    runAction(async (podArg: string, command: string[], flags: ExecFlags) => {
      if (command.length === 0) throw new CliError('you must specify at least one command for the container');
      const pod = podArg.replace(/^(pods?|po)\//, '');
      // as kubectl: a terminal only with -i on a real TTY (else a warning, or silence without -i)
      let tty = Boolean(flags.tty) && Boolean(flags.stdin);
      if (tty && !process.stdin.isTTY) {
        process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
        tty = false;
      }
      const conn = await connect(flags);
      const container = flags.container ?? (await defaultContainer(conn.client, conn.namespace, pod, (l) => process.stderr.write(l)));
      const terminal = tty ? useTerminal() : undefined;
      try {
        const { exitCode } = await execInPod(conn.client, {
          namespace: conn.namespace,
          pod,
          ...(container ? { container } : {}),
          command,
          ...(flags.stdin ? { stdin: process.stdin } : {}),
          tty,
          stdout: process.stdout,
          stderr: process.stderr,
          ...(terminal ? { onResize: terminal.onResize } : {}),
        });
        process.exitCode = exitCode;
      } finally {
        terminal?.restore();
        if (flags.stdin) process.stdin.destroy();
      }
    }),
  );
}
