/**
 * What `ordinal ceph dev up` and `ordinal ceph connect` do last: record the cluster for the data dir
 * (DATA_DIR/ceph/cluster.json) and, when an ordinal server runs for it, publish ceph-csi's cluster
 * map (kube-system/ceph-csi-config) so `rbd.csi.ceph.com` StorageClasses find the monitors.
 */
import { writeCephClusterRecord, type CephClusterRecord, cephClusterRecordPath, readCephClusterRecord } from '../../storage/ceph-rbd/cluster-record.js';
import { findRunningServer } from '../up/server-daemon.js';
import { publishCephCsiConfig } from './ceph-csi-config.js';
import { connect } from './connection.js';

/** Writes the record and publishes the map; returns the lines to print. */
export async function recordCluster(dataDir: string, rec: CephClusterRecord): Promise<string[]> {
  const out: string[] = [];
  let before: CephClusterRecord | undefined;
  try {
    before = readCephClusterRecord(dataDir);
  } catch {
    before = undefined; // a damaged record is replaced
  }
  if (before && before.clusterID !== rec.clusterID) out.push(`replacing the cluster recorded before (${before.clusterID}, ${before.dev ? 'the dev cluster' : before.monitors.join(',')})`);
  writeCephClusterRecord(dataDir, rec);
  out.push(`recorded in ${cephClusterRecordPath(dataDir)}`);
  out.push(await publishIfServerRuns(dataDir, rec));
  return out;
}

async function publishIfServerRuns(dataDir: string, rec: CephClusterRecord): Promise<string> {
  let server;
  try {
    server = await findRunningServer(dataDir, 2000);
  } catch (e) {
    return `configmap/ceph-csi-config not published: ${(e as Error).message}`;
  }
  if (!server) return `configmap/ceph-csi-config: not published yet (no ordinal server runs for ${dataDir}; \`ordinal ceph prepare\` publishes it)`;
  const conn = await connect({ dataDir });
  try {
    const outcome = await publishCephCsiConfig(conn.client, { clusterID: rec.clusterID, monitors: rec.monitors });
    return `configmap/ceph-csi-config -n kube-system: ${outcome} (cluster ${rec.clusterID})`;
  } catch (e) {
    return `configmap/ceph-csi-config not published: ${(e as Error).message}`;
  } finally {
    conn.client.close();
  }
}
