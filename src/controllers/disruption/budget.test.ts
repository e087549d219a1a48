import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/index.js';
import { activeDisruptions, budgetNumbers, computeBudgetStatus, expectedScaleOf, failSafeStatus, scaledValue } from './budget.js';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const pod = (name: string, o: { ready?: boolean; deleting?: boolean; phase?: string; owner?: KubeObject } = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', ...(o.deleting ? { deletionTimestamp: ago(0) } : {}), ...(o.owner ? { ownerReferences: [o.owner] } : {}) },
  status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});

const pdb = (spec: KubeObject, status: KubeObject = {}): KubeObject => ({ metadata: { name: 'db', namespace: 'ns', generation: 2 }, spec, status });

describe('disruption: budget arithmetic', () => {
  it('scales percentages up', () => {
    assert.equal(scaledValue('50%', 3), 2);
    assert.equal(scaledValue('34%', 3), 2);
    assert.equal(scaledValue('0%', 3), 0);
    assert.equal(scaledValue('100%', 5), 5);
    assert.equal(scaledValue(2, 10), 2);
    assert.throws(() => scaledValue('2', 10), /not an integer or a percentage/);
  });

  it('measures maxUnavailable and percentage minAvailable against the scale, integer minAvailable against the pods', () => {
    const scale = () => 5;
    assert.deepEqual(budgetNumbers({ maxUnavailable: 1 }, 3, scale), { expectedPods: 5, desiredHealthy: 4 });
    assert.deepEqual(budgetNumbers({ maxUnavailable: '50%' }, 3, scale), { expectedPods: 5, desiredHealthy: 2 });
    assert.deepEqual(budgetNumbers({ maxUnavailable: 9 }, 3, scale), { expectedPods: 5, desiredHealthy: 0 });
    assert.deepEqual(budgetNumbers({ minAvailable: '50%' }, 3, scale), { expectedPods: 5, desiredHealthy: 3 });
    assert.deepEqual(budgetNumbers({ minAvailable: 2 }, 3, scale), { expectedPods: 3, desiredHealthy: 2 });
  });

  it('takes the scale of each controller once, and counts a pod without a known controller as one', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's1', controller: true };
    const pods = [pod('db-0', { owner: sts }), pod('db-1', { owner: sts }), pod('loose'), pod('x', { owner: { ...sts, uid: 'gone', name: 'gone' } })];
    assert.equal(expectedScaleOf(pods, (_p, c) => (c.uid === 's1' ? 3 : undefined)), 5);
  });
});

describe('disruption: status', () => {
  it('allows one disruption for maxUnavailable 1 over three ready pods, none once one is not ready', () => {
    const three = [pod('a'), pod('b'), pod('c')];
    const { status } = computeBudgetStatus(pdb({ maxUnavailable: 1 }), three, () => 3, now);
    assert.deepEqual({ ...status, conditions: undefined }, { observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: undefined });
    assert.deepEqual(status.conditions, [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 2, lastTransitionTime: '2024-05-01T12:00:00Z' }]);
    const after = computeBudgetStatus(pdb({ maxUnavailable: 1 }, status), [pod('a'), pod('b', { ready: false }), pod('c')], () => 3, new Date(now.getTime() + 5000)).status;
    assert.equal(after.disruptionsAllowed, 0);
    assert.equal(after.currentHealthy, 2);
    assert.equal(after.conditions[0]!['reason'], 'InsufficientPods');
    assert.equal(after.conditions[0]!['lastTransitionTime'], '2024-05-01T12:00:05Z');
  });

  it('does not count terminating, not-running or just-evicted pods as healthy', () => {
    const pods = [pod('a'), pod('b', { deleting: true }), pod('c', { phase: 'Pending' }), pod('d')];
    const { status, recheckAt } = computeBudgetStatus(pdb({ minAvailable: 1 }, { disruptedPods: { d: ago(30_000) } }), pods, () => 4, now);
    assert.equal(status.currentHealthy, 1);
    assert.equal(status.disruptionsAllowed, 0);
    assert.deepEqual(status.disruptedPods, { d: ago(30_000) });
    assert.equal(recheckAt?.getTime(), now.getTime() + 90_000);
  });

  it('retires recorded evictions once the pod is gone or terminating, or after two minutes', () => {
    const pods = [pod('old'), pod('fresh'), pod('leaving', { deleting: true })];
    const recorded = { old: ago(121_000), fresh: ago(1000), leaving: ago(1000), gone: ago(1000) };
    assert.deepEqual(activeDisruptions(recorded, pods, now).active, { fresh: ago(1000) });
  });

  it('allows nothing when no pods are expected', () => {
    assert.equal(computeBudgetStatus(pdb({ maxUnavailable: 1 }), [], () => 0, now).status.disruptionsAllowed, 0);
  });

  it('falls safe to zero allowed with a SyncFailed condition', () => {
    const s = failSafeStatus(pdb({}, { observedGeneration: 1, disruptionsAllowed: 2 }), 'bad spec', now);
    assert.equal(s['disruptionsAllowed'], 0);
    assert.equal(s['conditions'][0].reason, 'SyncFailed');
    assert.equal(s['observedGeneration'], 1);
  });
});
