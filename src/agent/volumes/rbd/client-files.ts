/**
 * The files rbd-fuse reads: a client conf with the monitors (a short mount timeout so a dead cluster
 * fails the attach in seconds; no OSD op timeout, since a block device that returns EIO after a
 * while turns a slow cluster into a broken filesystem; no admin socket) and, for a key from a
 * Secret, a keyring (0600, written before anything can read it).
 */
import { writeFileSync } from 'node:fs';
import { keyringFor } from '../../../storage/ceph-rbd/index.js';
import type { AttachmentPaths } from './attachment-state.js';
import type { RbdAttachRequest } from './types.js';

export function rbdFuseConf(monitors: readonly string[]): string {
  return ['[global]', `mon host = ${monitors.join(',')}`, 'client mount timeout = 10', 'rados mon op timeout = 15', 'admin socket =', 'log to stderr = false', 'err to stderr = true', ''].join('\n');
}

/** Writes the conf (and the keyring when the key is inline); returns the keyring path to use. */
export function writeClientFiles(paths: AttachmentPaths, request: RbdAttachRequest): string {
  writeFileSync(paths.conf, rbdFuseConf(request.monitors), { mode: 0o600 });
  if (request.key === undefined) return request.keyringPath ?? '';
  writeFileSync(paths.keyring, keyringFor(request.user, request.key), { mode: 0o600 });
  return paths.keyring;
}
