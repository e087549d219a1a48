/**
 * The Ceph cluster ordinal uses for a data dir, recorded by `ordinal ceph dev up` and `ordinal ceph
 * connect` in DATA_DIR/ceph/cluster.json (0600). It names the admin's keyring file; the key itself is
 * never in it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OrdinalError } from '../../lib/errors.js';
import { writeSecretFile } from '../../lib/secret-file.js';
import type { CephTarget } from './types.js';

export interface CephClusterRecord {
  /** The fsid (ceph-csi's clusterID). */
  clusterID: string;
  /** Client form (`127.0.0.1:6789`). */
  monitors: string[];
  confPath: string;
  /** A keyring file (0600) holding the admin user's key. */
  adminKeyringPath: string;
  /** Without `client.`: 'admin' unless `connect --user` said otherwise. */
  adminUser: string;
  /** True for the one-node cluster of `ordinal ceph dev up` (under DATA_DIR/ceph/dev). */
  dev: boolean;
}

export const cephDirOf = (dataDir: string): string => join(dataDir, 'ceph');
export const cephClusterRecordPath = (dataDir: string): string => join(cephDirOf(dataDir), 'cluster.json');
/** Where `ordinal ceph dev up` keeps its cluster. */
export const devClusterDirOf = (dataDir: string): string => join(cephDirOf(dataDir), 'dev');

/** The record, or undefined when none was made; a damaged file is an error that says so. */
export function readCephClusterRecord(dataDir: string): CephClusterRecord | undefined {
  const path = cephClusterRecordPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OrdinalError('E_CEPH_RECORD', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  let r: Partial<CephClusterRecord>;
  try {
    r = JSON.parse(text) as Partial<CephClusterRecord>;
  } catch (e) {
    throw new OrdinalError('E_CEPH_RECORD', `${path} is not JSON; run \`ordinal ceph connect\` or \`ordinal ceph dev up\` again`, { cause: e });
  }
  const ok =
    typeof r.clusterID === 'string' &&
    Array.isArray(r.monitors) && r.monitors.length > 0 && r.monitors.every((m) => typeof m === 'string') &&
    typeof r.adminKeyringPath === 'string' && typeof r.confPath === 'string';
  if (!ok) throw new OrdinalError('E_CEPH_RECORD', `${path} lacks clusterID, monitors, confPath or adminKeyringPath; run \`ordinal ceph connect\` or \`ordinal ceph dev up\` again`);
  return { clusterID: r.clusterID!, monitors: [...r.monitors!], confPath: r.confPath!, adminKeyringPath: r.adminKeyringPath!, adminUser: typeof r.adminUser === 'string' ? r.adminUser : 'admin', dev: r.dev === true };
}

export function writeCephClusterRecord(dataDir: string, rec: CephClusterRecord): void {
  writeSecretFile(cephClusterRecordPath(dataDir), JSON.stringify(rec, null, 2) + '\n');
}

export function removeCephClusterRecord(dataDir: string): void {
  rmSync(cephClusterRecordPath(dataDir), { force: true });
}

/** The recorded admin as CephCli takes it (the key stays in the keyring file). */
export function adminTarget(rec: CephClusterRecord): CephTarget {
  return { cluster: { monitors: [...rec.monitors] }, credentials: { user: rec.adminUser, keyringPath: rec.adminKeyringPath } };
}
