import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planVolumeProtection } from './volume-plan.js';

const protection = 'kubernetes.io/pv-protection';
const pv = (phase: string | undefined, meta: KubeObject = { finalizers: [protection] }, claimRef?: KubeObject): KubeObject => ({
  metadata: { name: 'v', ...meta },
  spec: claimRef ? { claimRef } : {},
  status: phase ? { phase } : {},
});
const deleting = (finalizers = [protection, 'kubernetes.io/pv-controller']): KubeObject => ({ deletionTimestamp: '2025-01-01T00:00:00Z', finalizers });

describe('pv-protection plan', () => {
  it('adds the finalizer to a volume that lacks it; leaves one that has it', () => {
    assert.deepEqual(planVolumeProtection(pv('Available', {})), { type: 'AddFinalizer' });
    assert.deepEqual(planVolumeProtection(pv('Bound', { finalizers: ['kubernetes.io/pv-controller'] })), { type: 'AddFinalizer' });
    assert.deepEqual(planVolumeProtection(pv('Bound')), { type: 'None' });
  });

  it('a deleting volume is kept while its phase is Bound, whatever else it says', () => {
    assert.deepEqual(planVolumeProtection(pv('Bound', deleting(), { namespace: 'db', name: 'data-0' })), { type: 'Keep', boundTo: 'db/data-0' });
  });

  it('lets go of a deleting volume in any other phase', () => {
    for (const phase of ['Released', 'Available', 'Pending', 'Failed', undefined]) {
      assert.deepEqual(planVolumeProtection(pv(phase, deleting(), { namespace: 'db', name: 'data-0' })), { type: 'RemoveFinalizer' }, String(phase));
    }
  });

  it('does nothing for a deleting volume without its finalizer', () => {
    assert.deepEqual(planVolumeProtection(pv('Bound', deleting(['kubernetes.io/pv-controller']))), { type: 'None' });
  });
});
