/**
 * `ordinal ceph connect --conf FILE --keyring FILE [--user admin]`: use an existing Ceph cluster.
 * Reads `mon host` and `fsid` from the conf, the user's key from the keyring, checks both with
 * `ceph fsid` and `ceph health` (Ceph's own message when the monitors cannot be reached or refuse
 * the key), keeps a copy of just that key in DATA_DIR/ceph/client.USER.keyring (0600) and records
 * the cluster. The key is never printed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeSecretFile } from '../../lib/secret-file.js';
import { CephCli, keyringFor } from '../../storage/ceph-rbd/ceph-cli.js';
import { isCephCommandError } from '../../storage/ceph-rbd/ceph-command-error.js';
import type { CephTarget } from '../../storage/ceph-rbd/types.js';
import { iniValue, keyringEntry, monHostOf, parseCephIni } from '../../storage/ceph-rbd/ceph-ini.js';
import { cephDirOf } from '../../storage/ceph-rbd/cluster-record.js';
import { clientMonitors } from '../../storage/ceph-rbd/mon-addresses.js';
import { dataDirFrom } from '../home.js';
import { recordCluster } from './ceph-record.js';
import { CliError } from './cli-error.js';
import { print, runAction } from './run-action.js';

interface ConnectFlags {
  conf: string;
  keyring: string;
  user: string;
  dataDir?: string;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

const authRefused = /handle_auth_bad_method|Permission denied|\(13\)|\(1\) Operation not permitted/;

/** A Ceph call whose failure becomes a CliError carrying Ceph's message (its log prefixes removed). */
async function ask<T>(what: string, target: { monitors: string[]; user: string; keyringPath: string }, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const raw = isCephCommandError(e) ? e.cephMessage : (e as Error).message;
    const why = raw.replace(/\d{4}-\d\d-\d\dT[\d:.]+[+-]\d{4} [0-9a-f]+\s+-?\d+ /g, '');
    const at = `${target.monitors.join(',')} as client.${target.user}`;
    if (authRefused.test(why)) throw new CliError(`the monitors at ${target.monitors.join(',')} refused client.${target.user}'s key from ${target.keyringPath} (a wrong key, or no such user on this cluster): ${why}`, { cause: e });
    const hint = /\(110\)|errno 110|timed out/.test(why) ? ' (do the monitors run, and are they reachable from here?)' : '';
    throw new CliError(`cannot ${what} at ${at}: ${why}${hint}`, { cause: e });
  }
}

export function registerCephConnect(ceph: Command): void {
  ceph
    .command('connect')
    .description('use an existing Ceph cluster for this data dir (checked with `ceph fsid` and `ceph health`)')
    .requiredOption('--conf <file>', "the cluster's ceph.conf (its `mon host` and `fsid` are read)")
    .requiredOption('--keyring <file>', "a keyring holding the admin user's key")
    .option('--user <name>', 'the admin user, without "client."', 'admin')
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .action(
      runAction(async (flags: ConnectFlags) => {
        const dataDir = dataDirFrom(flags.dataDir);
        const user = flags.user.replace(/^client\./, '');
        if (!/^[A-Za-z0-9_.-]+$/.test(user)) throw new CliError(`--user "${flags.user}" is not a valid Ceph name`);
        const confPath = resolve(flags.conf);
        const conf = parseCephIni(readText(confPath, 'conf'));
        const monHost = monHostOf(conf);
        if (!monHost) throw new CliError(`${confPath} names no monitors (no \`mon host\` in [global], no \`mon addr\` in a [mon.X] section)`);
        const monitors = clientMonitors(monHost);
        const keyringPath = resolve(flags.keyring);
        const { key, entities } = keyringEntry(parseCephIni(readText(keyringPath, 'keyring')), `client.${user}`);
        if (!key) throw new CliError(`${keyringPath} holds no key for client.${user}${entities.length ? ` (it has: ${entities.join(', ')}; pass --user)` : ''}`);
        const cli = new CephCli();
        const target: CephTarget = { cluster: { monitors }, credentials: { user, key } };
        const fsid = (await ask('reach the cluster', { monitors, user, keyringPath }, () => cli.cephJson<{ fsid: string }>(target, ['fsid'], { timeoutMs: 30_000 }))).fsid;
        const confFsid = iniValue(conf, 'fsid');
        if (confFsid && confFsid.toLowerCase() !== fsid.toLowerCase()) throw new CliError(`the cluster at ${monitors.join(',')} has fsid ${fsid}, but ${confPath} says ${confFsid}: a conf of another cluster?`);
        const health = (await ask('read the health', { monitors, user, keyringPath }, () => cli.ceph(target, ['health'], { timeoutMs: 30_000 }))).trim();
        const copy = join(cephDirOf(dataDir), `client.${user}.keyring`);
        writeSecretFile(copy, keyringFor(user, key));
        const recorded = await recordCluster(dataDir, { clusterID: fsid, monitors, confPath, adminKeyringPath: copy, adminUser: user, dev: false });
        print(
          [
            `connected to Ceph cluster ${fsid}`,
            `  monitors:      ${monitors.join(',')}   (mon host ${monHost})`,
            `  health:        ${health.split('\n')[0]}`,
            `  conf:          ${confPath}`,
            `  admin keyring: ${copy} (client.${user}'s key copied from ${keyringPath}, 0600)`,
            ...recorded,
            'next:',
            `  ordinal ceph prepare --pool kube --user kube --namespace <ns>${flags.dataDir ? ` --data-dir ${dataDir}` : ''}`,
            '',
          ].join('\n'),
        );
      }),
    );
}
