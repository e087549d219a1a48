/**
 * What the kernel says is mounted and looped, read from /proc and /sys (no tools): the mount points
 * of this mount namespace (/proc/self/mountinfo) and the loop devices whose backing file lies under
 * a directory (/sys/block/loopN/loop/backing_file). Teardown trusts these over its own records, so
 * a crash between a step and its record leaves nothing behind.
 */
import { readdirSync, readFileSync } from 'node:fs';

const unescape = (field: string): string => field.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Mount points in mountinfo text (field 5, octal escapes such as \040 undone). */
export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo.split('\n').map((line) => line.split(' ')[4]).filter((f): f is string => !!f).map(unescape);
}

/** The device (`major:minor`, field 3) mounted at `path`, from mountinfo text (the last mount there). */
export function parseMountDevice(mountinfo: string, path: string): string | undefined {
  let device: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    if (f[4] !== undefined && unescape(f[4]) === path) device = f[2];
  }
  return device;
}

export function mountDevice(path: string): string | undefined {
  return parseMountDevice(readFileSync('/proc/self/mountinfo', 'utf8'), path);
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

/**
 * Parses `losetup --list --json -O NAME,BACK-MAJ:MIN,BACK-FILE`: the loop devices over file `name`
 * on device `majMin` - how a loop device over a fuse mount that was lazily unmounted is found again
 * (its backing file then reads `/<name>`, relative to the detached mount).
 */
export function parseLoopsOnDevice(json: string, majMin: string, name: string): string[] {
  try {
    const list = (JSON.parse(json) as { loopdevices?: Array<Record<string, unknown>> }).loopdevices ?? [];
    const file = (l: Record<string, unknown>): string => String(l['back-file'] ?? '').trim().replace(/ \(deleted\)$/, '');
    return list.filter((l) => String(l['back-maj:min'] ?? '').trim() === majMin && (file(l) === `/${name}` || file(l).endsWith(`/${name}`))).map((l) => String(l['name']));
  } catch {
    return [];
  }
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
