/**
 * hostPath type checks as the kubelet's hostpath plugin makes them (checkTypeInternal), with its
 * messages. `DirectoryOrCreate` makes the directory (0755, parents too); `FileOrCreate` makes an
 * empty file (0644) but not its parent directory. With no type, a missing path is created as a
 * directory, as containerd does for a bind mount source that does not exist.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

export class HostPathError extends Error {
  readonly code = 'E_HOST_PATH';
}

export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  let st = await statOf(path);
  const fail = (what: string): never => {
    throw new HostPathError(`hostPath type check failed: ${path} is not ${what}`);
  };
  const kind = type ?? '';
  if (kind === '') {
    if (!st) await mkdir(path, { recursive: true, mode: 0o755 });
    return;
  }
  if (kind === 'DirectoryOrCreate' || kind === 'Directory') {
    if (!st && kind === 'DirectoryOrCreate') {
      await mkdir(path, { recursive: true, mode: 0o755 });
      return;
    }
    if (!st?.isDirectory()) fail('a directory');
    return;
  }
  if (kind === 'FileOrCreate' || kind === 'File') {
    if (!st && kind === 'FileOrCreate') {
      try {
        const handle = await open(path, 'a', 0o644);
        await handle.close();
      } catch (e) {
        throw new HostPathError(`open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
      }
      st = await statOf(path);
    }
    if (!st?.isFile()) fail('a file');
    return;
  }
  const checks: Record<string, [(s: Stats) => boolean, string]> = {
    Socket: [(s) => s.isSocket(), 'a socket file'],
    CharDevice: [(s) => s.isCharacterDevice(), 'a character device'],
    BlockDevice: [(s) => s.isBlockDevice(), 'a block device'],
  };
  const check = checks[kind];
  if (!check) throw new HostPathError(`${kind} is an invalid volume type`);
  if (!st || !check[0](st)) fail(check[1]);
}
