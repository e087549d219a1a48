/**
 * Which `ordinal server` owns a data dir: DATA_DIR/apiserver.json names its pid and URL, and
 * /proc/PID/cmdline must show an ordinal server for that same data dir (a pid can be reused).
 */
import { isProcessAlive } from '../../lib/process-alive.js';
import { readFileSync, readlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ServerState {
  pid: number;
  url: string;
}

export const statePathOf = (dataDir: string): string => join(dataDir, 'apiserver.json');
export const logPathOf = (dataDir: string): string => join(dataDir, 'server.log');
export const kubeconfigPathOf = (dataDir: string): string => join(dataDir, 'kubeconfig');

export function readServerState(dataDir: string): ServerState | undefined {
  let text: string;
  try {
    text = readFileSync(statePathOf(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as Partial<ServerState>;
    return typeof s.pid === 'number' && typeof s.url === 'string' ? { pid: s.pid, url: s.url } : undefined;
  } catch {
    return undefined;
  }
}

export { isProcessAlive };

export interface ProcessInfo {
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** The data dir a command line serves, if it is `ordinal server` (as `ordinal`, or node running the CLI's main.js). */
export function serverDataDirOf(info: ProcessInfo): string | undefined {
  const { args } = info;
  const cli = args.findIndex((a) => /(^|\/)ordinal$/.test(a) || /\/cli\/main\.js$/.test(a));
  if (cli < 0 || args[cli + 1] !== 'server') return undefined;
  let dir: string | undefined;
  for (let i = cli + 2; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--data-dir') dir = args[++i];
    else if (a.startsWith('--data-dir=')) dir = a.slice('--data-dir='.length);
  }
  dir ??= info.env['ORDINAL_HOME'] ?? join(info.env['HOME'] ?? homedir(), '.ordinal');
  return resolve(info.cwd, dir);
}

function readProcessInfo(pid: number): ProcessInfo | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
    const env: Record<string, string> = {};
    try {
      for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
        const eq = kv.indexOf('=');
        if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
    } catch {
      // another user's process: the default data dir cannot be told, --data-dir still can
    }
    let cwd = '/';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // not ours to read: relative --data-dir values then resolve against /
    }
    return { args, cwd, env };
  } catch {
    return undefined;
  }
}

/** True when pid is a live `ordinal server` for this data dir. */
export function isServerFor(pid: number, dataDir: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const info = readProcessInfo(pid);
  return info !== undefined && serverDataDirOf(info) === resolve(dataDir);
}
