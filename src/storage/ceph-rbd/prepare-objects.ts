/**
 * The Kubernetes objects `ordinal ceph prepare` makes for a pool and user (pure): the Secrets in
 * both shapes - the in-tree plugin's `type: kubernetes.io/rbd` with `data.key` (seed 000) and
 * ceph-csi's `userID`/`userKey` - and a StorageClass for either provisioner.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function legacyRbdSecret(name: string, namespace: string, key: string): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'kubernetes.io/rbd', data: { key: b64(key) } };
}

export function csiRbdSecret(name: string, namespace: string, user: string, key: string): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data: { userID: b64(user), userKey: b64(key) } };
}

export interface ClassOptions {
  name: string;
  pool: string;
  isDefault: boolean;
  reclaimPolicy: 'Delete' | 'Retain';
  fsType: string;
  imageFeatures: string;
}

const defaultAnnotation = (isDefault: boolean): Obj => (isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {});

/** A `rbd.csi.ceph.com` class, as ceph-csi's example StorageClass has it. */
export function csiRbdStorageClass(o: ClassOptions, clusterID: string, secret: { name: string; namespace: string }): Obj {
  const secretParams: Obj = {};
  for (const role of ['provisioner', 'controller-expand', 'node-stage']) {
    secretParams[`csi.storage.k8s.io/${role}-secret-name`] = secret.name;
    secretParams[`csi.storage.k8s.io/${role}-secret-namespace`] = secret.namespace;
  }
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: o.name, ...defaultAnnotation(o.isDefault) },
    provisioner: 'rbd.csi.ceph.com',
    parameters: { clusterID, pool: o.pool, imageFeatures: o.imageFeatures, 'csi.storage.k8s.io/fstype': o.fsType, ...secretParams },
    reclaimPolicy: o.reclaimPolicy,
    volumeBindingMode: 'Immediate',
  };
}

/** A `kubernetes.io/rbd` class, as seed 000 wrote it (admin and user Secrets of type kubernetes.io/rbd). */
export function legacyRbdStorageClass(o: ClassOptions, monitors: readonly string[], user: string, admin: { name: string; namespace: string }, userSecretName: string): Obj {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: o.name, ...defaultAnnotation(o.isDefault) },
    provisioner: 'kubernetes.io/rbd',
    parameters: {
      monitors: monitors.join(','),
      adminId: user,
      adminSecretName: admin.name,
      adminSecretNamespace: admin.namespace,
      pool: o.pool,
      userId: user,
      userSecretName,
      fsType: o.fsType,
      imageFormat: '2',
      imageFeatures: o.imageFeatures,
    },
    reclaimPolicy: o.reclaimPolicy,
    volumeBindingMode: 'Immediate',
  };
}
