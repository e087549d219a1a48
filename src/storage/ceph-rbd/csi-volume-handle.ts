/**
 * ceph-csi's volume id (the PV's csi.volumeHandle), version 1 of its CSIIdentifier encoding:
 * `<version:4 hex>-<clusterID length:4 hex>-<clusterID>-<pool id:16 hex>-<uuid:36>`, e.g.
 * `0001-0024-<fsid>-0000000000000002-<uuid>`. The node and delete find the image from it: pool by id,
 * image `csi-vol-<uuid>`. At most 128 bytes (the CSI spec's limit), so the clusterID is at most 64. Pure.
 */
import { StorageError } from '../storage-error.js';
import { isUuid } from './image-names.js';

export interface CsiVolumeId {
  clusterID: string;
  poolId: number;
  uuid: string;
}

const maxLength = 128;
const fixedLength = 64;

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

export function composeCsiVolumeId(id: CsiVolumeId): string {
  if (fixedLength + id.clusterID.length > maxLength) throw new StorageError('E_CSI_ID_TOO_LONG', `clusterID "${id.clusterID}" is too long for a CSI volume id (at most ${maxLength - fixedLength} characters)`);
  if (!isUuid(id.uuid)) throw new StorageError('E_CSI_ID_UUID', `"${id.uuid}" is not a uuid`);
  if (!Number.isSafeInteger(id.poolId) || id.poolId < 0) throw new StorageError('E_CSI_ID_POOL', `pool id ${id.poolId} is not a pool id`);
  return [hex(1, 4), hex(id.clusterID.length, 4), id.clusterID, hex(id.poolId, 16), id.uuid].join('-');
}

/** The parts of a version-1 id; undefined when `handle` is not one (a volume made by other means). */
export function decomposeCsiVolumeId(handle: string): CsiVolumeId | undefined {
  if (handle.length < fixedLength || handle.length > maxLength) return undefined;
  const head = /^0001-([0-9a-f]{4})-/i.exec(handle);
  if (!head) return undefined;
  const length = Number.parseInt(head[1]!, 16);
  const clusterID = handle.slice(10, 10 + length);
  const tail = /^-([0-9a-f]{16})-(.*)$/i.exec(handle.slice(10 + length));
  if (!tail || !isUuid(tail[2]!)) return undefined;
  const poolId = Number.parseInt(tail[1]!, 16);
  return Number.isSafeInteger(poolId) ? { clusterID, poolId, uuid: tail[2]! } : undefined;
}
