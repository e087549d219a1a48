/**
 * The StorageObjectReader the volume controllers give provisioners: a GET per object, so a Secret or
 * ConfigMap the admin fixes counts at the next retry (the in-tree plugin and the external-provisioner
 * read Secrets the same way). Provisioning reads one or two objects, so no cache is kept.
 */
import type { KubeClient } from '../../client/index.js';
import type { StorageObjectReader } from '../../storage/index.js';
import { getIfExists, storageClassesPath } from './volume-api.js';

const seg = encodeURIComponent;

export function apiObjectReader(client: KubeClient): StorageObjectReader {
  return {
    secret: (namespace, name) => getIfExists(client, `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}`),
    configMap: (namespace, name) => getIfExists(client, `/api/v1/namespaces/${seg(namespace)}/configmaps/${seg(name)}`),
    storageClass: (name) => getIfExists(client, `${storageClassesPath}/${seg(name)}`),
  };
}
