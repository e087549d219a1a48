/**
 * `ordinal ceph dev up|down|status`: a one-node Ceph (mon, mgr, one OSD) under DATA_DIR/ceph/dev as
 * real detached daemons. `up` is idempotent (running: says so; stopped: starts the daemons on the
 * data kept; nothing yet: makes the cluster) and records it as the cluster this data dir uses.
 */
import type { Command } from 'commander';
import { devClusterDirOf, readCephClusterRecord, removeCephClusterRecord } from '../../storage/ceph-rbd/cluster-record.js';
import { devClusterStatus, type DevClusterStatus } from '../../storage/ceph-rbd/dev-cluster-status.js';
import { devClusterDown, devClusterUp } from '../../storage/ceph-rbd/dev-cluster.js';
import type { DevObjectstore } from '../../storage/ceph-rbd/dev-cluster-conf.js';
import { dataDirFrom } from '../home.js';
import { recordCluster } from './ceph-record.js';
import { CliError } from './cli-error.js';
import { print, runAction } from './run-action.js';

interface UpFlags {
  dataDir?: string;
  monPort?: string;
  monV2Port?: string;
  objectstore?: string;
  osdSize?: string;
}

const units: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `10G`, `512MiB`, `1073741824` -> bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(text.trim());
  const bytes = m ? Math.round(Number(m[1]) * units[m[2]!.toLowerCase()]!) : NaN;
  if (!Number.isFinite(bytes) || bytes < 64 * 1024 ** 2) throw new CliError(`${flag} "${text}" is not a size of at least 64M (e.g. 10G, 512M)`);
  return bytes;
}

function parsePort(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new CliError(`${flag} "${text}" is not a port`);
  return n;
}

const gib = (bytes: number): string => `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB`;

/** The lines that say where the cluster is and how to reach it. */
function describe(s: DevClusterStatus): string[] {
  const c = s.cluster;
  if (!c) return [];
  const kept = c.objectstore === 'bluestore' ? `${gib(c.osdSizeBytes)} sparse file ${s.dir}/osd/0/block, kept across down/up` : `${gib(c.osdSizeBytes)} in the OSD's memory, lost when it stops`;
  const lines = [
    `  fsid:          ${c.fsid}`,
    `  monitors:      ${c.monitors.join(',')}   (mon host ${c.monHost})`,
    `  conf:          ${c.confPath}`,
    `  admin keyring: ${c.adminKeyringPath} (client.admin, 0600)`,
    `  objectstore:   ${c.objectstore} (${kept})`,
    `  daemons:       ${s.daemons.map((d) => `${d.name} ${d.running ? `pid ${d.pid}` : 'stopped'}`).join(', ')}; logs in ${s.dir}/log`,
  ];
  const h = s.health;
  if (h && 'error' in h) lines.push(`  health:        unknown - ${h.error}`);
  else if (h) lines.push(`  health:        ${h.status}${h.checks.length ? ` (${h.checks.join('; ')})` : ''}; OSDs ${h.osdsUp} up, ${h.osdsIn} in; mgr ${h.mgrAvailable ? 'active' : 'not active yet'}`, `  pools:         ${h.pools.length ? h.pools.join(', ') : '(none yet)'}`);
  return lines;
}

export function registerCephDev(ceph: Command): void {
  const dev = ceph.command('dev').description('a one-node Ceph cluster (mon, mgr, one OSD) under DATA_DIR/ceph/dev, for development');

  dev
    .command('up')
    .description('start the dev cluster (made on first use; idempotent) and use it for this data dir')
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--mon-port <port>', "the mon's msgr v1 port, the one `monitors: 127.0.0.1:6789` names (default 6789; fixed when the cluster is made)")
    .option('--mon-v2-port <port>', "the mon's msgr v2 port (default 3300)")
    .option('--objectstore <kind>', 'bluestore (a sparse file, data kept) or memstore (in memory)')
    .option('--osd-size <size>', "the OSD's capacity (default 10G for bluestore, 1G for memstore)")
    .action(
      runAction(async (flags: UpFlags) => {
        const dataDir = dataDirFrom(flags.dataDir);
        if (flags.objectstore !== undefined && flags.objectstore !== 'bluestore' && flags.objectstore !== 'memstore') throw new CliError(`--objectstore must be bluestore or memstore, got "${flags.objectstore}"`);
        const monPort = parsePort(flags.monPort, '--mon-port');
        const monV2Port = parsePort(flags.monV2Port, '--mon-v2-port');
        if (monPort !== undefined && monV2Port !== undefined && monPort === monV2Port) throw new CliError('--mon-port and --mon-v2-port must differ');
        const dir = devClusterDirOf(dataDir);
        const info = await devClusterUp({
          dir,
          ...(monPort !== undefined ? { monPort } : {}),
          ...(monV2Port !== undefined ? { monV2Port } : {}),
          ...(flags.objectstore !== undefined ? { objectstore: flags.objectstore as DevObjectstore } : {}),
          ...(flags.osdSize !== undefined ? { osdSizeBytes: parseSize(flags.osdSize, '--osd-size') } : {}),
          log: (line) => process.stderr.write(`${line}\n`),
        }).catch((e: unknown) => {
          throw new CliError(`ceph dev up: ${(e as Error).message}`, { cause: e });
        });
        const secs = (info.elapsedMs / 1000).toFixed(1);
        const how = info.made ? `made and started in ${secs} s` : info.started.length > 0 ? `started again (${info.started.join(', ')}) in ${secs} s, data kept` : 'already running';
        const status = await devClusterStatus({ dir, health: true });
        const recorded = await recordCluster(dataDir, { clusterID: info.fsid, monitors: info.monitors, confPath: info.confPath, adminKeyringPath: info.adminKeyringPath, adminUser: 'admin', dev: true });
        print(
          [
            `Ceph dev cluster ${how}`,
            ...describe(status),
            ...recorded,
            'next:',
            `  ordinal ceph prepare --pool kube --user kube --namespace <ns>${flags.dataDir ? ` --data-dir ${dataDir}` : ''}`,
            `  ceph -c ${info.confPath} -s   (the conf names the admin keyring)`,
            '',
          ].join('\n'),
        );
      }),
    );

  dev
    .command('down')
    .description('stop the dev cluster (its daemons, by their pids); the data is kept unless --purge')
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--purge', 'also delete the cluster: its data, keys and config, and the record that this data dir uses it')
    .action(
      runAction(async (flags: { dataDir?: string; purge?: boolean }) => {
        const dataDir = dataDirFrom(flags.dataDir);
        const dir = devClusterDirOf(dataDir);
        const before = await devClusterStatus({ dir });
        if (before.state === 'absent') {
          print(`no dev cluster in ${dir}; nothing to stop\n`);
          return;
        }
        const result = await devClusterDown({ dir, purge: flags.purge === true });
        const lines = result.stopped.map((s) => `${s.name}: ${s.outcome === 'not-running' ? 'was not running' : `${s.outcome} (pid ${s.pid})`}`);
        if (result.purged) {
          lines.push(`removed ${dir}`);
          const rec = readCephClusterRecord(dataDir);
          if (rec?.dev && rec.clusterID === before.cluster?.fsid) {
            removeCephClusterRecord(dataDir);
            lines.push(`this data dir uses no Ceph cluster now (\`ordinal ceph dev up\` or \`ordinal ceph connect\`)`);
          }
        } else lines.push(`data kept in ${dir}; \`ordinal ceph dev up\` starts it again`);
        print(lines.join('\n') + '\n');
      }),
    );

  dev
    .command('status')
    .description("whether the dev cluster runs, its daemons and Ceph's health (exit code 3 when it does not run)")
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .action(
      runAction(async (flags: { dataDir?: string }) => {
        const dir = devClusterDirOf(dataDirFrom(flags.dataDir));
        const s = await devClusterStatus({ dir, health: true });
        const head: Record<DevClusterStatus['state'], string> = {
          absent: `no dev cluster in ${dir} (\`ordinal ceph dev up\` makes one)`,
          unfinished: `${dir} holds an unfinished dev cluster (\`ordinal ceph dev up\` makes it afresh)`,
          stopped: `Ceph dev cluster: stopped (\`ordinal ceph dev up\` starts it)`,
          partial: `Ceph dev cluster: partly running (\`ordinal ceph dev up\` starts the rest)`,
          running: 'Ceph dev cluster: running',
        };
        print([head[s.state], ...describe(s), ''].join('\n'));
        if (s.state !== 'running') process.exitCode = 3;
      }),
    );
}
