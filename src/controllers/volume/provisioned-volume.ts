/** The PersistentVolume a provisioner's volume becomes (pure). */
import type { ProvisionedVolume } from '../../storage/index.js';
import type { KubeObject } from '../runtime/types.js';
import { annBoundByController, annProvisionedBy, pvControllerFinalizer } from './annotations.js';
import { claimRefFor } from './bind-steps.js';

/**
 * Pre-bound to the claim (claimRef with its uid), so only this claim can take it; reclaimPolicy from
 * the class (default Delete); with Delete, the pv-controller finalizer so that deleting the PV object
 * first still removes the storage.
 */
export function provisionedVolume(claim: KubeObject, storageClass: KubeObject, provisioner: string, name: string, made: ProvisionedVolume): KubeObject {
  const reclaimPolicy: string = storageClass['reclaimPolicy'] ?? 'Delete';
  const spec: KubeObject = {
    ...made.source,
    capacity: { storage: made.capacity },
    accessModes: [...(claim['spec']?.accessModes ?? [])],
    persistentVolumeReclaimPolicy: reclaimPolicy,
    storageClassName: storageClass['metadata'].name,
    volumeMode: claim['spec']?.volumeMode ?? 'Filesystem',
    claimRef: claimRefFor(claim),
  };
  if (storageClass['mountOptions']) spec['mountOptions'] = [...storageClass['mountOptions']];
  if (made.nodeAffinity) spec['nodeAffinity'] = made.nodeAffinity;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { ...made.annotations, [annProvisionedBy]: provisioner, [annBoundByController]: 'yes' },
      ...(reclaimPolicy === 'Delete' ? { finalizers: [pvControllerFinalizer] } : {}),
    },
    spec,
  };
}
