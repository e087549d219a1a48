/**
 * The attacher's root directory is a shared mount (a bind mount of itself, made rshared), as the
 * kubelet's root directory must be. Every container starts under `ip netns exec`, which copies the
 * host's mount table into a new mount namespace; on a host whose mounts are private (these
 * machines), such a copy keeps every RBD filesystem and fuse mount that existed when the container
 * started - the unmount at detach then leaves the loop device and rbd-fuse busy (EBUSY) and the
 * image watched. Under a shared root the copies are slaves (`ip netns exec` and bwrap make them so)
 * and our unmounts reach them.
 */
import { mkdirSync } from 'node:fs';
import { toolMessage, type HostCommand } from './host-command.js';
import { mountPoints, mountsUnder } from './host-mounts.js';
import { RbdAttachError } from './rbd-attach-error.js';

export async function ensureSharedRoot(run: HostCommand, root: string): Promise<void> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  if (!mountPoints().includes(root)) {
    const r = await run('mount', ['--bind', root, root]);
    if (r.code !== 0) throw new RbdAttachError('E_RBD_ROOT', `cannot bind-mount ${root} on itself: ${toolMessage(r)}`);
  }
  const r = await run('mount', ['--make-rshared', root]);
  if (r.code !== 0) throw new RbdAttachError('E_RBD_ROOT', `cannot make ${root} a shared mount: ${toolMessage(r)}`);
}

/** Removes the bind mount once nothing is mounted below it. */
export async function releaseSharedRoot(run: HostCommand, root: string): Promise<void> {
  // a bind stacked more than once (should not happen) comes off one layer per umount
  for (let i = 0; i < 5; i++) {
    const under = mountsUnder(root);
    if (under.length === 0 || under.some((m) => m !== root)) return;
    if ((await run('umount', [root])).code !== 0) return;
  }
}
