/**
 * `ordinal ceph prepare`: everything the seeds did by hand before their first claim - a pool
 * (`ceph osd pool create` + `rbd pool init`), a cephx user with the caps RBD volumes need, its
 * Secrets in both shapes, ceph-csi's cluster map and a StorageClass. Idempotent; prints what it
 * made and what it found. The user's key goes only into the Secrets: never to the terminal.
 */
import type { Command } from 'commander';
import type { KubeClient } from '../../client/index.js';
import { CephCli } from '../../storage/ceph-rbd/index.js';
import { adminTarget, readCephClusterRecord } from '../../storage/ceph-rbd/cluster-record.js';
import { ensureRbdPool, ensureRbdUser, type UserResult } from '../../storage/ceph-rbd/prepare-ceph.js';
import { csiRbdSecret, csiRbdStorageClass, legacyRbdSecret, legacyRbdStorageClass, type ClassOptions } from '../../storage/ceph-rbd/prepare-objects.js';
import { dataDirFrom } from '../home.js';
import { CliError } from './cli-error.js';
import { connect } from './connection.js';
import { publishCephCsiConfig } from './ceph-csi-config.js';
import { ensureObject, type EnsureOutcome } from './ensure-object.js';
import { print, runAction } from './run-action.js';
import { findRunningServer, startServerDaemon } from '../up/server-daemon.js';

interface PrepareFlags {
  pool: string;
  user: string;
  namespace: string;
  class: string;
  provisioner: string;
  default?: boolean;
  reclaimPolicy: string;
  fsType: string;
  imageFeatures: string;
  adminSecret: string;
  adminSecretNamespace: string;
  userSecret: string;
  csiSecret: string;
  csiSecretNamespace: string;
  updateCaps?: boolean;
  storageClass: boolean;
  pgNum: string;
  dataDir?: string;
  kubeconfig?: string;
}

const name = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function check(flags: PrepareFlags): void {
  for (const [flag, v] of [['--pool', flags.pool], ['--user', flags.user]] as const) {
    if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw new CliError(`${flag} "${v}" is not a valid Ceph name (letters, digits, '.', '_', '-')`);
  }
  if (flags.user.startsWith('client.')) throw new CliError(`--user takes the name without "client." (got "${flags.user}")`);
  for (const [flag, v] of [['--namespace', flags.namespace], ['--class', flags.class], ['--admin-secret', flags.adminSecret], ['--user-secret', flags.userSecret], ['--csi-secret', flags.csiSecret]] as const) {
    if (!name.test(v)) throw new CliError(`${flag} "${v}" is not a valid Kubernetes name`);
  }
  if (flags.provisioner !== 'csi' && flags.provisioner !== 'legacy') throw new CliError(`--provisioner must be csi (rbd.csi.ceph.com) or legacy (kubernetes.io/rbd), got "${flags.provisioner}"`);
  if (flags.reclaimPolicy !== 'Delete' && flags.reclaimPolicy !== 'Retain') throw new CliError(`--reclaim-policy must be Delete or Retain, got "${flags.reclaimPolicy}"`);
  if (!/^\d+$/.test(flags.pgNum) || Number(flags.pgNum) < 1) throw new CliError(`--pg-num must be a positive number, got "${flags.pgNum}"`);
}

function describeUser(u: UserResult): string[] {
  const caps = `mon '${u.caps.mon ?? ''}' osd '${u.caps.osd ?? ''}' mgr '${u.caps.mgr ?? ''}'`;
  const lines = [`cephx user client.${u.user}: ${u.outcome} (${caps})`];
  if (u.missing.length > 0) {
    lines.push(`warning: client.${u.user} lacks caps that RBD volumes need:`);
    for (const m of u.missing) lines.push(`  ${m.service}: has '${m.have ?? '(none)'}', needs '${m.want}' - without it ${m.breaks}`);
    lines.push(`  fix: \`ordinal ceph prepare ... --update-caps\` adds them (keeping the user's grants), or \`ceph auth caps client.${u.user} ...\` by hand`);
  }
  return lines;
}

async function apiClient(flags: PrepareFlags, dataDir: string, out: string[]): Promise<KubeClient> {
  if (!flags.kubeconfig && !(await findRunningServer(dataDir))) {
    const started = await startServerDaemon({ dataDir, serverArgs: [] });
    out.push(`started ordinal server (pid ${started.pid}, ${started.url}); its log: ${started.logPath}`);
  }
  return (await connect({ ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}) })).client;
}

const said = (o: EnsureOutcome): string => o;

export function registerCephPrepare(ceph: Command): void {
  ceph
    .command('prepare')
    .description('make a pool, a cephx user with the caps RBD volumes need, its Secrets and a StorageClass (idempotent)')
    .option('--pool <pool>', 'the RBD pool', 'kube')
    .option('--user <name>', 'the cephx user (without "client.")', 'kube')
    .option('--namespace <ns>', 'namespace of the user Secret the pods read (the in-tree userSecretName); created if missing', 'default')
    .option('--class <name>', 'the StorageClass to make', 'ceph-rbd')
    .option('--provisioner <kind>', "csi (rbd.csi.ceph.com) or legacy (kubernetes.io/rbd, as the seeds' classes)", 'csi')
    .option('--default', 'make the class the default one')
    .option('--reclaim-policy <policy>', 'Delete or Retain', 'Delete')
    .option('--fs-type <fs>', 'filesystem made on new images', 'ext4')
    .option('--image-features <list>', 'features of new images', 'layering')
    .option('--admin-secret <name>', 'the in-tree adminSecretName', 'ceph-secret')
    .option('--admin-secret-namespace <ns>', 'the in-tree adminSecretNamespace', 'kube-system')
    .option('--user-secret <name>', 'the in-tree userSecretName (in --namespace)', 'ceph-secret-user')
    .option('--csi-secret <name>', "ceph-csi's Secret (userID, userKey)", 'csi-rbd-secret')
    .option('--csi-secret-namespace <ns>', "namespace of ceph-csi's Secret", 'kube-system')
    .option('--no-storage-class', "make no StorageClass (the files bring their own, as the seeds' do)")
    .option('--update-caps', "add the caps an existing user lacks (keeps its own grants)")
    .option('--pg-num <n>', 'placement groups of a new pool', '32')
    .option('--data-dir <dir>', 'data dir (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--kubeconfig <path>', 'write the Kubernetes objects to this cluster instead of the data dir one')
    .action(runAction(async (flags: PrepareFlags) => {
      check(flags);
      const dataDir = dataDirFrom(flags.dataDir);
      const rec = readCephClusterRecord(dataDir);
      if (!rec) throw new CliError(`no Ceph cluster is configured for ${dataDir}: run \`ordinal ceph dev up\` (a one-node cluster here) or \`ordinal ceph connect --conf FILE --keyring FILE\``);
      const runner = new CephCli();
      const admin = adminTarget(rec);
      const out: string[] = [];
      const pool = await ensureRbdPool(runner, admin, flags.pool, Number(flags.pgNum));
      out.push(`pool ${pool.pool}: ${pool.outcome}${pool.initialized ? ' (rbd pool init)' : ''}`);
      const user = await ensureRbdUser(runner, admin, flags.user, flags.pool, { updateCaps: flags.updateCaps === true });
      out.push(...describeUser(user));
      const client = await apiClient(flags, dataDir, out);
      try {
        const ns = await ensureObject(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: flags.namespace } }, { update: false });
        if (ns === 'created') out.push(`namespace/${flags.namespace}: created`);
        const secrets = [
          legacyRbdSecret(flags.adminSecret, flags.adminSecretNamespace, user.key),
          legacyRbdSecret(flags.userSecret, flags.namespace, user.key),
          csiRbdSecret(flags.csiSecret, flags.csiSecretNamespace, flags.user, user.key),
        ];
        for (const s of secrets) {
          if (s['metadata'].namespace !== flags.namespace) await ensureObject(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: s['metadata'].namespace } }, { update: false });
          out.push(`secret/${s['metadata'].name} -n ${s['metadata'].namespace} (${s['type']}): ${said(await ensureObject(client, s, { update: true }))}`);
        }
        out.push(`configmap/ceph-csi-config -n kube-system (cluster ${rec.clusterID}): ${said(await publishCephCsiConfig(client, { clusterID: rec.clusterID, monitors: rec.monitors }))}`);
        if (!flags.storageClass) return;
        const opts: ClassOptions = { name: flags.class, pool: flags.pool, isDefault: flags.default === true, reclaimPolicy: flags.reclaimPolicy as 'Delete' | 'Retain', fsType: flags.fsType, imageFeatures: flags.imageFeatures };
        const sc = flags.provisioner === 'csi'
          ? csiRbdStorageClass(opts, rec.clusterID, { name: flags.csiSecret, namespace: flags.csiSecretNamespace })
          : legacyRbdStorageClass(opts, rec.monitors, flags.user, { name: flags.adminSecret, namespace: flags.adminSecretNamespace }, flags.userSecret);
        const scOutcome = await ensureObject(client, sc, { update: false });
        out.push(`storageclass/${flags.class} (${sc['provisioner']}, pool ${flags.pool}${opts.isDefault ? ', default' : ''}): ${scOutcome === 'exists' ? 'exists (left as it is: a class\'s parameters cannot change; delete it to make it anew)' : scOutcome}`);
      } finally {
        client.close();
        print(`${out.join('\n')}\n`);
      }
    }));
}
