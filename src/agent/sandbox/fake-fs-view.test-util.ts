import { posix } from 'node:path';
import type { FsEntryType, FsView } from './fs-view.js';

/**
 * An in-memory host tree for planner tests: paths ending in '/' are directories, `-> x` values
 * symlinks, 'x' values executable files, other strings plain files. Parents are implied.
 */
export function fakeFsView(entries: Record<string, string>): FsView {
  const types = new Map<string, { type: FsEntryType; link?: string; exec?: boolean }>([['/', { type: 'dir' }]]);
  for (const [raw, value] of Object.entries(entries)) {
    const path = raw.endsWith('/') && raw !== '/' ? raw.slice(0, -1) : raw;
    for (let p = posix.dirname(path); !types.has(p); p = posix.dirname(p)) types.set(p, { type: 'dir' });
    if (raw.endsWith('/')) types.set(path, { type: 'dir' });
    else if (value.startsWith('-> ')) types.set(path, { type: 'symlink', link: value.slice(3) });
    else types.set(path, { type: 'file', exec: value === 'x' });
  }
  const follow = (path: string, depth = 0): string => {
    const e = types.get(path);
    if (e?.type !== 'symlink' || depth > 40 || e.link === undefined) return path;
    return follow(posix.resolve(posix.dirname(path), e.link), depth + 1);
  };
  return {
    typeOf: (p) => types.get(p)?.type,
    readLink(p) {
      const link = types.get(p)?.link;
      if (link === undefined) throw new Error(`EINVAL: not a link ${p}`);
      return link;
    },
    list: (dir) => [...types.keys()].filter((p) => p !== '/' && posix.dirname(p) === dir).map((p) => posix.basename(p)).sort(),
    isExecutable: (p) => types.get(follow(p))?.exec === true,
  };
}
