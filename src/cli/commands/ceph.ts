/**
 * `ordinal ceph`: the Ceph cluster RBD volumes live on - a one-node dev cluster of ordinal's own
 * (`dev up|down|status`), or an existing one (`connect`) - and `prepare` (pool, user, Secrets,
 * StorageClass). The cluster used is recorded in DATA_DIR/ceph/cluster.json.
 */
import type { Command } from 'commander';
import { registerCephConnect } from './ceph-connect.js';
import { registerCephDev } from './ceph-dev.js';
import { registerCephPrepare } from './ceph-prepare.js';

export function registerCeph(program: Command): void {
  const ceph = program.command('ceph').description('the Ceph cluster for RBD volumes: a dev cluster here (`dev up`), an existing one (`connect`), and `prepare`');
  registerCephDev(ceph);
  registerCephConnect(ceph);
  registerCephPrepare(ceph);
}
