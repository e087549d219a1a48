import { accessSync, constants, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';

export type FsEntryType = 'dir' | 'file' | 'symlink' | 'other';

/** The few questions the mount planner asks about the host's file system (a fake in unit tests). */
export interface FsView {
  /** lstat: undefined when nothing is there. */
  typeOf(hostPath: string): FsEntryType | undefined;
  readLink(hostPath: string): string;
  list(hostPath: string): string[];
  /** A regular file (after following links) that root may execute. */
  isExecutable(hostPath: string): boolean;
}

export const hostFsView: FsView = {
  typeOf(hostPath) {
    try {
      const st = lstatSync(hostPath);
      if (st.isSymbolicLink()) return 'symlink';
      if (st.isDirectory()) return 'dir';
      return st.isFile() ? 'file' : 'other';
    } catch {
      return undefined;
    }
  },
  readLink: (hostPath) => readlinkSync(hostPath),
  list: (hostPath) => readdirSync(hostPath).sort(),
  isExecutable(hostPath) {
    try {
      if (!statSync(hostPath).isFile()) return false;
      accessSync(hostPath, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};
