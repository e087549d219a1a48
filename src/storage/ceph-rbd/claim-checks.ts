/**
 * What both RBD provisioners refuse in a claim before touching Ceph, and the size they make: the
 * in-tree plugin rounds the request up to whole MiB (`<n>Mi` on the PV); ceph-csi rounds up to whole
 * MiB below 1 GiB and to whole GiB from there. Pure; refusals are StorageErrors.
 */
import { quantityValue } from '../../lib/quantity.js';
import type { StorageObject } from '../provisioner.js';
import { StorageError } from '../storage-error.js';

const MiB = 1n << 20n;
const GiB = 1n << 30n;

export interface ClaimRules {
  provisioner: string;
  /** Access modes a Filesystem volume may have. */
  fileModes: readonly string[];
  /** Access modes a Block volume may have (undefined: same as fileModes). */
  blockModes?: readonly string[];
}

export function checkClaim(claim: StorageObject, rules: ClaimRules): void {
  const spec = claim['spec'] ?? {};
  if (spec.selector !== undefined && spec.selector !== null) throw new StorageError('E_SELECTOR_UNSUPPORTED', 'claim Selector is not supported');
  if (spec.dataSource || spec.dataSourceRef) throw new StorageError('E_DATA_SOURCE_UNSUPPORTED', `${rules.provisioner} cannot populate a volume from a data source (clone or snapshot) here`);
  const block = spec.volumeMode === 'Block';
  const allowed = block ? rules.blockModes ?? rules.fileModes : rules.fileModes;
  const modes: string[] = spec.accessModes ?? [];
  const bad = modes.filter((m) => !allowed.includes(m));
  if (bad.length > 0) {
    throw new StorageError('E_ACCESS_MODES_UNSUPPORTED', `invalid AccessModes [${modes.join(' ')}]: only AccessModes [${allowed.join(' ')}] are supported${block ? '' : ' for volumeMode Filesystem'} by ${rules.provisioner}`);
  }
}

export function requestedBytes(claim: StorageObject): bigint {
  const q = claim['spec']?.resources?.requests?.storage;
  const bytes = q === undefined ? undefined : quantityValue(q);
  if (bytes === undefined || bytes <= 0) throw new StorageError('E_NO_CAPACITY', 'claim has no valid spec.resources.requests.storage');
  return BigInt(Math.ceil(bytes));
}

function ceilTo(bytes: bigint, unit: bigint): bigint {
  return ((bytes + unit - 1n) / unit) * unit;
}

/** The in-tree plugin's size: whole MiB, shown as `<n>Mi`. */
export function inTreeSize(bytes: bigint): { bytes: bigint; capacity: string } {
  const b = ceilTo(bytes, MiB);
  return { bytes: b, capacity: `${b / MiB}Mi` };
}

/** ceph-csi's size: whole MiB below 1 GiB, whole GiB from there; shown as the external-provisioner does (`1Gi`, `500Mi`). */
export function csiSize(bytes: bigint): { bytes: bigint; capacity: string } {
  const b = bytes < GiB ? ceilTo(bytes, MiB) : ceilTo(bytes, GiB);
  return { bytes: b, capacity: b % GiB === 0n ? `${b / GiB}Gi` : `${b / MiB}Mi` };
}
