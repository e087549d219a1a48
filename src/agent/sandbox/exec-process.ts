import { spawn as spawnChild } from 'node:child_process';
import { signalExitCode } from './exit-status.js';
import type { ExecOptions, ExecProcess } from './types.js';

/**
 * `nsenter` arguments that put argv in all of the container's namespaces, its root and a working
 * dir. With a tty, argv runs under `setsid -c` (the host's util-linux, seen through the container's
 * /usr): it becomes a session leader inside the container's PID namespace and takes the terminal as
 * its controlling tty, so a shell's job control works (the session nsenter leads is on the host).
 */
export function nsenterArgs(pid: number, options: Pick<ExecOptions, 'command' | 'workingDir' | 'tty'>): string[] {
  return [
    '--target', String(pid), '--mount', '--uts', '--ipc', '--net', '--pid', '--root',
    `--wdns=${options.workingDir === '' ? '/' : options.workingDir}`, '--',
    ...(options.tty ? ['/usr/bin/setsid', '-c'] : []), ...options.command,
  ];
}

/** Kills a process group we lead (nsenter and what it runs inside the container), by its pid. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
      return;
    } catch {
      // already gone, or not a group leader yet: try the pid itself
    }
  }
}

/** Runs nsenter with pipes; it leads its own process group so kill() reaches the process inside. */
export function spawnPiped(nsenter: string, args: string[], env: Record<string, string>): ExecProcess & { pid: number | undefined } {
  const child = spawnChild(nsenter, args, { env, stdio: 'pipe', detached: true });
  let done = false;
  const exited = new Promise<{ exitCode: number }>((resolve) => {
    child.on('error', (err) => {
      child.stderr.push(`exec: ${err.message}\n`);
      done = true;
      resolve({ exitCode: 126 });
    });
    child.on('close', (code, signal) => {
      done = true;
      resolve({ exitCode: signal !== null ? signalExitCode(signal) : (code ?? 0) });
    });
  });
  child.stdin.on('error', () => undefined); // writes after the process ended are dropped
  return {
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    resize: () => undefined,
    exited,
    kill: () => {
      if (!done) killGroup(child.pid);
    },
  };
}
