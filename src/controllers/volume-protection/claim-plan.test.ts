import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planClaimProtection, type ClaimProtectionObservation } from './claim-plan.js';
import { claimKeysOf, mayReleaseClaims } from './claim-users.js';

const protection = 'kubernetes.io/pvc-protection';
const deleting = { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: [protection] };

const claim = (name: string, meta: KubeObject = { finalizers: [protection] }): KubeObject => ({ metadata: { namespace: 'db', name, uid: `uid-${name}`, ...meta }, spec: {} });
const pod = (name: string, volumes: KubeObject[], extra: { nodeName?: string | null; phase?: string; meta?: KubeObject; namespace?: string } = {}): KubeObject => ({
  metadata: { namespace: extra.namespace ?? 'db', name, uid: `uid-${name}`, ...extra.meta },
  spec: { ...(extra.nodeName === null ? {} : { nodeName: extra.nodeName ?? 'node-1' }), volumes },
  status: { phase: extra.phase ?? 'Running' },
});
const usesClaim = (claimName: string): KubeObject => ({ name: 'data', persistentVolumeClaim: { claimName } });
const ephemeral: KubeObject = { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } };

function plan(c: KubeObject, pods: KubeObject[], podsFrom: ClaimProtectionObservation['podsFrom'] = 'live'): string {
  const d = planClaimProtection({ claim: c, pods, podsFrom });
  return d.type === 'Keep' ? `Keep ${d.usedBy.join(',')}` : d.type;
}

describe('pvc-protection plan', () => {
  it('a claim without the finalizer gets it; one that has it and is not deleted is left alone', () => {
    assert.equal(plan(claim('c', {}), []), 'AddFinalizer');
    assert.equal(plan(claim('c', { finalizers: ['example.com/x'] }), []), 'AddFinalizer');
    assert.equal(plan(claim('c'), [pod('p', [usesClaim('c')])]), 'None');
    assert.equal(plan(claim('c', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['example.com/x'] }), []), 'None', 'deleting without our finalizer: not ours to add back');
  });

  it('a deleting claim used by a scheduled pod is kept, whatever the pod phase', () => {
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')])]), 'Keep p');
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')], { phase: 'Pending' })]), 'Keep p');
    for (const phase of ['Succeeded', 'Failed']) assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')], { phase })]), 'Keep p', `${phase}: kube waits for the pod object`);
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')], { meta: { deletionTimestamp: 't', deletionGracePeriodSeconds: 30 } })]), 'Keep p', 'a terminating pod still uses it');
  });

  it('unscheduled pods, other namespaces and other claims do not count', () => {
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')], { nodeName: null })]), 'RemoveFinalizer');
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')], { namespace: 'other' })]), 'RemoveFinalizer');
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('d')])]), 'RemoveFinalizer');
  });

  it('no user in the cache is only a reason to ask the API; the live list decides', () => {
    assert.equal(plan(claim('c', deleting), [], 'cache'), 'ListLive');
    assert.equal(plan(claim('c', deleting), [pod('p', [usesClaim('c')])], 'cache'), 'Keep p');
    assert.equal(plan(claim('c', deleting), [], 'live'), 'RemoveFinalizer');
  });

  it('a generic ephemeral volume holds <pod>-<volume> when the pod controls it, until the pod is shut down', () => {
    const owned = (podName: string): KubeObject => claim(`${podName}-scratch`, { ...deleting, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: podName, uid: `uid-${podName}`, controller: true }] });
    assert.equal(plan(owned('p'), [pod('p', [ephemeral])]), 'Keep p');
    assert.equal(plan(claim('p-scratch', deleting), [pod('p', [ephemeral])]), 'RemoveFinalizer', 'a claim of that name the pod does not control');
    assert.equal(plan(owned('p'), [pod('p', [ephemeral], { meta: { deletionTimestamp: 't', deletionGracePeriodSeconds: 0 } })]), 'RemoveFinalizer');
    assert.equal(plan(owned('p'), [pod('p', [ephemeral], { meta: { deletionTimestamp: 't', deletionGracePeriodSeconds: 30 } })]), 'Keep p');
  });
});

describe('pods that may let a claim go', () => {
  it('enqueue their claims when deleted, terminated or unscheduled; a running scheduled pod does not', () => {
    const p = pod('p', [usesClaim('c'), ephemeral, { name: 'cfg', configMap: { name: 'x' } }]);
    assert.deepEqual(claimKeysOf(p), ['db/c', 'db/p-scratch']);
    assert.equal(mayReleaseClaims(p, false), false);
    assert.equal(mayReleaseClaims(p, true), true);
    assert.equal(mayReleaseClaims(pod('p', [], { phase: 'Succeeded' }), false), true);
    assert.equal(mayReleaseClaims(pod('p', [], { nodeName: null, phase: 'Pending' }), false), true);
  });
});
