import { mountArgs, type MountOp } from './mount-op.js';

export interface BwrapInvocation {
  ops: readonly MountOp[];
  hostname: string;
  /** Resolved container path. */
  workingDir: string;
  /** Descriptor bwrap writes {"child-pid": N} to. */
  infoFd: number;
  argv: readonly string[];
  /**
   * Not root: a new user namespace in which the container is uid/gid 0 (mapped to ours). Mapping
   * to 0 also keeps bwrap from nesting a second user namespace (it does so to map back to our own
   * uid after mounting /dev), which would leave the other namespaces out of reach of `nsenter`.
   */
  unshareUser?: boolean;
}

/**
 * The whole bwrap command line after the binary: new PID, UTS and IPC namespaces (network comes
 * from `ip netns exec`; a user namespace only when unprivileged), the program as PID 1 in its own
 * session, killed when bwrap's parent dies.
 */
export function bwrapArgs(inv: BwrapInvocation): string[] {
  return [
    ...(inv.unshareUser ? ['--unshare-user', '--uid', '0', '--gid', '0'] : []),
    '--unshare-pid', '--unshare-uts', '--unshare-ipc', '--hostname', inv.hostname,
    '--as-pid-1', '--die-with-parent', '--new-session',
    ...mountArgs(inv.ops),
    '--chdir', inv.workingDir,
    '--info-fd', String(inv.infoFd),
    '--', ...inv.argv,
  ];
}
