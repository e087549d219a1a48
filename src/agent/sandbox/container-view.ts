import { posix } from 'node:path';
import type { FsEntryType, FsView } from './fs-view.js';
import type { MountOp } from './mount-op.js';

/** What backs a container path: a host path (through a bind), or a kernel file system (/dev, /proc). */
export type Backing =
  | { kind: 'host'; hostPath: string; readOnly: boolean; opIndex: number; bindTarget: string }
  | { kind: 'special' };

const maxLinks = 40;

export function isUnder(path: string, dir: string): boolean {
  return path === dir || dir === '/' || path.startsWith(dir + '/');
}

/** The container path `path` as seen through a list of mount ops (which the caller may still change). */
export class ContainerView {
  constructor(readonly ops: MountOp[], readonly fs: FsView) {}

  /** The topmost op (below index `below`) providing `path`: binds, /dev and /proc cover subtrees; dirs and symlinks only themselves. */
  backing(path: string, below = this.ops.length): Backing | { kind: 'op'; op: MountOp } | undefined {
    for (let i = below - 1; i >= 0; i--) {
      const o = this.ops[i];
      if (o === undefined) continue;
      if (o.op === 'bind' && isUnder(path, o.target)) {
        const rel = o.target === '/' ? path : path.slice(o.target.length);
        return { kind: 'host', hostPath: rel === '' || rel === '/' ? o.source : posix.join(o.source, rel), readOnly: o.readOnly, opIndex: i, bindTarget: o.target };
      }
      if ((o.op === 'dev' || o.op === 'proc') && isUnder(path, o.target)) return { kind: 'special' };
      if ((o.op === 'dir' || o.op === 'symlink') && o.target === path) return { kind: 'op', op: o };
    }
    return undefined;
  }

  /** lstat inside the container; 'other' for anything under /dev or /proc. */
  typeOf(path: string): FsEntryType | undefined {
    const b = this.backing(path);
    if (b === undefined) return undefined;
    if (b.kind === 'special') return 'other';
    if (b.kind === 'op') return b.op.op === 'dir' ? 'dir' : 'symlink';
    return this.fs.typeOf(b.hostPath);
  }

  readLink(path: string): string {
    const b = this.backing(path);
    if (b?.kind === 'op' && b.op.op === 'symlink') return b.op.linkTarget;
    if (b?.kind === 'host') return this.fs.readLink(b.hostPath);
    throw new Error(`not a symlink: ${path}`);
  }

  /** Resolves symlinks the way the kernel would inside the container (the last one only if followLast). */
  canonical(path: string, followLast: boolean): string {
    let rest = posix.normalize(path).split('/').filter((c) => c !== '');
    let resolved = '/';
    let links = 0;
    while (rest.length > 0) {
      const [name, ...tail] = rest;
      rest = tail;
      if (name === undefined || name === '.') continue;
      if (name === '..') {
        resolved = posix.dirname(resolved);
        continue;
      }
      const candidate = posix.join(resolved, name);
      if ((rest.length > 0 || followLast) && this.typeOf(candidate) === 'symlink') {
        if (++links > maxLinks) return candidate;
        const link = this.readLink(candidate);
        if (link.startsWith('/')) resolved = '/';
        rest = [...link.split('/').filter((c) => c !== ''), ...rest];
        continue;
      }
      resolved = candidate;
    }
    return resolved;
  }

  /** The host path a container path reads from (symlinks followed), or undefined under /dev and /proc. */
  hostPathOf(path: string): string | undefined {
    const b = this.backing(this.canonical(path, true));
    return b?.kind === 'host' ? b.hostPath : undefined;
  }
}
