/**
 * Kubernetes' AtomicWriter layout for projected files (configMap, secret, downwardAPI, projected):
 *
 *   <dir>/..2025_01_31_12_00_00.123456/   the files of one version (dir 0755)
 *   <dir>/..data -> ..2025_01_31_12_00_00.123456
 *   <dir>/<top-level name> -> ..data/<top-level name>
 *
 * A new version is written to a fresh timestamped directory and published by renaming a new
 * `..data_tmp` symlink over `..data`, so a reader inside the container sees the old set or the new
 * set, never a mix. Nothing is written when the content and modes are unchanged.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileProjection {
  data: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/** Relative path (inside the volume) -> content and mode. */
export type Payload = Map<string, FileProjection>;

const DATA_LINK = '..data';
const DATA_TMP = '..data_tmp';

/** Why a payload path is not allowed (the AtomicWriter's validatePath), or undefined. */
export function invalidPayloadPath(path: string): string | undefined {
  if (path === '') return 'invalid path: must not be empty';
  if (path.startsWith('/')) return `invalid path: must be relative path: ${path}`;
  if (path.length > 4096) return `invalid path: must be less than or equal to 4096 characters`;
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return `invalid path: must not contain '..': ${path}`;
  if (path.startsWith('..')) return `invalid path: must not start with '..': ${path}`;
  return undefined;
}

function timestampName(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.${randomBytes(5).toString('hex')}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function currentVersion(dir: string): Promise<string | undefined> {
  try {
    return await readlink(join(dir, DATA_LINK));
  } catch {
    return undefined;
  }
}

async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, path)));
    else out.push(path);
  }
  return out;
}

async function sameAsCurrent(versionDir: string, payload: Payload): Promise<boolean> {
  let files: string[];
  try {
    files = await listFiles(versionDir);
  } catch {
    return false;
  }
  if (files.length !== payload.size) return false;
  for (const file of files) {
    const want = payload.get(file);
    if (!want) return false;
    const [data, st] = await Promise.all([readFile(join(versionDir, file)), stat(join(versionDir, file))]);
    if ((st.mode & 0o7777) !== want.mode || !data.equals(want.data)) return false;
  }
  return true;
}

function topLevel(payload: Payload): Set<string> {
  return new Set([...payload.keys()].map((p) => p.split('/')[0]!));
}

/**
 * Makes `dir` hold exactly `payload`. Returns true when a new version was published. `dir` must
 * exist. Safe to call repeatedly and after a crash half-way (stale `..data_tmp` and unreferenced
 * version directories are removed).
 */
export async function writeAtomically(dir: string, payload: Payload, now: Date = new Date()): Promise<boolean> {
  for (const path of payload.keys()) {
    const why = invalidPayloadPath(path);
    if (why) throw new Error(why);
  }
  const old = await currentVersion(dir);
  const wanted = topLevel(payload);
  const changed = !(old !== undefined && (await sameAsCurrent(join(dir, old), payload)));
  if (changed) {
    const version = timestampName(now);
    const versionDir = join(dir, version);
    await mkdir(versionDir, { mode: 0o755 });
    await chmod(versionDir, 0o755);
    for (const [path, file] of payload) {
      const target = join(versionDir, path);
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, file.data, { mode: file.mode });
      await chmod(target, file.mode);
    }
    await rm(join(dir, DATA_TMP), { force: true });
    await symlink(version, join(dir, DATA_TMP));
    await rename(join(dir, DATA_TMP), join(dir, DATA_LINK));
  }
  for (const name of wanted) {
    if (!(await exists(join(dir, name)))) await symlink(join(DATA_LINK, name), join(dir, name));
  }
  const current = await currentVersion(dir);
  for (const entry of await readdir(dir)) {
    if (entry === DATA_LINK || entry === current) continue;
    if (entry.startsWith('..') || !wanted.has(entry)) await rm(join(dir, entry), { recursive: true, force: true });
  }
  return changed;
}
