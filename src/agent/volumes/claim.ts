/**
 * The host directory behind a persistentVolumeClaim volume: the claim must exist and be Bound, and
 * its PersistentVolume must be one this node can bind-mount (spec.local.path or spec.hostPath.path)
 * or attach (an in-tree spec.rbd or a ceph-csi spec.csi source: attached through `rbd`).
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { mountError, type PodInputSource } from '../env/index.js';
import { checkHostPath, HostPathError } from './host-path.js';
import { attachRbdVolume, cephCsiRequest, inTreeRbdRequest, type RbdVolumeHost } from './rbd/index.js';
import { stat } from 'node:fs/promises';

export interface ClaimVolume {
  hostPath: string;
  readOnly: boolean;
  persistentVolumeName: string;
}

export async function claimVolume(pod: KubeObject, volumeName: string, claimName: string, readOnly: boolean, source: PodInputSource, rbd?: RbdVolumeHost): Promise<ClaimVolume> {
  const namespace = String(pod['metadata']?.namespace ?? 'default');
  const claim = source.persistentVolumeClaim(namespace, claimName);
  if (!claim) throw mountError('E_CLAIM_NOT_FOUND', volumeName, `persistentvolumeclaim "${claimName}" not found`);
  if (claim['metadata']?.deletionTimestamp) throw mountError('E_CLAIM_DELETING', volumeName, `persistentvolumeclaim "${claimName}" is being deleted`);
  const pvName = claim['spec']?.volumeName;
  if (claim['status']?.phase !== 'Bound' || !pvName) throw mountError('E_CLAIM_NOT_BOUND', volumeName, `persistentvolumeclaim "${claimName}" is not bound`);
  const pv = source.persistentVolume(String(pvName));
  if (!pv) throw mountError('E_PV_NOT_FOUND', volumeName, `persistentvolume "${pvName}" not found`);
  const spec = pv['spec'] ?? {};
  if (spec.local?.path) {
    const path = String(spec.local.path);
    const st = await stat(path).catch(() => undefined);
    if (!st) throw mountError('E_PV_PATH', volumeName, `persistentvolume "${pvName}": local path "${path}" does not exist`);
    return { hostPath: path, readOnly, persistentVolumeName: String(pvName) };
  }
  if (spec.hostPath?.path) {
    const path = String(spec.hostPath.path);
    try {
      await checkHostPath(path, spec.hostPath.type);
    } catch (e) {
      if (e instanceof HostPathError) throw mountError('E_PV_PATH', volumeName, e.message, e);
      throw e;
    }
    return { hostPath: path, readOnly, persistentVolumeName: String(pvName) };
  }
  if (spec.rbd || spec.csi) {
    const ctx = { volume: volumeName, podNamespace: namespace, source, readOnly, persistentVolume: pv };
    const request = spec.rbd ? inTreeRbdRequest(spec.rbd, ctx) : cephCsiRequest(spec.csi, ctx);
    const attached = await attachRbdVolume(pod, request, rbd);
    return { ...attached, persistentVolumeName: String(pvName) };
  }
  const kinds = Object.keys(spec).filter((k) => !['accessModes', 'capacity', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'volumeMode', 'nodeAffinity', 'volumeAttributesClassName'].includes(k));
  throw mountError('E_PV_UNSUPPORTED', volumeName, `persistentvolume "${pvName}" has a volume source (${kinds.join(', ') || 'none'}) that is not supported on this node: only local, hostPath, rbd and ceph-csi (rbd.csi.ceph.com) volumes can be mounted`);
}
