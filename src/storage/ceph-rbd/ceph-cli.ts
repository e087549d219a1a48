/**
 * CephCli: the CephRunner on the real `ceph` and `rbd` tools. Each call gets a private temp dir
 * (0700) with a small ceph.conf (the monitors, short connect timeouts so a dead cluster fails in
 * seconds instead of Ceph's default 300 s) and, when the key is given inline, a 0600 keyring; both
 * are removed when the tool exits. The key is never an argument, so `ps` and errors cannot show it.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../../lib/process-alive.js';
import { CephCommandError, cephMessageOf } from './ceph-command-error.js';
import type { CephRunOptions, CephRunner, CephTarget } from './types.js';

/** The `[global]` config a client needs to reach these monitors, with timeouts that fail fast. */
export function clientConf(monitors: readonly string[]): string {
  return [
    '[global]',
    `mon host = ${monitors.join(',')}`,
    'client mount timeout = 10',
    'rados mon op timeout = 15',
    'rados osd op timeout = 30',
    'log to stderr = false',
    'err to stderr = true',
    '',
  ].join('\n');
}

/** A keyring holding one client's key (the only file format every Ceph tool takes a key in). */
export function keyringFor(user: string, key: string): string {
  return `[client.${user}]\n\tkey = ${key}\n`;
}

export interface CephCliOptions {
  /** Directory for the per-call temp dirs (default the OS temp dir). */
  tmpRoot?: string;
  /** The tools (default `ceph` and `rbd` on PATH). */
  cephPath?: string;
  rbdPath?: string;
}

const tmpPrefix = 'ordinal-ceph-';

/**
 * Removes the per-call dirs of processes that died in the middle of a call (SIGKILL leaves their
 * keyring behind). The dirs are named after their process's pid, so a live process's are kept.
 */
export async function sweepStaleCallDirs(root: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const m = name.startsWith(tmpPrefix) ? /^(\d+)-/.exec(name.slice(tmpPrefix.length)) : null;
    if (!m || isProcessAlive(Number(m[1]))) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

const swept = new Set<string>();

export class CephCli implements CephRunner {
  constructor(private readonly options: CephCliOptions = {}) {}

  rbd(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<string> {
    return this.run(this.options.rbdPath ?? 'rbd', target, args, options);
  }

  async rbdJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T> {
    return parseJson<T>(`rbd ${args.join(' ')}`, await this.rbd(target, [...args, '--format', 'json'], options));
  }

  ceph(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<string> {
    return this.run(this.options.cephPath ?? 'ceph', target, ['--connect-timeout', '15', ...args], options);
  }

  async cephJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T> {
    return parseJson<T>(`ceph ${args.join(' ')}`, await this.ceph(target, [...args, '--format', 'json'], options));
  }

  private async run(tool: string, target: CephTarget, args: readonly string[], options: CephRunOptions = {}): Promise<string> {
    const command = `${tool.split('/').pop()} ${args.join(' ')}`;
    if (target.cluster.monitors.length === 0) throw new CephCommandError(command, 'no monitors given', undefined);
    const root = this.options.tmpRoot ?? tmpdir();
    if (!swept.has(root)) {
      swept.add(root);
      await sweepStaleCallDirs(root);
    }
    const dir = await mkdtemp(join(root, `${tmpPrefix}${process.pid}-`));
    try {
      await chmod(dir, 0o700);
      const conf = join(dir, 'ceph.conf');
      await writeFile(conf, clientConf(target.cluster.monitors), { mode: 0o600 });
      const { user, key, keyringPath } = target.credentials;
      let keyring = keyringPath;
      if (key !== undefined) {
        keyring = join(dir, 'keyring');
        await writeFile(keyring, keyringFor(user, key), { mode: 0o600 });
      }
      const full = ['-c', conf, '--id', user, ...(keyring ? ['--keyring', keyring] : []), ...args];
      return await execTool(tool, full, command, options.timeoutMs ?? 60_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function execTool(tool: string, args: string[], command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CEPH_ARGS: '' } }, (error, stdout, stderr) => {
      if (!error) return resolve(String(stdout));
      const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (e.killed) return reject(new CephCommandError(command, `timed out after ${Math.round(timeoutMs / 1000)} s (are the monitors reachable?) (110) Connection timed out`, undefined, { cause: error }));
      if (e.code === 'ENOENT') return reject(new CephCommandError(command, `${tool} is not installed (Debian: ceph-common)`, undefined, { cause: error }));
      const message = cephMessageOf(String(stderr)) || String(stdout).trim() || error.message;
      reject(new CephCommandError(command, message, typeof e.code === 'number' ? e.code : undefined, { cause: error }));
    });
  });
}

function parseJson<T>(command: string, out: string): T {
  try {
    return JSON.parse(out.trim() === '' ? 'null' : out) as T;
  } catch (e) {
    throw new CephCommandError(command, `unexpected output (not JSON): ${out.slice(0, 200)}`, undefined, { cause: e });
  }
}
