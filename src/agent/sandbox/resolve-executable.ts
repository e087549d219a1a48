import { posix } from 'node:path';
import type { ContainerView } from './container-view.js';
import { SandboxError } from './sandbox-error.js';

/** The PATH a container runtime uses when the image and the pod set none. */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Finds argv[0] inside the container's file system the way runc does before it execs: a bare name
 * on PATH, a name with a slash relative to the working dir. Returns the container path; throws a
 * StartError worded like runc's when there is nothing to run.
 */
export function resolveExecutable(view: ContainerView, name: string, path: string | undefined, workingDir: string): string {
  const runnable = (p: string): boolean => {
    const host = view.hostPathOf(p);
    return host !== undefined && view.fs.isExecutable(host);
  };
  if (name === '') throw new SandboxError('StartError', 'exec: "": executable file not found in $PATH');
  if (name.includes('/')) {
    const full = posix.resolve(workingDir, name);
    const host = view.hostPathOf(full);
    if (host !== undefined && view.fs.typeOf(host) === undefined) {
      throw new SandboxError('StartError', `exec: "${name}": stat ${full}: no such file or directory`);
    }
    if (!runnable(full)) throw new SandboxError('StartError', `exec: "${name}": permission denied`);
    return full;
  }
  for (const dir of (path ?? defaultPath).split(':')) {
    const candidate = posix.resolve(workingDir, dir === '' ? '.' : dir, name);
    if (runnable(candidate)) return candidate;
  }
  throw new SandboxError('StartError', `exec: "${name}": executable file not found in $PATH`);
}
