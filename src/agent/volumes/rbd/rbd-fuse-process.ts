/**
 * One rbd-fuse per image: `rbd-fuse -f -c CONF --id USER --keyring FILE -p POOL -r IMAGE DIR`
 * shows just that image as the file DIR/IMAGE (without -r it lists the pool, and a statfs on the
 * mount opens - and watches - every image in it). The cephx user and keyring are Ceph's generic
 * options, which rbd-fuse parses like every Ceph tool (CEPH_ARGS would do too); the key stays in
 * the 0600 keyring file. A wrong key or unreachable monitors end it at once with exit 1 (it fetches
 * the monitors' config before mounting).
 *
 * Decision: rbd-fuse runs detached (its own session, foreground -f so its pid is the daemon's),
 * so it survives the server that started it. The mounted filesystem then stays consistent when the
 * server dies: the next start unmounts it cleanly (ext4 flushes through the loop device and rbd-fuse
 * to the image) before ending rbd-fuse; a rbd-fuse that died with the server would lose what the
 * filesystem had not written yet. Later, containers that outlive the control plane need it anyway.
 */
import { readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RbdAttachError } from './rbd-attach-error.js';
import type { SpawnDetached } from './host-command.js';

export interface RbdFuseArgs {
  conf: string;
  user: string;
  keyring: string;
  pool: string;
  image: string;
  fuseDir: string;
}

export function rbdFuseArgs(a: RbdFuseArgs): string[] {
  return ['-f', '-c', a.conf, '--id', a.user, '--keyring', a.keyring, '-p', a.pool, '-r', a.image, a.fuseDir];
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** True when pid is (still) the rbd-fuse serving fuseDir, not another process that got its pid since. */
export function isRbdFuseFor(pid: number, fuseDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (argv[0] ?? '').endsWith('rbd-fuse') && argv.includes(fuseDir) && isAlive(pid);
  } catch {
    return false;
  }
}

function logTail(logPath: string): string {
  try {
    const lines = readFileSync(logPath, 'utf8').split('\n')
      .map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d{4} [0-9a-f]+ -?\d+ /, '').trim())
      .filter((l) => l !== '' && !/^pool \S+: /.test(l));
    return lines.slice(-3).join('; ');
  } catch {
    return '';
  }
}

/** Starts rbd-fuse and waits until the image file shows in its directory; returns its pid. */
export async function startRbdFuse(tool: string, args: RbdFuseArgs, logPath: string, spawn: SpawnDetached, timeoutMs: number, onPid: (pid: number) => void): Promise<number> {
  const pid = await spawn(tool, rbdFuseArgs(args), logPath);
  onPid(pid);
  const file = `${args.fuseDir}/${args.image}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (statSync(file).isFile()) return pid;
    } catch {
      // not mounted yet, or the image is not there
    }
    if (!isAlive(pid)) {
      const why = logTail(logPath) || 'it exited';
      throw new RbdAttachError('E_RBD_FUSE', `rbd-fuse could not open ${args.pool}/${args.image}: ${why}`);
    }
    if (Date.now() > deadline) throw new RbdAttachError('E_RBD_FUSE', `rbd-fuse did not show ${args.pool}/${args.image} within ${Math.round(timeoutMs / 1000)} s${logTail(logPath) ? `: ${logTail(logPath)}` : ''}`);
    await sleep(20);
  }
}

/**
 * Sees rbd-fuse end once its mount is gone: it exits by itself when the last hold on the mount goes
 * (measured 30-60 ms when started by the agent), having closed the image and so its watch. Only if it
 * has not after `graceMs` is it sent SIGTERM, then SIGKILL: a signalled rbd-fuse exits without
 * closing the image, so its watch stays until the OSD times it out (~30 s, seen with SIGTERM).
 */
export async function stopRbdFuse(pid: number, fuseDir: string, graceMs = 3000): Promise<void> {
  const waitGone = async (ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isRbdFuseFor(pid, fuseDir)) return true;
      await sleep(25);
    }
    return !isRbdFuseFor(pid, fuseDir);
  };
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  };
  if (await waitGone(graceMs)) return;
  signal('SIGTERM');
  if (await waitGone(5000)) return;
  signal('SIGKILL');
  await waitGone(2000);
}
