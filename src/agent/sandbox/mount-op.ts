/**
 * One step of building a container's file system, in bwrap's order: later steps sit on top of
 * earlier ones. Paths are absolute container paths; `source` is a host path.
 */
export type MountOp =
  | { op: 'bind'; source: string; target: string; readOnly: boolean }
  | { op: 'dir'; target: string; mode?: number }
  | { op: 'symlink'; linkTarget: string; target: string }
  | { op: 'dev'; target: string }
  | { op: 'proc'; target: string };

/** bwrap arguments for the ops, in order. */
export function mountArgs(ops: readonly MountOp[]): string[] {
  return ops.flatMap((o): string[] => {
    switch (o.op) {
      case 'bind':
        return [o.readOnly ? '--ro-bind' : '--bind', o.source, o.target];
      case 'dir':
        return o.mode === undefined ? ['--dir', o.target] : ['--perms', o.mode.toString(8).padStart(4, '0'), '--dir', o.target];
      case 'symlink':
        return ['--symlink', o.linkTarget, o.target];
      case 'dev':
        return ['--dev', o.target];
      case 'proc':
        return ['--proc', o.target];
    }
  });
}
