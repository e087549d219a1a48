/**
 * A container's bind mounts from its volumeMounts (the kubelet's makeMounts): read-only when the
 * mount or the volume says so; subPath / subPathExpr select a path inside the volume, which is
 * created (with the volume directory's mode) when missing and must stay inside the volume after
 * symlinks are resolved. Errors are CreateContainerConfigError, as on a kubelet.
 */
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { expandVars } from '../images/index.js';
import { configError } from '../env/index.js';
import type { SandboxMount } from '../sandbox/types.js';
import type { PreparedVolumes } from './types.js';

/** The kubelet's ExpandContainerVolumeMounts: every referenced variable must have a non-empty value. */
export function expandSubPathExpr(expr: string, env: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const out = expandVars(expr, (name) => {
    const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    if (value === undefined || value === '') missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw configError('E_SUBPATH_EXPR', `missing value for ${[...missing].sort().join(', ')}`);
  return out;
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Creates subPath directories one level at a time, refusing to follow a symlink out of the volume. */
function safeMakeDir(volumePath: string, subPath: string, mode: number): void {
  const root = realpathSync(volumePath);
  let current = root;
  for (const part of subPath.split('/').filter((p) => p !== '' && p !== '.')) {
    const next = join(current, part);
    let exists = true;
    try {
      lstatSync(next);
    } catch {
      exists = false;
    }
    if (!exists) mkdirSync(next, { mode });
    current = realpathSync(next);
    if (!isWithin(root, current)) throw new Error(`${next} is not within ${root}`);
  }
}

function subPathHostPath(container: KubeObject, mount: KubeObject, volumePath: string, subPath: string): string {
  if (isAbsolute(subPath)) throw configError('E_SUBPATH', `error SubPath \`${subPath}\` must not be an absolute path`);
  if (subPath.split('/').includes('..')) throw configError('E_SUBPATH', `unable to provision SubPath \`${subPath}\`: must not contain '..'`);
  const hostPath = join(volumePath, subPath);
  let exists = true;
  try {
    lstatSync(hostPath);
  } catch {
    exists = false;
  }
  if (!exists) {
    try {
      safeMakeDir(volumePath, subPath, statSync(volumePath).mode & 0o7777);
    } catch {
      throw configError('E_SUBPATH', `failed to create subPath directory for volumeMount "${mount['name']}" of container "${container['name']}"`);
    }
  }
  let resolved: string;
  try {
    resolved = realpathSync(hostPath);
  } catch {
    throw configError('E_SUBPATH', `failed to prepare subPath for volumeMount "${mount['name']}" of container "${container['name']}"`);
  }
  if (!isWithin(realpathSync(volumePath), resolved)) {
    throw configError('E_SUBPATH', `failed to prepare subPath for volumeMount "${mount['name']}" of container "${container['name']}": path ${hostPath} is not within ${volumePath}`);
  }
  return resolved;
}

/**
 * The bind mounts for one container. `env` is the container's environment (for subPathExpr).
 * Throws PodInputError (CreateContainerConfigError) for an unknown volume or a bad subPath.
 */
export function containerMounts(_pod: KubeObject, container: KubeObject, volumes: PreparedVolumes, env: Readonly<Record<string, string>>): SandboxMount[] {
  const mounts: SandboxMount[] = [];
  for (const mount of (container['volumeMounts'] ?? []) as KubeObject[]) {
    const name = String(mount['name']);
    const volume = volumes.get(name);
    if (!volume) throw configError('E_VOLUME_NOT_FOUND', `cannot find volume "${name}" to mount into container "${container['name']}"`);
    let subPath = typeof mount['subPath'] === 'string' ? mount['subPath'] : '';
    if (typeof mount['subPathExpr'] === 'string' && mount['subPathExpr'] !== '') subPath = expandSubPathExpr(mount['subPathExpr'], env);
    const hostPath = subPath !== '' ? subPathHostPath(container, mount, volume.hostPath, subPath) : volume.hostPath;
    const containerPath = posix.resolve('/', String(mount['mountPath'] ?? ''));
    mounts.push({ hostPath, containerPath, readOnly: mount['readOnly'] === true || volume.readOnly });
  }
  return mounts;
}
