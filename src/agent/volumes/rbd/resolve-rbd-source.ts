/**
 * Pure: a volume source that names an RBD image -> an RbdAttachRequest. Three shapes arrive here:
 * an in-tree `rbd:` source (on a PersistentVolume or inline in the pod: monitors, image, pool
 * "rbd", user "admin", keyring /etc/ceph/keyring, secretRef, fsType ext4, readOnly), and a
 * PersistentVolume's `csi:` source of ceph-csi (driver rbd.csi.ceph.com or Rook's
 * <namespace>.rbd.csi.ceph.com; volumeAttributes clusterID/pool/imageName, nodeStageSecretRef with
 * userID/userKey; monitors from the ceph-csi-config ConfigMap). Failures are FailedMount errors.
 */
import type { KubeObject } from '../../../controllers/runtime/types.js';
import { cephCsiConfigMap, monitorsOf } from '../../../storage/ceph-rbd/index.js';
import { mountError, type PodInputSource } from '../../env/index.js';
import { cephCsiSecretCredentials, inTreeSecretKey, SecretKeyError } from '../../../storage/ceph-rbd/secret-keys.js';
import type { RbdAttachRequest } from './types.js';

export const SUPPORTED_FS_TYPES = ['ext4', 'ext3', 'ext2', 'xfs'] as const;
export const DEFAULT_KEYRING = '/etc/ceph/keyring';

export interface ResolveContext {
  /** The pod volume's name. */
  volume: string;
  /** Where a secretRef without a namespace looks (the pod's namespace). */
  podNamespace: string;
  source: PodInputSource;
  /** The pod's own readOnly (persistentVolumeClaim.readOnly); ORed with the source's. */
  readOnly?: boolean;
  /** Set when the source is a PersistentVolume's. */
  persistentVolume?: KubeObject;
}

/** True for ceph-csi's RBD driver names: rbd.csi.ceph.com, and Rook's `<operator namespace>.rbd.csi.ceph.com`. */
export function isCephRbdCsiDriver(driver: unknown): boolean {
  return typeof driver === 'string' && (driver === 'rbd.csi.ceph.com' || driver.endsWith('.rbd.csi.ceph.com'));
}

function fail(ctx: ResolveContext, code: string, why: string): never {
  throw mountError(code, ctx.volume, why);
}

function fsTypeOf(ctx: ResolveContext, raw: unknown): string {
  const fsType = typeof raw === 'string' && raw.trim() !== '' ? raw.trim().toLowerCase() : 'ext4';
  if (!(SUPPORTED_FS_TYPES as readonly string[]).includes(fsType)) fail(ctx, 'E_RBD_FS_TYPE', `fsType "${fsType}" is not supported for rbd volumes on this node (supported: ${SUPPORTED_FS_TYPES.join(', ')})`);
  return fsType;
}

/** A PV whose only access mode is ReadOnlyMany is mounted read-only (as ceph-csi maps it). */
function readOnlyOf(ctx: ResolveContext, sourceReadOnly: unknown): boolean {
  const modes: unknown = ctx.persistentVolume?.['spec']?.accessModes;
  const roxOnly = Array.isArray(modes) && modes.length > 0 && modes.every((m) => m === 'ReadOnlyMany');
  return ctx.readOnly === true || sourceReadOnly === true || roxOnly;
}

function secretOf(ctx: ResolveContext, ref: KubeObject | undefined, what: string): { obj: KubeObject; ref: string } {
  const name = typeof ref?.['name'] === 'string' ? ref['name'] : '';
  if (name === '') fail(ctx, 'E_RBD_SECRET', `${what} has no name`);
  const namespace = typeof ref?.['namespace'] === 'string' && ref['namespace'] !== '' ? ref['namespace'] : ctx.podNamespace;
  const obj = ctx.source.secret(namespace, name);
  if (!obj) fail(ctx, 'E_RBD_SECRET', `couldn't get secret ${namespace}/${name}: secrets "${name}" not found`);
  return { obj, ref: `${namespace}/${name}` };
}

function credentialFailure(ctx: ResolveContext, e: unknown): never {
  // every unusable key is one FailedMount code on the node
  if (e instanceof SecretKeyError) fail(ctx, 'E_RBD_SECRET_KEY', e.message);
  throw e;
}

function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((m): m is string => typeof m === 'string' && m.trim() !== '').map((m) => m.trim()) : [];
}

/** An in-tree `rbd:` source (PersistentVolume spec.rbd or a pod's inline volume). */
export function inTreeRbdRequest(rbd: KubeObject, ctx: ResolveContext): RbdAttachRequest {
  const monitors = stringList(rbd['monitors']);
  if (monitors.length === 0) fail(ctx, 'E_RBD_SOURCE', 'rbd: missing Ceph monitors (rbd.monitors)');
  const image = typeof rbd['image'] === 'string' ? rbd['image'].trim() : '';
  if (image === '') fail(ctx, 'E_RBD_SOURCE', 'rbd: missing image name (rbd.image)');
  const pool = typeof rbd['pool'] === 'string' && rbd['pool'] !== '' ? rbd['pool'] : 'rbd';
  const user = typeof rbd['user'] === 'string' && rbd['user'] !== '' ? rbd['user'].replace(/^client\./, '') : 'admin';
  const base = {
    volume: ctx.volume, pool, image, monitors, user, fsType: fsTypeOf(ctx, rbd['fsType']), readOnly: readOnlyOf(ctx, rbd['readOnly']),
    ...(ctx.persistentVolume ? { persistentVolumeName: String(ctx.persistentVolume['metadata']?.name ?? '') } : {}),
  };
  if (rbd['secretRef']) {
    const secret = secretOf(ctx, rbd['secretRef'], 'rbd.secretRef');
    try {
      return { ...base, key: inTreeSecretKey(secret.obj, secret.ref) };
    } catch (e) {
      credentialFailure(ctx, e);
    }
  }
  const keyringPath = typeof rbd['keyring'] === 'string' && rbd['keyring'] !== '' ? rbd['keyring'] : DEFAULT_KEYRING;
  return { ...base, keyringPath };
}

/** A PersistentVolume's `csi:` source; only ceph-csi's RBD driver is attached here. */
export function cephCsiRequest(csi: KubeObject, ctx: ResolveContext): RbdAttachRequest {
  const pvName = String(ctx.persistentVolume?.['metadata']?.name ?? '');
  if (!isCephRbdCsiDriver(csi['driver'])) fail(ctx, 'E_PV_UNSUPPORTED', `persistentvolume "${pvName}": CSI driver "${String(csi['driver'] ?? '')}" is not supported on this node: only rbd.csi.ceph.com volumes can be attached`);
  const attrs: Record<string, unknown> = csi['volumeAttributes'] ?? {};
  const attr = (k: string): string => (typeof attrs[k] === 'string' ? (attrs[k] as string).trim() : '');
  const clusterID = attr('clusterID');
  const pool = attr('pool');
  const image = attr('imageName');
  if (clusterID === '') fail(ctx, 'E_RBD_SOURCE', `persistentvolume "${pvName}": volumeAttributes has no clusterID`);
  if (pool === '') fail(ctx, 'E_RBD_SOURCE', `persistentvolume "${pvName}": volumeAttributes has no pool`);
  if (image === '') fail(ctx, 'E_RBD_SOURCE', `persistentvolume "${pvName}": volumeAttributes has no imageName`);
  if (attr('radosNamespace') !== '') fail(ctx, 'E_RBD_SOURCE', `persistentvolume "${pvName}": radosNamespace "${attr('radosNamespace')}" is not supported on this node`);
  const cm = ctx.source.configMap(cephCsiConfigMap.namespace, cephCsiConfigMap.name);
  const where = `configmap ${cephCsiConfigMap.namespace}/${cephCsiConfigMap.name}`;
  if (!cm) fail(ctx, 'E_RBD_CLUSTER', `failed to fetch monitor list using clusterID (${clusterID}): ${where} not found`);
  const monitors = monitorsOf(cm, clusterID);
  if (!monitors) fail(ctx, 'E_RBD_CLUSTER', `failed to fetch monitor list using clusterID (${clusterID}): missing configuration for cluster ID "${clusterID}" in ${where}`);
  if (!csi['nodeStageSecretRef']) fail(ctx, 'E_RBD_SECRET', `persistentvolume "${pvName}": csi.nodeStageSecretRef is missing: ceph-csi needs the userID/userKey Secret to stage the volume`);
  const secret = secretOf(ctx, csi['nodeStageSecretRef'], 'csi.nodeStageSecretRef');
  let creds: { user: string; key: string };
  try {
    creds = cephCsiSecretCredentials(secret.obj, secret.ref);
  } catch (e) {
    credentialFailure(ctx, e);
  }
  return {
    volume: ctx.volume, pool, image, monitors, user: creds.user, key: creds.key,
    fsType: fsTypeOf(ctx, csi['fsType']), readOnly: readOnlyOf(ctx, csi['readOnly']),
    ...(pvName ? { persistentVolumeName: pvName } : {}),
  };
}
