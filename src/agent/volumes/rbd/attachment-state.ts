/**
 * One attachment's record on disk, `<root>/<id>/state.json` (0600, in a 0700 directory with the
 * client conf, the keyring, rbd-fuse's log, the fuse directory and the mount directory). It is
 * written before each step and after, so a server killed at any point leaves enough to tear the
 * attachment down at the next start. The id is derived from the cluster, pool and image, so one
 * image has one attachment (one rbd-fuse) on this host whoever asks.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RbdUser } from './types.js';

export interface AttachmentState {
  version: 1;
  id: string;
  pool: string;
  image: string;
  monitors: string[];
  user: string;
  fsType: string;
  readOnly: boolean;
  /** rbd-fuse runs in its own session and outlives the server that started it (see rbd-fuse-process.ts). */
  detached: boolean;
  /** rbd-fuse's pid once started. */
  pid?: number;
  /** The fuse mount's device (`0:N`): finds the loop device again once the fuse mount is detached. */
  fuseDevice?: string;
  /** True once the fuse mount is lazily unmounted (after losetup opened the image file). */
  fuseDetached?: boolean;
  loopDevice?: string;
  /** True once the filesystem is mounted on mountDir. */
  mounted?: boolean;
  /** Whether this attach made the filesystem. */
  formatted?: boolean;
  /** rbd-fuse's watch on the image, as `rbd status` lists it. */
  watcher?: { address: string; client: string };
  users: RbdUser[];
  attachedAt: string;
}

export interface AttachmentPaths {
  dir: string;
  state: string;
  conf: string;
  /** Only when the key came from a Secret (a keyring file on the host is used where it is). */
  keyring: string;
  log: string;
  fuseDir: string;
  mountDir: string;
}

export function attachmentPaths(root: string, id: string): AttachmentPaths {
  const dir = join(root, id);
  return { dir, state: join(dir, 'state.json'), conf: join(dir, 'ceph.conf'), keyring: join(dir, 'keyring'), log: join(dir, 'rbd-fuse.log'), fuseDir: join(dir, 'fuse'), mountDir: join(dir, 'mnt') };
}

/** `<pool>.<image>.<hash>`: readable, and distinct for the same names on another cluster. */
export function attachmentId(monitors: readonly string[], pool: string, image: string): string {
  const hash = createHash('sha256').update([...monitors].sort().join(',')).update('\0').update(pool).update('\0').update(image).digest('hex').slice(0, 10);
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40);
  return `${safe(pool)}.${safe(image)}.${hash}`;
}

export function writeState(paths: AttachmentPaths, state: AttachmentState): void {
  const tmp = `${paths.state}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, paths.state);
}

export function readState(paths: AttachmentPaths): AttachmentState | undefined {
  try {
    const s = JSON.parse(readFileSync(paths.state, 'utf8')) as AttachmentState;
    return s && s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The attachment directories under root (whatever their state file says). */
export function attachmentIds(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}
