/**
 * A one-node dev cluster's layout under its dir and its ceph.conf. Pure: paths and text only.
 *
 *   DIR/ceph.conf          the config every daemon and client of this cluster reads (no secret)
 *   DIR/dev-cluster.json   what mkfs made (fsid, ports, objectstore, the OSD's uuid); written last
 *   DIR/keys/              ceph.<name>.keyring, 0600 each (client.admin, mon., mgr.x, osd.0)
 *   DIR/mon/a, mgr/x, osd/0  the daemons' data (bluestore: osd/0/block, a sparse file)
 *   DIR/run/               <daemon>.pid (written by ordinal) and the admin sockets
 *   DIR/log/               <daemon>.log (Ceph's log) and <daemon>.out (stdout and stderr)
 */
import { join } from 'node:path';

export type DevObjectstore = 'bluestore' | 'memstore';

export const devDaemonNames = ['mon.a', 'mgr.x', 'osd.0'] as const;
export type DevDaemonName = (typeof devDaemonNames)[number];

export interface DevClusterPaths {
  dir: string;
  conf: string;
  state: string;
  keys: string;
  run: string;
  log: string;
  crash: string;
  monData: string;
  mgrData: string;
  osdData: string;
  /** The keyring of `ceph.<name>` (client.admin, mon., mgr.x, osd.0). */
  keyring(name: string): string;
  pidFile(daemon: DevDaemonName): string;
  logFile(daemon: DevDaemonName): string;
  outFile(daemon: DevDaemonName): string;
}

export function devClusterPaths(dir: string): DevClusterPaths {
  const run = join(dir, 'run');
  const log = join(dir, 'log');
  const keys = join(dir, 'keys');
  return {
    dir,
    conf: join(dir, 'ceph.conf'),
    state: join(dir, 'dev-cluster.json'),
    keys,
    run,
    log,
    crash: join(dir, 'crash'),
    monData: join(dir, 'mon', 'a'),
    mgrData: join(dir, 'mgr', 'x'),
    osdData: join(dir, 'osd', '0'),
    keyring: (name) => join(keys, `ceph.${name}.keyring`),
    pidFile: (daemon) => join(run, `${daemon}.pid`),
    logFile: (daemon) => join(log, `${daemon}.log`),
    outFile: (daemon) => join(log, `${daemon}.out`),
  };
}

/** The mon's address vector as `mon host` and monmaptool take it: `[v2:127.0.0.1:3300,v1:127.0.0.1:6789]`. */
export function devMonHost(monV2Port: number, monPort: number): string {
  return `[v2:127.0.0.1:${monV2Port},v1:127.0.0.1:${monPort}]`;
}

export interface DevConfOptions {
  fsid: string;
  monPort: number;
  monV2Port: number;
  objectstore: DevObjectstore;
  osdSizeBytes: number;
  /** Paxos proposals every 0.1 s instead of 1 s (see below); default true. */
  fastPaxos?: boolean;
}

/**
 * The cluster's ceph.conf. Ceph's defaults except where a one-node cluster on a shared host needs
 * otherwise, each with its reason:
 * - size 1 pools, `chooseleaf type = 0` (one host), pool deletion allowed: a dev cluster;
 * - no HEALTH_WARN for what is by design (pools without replicas) or for a busy shared disk
 *   (`mon data avail warn` 30% -> 10%; the mon still stops at Ceph's 5%);
 * - `auth allow insecure global id reclaim = false`: every client here is new (Ceph's own advice,
 *   and it clears the warning a fresh cluster starts with);
 * - `paxos propose interval = 0.1`: a single mon has no peers to batch proposals for; with Ceph's
 *   1 s every map change waits up to a second (measured: OSD up 3.6 s -> 1.0 s after the mon starts,
 *   and each `ceph osd pool create`, `ceph auth ...`, `ceph osd blocklist ...` in a row waits less);
 * - a light mgr: only Ceph's always-on modules (rbd_support among them) are loaded; the others are
 *   not loaded at all (`mgr disabled modules`) and none is enabled (`mgr initial modules` is empty).
 *   Loading a python module costs ~0.3 s of CPU each: 26 modules took 7.8 s on this busy 2-core host
 *   before the mgr was active. (Always-on modules cannot be left out: the mgr then reports them as
 *   failed, HEALTH_ERR);
 * - everything (sockets, logs, crash dumps, keyrings) under the cluster's dir; daemons bind loopback.
 */
export function devClusterConf(paths: DevClusterPaths, o: DevConfOptions): string {
  const store =
    o.objectstore === 'memstore'
      ? ['osd objectstore = memstore', `memstore device bytes = ${o.osdSizeBytes}`]
      : ['osd objectstore = bluestore', 'bluestore block create = true', `bluestore block size = ${o.osdSizeBytes}`];
  return [
    '# A one-node dev cluster made by `ordinal ceph dev up` (src/storage/ceph-rbd/dev-cluster-conf.ts).',
    '[global]',
    `fsid = ${o.fsid}`,
    `mon host = ${devMonHost(o.monV2Port, o.monPort)}`,
    'public addr = 127.0.0.1',
    'auth cluster required = cephx',
    'auth service required = cephx',
    'auth client required = cephx',
    'auth allow insecure global id reclaim = false',
    `keyring = ${join(paths.keys, 'ceph.$name.keyring')}`,
    `run dir = ${paths.run}`,
    `crash dir = ${paths.crash}`,
    'osd pool default size = 1',
    'osd pool default min size = 1',
    'osd crush chooseleaf type = 0',
    'mon allow pool size one = true',
    'mon allow pool delete = true',
    'mon warn on pool no redundancy = false',
    'mon data avail warn = 10',
    ...(o.fastPaxos === false ? [] : ['paxos propose interval = 0.1']),
    'mgr initial modules =',
    `mgr disabled modules = ${unusedMgrModules.join(',')}`,
    '',
    '[mon]',
    `mon data = ${join(paths.dir, 'mon', '$id')}`,
    ...daemonFiles(paths),
    '',
    '[mgr]',
    `mgr data = ${join(paths.dir, 'mgr', '$id')}`,
    ...daemonFiles(paths),
    '',
    '[osd]',
    `osd data = ${join(paths.dir, 'osd', '$id')}`,
    ...store,
    ...daemonFiles(paths),
    '',
  ].join('\n');
}

/** The mgr modules that are not always on: none is needed by RBD volumes. */
export const unusedMgrModules = [
  'alerts', 'diskprediction_local', 'influx', 'insights', 'iostat', 'k8sevents', 'localpool', 'mirroring', 'nfs', 'osd_perf_query', 'osd_support',
  'prometheus', 'restful', 'rook', 'selftest', 'snap_schedule', 'stats', 'telegraf', 'test_orchestrator', 'zabbix', 'dashboard', 'cephadm',
];

/** Admin sockets and log files for daemons only: clients sharing one socket path collide (EEXIST). */
function daemonFiles(paths: DevClusterPaths): string[] {
  return [`admin socket = ${join(paths.run, '$name.asok')}`, `log file = ${join(paths.log, '$name.log')}`];
}
