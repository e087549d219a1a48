import { mountArgs, type MountOp } from './mount-op.js';

export interface BwrapInvocation {
  ops: readonly MountOp[];
  hostname: string;
  /** Resolved container path. */
  workingDir: string;
  /** Descriptor bwrap writes {"child-pid": N} to. */
  infoFd: number;
  argv: readonly string[];
}

/**
 * The whole bwrap command line after the binary: new PID, UTS and IPC namespaces (network comes
 * from `ip netns exec`), the program as PID 1 in its own session, killed when bwrap's parent dies.
 */
export function bwrapArgs(inv: BwrapInvocation): string[] {
  return [
    '--unshare-pid', '--unshare-uts', '--unshare-ipc', '--hostname', inv.hostname,
    '--as-pid-1', '--die-with-parent', '--new-session',
    ...mountArgs(inv.ops),
    '--chdir', inv.workingDir,
    '--info-fd', String(inv.infoFd),
    '--', ...inv.argv,
  ];
}
