import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';
import { timestamp, type ApiContext } from './context.js';
import { mapStoreError } from './store-errors.js';
import { getOrNotFound } from './update.js';
import type { WriteOptions } from './write-options.js';

/** POST pods/NAME/binding: the scheduler's way of assigning a pod to a node, once. */
export function bindPod(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string, binding: KubeObject, opts: WriteOptions): KubeObject {
  if (binding['kind'] !== undefined && binding['kind'] !== 'Binding') {
    throw apiErrors.badRequest(`the kind in the data (${String(binding['kind'])}) does not match the expected kind (Binding)`);
  }
  const nodeName = binding['target']?.name;
  if (!nodeName || (binding['target']?.kind ?? 'Node') !== 'Node') {
    throw apiErrors.invalid('Binding', name, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value: a Node to bind to' }]);
  }
  if (binding['metadata']?.name && binding['metadata'].name !== name) {
    throw apiErrors.badRequest(`the name of the object (${String(binding['metadata'].name)}) does not match the name on the URL (${name})`);
  }
  const current = getOrNotFound(ctx, info, namespace, name);
  const pod = current.value;
  if (pod['metadata'].deletionTimestamp) throw apiErrors.conflict('pods', name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod['spec']?.nodeName) throw apiErrors.conflict('pods', name, `pod ${name} is already assigned to node "${pod['spec'].nodeName}"`);
  pod['spec'].nodeName = nodeName;
  const conditions: KubeObject[] = (pod['status'].conditions ?? []).filter((c: KubeObject) => c['type'] !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(ctx.now()) });
  pod['status'].conditions = conditions;
  if (!opts.dryRun) {
    try {
      ctx.store.update(current.key, pod, current.rev);
    } catch (e) {
      mapStoreError(info, name, e);
    }
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
