/**
 * What `devClusterUp` made, in DIR/dev-cluster.json: written as mkfs' last step, so a dir without it
 * holds an unfinished mkfs. No key is in it. Also the daemons' command lines.
 */
import { readFileSync } from 'node:fs';
import { OrdinalError } from '../../lib/errors.js';
import { writeSecretFile } from '../../lib/secret-file.js';
import type { DaemonSpec } from './daemon-process.js';
import { clientMonitors } from './mon-addresses.js';
import { devMonHost, type DevClusterPaths, type DevDaemonName, type DevObjectstore } from './dev-cluster-conf.js';

export interface DevClusterState {
  fsid: string;
  monPort: number;
  monV2Port: number;
  objectstore: DevObjectstore;
  osdSizeBytes: number;
  osdUuid: string;
  osdId: number;
  createdAt: string;
}

export function readDevClusterState(paths: DevClusterPaths): DevClusterState | undefined {
  let text: string;
  try {
    text = readFileSync(paths.state, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as Partial<DevClusterState>;
    if (typeof s.fsid !== 'string' || typeof s.monPort !== 'number' || typeof s.monV2Port !== 'number' || typeof s.osdUuid !== 'string') throw new Error('fields missing');
    return s as DevClusterState;
  } catch (e) {
    throw new OrdinalError('E_CEPH_DEV', `${paths.state} is not a dev cluster record (${(e as Error).message}); remove ${paths.dir} to start afresh`, { cause: e });
  }
}

export function writeDevClusterState(paths: DevClusterPaths, state: DevClusterState): void {
  writeSecretFile(paths.state, JSON.stringify(state, null, 2) + '\n', 0o644);
}

/** Client-form monitors (`127.0.0.1:6789` on the default ports, see mon-addresses.ts) and the mon's address vector. */
export function devMonitors(state: Pick<DevClusterState, 'monPort' | 'monV2Port'>): { monitors: string[]; monHost: string } {
  const monHost = devMonHost(state.monV2Port, state.monPort);
  return { monitors: clientMonitors(monHost), monHost };
}

const programs: Record<DevDaemonName, string> = { 'mon.a': 'ceph-mon', 'mgr.x': 'ceph-mgr', 'osd.0': 'ceph-osd' };

/** How a daemon runs: in the foreground (`-f`: logs to its log file, the pid is the daemon's), with our conf. */
export function daemonSpec(paths: DevClusterPaths, name: DevDaemonName): DaemonSpec {
  const id = name.slice(name.indexOf('.') + 1);
  return { name, program: programs[name], args: ['-f', '-c', paths.conf, '-i', id], marker: paths.conf, pidFile: paths.pidFile(name), outFile: paths.outFile(name) };
}
