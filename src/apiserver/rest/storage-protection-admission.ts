/**
 * kube-apiserver's StorageObjectInUseProtection admission plugin: on create (the main resource,
 * never a subresource), a PersistentVolumeClaim gets the kubernetes.io/pvc-protection finalizer and
 * a PersistentVolume kubernetes.io/pv-protection, unless it already has it. The pvc-protection and
 * pv-protection controllers remove them when the object may go.
 */
import { pvcProtectionFinalizer, pvProtectionFinalizer } from '../../lib/volume-finalizers.js';
import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';

function protectionFinalizerFor(info: ResourceInfo): string | undefined {
  if (info.custom || info.group !== '') return undefined;
  if (info.resource === 'persistentvolumeclaims') return pvcProtectionFinalizer;
  if (info.resource === 'persistentvolumes') return pvProtectionFinalizer;
  return undefined;
}

/** Adds the protection finalizer to a new claim or volume, in place. */
export function admitStorageProtection(info: ResourceInfo, obj: KubeObject): void {
  const finalizer = protectionFinalizerFor(info);
  if (!finalizer) return;
  const meta = obj['metadata'];
  const finalizers: unknown = meta.finalizers;
  if (finalizers !== undefined && finalizers !== null && !Array.isArray(finalizers)) return; // validation reports it
  const list = (finalizers ?? []) as unknown[];
  if (list.includes(finalizer)) return;
  meta.finalizers = [...list, finalizer];
}
