/**
 * ceph-csi's cluster map: a ConfigMap (here kube-system/ceph-csi-config, key config.json) holding
 * `[{"clusterID": "<fsid>", "monitors": ["127.0.0.1:6789", ...]}]`. A `rbd.csi.ceph.com`
 * StorageClass and its PVs name only the clusterID; the provisioner and the node look the monitors
 * up here. `ordinal ceph dev up`, `connect` and `prepare` write it. Pure: parse and merge.
 */
import type { CephCluster } from './types.js';

export const cephCsiConfigMap = { namespace: 'kube-system', name: 'ceph-csi-config', key: 'config.json' } as const;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The clusters a ceph-csi-config ConfigMap lists (entries without monitors are skipped). */
export function cephCsiClusters(configMap: Obj | undefined): CephCluster[] {
  const raw = configMap?.['data']?.[cephCsiConfigMap.key];
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: CephCluster[] = [];
  for (const e of parsed as Obj[]) {
    const monitors = Array.isArray(e?.['monitors']) ? (e['monitors'] as unknown[]).filter((m): m is string => typeof m === 'string' && m !== '') : [];
    if (typeof e?.['clusterID'] === 'string' && monitors.length > 0) out.push({ clusterID: e['clusterID'], monitors });
  }
  return out;
}

/** The monitors of one clusterID, or undefined when the map does not list it. */
export function monitorsOf(configMap: Obj | undefined, clusterID: string): string[] | undefined {
  return cephCsiClusters(configMap).find((c) => c.clusterID === clusterID)?.monitors;
}

/** The config.json text with `cluster` added or replacing the entry of the same clusterID. */
export function withCluster(configMap: Obj | undefined, cluster: CephCluster): string {
  const others = cephCsiClusters(configMap).filter((c) => c.clusterID !== cluster.clusterID);
  return JSON.stringify([...others, { clusterID: cluster.clusterID, monitors: [...cluster.monitors] }]);
}
