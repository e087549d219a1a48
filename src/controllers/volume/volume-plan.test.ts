import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planVolume, type VolumeObservation } from './volume-plan.js';
import { claim, pv, refTo } from './test-fixtures.js';

const provisioned = { 'pv.kubernetes.io/provisioned-by': 'ordinal.dev/local-path', 'pv.kubernetes.io/bound-by-controller': 'yes' };

function observe(v: KubeObject, extra: Partial<VolumeObservation> = {}): VolumeObservation {
  return { pv: v, claim: undefined, podsUsingClaim: [], deleter: v['metadata'].annotations['pv.kubernetes.io/provisioned-by'] ? 'ours' : 'none', ...extra };
}

function types(o: VolumeObservation): string[] {
  return planVolume(o).actions.map((a) => (a.type === 'Event' ? `Event ${a.reason}` : a.type === 'SetVolumePhase' ? `Phase ${a.phase}` : a.type));
}

describe('planVolume', () => {
  it('a new or user-pre-bound volume becomes Available', () => {
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Pending' }))), ['Phase Available']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Pending', claimRef: refTo(claim('c', '1Gi'), false) }))), ['Phase Available']);
    assert.deepEqual(types(observe(pv('v', '1Gi'))), []);
  });

  it('is Bound when its claim is bound to it; waits while the claim binder finishes', () => {
    const c = claim('c', '1Gi', { volumeName: 'v' });
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Pending', claimRef: refTo(c) }), { claim: c })), ['Phase Bound']);
    const unfinished = claim('c', '1Gi');
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Pending', claimRef: refTo(unfinished) }), { claim: unfinished })), []);
  });

  it('claim gone: Released, then Retain keeps it, Delete deletes it, Recycle scrubs it', () => {
    const ref = refTo(claim('c', '1Gi'));
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Bound', claimRef: ref, policy: 'Retain' }))), ['Phase Released']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Released', claimRef: ref, policy: 'Retain' }))), []);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Bound', claimRef: ref, policy: 'Delete', annotations: provisioned }))), ['Phase Released', 'DeleteVolume']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Failed', claimRef: ref, policy: 'Delete', annotations: provisioned }))), ['DeleteVolume']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Bound', claimRef: ref, policy: 'Recycle' }))), ['Phase Released', 'RecycleVolume']);
  });

  it('never removes data while a pod still mounts the claim', () => {
    const ref = refTo(claim('c', '1Gi'));
    const plan = planVolume(observe(pv('v', '1Gi', { phase: 'Released', claimRef: ref, policy: 'Delete', annotations: provisioned }), { podsUsingClaim: ['db-0'] }));
    assert.deepEqual(plan.actions, [{ type: 'Event', eventType: 'Normal', reason: 'VolumeDelete', message: 'Volume is used by pods: db-0' }]);
    assert.ok(plan.requeueAfterMs);
  });

  it('a static volume with Delete cannot be deleted: Failed with a message, once', () => {
    const v = pv('v', '1Gi', { phase: 'Bound', claimRef: refTo(claim('c', '1Gi')), policy: 'Delete' });
    const plan = planVolume(observe(v));
    assert.deepEqual(types(observe(v)), ['Phase Released', 'Phase Failed', 'Event VolumeFailedDelete']);
    const failedMessage = (plan.actions[1] as { message: string }).message;
    assert.match(failedMessage, /not provisioned by a known provisioner/);
    assert.deepEqual(types(observe({ ...v, status: { phase: 'Failed', message: failedMessage } })), []);
    const external = pv('e', '1Gi', { phase: 'Released', claimRef: refTo(claim('c', '1Gi')), policy: 'Delete', annotations: { 'pv.kubernetes.io/provisioned-by': 'rbd.csi.ceph.com' } });
    assert.deepEqual(types(observe(external, { deleter: 'external' })), []);
  });

  it('a claim re-created with the same name is another claim: the volume stays Released', () => {
    const v = pv('v', '1Gi', { phase: 'Released', claimRef: { ...refTo(claim('c', '1Gi')), uid: 'old' }, policy: 'Retain' });
    assert.deepEqual(types(observe(v, { claim: undefined })), []);
  });

  it('a provisioned volume whose claim bound elsewhere is deleted; a controller-bound one is unbound', () => {
    const c = claim('c', '1Gi', { volumeName: 'other' });
    assert.deepEqual(types(observe(pv('pvc-1', '1Gi', { phase: 'Bound', claimRef: refTo(c), policy: 'Delete', annotations: provisioned }), { claim: c, podsUsingClaim: ['p'] })), ['Phase Released', 'DeleteVolume']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Bound', claimRef: refTo(c), annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } }), { claim: c })), ['Unbind', 'Phase Available']);
    assert.deepEqual(types(observe(pv('v', '1Gi', { phase: 'Bound', claimRef: refTo(c) }), { claim: c })), []);
  });

  it('a deleted provisioned volume removes its storage once no claim is bound to it', () => {
    const c = claim('c', '1Gi', { volumeName: 'v' });
    const v = pv('v', '1Gi', { phase: 'Bound', claimRef: refTo(c), policy: 'Delete', annotations: provisioned });
    v['metadata'].deletionTimestamp = '2024-01-01T00:00:00Z';
    v['metadata'].finalizers = ['kubernetes.io/pv-controller'];
    assert.deepEqual(planVolume(observe(v, { claim: c })).actions, []);
    // the claim gone: Released first (what lets pv-protection go), then the storage and the finalizer
    assert.deepEqual(types(observe(v)), ['Phase Released', 'FinalizeVolume']);
    const released = { ...v, status: { phase: 'Released' } };
    assert.deepEqual(planVolume(observe(released)).actions, [{ type: 'FinalizeVolume', deleteStorage: true }]);
    assert.deepEqual(planVolume(observe({ ...released, spec: { ...v['spec'], persistentVolumeReclaimPolicy: 'Retain' } })).actions, [{ type: 'FinalizeVolume', deleteStorage: false }]);
    assert.deepEqual(types(observe(released, { podsUsingClaim: ['p'] })), ['Event VolumeDelete']);
  });

  it('a deleted volume without the pv-controller finalizer is still Released once its claim is gone', () => {
    const c = claim('c', '1Gi', { volumeName: 'v' });
    const v = pv('v', '1Gi', { phase: 'Bound', claimRef: refTo(c), policy: 'Retain' });
    v['metadata'].deletionTimestamp = '2024-01-01T00:00:00Z';
    v['metadata'].finalizers = ['kubernetes.io/pv-protection'];
    assert.deepEqual(types(observe(v, { claim: c })), []);
    assert.deepEqual(types(observe(v)), ['Phase Released']);
    assert.deepEqual(types(observe({ ...v, status: { phase: 'Released' } })), []);
    const unbound = pv('u', '1Gi', { phase: 'Available' });
    unbound['metadata'].deletionTimestamp = '2024-01-01T00:00:00Z';
    assert.deepEqual(types(observe(unbound)), []);
  });
});
