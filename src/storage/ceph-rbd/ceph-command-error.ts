import { OrdinalError } from '../../lib/errors.js';

/**
 * A `ceph` or `rbd` call that failed. The message is Ceph's own (its last meaningful stderr lines,
 * e.g. `rbd: create error: (17) File exists`, `error connecting to the cluster: (13) Permission
 * denied`), prefixed with the command (never its key). `errno` is the Ceph error number when the
 * message carries one (`(2)` ENOENT, `(13)` EACCES, `(16)` EBUSY, `(17)` EEXIST, `(110)` ETIMEDOUT).
 */
export class CephCommandError extends OrdinalError {
  readonly errno: number | undefined;
  readonly exitCode: number | undefined;
  readonly cephMessage: string;

  constructor(command: string, cephMessage: string, exitCode: number | undefined, options?: { cause?: unknown }) {
    // the tools exit with the errno of the failure, or 1 for anything else
    const errno = errnoOf(cephMessage) ?? (exitCode !== undefined && exitCode > 1 ? exitCode : undefined);
    super(codeFor(errno), `${command}: ${cephMessage}`, options);
    this.cephMessage = cephMessage;
    this.errno = errno;
    this.exitCode = exitCode;
  }
}

export function isCephCommandError(e: unknown): e is CephCommandError {
  return e instanceof CephCommandError;
}

const codes: Record<number, string> = { 2: 'E_CEPH_NOT_FOUND', 1: 'E_CEPH_PERMISSION', 13: 'E_CEPH_PERMISSION', 16: 'E_CEPH_BUSY', 17: 'E_CEPH_EXISTS', 110: 'E_CEPH_TIMEOUT', 22: 'E_CEPH_INVALID' };

function codeFor(errno: number | undefined): string {
  return codes[errno ?? -1] ?? 'E_CEPH_COMMAND';
}

/** The errno in a Ceph message such as `... (13) Permission denied` (the last one wins). */
export function errnoOf(message: string): number | undefined {
  const all = [...message.matchAll(/\((\d+)\) [A-Za-z]|\[errno (\d+)\]/g)];
  const last = all[all.length - 1];
  return last ? Number(last[1] ?? last[2]) : undefined;
}

/**
 * The part of a tool's stderr worth showing: Ceph prefixes its log lines with a timestamp and
 * thread id (`2026-12-08T01:25:14.064+0000 7fae50834cc0 -1 ...`); those prefixes go, and lines that
 * only repeat the config-file noise are dropped.
 */
export function cephMessageOf(stderr: string): string {
  const noise = /did not load config file|Errors while parsing config file|can't open ceph\.conf|parse_file: cannot open|^\s*$/;
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d{4} [0-9a-f]+\s+-?\d+ /, '').trim())
    .filter((l) => !noise.test(l));
  const message = lines.slice(-4).join('; ');
  // a refused key looks like a timeout (the client retries until client mount timeout): say which it is
  if (/handle_auth_bad_method|AuthRegistry|authenticate timed out|\(13\) Permission denied.*auth/i.test(stderr) && !/authentication failed/.test(message)) {
    return `authentication failed: the monitors refused this user's key (check the Secret or keyring); ${message}`;
  }
  return message;
}
