/**
 * The names the two anchors give their images, made deterministic: the kubernetes.io/rbd plugin
 * names a new image `kubernetes-dynamic-pvc-<uuid>` and ceph-csi `csi-vol-<uuid>`, both with a fresh
 * random uuid. Here the uuid is the claim's uid that the PV name `pvc-<claim uid>` carries, so a
 * retry after a crash finds the image it made before instead of making a second one, and an admin can
 * read the PV from the image name (`pvc-X` <-> `kubernetes-dynamic-pvc-X`). Pure.
 */
import { createHash } from 'node:crypto';

export const inTreeImagePrefix = 'kubernetes-dynamic-pvc-';
export const csiImagePrefix = 'csi-vol-';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(s: string): boolean {
  return uuidPattern.test(s);
}

/**
 * The uuid of the volume `pvName`: the claim uid in `pvc-<uid>`, else (a PV name of another shape) a
 * name-based uuid (version 5 layout over SHA-1 of the name), the same for the same name every time.
 */
export function volumeUuid(pvName: string): string {
  const uid = pvName.startsWith('pvc-') ? pvName.slice(4).toLowerCase() : '';
  if (isUuid(uid)) return uid;
  const h = createHash('sha1').update(`ordinal.dev/rbd-volume/${pvName}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function inTreeImageName(pvName: string): string {
  return inTreeImagePrefix + volumeUuid(pvName);
}

export function csiImageName(pvName: string): string {
  return csiImagePrefix + volumeUuid(pvName);
}
