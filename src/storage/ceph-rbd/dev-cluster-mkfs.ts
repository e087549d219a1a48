/**
 * Making a dev cluster's daemons: the conf and keyrings, a monmap with the mon's v2 and v1
 * addresses, `ceph-mon --mkfs` (which loads every key into the auth database) and
 * `ceph-osd --mkfs` (bluestore formats its sparse block file here: ~2 s; memstore is instant). The
 * OSD's mkfs needs no mon (`--no-mon-config`), so it runs while the mon starts.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrdinalError } from '../../lib/errors.js';
import { cephMessageOf } from './ceph-command-error.js';
import { devClusterConf, devMonHost, type DevClusterPaths, type DevObjectstore } from './dev-cluster-conf.js';
import { writeDevKeyrings } from './dev-cluster-keys.js';
import type { DevClusterState } from './dev-cluster-state.js';

export interface MkfsOptions {
  monPort: number;
  monV2Port: number;
  objectstore: DevObjectstore;
  osdSizeBytes: number;
  fastPaxos?: boolean;
}

/** Runs a Ceph tool to its end; a failure carries its (cleaned) stderr. */
export function runTool(program: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(String(stdout));
      const e = error as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? `${program} is not installed (Debian: ceph-mon ceph-mgr ceph-osd ceph-common)` : cephMessageOf(String(stderr)) || String(stdout).trim() || error.message;
      reject(new OrdinalError('E_CEPH_DEV', `${program} ${args[0] ?? ''}: ${why}`, { cause: error }));
    });
  });
}

/** The dirs, conf, keyrings and the mon's store; returns the state to record once the OSD is made too. */
export async function mkfsMon(paths: DevClusterPaths, o: MkfsOptions): Promise<DevClusterState> {
  for (const d of [paths.dir, paths.keys, paths.run, paths.log, paths.crash, join(paths.dir, 'mon'), paths.mgrData, paths.osdData]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const fsid = randomUUID();
  writeFileSync(paths.conf, devClusterConf(paths, { fsid, ...o }), { mode: 0o644 });
  writeDevKeyrings(paths);
  const monmap = join(paths.run, 'monmap');
  await runTool('monmaptool', ['--create', '--addv', 'a', devMonHost(o.monV2Port, o.monPort), '--fsid', fsid, monmap]);
  await runTool('ceph-mon', ['-c', paths.conf, '--mkfs', '-i', 'a', '--monmap', monmap, '--keyring', paths.keyring('mon.a')]);
  rmSync(monmap, { force: true });
  return { fsid, monPort: o.monPort, monV2Port: o.monV2Port, objectstore: o.objectstore, osdSizeBytes: o.osdSizeBytes, osdUuid: randomUUID(), osdId: 0, createdAt: new Date().toISOString() };
}

export async function mkfsOsd(paths: DevClusterPaths, state: DevClusterState): Promise<void> {
  await runTool('ceph-osd', ['-c', paths.conf, '-i', String(state.osdId), '--mkfs', '--osd-uuid', state.osdUuid, '--no-mon-config']);
}
