/** Whether a dev cluster exists, which of its daemons run, and (optionally) what Ceph says of its health. */
import { resolve } from 'node:path';
import { CephCli } from './ceph-cli.js';
import { readPid, runningPid } from './daemon-process.js';
import { devClusterPaths, devDaemonNames, type DevDaemonName, type DevObjectstore } from './dev-cluster-conf.js';
import { devAdminTarget, looksLikeDevCluster } from './dev-cluster.js';
import { daemonSpec, devMonitors, readDevClusterState } from './dev-cluster-state.js';
import type { CephRunner } from './types.js';

export type DevClusterRunState = 'absent' | 'unfinished' | 'stopped' | 'running' | 'partial';

export interface DevClusterStatus {
  dir: string;
  state: DevClusterRunState;
  daemons: Array<{ name: DevDaemonName; pid: number | undefined; running: boolean }>;
  cluster?: { fsid: string; monitors: string[]; monHost: string; confPath: string; adminKeyringPath: string; objectstore: DevObjectstore; osdSizeBytes: number };
  /** From `ceph status` when asked for and the mon runs; `error` when Ceph did not answer. */
  health?: { status: string; checks: string[]; osdsUp: number; osdsIn: number; mgrAvailable: boolean; pools: string[] } | { error: string };
}

interface CephStatusJson {
  health?: { status?: string; checks?: Record<string, { summary?: { message?: string } }> };
  osdmap?: { num_up_osds?: number; num_in_osds?: number; osdmap?: { num_up_osds?: number; num_in_osds?: number } };
  mgrmap?: { available?: boolean };
}

export async function devClusterStatus(options: { dir: string; health?: boolean; runner?: CephRunner }): Promise<DevClusterStatus> {
  const paths = devClusterPaths(resolve(options.dir));
  const daemons = devDaemonNames.map((name) => {
    const pid = runningPid(daemonSpec(paths, name));
    return { name, pid: pid ?? readPid(paths.pidFile(name)), running: pid !== undefined };
  });
  const state = readDevClusterState(paths);
  const up = daemons.filter((d) => d.running).length;
  const runState: DevClusterRunState = !state ? (looksLikeDevCluster(paths) ? 'unfinished' : 'absent') : up === daemons.length ? 'running' : up === 0 ? 'stopped' : 'partial';
  const out: DevClusterStatus = { dir: paths.dir, state: runState, daemons };
  if (!state) return out;
  out.cluster = { fsid: state.fsid, ...devMonitors(state), confPath: paths.conf, adminKeyringPath: paths.keyring('client.admin'), objectstore: state.objectstore, osdSizeBytes: state.osdSizeBytes };
  if (options.health && daemons[0]?.running) {
    const runner = options.runner ?? new CephCli();
    try {
      const admin = devAdminTarget(paths, state);
      const [s, pools] = await Promise.all([
        runner.cephJson<CephStatusJson>(admin, ['status'], { timeoutMs: 20_000 }),
        runner.cephJson<string[]>(admin, ['osd', 'pool', 'ls'], { timeoutMs: 20_000 }),
      ]);
      const osd = s.osdmap?.osdmap ?? s.osdmap ?? {};
      out.health = {
        status: s.health?.status ?? 'unknown',
        checks: Object.entries(s.health?.checks ?? {}).map(([k, v]) => `${k}: ${v.summary?.message ?? ''}`),
        osdsUp: osd.num_up_osds ?? 0,
        osdsIn: osd.num_in_osds ?? 0,
        mgrAvailable: s.mgrmap?.available === true,
        pools: pools ?? [],
      };
    } catch (e) {
      out.health = { error: (e as Error).message };
    }
  }
  return out;
}
