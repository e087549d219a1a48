import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { bindSteps, claimBoundTo, claimWithBoundStatus, volumeBoundTo, volumeWithPhase } from './bind-steps.js';
import { planClaim, type ClaimObservation } from './claim-plan.js';
import { claim, pv, refTo, storageClass } from './test-fixtures.js';

const local = 'ordinal.dev/local-path';

function observe(c: KubeObject, extra: Partial<ClaimObservation> = {}): ClaimObservation {
  return { claim: c, volumes: [], classes: [], provisioners: [local], ...extra };
}

function types(o: ClaimObservation): string[] {
  return planClaim(o).actions.map((a) => (a.type === 'Event' ? `Event ${a.reason}` : a.type));
}

describe('planClaim: unbound claims', () => {
  it('binds the best static volume before provisioning', () => {
    const plan = planClaim(observe(claim('c', '1Gi'), { volumes: [pv('v', '1Gi')], classes: [storageClass('local-path', { default: true })] }));
    assert.deepEqual(plan.actions, [{ type: 'Bind', volume: 'v', steps: ['VolumeClaimRef', 'VolumePhase', 'ClaimVolumeName', 'ClaimStatus'] }]);
  });

  it('without a class and without a default class explains itself', () => {
    assert.deepEqual(types(observe(claim('c', '1Gi'))), ['Event FailedBinding']);
    const plan = planClaim(observe(claim('c', '1Gi', { class: '' }), { classes: [storageClass('local-path', { default: true })] }));
    assert.equal(plan.waitingFor, 'no persistent volumes available for this claim and no storage class is set');
  });

  it('provisions pvc-<uid> with the default class for a claim that names none', () => {
    const plan = planClaim(observe(claim('c', '1Gi', { uid: 'abc' }), { classes: [storageClass('old', { default: true, created: '2020-01-01T00:00:00Z' }), storageClass('new', { default: true, created: '2024-06-01T00:00:00Z' })] }));
    assert.deepEqual(plan.actions, [{ type: 'Provision', volume: 'pvc-abc', storageClass: 'new', provisioner: local }]);
  });

  it('reports a class that does not exist and a provisioner it does not drive', () => {
    assert.deepEqual(types(observe(claim('c', '1Gi', { class: 'ceph' }))), ['Event ProvisioningFailed']);
    assert.deepEqual(types(observe(claim('c', '1Gi', { class: 'ceph' }), { classes: [storageClass('ceph', { provisioner: 'rbd.csi.ceph.com' })] })), ['Event ExternalProvisioning']);
  });

  it('waits for the first consumer, then provisions on the selected node', () => {
    const classes = [storageClass('local-path', { default: true, mode: 'WaitForFirstConsumer' })];
    const waiting = planClaim(observe(claim('c', '1Gi', { uid: 'u' }), { classes }));
    assert.deepEqual(waiting.actions, [{ type: 'Event', eventType: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' }]);
    const selected = claim('c', '1Gi', { uid: 'u', annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } });
    assert.deepEqual(planClaim(observe(selected, { classes, node: { name: 'node-2', labels: {} } })).actions, [{ type: 'Provision', volume: 'pvc-u', storageClass: 'local-path', provisioner: local, node: 'node-2' }]);
  });

  it('a claim without a class binds a static class-less volume even when the default class binds late (seed 002)', () => {
    const c = claim('db-mysql-0', '1Gi', { selector: { matchLabels: { app: 'mysql' } } });
    const classes = [storageClass('local-path', { default: true, mode: 'WaitForFirstConsumer' })];
    assert.deepEqual(types(observe(c, { classes, volumes: [pv('mysql', '1Gi', { labels: { app: 'mysql' } })] })), ['Bind']);
  });

  it('a claim without a class also takes static volumes of the default class, on the selected node when that class binds late', () => {
    const classes = [storageClass('local-path', { default: true, mode: 'WaitForFirstConsumer' })];
    const onA = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['a'] }] }] } };
    const volumes = [pv('local-a', '1Gi', { class: 'local-path', nodeAffinity: onA })];
    assert.deepEqual(types(observe(claim('c', '1Gi'), { classes, volumes })), ['Event WaitForFirstConsumer']);
    const onNodeA = claim('c', '1Gi', { annotations: { 'volume.kubernetes.io/selected-node': 'a' } });
    assert.deepEqual(types(observe(onNodeA, { classes, volumes, node: { name: 'a', labels: { 'kubernetes.io/hostname': 'a' } } })), ['Bind']);
    const onNodeB = claim('c', '1Gi', { annotations: { 'volume.kubernetes.io/selected-node': 'b' } });
    assert.deepEqual(types(observe(onNodeB, { classes, volumes, node: { name: 'b', labels: { 'kubernetes.io/hostname': 'b' } } })), ['Provision']);
    // a claim that names "" never takes a classed volume
    assert.deepEqual(types(observe(claim('c', '1Gi', { class: '' }), { classes, volumes: [pv('v', '1Gi', { class: 'local-path' })] })), ['Event FailedBinding']);
  });

  it('a class without a provisioner says that a volume must be created by hand', () => {
    const classes = [storageClass('local-disks', { provisioner: 'kubernetes.io/no-provisioner' })];
    const plan = planClaim(observe(claim('c', '1Gi', { class: 'local-disks' }), { classes }));
    assert.match(plan.waitingFor ?? '', /does not support dynamic provisioning/);
  });

  it('does not provision a second volume when pvc-<uid> exists but does not fit', () => {
    const c = claim('c', '5Gi', { uid: 'u' });
    const plan = planClaim(observe(c, { classes: [storageClass('sc', { default: true })], volumes: [pv('pvc-u', '1Gi', { claimRef: refTo(c) })] }));
    assert.deepEqual(plan.actions.map((a) => a.type), ['Event']);
  });

  it('binds to the volume the user named, or says why not', () => {
    const c = claim('c', '1Gi', { volumeName: 'v' });
    assert.deepEqual(types(observe(c)), ['Event FailedBinding']);
    assert.deepEqual(types(observe(c, { volumes: [pv('v', '1Gi')] })), ['Bind']);
    assert.deepEqual(types(observe(c, { volumes: [pv('v', '1Gi', { class: 'x' })] })), ['Event FailedBinding']);
    assert.deepEqual(types(observe(c, { volumes: [pv('v', '1Gi', { claimRef: refTo(claim('other', '1Gi')) })] })), ['Event FailedBinding']);
  });

  it('does nothing for a claim being deleted', () => {
    const c = claim('c', '1Gi');
    c['metadata'].deletionTimestamp = '2024-01-01T00:00:00Z';
    assert.deepEqual(planClaim(observe(c, { volumes: [pv('v', '1Gi')] })).actions, []);
  });
});

describe('planClaim: bound claims and crash recovery', () => {
  function bound(c: KubeObject, v: KubeObject): { c: KubeObject; v: KubeObject } {
    const v2 = volumeWithPhase(volumeBoundTo(v, c), 'Bound', new Date());
    const c2 = claimWithBoundStatus(claimBoundTo(c, v2), v2);
    return { c: c2, v: v2 };
  }

  it('a fully bound pair needs nothing; each crash point is finished from where it stopped', () => {
    const c = claim('c', '1Gi');
    const v = pv('v', '2Gi');
    const done = bound(c, v);
    assert.deepEqual(bindSteps(done.v, done.c), []);
    assert.deepEqual(planClaim(observe(done.c, { volumes: [done.v] })).actions, []);
    // crashed after the PV claimRef write: the PV is pre-bound to the claim and is taken
    const afterRef = volumeBoundTo(v, c);
    assert.deepEqual(planClaim(observe(c, { volumes: [pv('other', '1Gi'), afterRef] })).actions, [{ type: 'Bind', volume: 'v', steps: ['VolumePhase', 'ClaimVolumeName', 'ClaimStatus'] }]);
    // crashed after the claim write, before its status: the bound claim finishes its status
    const afterClaim = claimBoundTo(c, done.v);
    assert.deepEqual(planClaim(observe(afterClaim, { volumes: [done.v] })).actions, [{ type: 'Bind', volume: 'v', steps: ['ClaimStatus'] }]);
    assert.equal(done.c['status'].capacity.storage, '2Gi');
    assert.equal(done.c['metadata'].annotations['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(done.c['metadata'].annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(done.v['metadata'].annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(done.v['spec'].claimRef.uid, 'uid-c');
  });

  it('re-establishes a claimRef the volume lost, and marks a claim Lost or Misbound', () => {
    const c = claim('c', '1Gi');
    const { c: bc, v: bv } = bound(c, pv('v', '1Gi'));
    const unref = structuredClone(bv);
    delete unref['spec'].claimRef;
    assert.deepEqual(types(observe(bc, { volumes: [unref] })), ['Bind']);
    assert.deepEqual(types(observe(bc)), ['SetClaimPhase', 'Event ClaimLost']);
    const stolen = { ...bv, spec: { ...bv['spec'], claimRef: refTo(claim('x', '1Gi')) } };
    assert.deepEqual(types(observe(bc, { volumes: [stolen] })), ['SetClaimPhase', 'Event ClaimMisbound']);
    const alreadyLost = { ...bc, status: { phase: 'Lost' } };
    assert.deepEqual(types(observe(alreadyLost)), []);
  });
});
