/**
 * kube-controller-manager's pv-protection controller: removes kubernetes.io/pv-protection from a
 * PersistentVolume being deleted once it is no longer Bound, and adds it to volumes that lack it.
 * observe (cache) -> planVolumeProtection -> act.
 */
import { pvProtectionFinalizer } from '../../lib/volume-finalizers.js';
import type { ControllerContext, Informer, KubeObject, Reconciler } from '../runtime/types.js';
import { setProtectionFinalizer, volumesPath } from './act.js';
import { isDeletionCandidate, needsFinalizer } from './protection-finalizer.js';
import { planVolumeProtection } from './volume-plan.js';

export function createPvProtectionController(): Reconciler {
  let ctx!: ControllerContext;
  let volumes!: Informer;

  return {
    name: 'pv-protection',
    setup(c, enqueue) {
      ctx = c;
      volumes = c.informers.informer(volumesPath);
      const onVolume = (pv: KubeObject): void => {
        if (needsFinalizer(pv, pvProtectionFinalizer) || isDeletionCandidate(pv, pvProtectionFinalizer)) enqueue(pv['metadata'].name);
      };
      volumes.on({ add: onVolume, update: (_o, pv) => onVolume(pv) });
    },
    async reconcile(key) {
      await volumes.waitForSync();
      const pv = volumes.get(undefined, key);
      if (!pv) return;
      const decision = planVolumeProtection(pv);
      const log = ctx.log.child({ key });
      log.debug({ decision }, 'plan');
      switch (decision.type) {
        case 'None':
          return;
        case 'Keep':
          log.info({ boundTo: decision.boundTo }, 'keeping volume that is being deleted: it is still bound');
          return;
        case 'AddFinalizer':
        case 'RemoveFinalizer':
          return setProtectionFinalizer(ctx.client, log, pv, pvProtectionFinalizer, decision.type === 'AddFinalizer');
      }
    },
  };
}
