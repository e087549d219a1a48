import { isObject, setDefault, type JsonObject } from '../validation/json-value.js';

/** Defaults of PersistentVolumeClaim, PersistentVolume and StorageClass. */

export function defaultClaimSpec(spec: JsonObject): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}

function defaultStatusPhase(obj: JsonObject, phase: string): void {
  if (obj.status === undefined || obj.status === null) obj.status = {};
  if (isObject(obj.status)) setDefault(obj.status, 'phase', phase);
}

/** A claim, or a StatefulSet's claim template (which kube also gives status.phase Pending). */
export function defaultPersistentVolumeClaim(obj: JsonObject): void {
  if (isObject(obj.spec)) defaultClaimSpec(obj.spec);
  defaultStatusPhase(obj, 'Pending');
}

export function defaultPersistentVolume(obj: JsonObject): void {
  const spec = obj.spec;
  if (isObject(spec)) {
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    if (isObject(spec.hostPath)) setDefault(spec.hostPath, 'type', '');
  }
  defaultStatusPhase(obj, 'Pending');
}

export function defaultStorageClass(obj: JsonObject): void {
  setDefault(obj, 'reclaimPolicy', 'Delete');
  setDefault(obj, 'volumeBindingMode', 'Immediate');
}
