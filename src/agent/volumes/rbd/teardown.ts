/**
 * Releases one attachment completely, in the reverse order of attach: unmount the filesystem,
 * detach the loop device (which drops the last hold on the detached fuse mount), unmount the fuse
 * directory if it is still mounted, and see rbd-fuse exit by itself (which closes the image and so
 * ends its watch; see stopRbdFuse). What is mounted, looped and running is read from the kernel, not
 * only from the state record, so it also works for an attach cut off half-way by a crash. Files go
 * (the keyring first) only once nothing is left; otherwise it fails saying what remains.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AttachmentPaths, AttachmentState } from './attachment-state.js';
import { toolMessage, type HostCommand } from './host-command.js';
import { loopDevicesBackedBy, mountsUnder, parseLoopsOnDevice } from './host-mounts.js';
import { RbdAttachError } from './rbd-attach-error.js';
import { isRbdFuseFor, stopRbdFuse } from './rbd-fuse-process.js';

/** Pids of rbd-fuse processes serving fuseDir (also one whose pid was never recorded). */
export function rbdFusePidsFor(fuseDir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(fuseDir)) continue;
    } catch {
      continue;
    }
    if (isRbdFuseFor(Number(entry), fuseDir)) out.push(Number(entry));
  }
  return out;
}

async function unmount(run: HostCommand, dir: string): Promise<string | undefined> {
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = await run('umount', [dir]);
    if (r.code === 0 || !mountsUnder(dir).includes(dir)) return undefined;
    last = toolMessage(r);
    await sleep(100 * (attempt + 1));
  }
  return `umount ${dir}: ${last}`;
}

/**
 * The attachment's loop devices: over a file under the fuse directory, or - once the fuse mount is
 * detached - over `/<image>` on the fuse mount's device.
 */
export async function attachmentLoops(run: HostCommand, paths: AttachmentPaths, state: AttachmentState | undefined): Promise<string[]> {
  const loops = new Set(loopDevicesBackedBy(paths.fuseDir));
  if (state?.fuseDevice) {
    const r = await run('losetup', ['--list', '--json', '-O', 'NAME,BACK-MAJ:MIN,BACK-FILE']);
    if (r.code === 0) for (const l of parseLoopsOnDevice(r.stdout, state.fuseDevice, state.image)) loops.add(l);
  }
  return [...loops].sort();
}

/** What is still held for this attachment (empty when all is released). */
export async function remainsOf(run: HostCommand, paths: AttachmentPaths, state: AttachmentState | undefined): Promise<string[]> {
  const left: string[] = [];
  for (const m of mountsUnder(paths.dir)) left.push(`mount ${m}`);
  for (const l of await attachmentLoops(run, paths, state)) left.push(`loop device ${l}`);
  const pids = new Set(rbdFusePidsFor(paths.fuseDir));
  if (state?.pid !== undefined && isRbdFuseFor(state.pid, paths.fuseDir)) pids.add(state.pid);
  for (const p of pids) left.push(`rbd-fuse pid ${p}`);
  return left;
}

export async function teardownAttachment(run: HostCommand, paths: AttachmentPaths, state: AttachmentState | undefined): Promise<void> {
  const problems: string[] = [];
  for (const m of mountsUnder(paths.mountDir)) {
    const p = await unmount(run, m);
    if (p) problems.push(p);
  }
  for (const loop of await attachmentLoops(run, paths, state)) {
    const r = await run('losetup', ['-d', loop]);
    if (r.code !== 0) problems.push(`losetup -d ${loop}: ${toolMessage(r)}`);
  }
  // a loop device still open somewhere is only marked for removal: wait for it to go before the fuse unmount
  for (let i = 0; i < 20 && (await attachmentLoops(run, paths, state)).length > 0; i++) await sleep(50);
  for (const m of mountsUnder(paths.fuseDir)) {
    const p = await unmount(run, m);
    if (p) problems.push(p);
  }
  const pids = new Set(rbdFusePidsFor(paths.fuseDir));
  if (state?.pid !== undefined && isRbdFuseFor(state.pid, paths.fuseDir)) pids.add(state.pid);
  for (const pid of pids) await stopRbdFuse(pid, paths.fuseDir).catch((e: unknown) => problems.push(`rbd-fuse pid ${pid}: ${(e as Error).message}`));
  const left = await remainsOf(run, paths, state);
  if (left.length > 0) {
    const what = state ? `${state.pool}/${state.image}` : paths.dir;
    throw new RbdAttachError('E_RBD_DETACH', `rbd image ${what} could not be released: still ${left.join(', ')}${problems.length ? ` (${problems.join('; ')})` : ''}`);
  }
  rmSync(paths.keyring, { force: true });
  rmSync(paths.dir, { recursive: true, force: true });
}
