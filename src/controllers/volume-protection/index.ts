/**
 * Kubernetes' storage-object-in-use protection, the controller half (the API server's admission
 * adds the finalizers): pvc-protection and pv-protection.
 */
import type { Reconciler } from '../runtime/types.js';
import { createPvcProtectionController } from './pvc-protection-controller.js';
import { createPvProtectionController } from './pv-protection-controller.js';

export function createVolumeProtectionControllers(): Reconciler[] {
  return [createPvcProtectionController(), createPvProtectionController()];
}

export { createPvcProtectionController } from './pvc-protection-controller.js';
export { createPvProtectionController } from './pv-protection-controller.js';
export { planClaimProtection, type ClaimProtectionDecision, type ClaimProtectionObservation } from './claim-plan.js';
export { planVolumeProtection, type VolumeProtectionDecision } from './volume-plan.js';
export { podUsesClaim } from './claim-users.js';
export { pvcProtectionFinalizer, pvProtectionFinalizer } from '../../lib/volume-finalizers.js';
