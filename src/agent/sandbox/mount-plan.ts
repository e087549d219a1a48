import { posix } from 'node:path';
import { ContainerView } from './container-view.js';
import type { FsView } from './fs-view.js';
import type { MountOp } from './mount-op.js';
import { SandboxError } from './sandbox-error.js';
import type { SandboxMount } from './types.js';

/** Host top-level entries every container shares read-only: directories bound, symlinks recreated. */
export const defaultHostShared = ['usr', 'etc', 'opt', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

export interface MountPlanInput {
  /** The container's writable layer, bound at /. */
  rootDir: string;
  /** Names of host top-level entries to share (absent ones are skipped). */
  hostShared?: readonly string[];
  mounts: readonly SandboxMount[];
  /** '' means /. */
  workingDir: string;
}

export interface MountPlan {
  ops: MountOp[];
  /** The working directory with symlinks resolved; the plan makes sure it exists. */
  workingDir: string;
  view: ContainerView;
}

/**
 * Plans the container's file system: the writable layer at /, the host's shared directories
 * read-only, fresh /dev, /proc, /tmp, /run and /var, then the caller's mounts in order. A mount
 * target (or the working dir) that does not exist inside a read-only bind cannot be created there
 * (EROFS), so that bind is "shadowed": replaced by a directory in the writable layer holding
 * read-only binds (and copies of the symlinks) of each of its entries, along the path, recursively.
 * Pure apart from the FsView it reads.
 */
export function planMounts(input: MountPlanInput, fs: FsView): MountPlan {
  const ops: MountOp[] = [{ op: 'bind', source: input.rootDir, target: '/', readOnly: false }];
  for (const name of input.hostShared ?? defaultHostShared) {
    const host = `/${name}`;
    const type = fs.typeOf(host);
    if (type === 'dir') ops.push({ op: 'bind', source: host, target: host, readOnly: true });
    else if (type === 'symlink') ops.push({ op: 'symlink', linkTarget: fs.readLink(host), target: host });
  }
  ops.push(
    { op: 'dev', target: '/dev' },
    { op: 'proc', target: '/proc' },
    { op: 'bind', source: '/sys', target: '/sys', readOnly: true },
    { op: 'dir', target: '/tmp', mode: 0o1777 },
    { op: 'dir', target: '/run', mode: 0o755 },
    { op: 'dir', target: '/var/lib', mode: 0o755 },
    { op: 'dir', target: '/var/log', mode: 0o755 },
    { op: 'dir', target: '/var/tmp', mode: 0o1777 },
    { op: 'symlink', linkTarget: '../run', target: '/var/run' },
  );
  const view = new ContainerView(ops, fs);
  for (const m of input.mounts) {
    if (!posix.isAbsolute(m.containerPath)) throw new SandboxError('StartError', `mount target must be absolute: "${m.containerPath}"`);
    const target = view.canonical(m.containerPath, true);
    if (target === '/') throw new SandboxError('StartError', 'cannot mount over the container root');
    makeCreatable(view, target);
    ops.push({ op: 'bind', source: m.hostPath, target, readOnly: m.readOnly });
  }
  const workingDir = view.canonical(input.workingDir === '' ? '/' : posix.resolve('/', input.workingDir), true);
  if (view.typeOf(workingDir) === undefined) {
    makeCreatable(view, workingDir);
    ops.push({ op: 'dir', target: workingDir });
  }
  dropExistingSymlinks(view, fs);
  return { ops, workingDir, view };
}

/** Shadows read-only binds until every missing component of `target` sits in a writable place. */
function makeCreatable(view: ContainerView, target: string): void {
  const parts = target.split('/').filter((c) => c !== '');
  for (let i = 1; i <= parts.length; i++) {
    const path = '/' + parts.slice(0, i).join('/');
    if (view.typeOf(path) !== undefined) continue;
    const parent = posix.dirname(path);
    const b = view.backing(parent);
    if (b?.kind === 'host' && b.readOnly) shadow(view, parent);
    return; // from here on bwrap creates the missing directories itself
  }
}

/** Replaces the read-only bind providing `dir` by a layer directory with binds of its entries. */
function shadow(view: ContainerView, dir: string): void {
  const b = view.backing(dir);
  const bind = b?.kind === 'host' ? view.ops[b.opIndex] : undefined;
  if (bind?.op !== 'bind' || !bind.readOnly || b?.kind !== 'host') return;
  const { fs } = view;
  const replacement: MountOp[] = [{ op: 'dir', target: bind.target }];
  for (const name of fs.list(bind.source)) {
    const from = posix.join(bind.source, name);
    const to = posix.join(bind.target, name);
    if (fs.typeOf(from) === 'symlink') replacement.push({ op: 'symlink', linkTarget: fs.readLink(from), target: to });
    else replacement.push({ op: 'bind', source: from, target: to, readOnly: true });
  }
  view.ops.splice(b.opIndex, 1, ...replacement);
  if (dir !== bind.target) shadow(view, dir);
}

/** bwrap refuses to make a symlink where one already is (a reused layer): drop those that match. */
function dropExistingSymlinks(view: ContainerView, fs: FsView): void {
  for (let i = view.ops.length - 1; i >= 0; i--) {
    const o = view.ops[i];
    if (o?.op !== 'symlink') continue;
    const b = view.backing(o.target, i);
    if (b?.kind !== 'host' || b.readOnly) continue;
    if (fs.typeOf(b.hostPath) === 'symlink' && fs.readLink(b.hostPath) === o.linkTarget) view.ops.splice(i, 1);
  }
}
