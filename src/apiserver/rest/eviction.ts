import { apiErrors } from '../../lib/errors.js';
import { selectorMatches } from '../../lib/label-selector.js';
import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';
import { timestamp, type ApiContext } from './context.js';
import { deleteObject, type DeleteOptions } from './delete.js';
import { getOrNotFound } from './update.js';
import type { WriteOptions } from './write-options.js';

const violation = 'Cannot evict pod as it would violate the pod\'s disruption budget.';

/**
 * POST pods/NAME/eviction (policy/v1 Eviction): delete the pod unless a PodDisruptionBudget would be
 * broken, in which case 429 with the budget's reason, exactly as kube-apiserver answers `kubectl drain`.
 */
export function evictPod(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string, eviction: KubeObject, opts: WriteOptions): KubeObject {
  if (eviction['kind'] !== undefined && eviction['kind'] !== 'Eviction') {
    throw apiErrors.badRequest(`the kind in the data (${String(eviction['kind'])}) does not match the expected kind (Eviction)`);
  }
  const pod = getOrNotFound(ctx, info, namespace, name).value;
  const deleteOptions: DeleteOptions = eviction['deleteOptions'] ?? {};
  const phase = pod['status']?.phase;
  const exempt = pod['metadata'].deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
  if (!exempt) {
    const pdbs = ctx.store.list(`/policy/poddisruptionbudgets/${namespace}/`).items.filter((p) => selectorMatches(p.value['spec']?.selector, pod['metadata'].labels));
    if (pdbs.length > 1) {
      throw apiErrors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const stored = pdbs[0];
    if (stored) {
      const pdb = stored.value;
      const pdbName = pdb['metadata'].name;
      const status = pdb['status'] ?? {};
      if ((status.observedGeneration ?? 0) < (pdb['metadata'].generation ?? 1)) {
        throw apiErrors.tooManyRequests(violation, [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdbName} is still being processed by the server.` }]);
      }
      if ((status.disruptionsAllowed ?? 0) <= 0) {
        throw apiErrors.tooManyRequests(violation, [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently` }]);
      }
      if (!opts.dryRun) {
        status.disruptionsAllowed -= 1;
        status.disruptedPods = { ...(status.disruptedPods ?? {}), [name]: timestamp(ctx.now()) };
        pdb['status'] = status;
        ctx.store.update(stored.key, pdb, stored.rev);
      }
    }
  }
  deleteObject(ctx, info, namespace, name, deleteOptions, opts);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
