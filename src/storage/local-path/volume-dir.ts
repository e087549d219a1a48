/**
 * The on-disk layout of local-path volumes: one directory per PersistentVolume directly under the
 * volumes root (DATA_DIR/volumes/<pv-name>). Every path that is about to be removed or scrubbed is
 * checked to be such a directory, so a PV that points elsewhere (a hand-made static PV, an edited
 * annotation) can never make the server delete data outside its own root.
 */
import * as fsPromises from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { StorageError } from '../storage-error.js';

/** The few filesystem calls the provisioner needs; injected so that a test can make them fail. */
export type VolumeFs = Pick<typeof fsPromises, 'mkdir' | 'chmod' | 'rm' | 'readdir' | 'lstat'>;

export const realVolumeFs: VolumeFs = fsPromises;

/**
 * Mode of a volume directory: world-writable like rancher's local-path-provisioner, because a pod's
 * processes may run as any uid (runAsUser, or an engine that drops to its own user) and must be able
 * to write their volume. The root above it is 0711: other local users cannot list the volumes, and a
 * sandboxed pod only ever sees its own directory, bind-mounted at its mountPath.
 */
export const volumeDirMode = 0o777;
export const volumesRootMode = 0o711;

const pvNamePattern = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function volumeDirFor(root: string, pvName: string): string {
  if (!pvNamePattern.test(pvName)) throw new StorageError('E_VOLUME_NAME', `"${pvName}" is not a valid volume directory name`);
  return join(resolve(root), pvName);
}

/** The PV's path if it is a volume directory directly under root; throws otherwise. */
export function ownedVolumeDir(root: string, path: unknown): string {
  if (typeof path !== 'string' || !isAbsolute(path)) throw new StorageError('E_VOLUME_PATH', `volume path ${JSON.stringify(path)} is not an absolute path`);
  const p = resolve(path);
  const name = basename(p);
  if (dirname(p) !== resolve(root) || !pvNamePattern.test(name)) {
    throw new StorageError('E_VOLUME_PATH', `volume path "${path}" is not a volume directory under ${resolve(root)}; refusing to touch it`);
  }
  return p;
}

/** Create the root (0711 when new) and the volume directory (0777); existing directories are fine. */
export async function makeVolumeDir(fs: VolumeFs, root: string, dir: string): Promise<void> {
  const created = await fs.mkdir(resolve(root), { recursive: true, mode: volumesRootMode });
  if (created !== undefined) await fs.chmod(resolve(root), volumesRootMode);
  await fs.mkdir(dir, { recursive: true });
  await fs.chmod(dir, volumeDirMode); // mkdir's mode is masked by the umask
}

export async function removeVolumeDir(fs: VolumeFs, dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Remove everything inside dir (not dir itself); a symlink inside is removed, never followed. */
export async function scrubVolumeDir(fs: VolumeFs, dir: string): Promise<void> {
  let st;
  try {
    st = await fs.lstat(dir);
  } catch (e) {
    throw new StorageError('E_VOLUME_MISSING', `volume directory ${dir} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  if (!st.isDirectory()) throw new StorageError('E_VOLUME_PATH', `${dir} is not a directory (a symlink?); refusing to scrub it`);
  for (const entry of await fs.readdir(dir)) await fs.rm(join(dir, entry), { recursive: true, force: true });
  await fs.chmod(dir, volumeDirMode);
}
