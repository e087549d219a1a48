/**
 * What the kernel says is mounted and looped, read from /proc and /sys (no tools): the mount points
 * of this mount namespace (/proc/self/mountinfo) and the loop devices whose backing file lies under
 * a directory (/sys/block/loopN/loop/backing_file). Teardown trusts these over its own records, so
 * a crash between a step and its record leaves nothing behind.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Mount points in mountinfo text (field 5, octal escapes such as \040 undone). */
export function parseMountPoints(mountinfo: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field) out.push(field.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

export function mountPoints(): string[] {
  return parseMountPoints(readFileSync('/proc/self/mountinfo', 'utf8'));
}

export function isMountPoint(path: string, points: readonly string[] = mountPoints()): boolean {
  return points.includes(path);
}

/** Mount points at or below `dir`, deepest first (the order to unmount them in). */
export function mountsUnder(dir: string, points: readonly string[] = mountPoints()): string[] {
  return points.filter((p) => p === dir || p.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}

/** /dev/loopN devices whose backing file is `file` or lies under it (a deleted file reads "<path> (deleted)"). */
export function loopDevicesBackedBy(path: string, sysBlock = '/sys/block'): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(sysBlock);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^loop\d+$/.test(name)) continue;
    let backing: string;
    try {
      backing = readFileSync(`${sysBlock}/${name}/loop/backing_file`, 'utf8').trim().replace(/ \(deleted\)$/, '');
    } catch {
      continue; // not bound to a file
    }
    if (backing === path || backing.startsWith(`${path}/`)) out.push(`/dev/${name}`);
  }
  return out;
}
