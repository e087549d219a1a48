/**
 * The host tools an attachment needs (losetup, blkid, mkfs, mount, umount) as an injected role with
 * a real default. Resolves with the exit code and output, never rejects for a non-zero exit (blkid
 * says "nothing found" with exit 2); rejects only when the tool cannot be run at all.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { systemTool } from '../../sandbox/system-tool.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type HostCommand = (tool: string, args: readonly string[], options?: { timeoutMs?: number }) => Promise<CommandResult>;

export const runHostCommand: HostCommand = (tool, args, options = {}) =>
  new Promise((resolve, reject) => {
    const file = tool.includes('/') ? tool : systemTool(tool);
    execFile(file, [...args], { timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CEPH_ARGS: '' } }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      if (e && e.code === 'ENOENT') return reject(new Error(`${tool} is not installed`));
      if (e && e.killed) return resolve({ code: 124, stdout: String(stdout), stderr: `${String(stderr)}\n${tool}: timed out`.trim() });
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** The last meaningful line(s) of a tool's stderr (or stdout), for an error message. */
export function toolMessage(result: CommandResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').map((l) => l.trim()).filter(Boolean);
  return text.slice(-3).join('; ') || `exit code ${result.code}`;
}

/**
 * Starts a long-running program in its own session (it outlives this process), its stdout and
 * stderr appended to `logPath`; resolves with its pid once it is spawned.
 */
export type SpawnDetached = (tool: string, args: readonly string[], logPath: string) => Promise<number>;

export const spawnDetached: SpawnDetached = (tool, args, logPath) =>
  new Promise((resolve, reject) => {
    const fd = openSync(logPath, 'a', 0o600);
    try {
      const child = spawn(tool.includes('/') ? tool : systemTool(tool), [...args], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, CEPH_ARGS: '' } });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve(child.pid!);
      });
    } finally {
      closeSync(fd);
    }
  });
