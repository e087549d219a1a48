/**
 * Ceph daemons as detached processes: each runs in its own session (it outlives the command that
 * started it), in the foreground (`-f`, so the pid spawn returns is the daemon's), with stdout and
 * stderr appended to a file and its pid in a pid file. A daemon is ours only when the pid is alive
 * and its command line is the expected program with our config file; stopping signals that pid and
 * nothing else (SIGTERM, then SIGKILL after a grace period) - never a process found by name.
 */
import { isProcessAlive } from '../../lib/process-alive.js';
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrdinalError } from '../../lib/errors.js';

export interface DaemonSpec {
  /** `mon.a`, `mgr.x`, `osd.0` (for messages). */
  name: string;
  /** The program (`ceph-mon`). */
  program: string;
  args: string[];
  /** A string the daemon's command line must contain to be ours (the config file's path). */
  marker: string;
  pidFile: string;
  outFile: string;
}

export interface SpawnedDaemon {
  pid: number;
  /** Why it ended, once it has ended (`code 1`, `SIGSEGV`), while this process still watches it. */
  exited(): string | undefined;
}

/** Alive and not a zombie waiting to be reaped. */
export const isPidAlive = isProcessAlive;

/** True when pid is alive and runs `spec.program` with `spec.marker` on its command line. */
export function isOurDaemon(pid: number, spec: Pick<DaemonSpec, 'program' | 'marker'>): boolean {
  if (!isPidAlive(pid)) return false;
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false;
  }
  return basename(args[0] ?? '') === spec.program && args.includes(spec.marker);
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the daemon the pid file names, when it is still that daemon. */
export function runningPid(spec: Pick<DaemonSpec, 'program' | 'marker' | 'pidFile'>): number | undefined {
  const pid = readPid(spec.pidFile);
  return pid !== undefined && isOurDaemon(pid, spec) ? pid : undefined;
}

export const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Start the daemon detached; its output is appended to spec.outFile (0600), its pid written to spec.pidFile. */
export function spawnDaemon(spec: DaemonSpec): SpawnedDaemon {
  const fd = openSync(spec.outFile, 'a', 0o600);
  chmodSync(spec.outFile, 0o600);
  let exited: string | undefined;
  try {
    const child = spawn(spec.program, spec.args, { detached: true, stdio: ['ignore', fd, fd] });
    child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
    child.once('error', (err) => (exited = err.message));
    child.unref();
    if (child.pid === undefined) throw new OrdinalError('E_CEPH_DEV', `cannot start ${spec.name} (${spec.program}): ${exited ?? 'spawn failed'}`);
    writeFileSync(spec.pidFile, `${child.pid}\n`, { mode: 0o644 });
    return { pid: child.pid, exited: () => exited };
  } finally {
    closeSync(fd);
  }
}

export type StopOutcome = 'stopped' | 'killed' | 'not-running';

/**
 * SIGTERM the daemon the pid file names (if it is still ours), wait up to graceMs, then SIGKILL
 * and wait for it to be gone. The pid file is removed.
 */
export async function stopDaemon(spec: Pick<DaemonSpec, 'program' | 'marker' | 'pidFile'>, graceMs = 10_000): Promise<{ pid: number | undefined; outcome: StopOutcome }> {
  const pid = runningPid(spec);
  if (pid === undefined) {
    const stale = readPid(spec.pidFile);
    rmSync(spec.pidFile, { force: true });
    return { pid: stale, outcome: 'not-running' };
  }
  let outcome: StopOutcome = 'stopped';
  signal(pid, 'SIGTERM');
  if (!(await waitGone(pid, graceMs))) {
    outcome = 'killed';
    signal(pid, 'SIGKILL');
    if (!(await waitGone(pid, 5000))) throw new OrdinalError('E_CEPH_DEV', `pid ${pid} (${spec.program}) is still alive after SIGKILL`);
  }
  rmSync(spec.pidFile, { force: true });
  return { pid, outcome };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isPidAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
