/**
 * kube-controller-manager's pvc-protection controller: removes kubernetes.io/pvc-protection from a
 * claim being deleted once no pod uses it (claim-users.ts has the rules), and adds it to claims that
 * lack it. observe (caches, then a live pod list before any removal) -> planClaimProtection -> act.
 * Pods that may let a claim go (deleted, terminated, unscheduled) enqueue the claims they name.
 */
import { pvcProtectionFinalizer } from '../../lib/volume-finalizers.js';
import { objectKey, splitKey, type ControllerContext, type Informer, type KubeObject, type Reconciler } from '../runtime/types.js';
import { claimsPath, listPodsLive, podsPath, setProtectionFinalizer } from './act.js';
import { planClaimProtection, type ClaimProtectionDecision } from './claim-plan.js';
import { claimKeysOf, mayReleaseClaims } from './claim-users.js';
import { isDeletionCandidate, needsFinalizer } from './protection-finalizer.js';

export function createPvcProtectionController(): Reconciler {
  let ctx!: ControllerContext;
  let claims!: Informer;
  let pods!: Informer;

  async function decide(claim: KubeObject): Promise<ClaimProtectionDecision> {
    const namespace = String(claim['metadata'].namespace);
    const cached = planClaimProtection({ claim, pods: pods.list(namespace), podsFrom: 'cache' });
    if (cached.type !== 'ListLive') return cached;
    return planClaimProtection({ claim, pods: await listPodsLive(ctx.client, namespace), podsFrom: 'live' });
  }

  return {
    name: 'pvc-protection',
    setup(c, enqueue) {
      ctx = c;
      claims = c.informers.informer(claimsPath);
      pods = c.informers.informer(podsPath);
      const onClaim = (claim: KubeObject): void => {
        if (needsFinalizer(claim, pvcProtectionFinalizer) || isDeletionCandidate(claim, pvcProtectionFinalizer)) enqueue(objectKey(claim));
      };
      const onPod = (pod: KubeObject, deleted: boolean): void => {
        if (mayReleaseClaims(pod, deleted)) for (const key of claimKeysOf(pod)) enqueue(key);
      };
      claims.on({ add: onClaim, update: (_o, claim) => onClaim(claim) });
      pods.on({
        add: (p) => onPod(p, false),
        update: (old, p) => {
          onPod(p, false);
          // an update may hide a delete and a create under the same name: the old pod is gone
          if (old['metadata']?.uid !== p['metadata']?.uid) onPod(old, true);
        },
        delete: (p) => onPod(p, true),
      });
    },
    async reconcile(key) {
      await Promise.all([claims.waitForSync(), pods.waitForSync()]);
      const { namespace, name } = splitKey(key);
      const claim = claims.get(namespace, name);
      if (!claim) return;
      const decision = await decide(claim);
      const log = ctx.log.child({ key });
      log.debug({ decision }, 'plan');
      switch (decision.type) {
        case 'None':
        case 'ListLive':
          return;
        case 'Keep':
          log.info({ usedBy: decision.usedBy }, 'keeping claim that is being deleted: pods still use it');
          return;
        case 'AddFinalizer':
        case 'RemoveFinalizer':
          return setProtectionFinalizer(ctx.client, log, claim, pvcProtectionFinalizer, decision.type === 'AddFinalizer');
      }
    },
  };
}
