import { spawn } from 'node:child_process';
import type { ExecResult } from './types.js';

/**
 * A ProbeTarget.exec that runs the command as a real host child process in its own process group
 * (stands in for a sandbox exec); a timeout kills the whole group.
 */
export function shExec(command: string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; if (child.pid) process.kill(-child.pid, 'SIGKILL'); }, timeoutMs) : undefined;
    child.on('error', (e) => resolve({ exitCode: 127, output: e.message }));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), output, timedOut });
    });
  });
}
