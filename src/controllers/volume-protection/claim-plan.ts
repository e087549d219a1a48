/**
 * The pvc-protection decision for one claim, pure (kube's processPVC): a claim being deleted loses
 * kubernetes.io/pvc-protection once no pod uses it; a claim without it (made before admission
 * added it) gets it. "Unused" from the informer cache is never enough: a pod created a moment ago
 * may not be there yet, so the decision to remove waits for a live list from the API.
 */
import { pvcProtectionFinalizer } from '../../lib/volume-finalizers.js';
import type { KubeObject } from '../runtime/types.js';
import { podUsesClaim } from './claim-users.js';
import { isDeletionCandidate, needsFinalizer } from './protection-finalizer.js';

export interface ClaimProtectionObservation {
  claim: KubeObject;
  /** Pods of the claim's namespace. */
  pods: readonly KubeObject[];
  /** Where `pods` came from: the informer cache, or a list from the API just now. */
  podsFrom: 'cache' | 'live';
}

export type ClaimProtectionDecision =
  | { type: 'None' }
  | { type: 'AddFinalizer' }
  | { type: 'RemoveFinalizer' }
  /** Deleting, and these pods still use it: kept until they are gone. */
  | { type: 'Keep'; usedBy: string[] }
  /** No pod in the cache uses it: list the namespace's pods from the API and decide again. */
  | { type: 'ListLive' };

export function planClaimProtection(o: ClaimProtectionObservation): ClaimProtectionDecision {
  const { claim } = o;
  if (isDeletionCandidate(claim, pvcProtectionFinalizer)) {
    const usedBy = o.pods.filter((p) => podUsesClaim(p, claim)).map((p) => String(p['metadata']?.name));
    if (usedBy.length > 0) return { type: 'Keep', usedBy };
    return o.podsFrom === 'live' ? { type: 'RemoveFinalizer' } : { type: 'ListLive' };
  }
  if (needsFinalizer(claim, pvcProtectionFinalizer)) return { type: 'AddFinalizer' };
  return { type: 'None' };
}
