/** Writes ceph-csi's cluster map (kube-system/ceph-csi-config) through the API. */
import type { KubeClient } from '../../client/index.js';
import { cephCsiConfigMap, withCluster, type CephCluster } from '../../storage/ceph-rbd/index.js';
import { ensureObject, type EnsureOutcome } from './ensure-object.js';

/** Adds `cluster` to the map (or replaces its entry), keeping the other clusters listed there. */
export async function publishCephCsiConfig(client: KubeClient, cluster: CephCluster): Promise<EnsureOutcome> {
  const { namespace, name, key } = cephCsiConfigMap;
  const current = await client.getIfExists<Record<string, unknown>>(`/api/v1/namespaces/${namespace}/configmaps/${name}`);
  const wanted = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { ...((current?.['data'] as Record<string, string> | undefined) ?? {}), [key]: withCluster(current, cluster) } };
  return ensureObject(client, wanted, { update: true });
}
