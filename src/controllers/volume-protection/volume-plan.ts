/**
 * The pv-protection decision for one PersistentVolume, pure (kube's pv-protection processPV): a
 * volume being deleted loses kubernetes.io/pv-protection once its phase is not Bound (the PV
 * controller sets Released when the claim is gone, Available when it never had one); one without
 * the finalizer (made before admission added it) gets it.
 */
import { pvProtectionFinalizer } from '../../lib/volume-finalizers.js';
import type { KubeObject } from '../runtime/types.js';
import { isDeletionCandidate, needsFinalizer } from './protection-finalizer.js';

export type VolumeProtectionDecision =
  | { type: 'None' }
  | { type: 'AddFinalizer' }
  | { type: 'RemoveFinalizer' }
  /** Deleting, but still Bound to this claim. */
  | { type: 'Keep'; boundTo: string };

export function planVolumeProtection(pv: KubeObject): VolumeProtectionDecision {
  if (isDeletionCandidate(pv, pvProtectionFinalizer)) {
    if (pv['status']?.phase !== 'Bound') return { type: 'RemoveFinalizer' };
    const ref = pv['spec']?.claimRef;
    return { type: 'Keep', boundTo: ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '' };
  }
  if (needsFinalizer(pv, pvProtectionFinalizer)) return { type: 'AddFinalizer' };
  return { type: 'None' };
}
