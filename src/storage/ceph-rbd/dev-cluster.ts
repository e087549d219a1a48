/**
 * A one-node Ceph for development and tests: one mon (listening on v2 and v1), one mgr and one
 * OSD (bluestore on a sparse file under the dir, kept across restarts; or memstore, in memory), as
 * real detached daemons. `devClusterUp` is idempotent: running -> nothing to do; stopped with data
 * -> the daemons start again on it; nothing there -> mkfs. It returns once the OSD is up and in (a
 * pool can be created and used) and, unless told otherwise, the mgr is active.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { OrdinalError } from '../../lib/errors.js';
import { CephCli } from './ceph-cli.js';
import { runningPid, sizeOf, spawnDaemon, stopDaemon, type SpawnedDaemon } from './daemon-process.js';
import { devClusterPaths, devDaemonNames, type DevClusterPaths, type DevDaemonName, type DevObjectstore } from './dev-cluster-conf.js';
import { mkfsMon, mkfsOsd } from './dev-cluster-mkfs.js';
import { daemonSpec, devMonitors, readDevClusterState, writeDevClusterState, type DevClusterState } from './dev-cluster-state.js';
import { isPortFree, tailSince, waitForLogLine } from './dev-cluster-wait.js';
import type { CephRunner, CephTarget } from './types.js';

export interface DevClusterOptions {
  dir: string;
  /** The mon's v1 port (the `127.0.0.1:6789` clients write) and v2 port; defaults 6789 and 3300. Fixed at mkfs. */
  monPort?: number;
  monV2Port?: number;
  /** Default bluestore (on DIR/osd/0/block, data kept); memstore keeps data in the OSD's memory. Fixed at mkfs. */
  objectstore?: DevObjectstore;
  /** The OSD's capacity: default 10 GiB for bluestore (a sparse file), 1 GiB for memstore. */
  osdSizeBytes?: number;
  /** Wait until the mgr is active too (default true; tests that need no mgr at once say false). */
  waitForMgr?: boolean;
  /** Paxos proposals every 0.1 s (default true; see dev-cluster-conf.ts). */
  fastPaxos?: boolean;
  /** Progress lines (`starting mon.a`). */
  log?: (line: string) => void;
  runner?: CephRunner;
  /** How long the daemons may take to come up; default 90 s. */
  timeoutMs?: number;
}

export interface DevClusterInfo {
  dir: string;
  fsid: string;
  /** Client form: `['127.0.0.1:6789']`. */
  monitors: string[];
  /** The mon's address vector: `[v2:127.0.0.1:3300,v1:127.0.0.1:6789]`. */
  monHost: string;
  confPath: string;
  adminKeyringPath: string;
  objectstore: DevObjectstore;
  pids: { mon: number; mgr: number; osd: number };
  /** True when this call made the cluster (mkfs). */
  made: boolean;
  /** The daemons this call started (none when all ran already). */
  started: DevDaemonName[];
  /** How long this call took. */
  elapsedMs: number;
}

const GiB = 1024 ** 3;

/** The admin of a dev cluster, as CephCli takes it (the key stays in its 0600 keyring file). */
export function devAdminTarget(paths: DevClusterPaths, state: Pick<DevClusterState, 'monPort' | 'monV2Port'>): CephTarget {
  return { cluster: { monitors: devMonitors(state).monitors }, credentials: { user: 'admin', keyringPath: paths.keyring('client.admin') } };
}

export async function devClusterUp(options: DevClusterOptions): Promise<DevClusterInfo> {
  const t0 = Date.now();
  const paths = devClusterPaths(resolve(options.dir));
  const runner = options.runner ?? new CephCli();
  const log = options.log ?? ((): void => undefined);
  const timeoutMs = options.timeoutMs ?? 90_000;
  let state = readDevClusterState(paths);
  const made = state === undefined;
  if (state) checkSameCluster(paths, state, options);
  else {
    await clearUnfinished(paths, log);
    const objectstore = options.objectstore ?? 'bluestore';
    const o = { monPort: options.monPort ?? 6789, monV2Port: options.monV2Port ?? 3300, objectstore, osdSizeBytes: options.osdSizeBytes ?? (objectstore === 'memstore' ? GiB : 10 * GiB), fastPaxos: options.fastPaxos ?? true };
    await ensurePortsFree(o.monPort, o.monV2Port);
    log(`making a new Ceph cluster in ${paths.dir} (${objectstore}, ${Math.round(o.osdSizeBytes / GiB)} GiB OSD, mon ${o.monPort}/${o.monV2Port})`);
    state = await mkfsMon(paths, o);
  }
  const cluster = state;
  const admin = devAdminTarget(paths, cluster);
  const spawned = new Map<DevDaemonName, { daemon: SpawnedDaemon; offset: number }>();
  const start = (name: DevDaemonName): void => {
    log(`starting ${name}`);
    const spec = daemonSpec(paths, name);
    const offset = sizeOf(paths.logFile(name));
    spawned.set(name, { daemon: spawnDaemon(spec), offset });
  };
  const exitedWhy = (name: DevDaemonName): string | undefined => {
    const s = spawned.get(name);
    const why = s?.daemon.exited();
    return why === undefined || !s ? undefined : `${name} exited (${why}) while starting; the end of ${paths.logFile(name)}:\n${tailSince(paths.logFile(name), s.offset)}\n${tailSince(paths.outFile(name), 0, 4)}`;
  };
  const waitLog = (name: DevDaemonName, pattern: RegExp, what: string): Promise<void> =>
    waitForLogLine({ file: paths.logFile(name), offset: spawned.get(name)?.offset ?? 0, pattern, what: `${name}: ${what}`, timeoutMs, failed: () => exitedWhy(name) });
  const isRunning = (name: DevDaemonName): boolean => runningPid(daemonSpec(paths, name)) !== undefined;
  try {
    if (!isRunning('mon.a')) {
      if (!made) await ensurePortsFree(cluster.monPort, cluster.monV2Port);
      start('mon.a');
    }
    const monReady = spawned.has('mon.a') ? waitLog('mon.a', /mon\.a is new leader/, 'waiting to lead its quorum') : Promise.resolve();
    monReady.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    if (made) {
      // the OSD's mkfs and the first ceph calls overlap the mon's start
      const osd = (async () => {
        await mkfsOsd(paths, cluster);
        await monReady;
        await runner.ceph(admin, ['osd', 'new', cluster.osdUuid, String(cluster.osdId)], { timeoutMs: 30_000 });
        start('osd.0');
      })();
      const mgr = (async () => {
        await monReady;
        // device health monitoring has no devices to watch here; it would make a pool of its own
        await runner.ceph(admin, ['config', 'set', 'mgr', 'mgr/devicehealth/enable_monitoring', 'false', '--force'], { timeoutMs: 30_000 });
        start('mgr.x');
      })();
      // both settle before anything is cleaned up: a failure in one must not leave the other starting a daemon
      const failed = (await Promise.allSettled([osd, mgr])).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      writeDevClusterState(paths, cluster);
    } else {
      for (const name of ['mgr.x', 'osd.0'] as const) if (!isRunning(name)) start(name);
      await monReady;
    }
    if (spawned.has('osd.0')) await waitLog('osd.0', /state: booting -> active/, 'waiting to be marked up');
    await waitOsdUpIn(runner, admin, timeoutMs, () => exitedWhy('osd.0'));
    if (spawned.has('mgr.x') && options.waitForMgr !== false) await waitLog('mgr.x', /I am now activating|Activating!/, 'waiting to become the active mgr');
  } catch (e) {
    for (const name of [...spawned.keys()].reverse()) await stopDaemon(daemonSpec(paths, name), 5000).catch(() => undefined);
    throw e;
  }
  const pid = (name: DevDaemonName): number => runningPid(daemonSpec(paths, name)) ?? -1;
  const { monitors, monHost } = devMonitors(cluster);
  return {
    dir: paths.dir,
    fsid: cluster.fsid,
    monitors,
    monHost,
    confPath: paths.conf,
    adminKeyringPath: paths.keyring('client.admin'),
    objectstore: cluster.objectstore,
    pids: { mon: pid('mon.a'), mgr: pid('mgr.x'), osd: pid('osd.0') },
    made,
    started: [...spawned.keys()],
    elapsedMs: Date.now() - t0,
  };
}

export interface DevClusterDownResult {
  stopped: Array<{ name: DevDaemonName; pid: number | undefined; outcome: 'stopped' | 'killed' | 'not-running' }>;
  purged: boolean;
}

/** Stop the daemons (OSD first, while the mon can still hear that it goes; then mgr, mon); purge removes the dir. */
export async function devClusterDown(options: { dir: string; purge?: boolean; graceMs?: number }): Promise<DevClusterDownResult> {
  const paths = devClusterPaths(resolve(options.dir));
  const stopped: DevClusterDownResult['stopped'] = [];
  if (!existsSync(paths.dir)) return { stopped, purged: false };
  if (!looksLikeDevCluster(paths)) throw new OrdinalError('E_CEPH_DEV', `${paths.dir} holds no dev cluster (no ceph.conf or dev-cluster.json); left alone`);
  for (const name of [...devDaemonNames].reverse()) {
    const r = await stopDaemon(daemonSpec(paths, name), options.graceMs ?? 10_000);
    stopped.push({ name, ...r });
  }
  if (options.purge) rmSync(paths.dir, { recursive: true, force: true });
  return { stopped, purged: options.purge === true };
}

export function looksLikeDevCluster(paths: DevClusterPaths): boolean {
  return existsSync(paths.state) || existsSync(paths.conf);
}

function checkSameCluster(paths: DevClusterPaths, state: DevClusterState, o: DevClusterOptions): void {
  const differ: string[] = [];
  if (o.monPort !== undefined && o.monPort !== state.monPort) differ.push(`mon port ${state.monPort}`);
  if (o.monV2Port !== undefined && o.monV2Port !== state.monV2Port) differ.push(`mon v2 port ${state.monV2Port}`);
  if (o.objectstore !== undefined && o.objectstore !== state.objectstore) differ.push(`objectstore ${state.objectstore}`);
  if (o.osdSizeBytes !== undefined && o.osdSizeBytes !== state.osdSizeBytes) differ.push(`OSD size ${state.osdSizeBytes} bytes`);
  if (differ.length > 0) {
    throw new OrdinalError('E_CEPH_DEV', `the dev cluster in ${paths.dir} was made with ${differ.join(', ')}; start it as it is (leave those options out), or remove it first (\`ordinal ceph dev down --purge\`)`);
  }
}

/** A dir with an unfinished mkfs (no dev-cluster.json) is wiped, after stopping any daemon it started; any other content is refused. */
async function clearUnfinished(paths: DevClusterPaths, log: (l: string) => void): Promise<void> {
  if (!existsSync(paths.dir) || readdirSync(paths.dir).length === 0) return;
  if (!existsSync(paths.conf)) throw new OrdinalError('E_CEPH_DEV', `${paths.dir} is not empty and holds no dev cluster; choose another dir or empty it`);
  log(`${paths.dir} holds an unfinished mkfs: removing it`);
  for (const name of [...devDaemonNames].reverse()) await stopDaemon(daemonSpec(paths, name), 5000);
  rmSync(paths.dir, { recursive: true, force: true });
}

async function ensurePortsFree(...ports: number[]): Promise<void> {
  for (const port of ports) {
    if (!(await isPortFree(port))) {
      throw new OrdinalError('E_CEPH_PORT_IN_USE', `127.0.0.1:${port} is in use (another Ceph monitor, e.g. a dev cluster of another data dir?); choose other ports (--mon-port, --mon-v2-port)`);
    }
  }
}

interface OsdStat {
  num_osds: number;
  num_up_osds: number;
  num_in_osds: number;
}

async function waitOsdUpIn(runner: CephRunner, admin: CephTarget, timeoutMs: number, failed: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stat = await runner.cephJson<OsdStat>(admin, ['osd', 'stat'], { timeoutMs: 30_000 });
    if (stat.num_up_osds >= 1 && stat.num_in_osds >= 1) return;
    const why = failed();
    if (why !== undefined) throw new OrdinalError('E_CEPH_DEV', why);
    if (Date.now() > deadline) throw new OrdinalError('E_CEPH_DEV', `the OSD is not up and in after ${Math.round(timeoutMs / 1000)} s (${stat.num_up_osds} up, ${stat.num_in_osds} in)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
